// Addresses and prefixes appended to a text buffer in their RFC 5952 /
// dotted-quad form, without a temporary string (numbers: base/text.h).
#ifndef MANRS_NET_TEXT_APPEND_H_
#define MANRS_NET_TEXT_APPEND_H_

#include <string>

#include "manrs/base/text.h"
#include "manrs/net/ip_address.h"
#include "manrs/net/prefix.h"

namespace manrs {

inline void AppendAddress(std::string* out, const IpAddress& a) {
  char buf[46];
  out->append(buf, a.FormatTo(buf));
}

inline void AppendPrefix(std::string* out, const Prefix& p) {
  char buf[50];
  out->append(buf, p.FormatTo(buf));
}

}  // namespace manrs

#endif  // MANRS_NET_TEXT_APPEND_H_
