// VrpOracle: RFC 6811 section 2 applied word for word to a plain vector of
// VRPs, scanning all of them for every question. Slow (O(VRPs) per route) and
// obviously right; VrpTable and ValidateOrigin/ValidateRoute are checked
// against it in differential tests and fuzzing. Shares no code with them.
#ifndef MANRS_RPKI_VRP_ORACLE_H_
#define MANRS_RPKI_VRP_ORACLE_H_

#include <optional>
#include <vector>

#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/rpki/vrp.h"

namespace manrs {

// Invariant: vrps_ is sorted and unique.
class VrpOracle {
 public:
  // vrps in any order; duplicates are kept once.
  explicit VrpOracle(std::vector<Vrp> vrps);

  // RFC 6811 "Covered": the VRP prefix length is <= the route prefix length
  // and the addresses agree on the VRP's prefix length.
  static bool Covers(const Vrp& vrp, const Prefix& route);
  // RFC 6811 "Matched": covered, route length <= max length, and the origin
  // equals the VRP ASN; NONE (nullopt) and AS 0 VRPs never match.
  static bool Matches(const Vrp& vrp, const Prefix& route, std::optional<Asn> origin);

  // The covering VRPs, sorted.
  std::vector<Vrp> Covering(const Prefix& route) const;
  RovState Validate(const Prefix& route, std::optional<Asn> origin) const;

  const std::vector<Vrp>& vrps() const { return vrps_; }

 private:
  std::vector<Vrp> vrps_;
};

}  // namespace manrs

#endif  // MANRS_RPKI_VRP_ORACLE_H_
