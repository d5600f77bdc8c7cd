#include "manrs/validate/scan_summary.h"

#include <algorithm>

namespace manrs {

void ScanSummary::Add(const RouteVerdict& v, const IpAddress& peer_ip, Asn peer_asn) {
  const RovState state = v.rov->state;
  routes_.Add(state);
  by_peer_[{peer_ip, peer_asn}].Add(state);
  if (v.origin) by_origin_[*v.origin].Add(state);
  if (v.aspa) aspa_.Add(v.aspa->state);
  findings_.bogon_prefix += v.bogon_prefix.has_value();
  findings_.bogon_asn += !v.bogon_asns.empty();
  findings_.too_specific += v.too_specific;
  if (v.valley_free) findings_.valley_free.Add(v.valley_free->state);
  findings_.otc += v.otc.has_value();
  findings_.otc_leak += v.otc_ingress && v.otc_ingress->leak;
}

std::vector<std::pair<Asn, RovCounts>> ScanSummary::MostInvalidOrigins(std::size_t n) const {
  std::vector<std::pair<Asn, RovCounts>> out;
  for (const auto& [asn, counts] : by_origin_) {
    if (counts[RovState::kInvalid] > 0) out.emplace_back(asn, counts);
  }
  const auto more_invalid = [](const auto& a, const auto& b) {
    const std::uint64_t ia = a.second[RovState::kInvalid];
    const std::uint64_t ib = b.second[RovState::kInvalid];
    return ia != ib ? ia > ib : a.first < b.first;
  };
  const std::size_t keep = std::min(n, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(),
                    more_invalid);
  out.resize(keep);
  return out;
}

}  // namespace manrs
