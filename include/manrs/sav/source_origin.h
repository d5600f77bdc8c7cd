// Where a source address is routed: the most specific prefix of a RIB that
// covers it, and the origin AS of that prefix's best route (RFC 4271 as in
// strict mode). The audit names it for the spoofed sources it lists, so a
// report says not only which neighbour sent spoofed packets but whose address
// space they claimed.
#ifndef MANRS_SAV_SOURCE_ORIGIN_H_
#define MANRS_SAV_SOURCE_ORIGIN_H_

#include <optional>
#include <unordered_map>

#include "manrs/net/prefix_set.h"
#include "manrs/sav/rib.h"

namespace manrs {

struct RoutedOrigin {
  Prefix prefix;
  Asn origin_asn = 0;  // 0: the best route has no origin (AS_SET)
};

class SourceOrigins {
 public:
  explicit SourceOrigins(const SavRib& rib);
  // nullopt when no prefix of the RIB covers the address.
  std::optional<RoutedOrigin> Find(const IpAddress& source) const;

 private:
  PrefixSet prefixes_;
  struct PrefixHash {
    std::size_t operator()(const Prefix& p) const {
      return static_cast<std::size_t>(p.address().hi() * 0x9E3779B97F4A7C15ull ^ p.address().lo() ^
                                      static_cast<std::uint64_t>(p.length()));
    }
  };
  std::unordered_map<Prefix, Asn, PrefixHash> origin_;
};

}  // namespace manrs

#endif  // MANRS_SAV_SOURCE_ORIGIN_H_
