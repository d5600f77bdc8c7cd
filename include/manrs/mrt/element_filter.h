// ElementFilter: which elements a command keeps. Every condition that is set
// must hold; unset conditions match everything.
#ifndef MANRS_MRT_ELEMENT_FILTER_H_
#define MANRS_MRT_ELEMENT_FILTER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "manrs/bgp/element.h"

namespace manrs {

struct ElementFilter {
  enum class PrefixMatch { kExact, kMoreSpecific };  // more-specific includes exact

  std::vector<Prefix> prefixes;
  PrefixMatch prefix_match = PrefixMatch::kExact;
  std::vector<Asn> origin_asns;  // the origin of the AS path
  std::vector<IpAddress> peer_ips;
  std::vector<Asn> peer_asns;
  std::optional<std::uint32_t> start_time;  // inclusive, seconds since the epoch
  std::optional<std::uint32_t> end_time;    // exclusive
  std::vector<ElementType> types;
  std::vector<std::uint16_t> mrt_types;

  bool empty() const {
    return prefixes.empty() && origin_asns.empty() && peer_ips.empty() && peer_asns.empty() &&
           !start_time && !end_time && types.empty() && mrt_types.empty();
  }
  bool Matches(const Element& e) const;
};

}  // namespace manrs

#endif  // MANRS_MRT_ELEMENT_FILTER_H_
