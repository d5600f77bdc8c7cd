// Autonomous System numbers (RFC 6793 four-octet), in asplain and asdot text
// (RFC 5396), with the "AS" prefix that registries and RPKI JSON use.
#ifndef MANRS_NET_ASN_H_
#define MANRS_NET_ASN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "manrs/base/result.h"

namespace manrs {

using Asn = std::uint32_t;

inline constexpr Asn kAsTrans = 23456;  // RFC 6793 placeholder for a 4-octet AS

// Accepts "64496", "AS64496", "as64496", asdot "1.10" and "AS1.10".
Result<Asn> ParseAsn(std::string_view text);
std::string FormatAsplain(Asn asn);
// asdot: plain below 65536, "high.low" above (RFC 5396 asdot, not asdot+).
std::string FormatAsdot(Asn asn);

}  // namespace manrs

#endif  // MANRS_NET_ASN_H_
