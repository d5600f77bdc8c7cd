// What a scan of many routes found (`manrs rov scan`): routes by ROV state,
// overall, per peer and per origin AS; ASPA states; and the routes with each
// kind of finding besides ROV and ASPA. Counts are indexed by the state enums
// themselves, not by position.
#ifndef MANRS_VALIDATE_SCAN_SUMMARY_H_
#define MANRS_VALIDATE_SCAN_SUMMARY_H_

#include <array>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "manrs/net/asn.h"
#include "manrs/net/ip_address.h"
#include "manrs/rpki/aspa_verification.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/validate/route_checks.h"
#include "manrs/validate/route_leak.h"

namespace manrs {

// Counts by a state enum whose values run from 0 to kCount - 1.
template <typename State, std::size_t kCount>
class StateCounts {
 public:
  void Add(State s) { ++counts_[static_cast<std::size_t>(s)]; }
  std::uint64_t operator[](State s) const { return counts_[static_cast<std::size_t>(s)]; }
  std::uint64_t total() const {
    std::uint64_t t = 0;
    for (std::uint64_t c : counts_) t += c;
    return t;
  }
  // The share of s in percent; 0 when nothing was counted.
  double Percent(State s) const {
    const std::uint64_t t = total();
    return t == 0 ? 0.0 : 100.0 * static_cast<double>((*this)[s]) / static_cast<double>(t);
  }

 private:
  std::array<std::uint64_t, kCount> counts_{};
};

using RovCounts = StateCounts<RovState, 3>;
using AspaCounts = StateCounts<AspaState, 3>;
using ValleyFreeCounts = StateCounts<ValleyFreeState, 3>;

// Routes with each finding besides ROV and ASPA.
struct FindingCounts {
  std::uint64_t bogon_prefix = 0;
  std::uint64_t bogon_asn = 0;
  std::uint64_t too_specific = 0;
  ValleyFreeCounts valley_free;
  std::uint64_t otc = 0;       // routes carrying the OTC attribute
  std::uint64_t otc_leak = 0;  // routes the RFC 9234 ingress rules call a leak
};

class ScanSummary {
 public:
  // Counts one checked route, received from the peer (peer_ip, peer_asn).
  // REQUIRES: verdict.rov is set (the ROV check always runs in a scan).
  void Add(const RouteVerdict& verdict, const IpAddress& peer_ip, Asn peer_asn);

  const RovCounts& routes() const { return routes_; }
  const AspaCounts& aspa() const { return aspa_; }
  const FindingCounts& findings() const { return findings_; }
  // Per peer, in address then AS order.
  const std::map<std::pair<IpAddress, Asn>, RovCounts>& by_peer() const { return by_peer_; }
  std::size_t origin_count() const { return by_origin_.size(); }
  // At most n origin ASes with at least one invalid route, the most invalid
  // routes first (ties by AS number).
  std::vector<std::pair<Asn, RovCounts>> MostInvalidOrigins(std::size_t n) const;

 private:
  RovCounts routes_;
  AspaCounts aspa_;
  FindingCounts findings_;
  std::map<std::pair<IpAddress, Asn>, RovCounts> by_peer_;
  std::unordered_map<Asn, RovCounts> by_origin_;
};

}  // namespace manrs

#endif  // MANRS_VALIDATE_SCAN_SUMMARY_H_
