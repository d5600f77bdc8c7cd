#include "manrs/rpki/vrp.h"

#include "fmt/format.h"

namespace manrs {

Result<Vrp> MakeVrp(const Prefix& prefix, int max_length, Asn asn) {
  if (max_length < prefix.length() || max_length > MaxPrefixLength(prefix.afi())) {
    return MakeError(ErrorCode::kBadValue, fmt::format("max length {} outside {}..{} for {}",
                                                       max_length, prefix.length(),
                                                       MaxPrefixLength(prefix.afi()),
                                                       prefix.ToString()));
  }
  return Vrp{prefix, static_cast<std::uint8_t>(max_length), asn};
}

std::string ToString(const Vrp& vrp) {
  return fmt::format("{}-{} AS{}", vrp.prefix.ToString(), vrp.max_length, vrp.asn);
}

}  // namespace manrs
