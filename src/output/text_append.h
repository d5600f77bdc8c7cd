// Appending numbers, addresses and prefixes to a text buffer without a
// format string or a temporary string: the output hot paths print tens of
// millions of lines.
#ifndef MANRS_OUTPUT_TEXT_APPEND_H_
#define MANRS_OUTPUT_TEXT_APPEND_H_

#include <charconv>
#include <cstdint>
#include <string>

#include "manrs/net/ip_address.h"
#include "manrs/net/prefix.h"

namespace manrs {

inline void AppendU(std::string* out, std::uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}

inline void AppendI(std::string* out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}

inline void AppendAddress(std::string* out, const IpAddress& a) {
  char buf[46];
  out->append(buf, a.FormatTo(buf));
}

inline void AppendPrefix(std::string* out, const Prefix& p) {
  char buf[50];
  out->append(buf, p.FormatTo(buf));
}

}  // namespace manrs

#endif  // MANRS_OUTPUT_TEXT_APPEND_H_
