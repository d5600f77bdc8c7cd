#include "manrs/mrt/element_filter.h"

#include <algorithm>

namespace manrs {

namespace {

template <typename T>
bool In(const std::vector<T>& values, const T& v) {
  return values.empty() || std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

bool ElementFilter::Matches(const Element& e) const {
  if (start_time && e.timestamp < *start_time) return false;
  if (end_time && e.timestamp >= *end_time) return false;
  if (!In(types, e.type) || !In(mrt_types, e.mrt_type)) return false;
  if (!In(peer_ips, e.peer_ip) || !In(peer_asns, e.peer_asn)) return false;
  if (!prefixes.empty()) {
    if (e.type == ElementType::kStateChange || e.type == ElementType::kMessage) return false;
    bool hit = std::any_of(prefixes.begin(), prefixes.end(), [&](const Prefix& p) {
      return prefix_match == PrefixMatch::kExact ? p == e.prefix : p.Contains(e.prefix);
    });
    if (!hit) return false;
  }
  if (!origin_asns.empty()) {
    if (!e.attributes) return false;
    auto origin = e.attributes->path().OriginAsn();
    if (!origin || !In(origin_asns, *origin)) return false;
  }
  return true;
}

}  // namespace manrs
