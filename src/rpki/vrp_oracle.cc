#include "manrs/rpki/vrp_oracle.h"

#include <algorithm>

namespace manrs {

VrpOracle::VrpOracle(std::vector<Vrp> vrps) : vrps_(std::move(vrps)) {
  std::sort(vrps_.begin(), vrps_.end());
  vrps_.erase(std::unique(vrps_.begin(), vrps_.end()), vrps_.end());
}

bool VrpOracle::Covers(const Vrp& vrp, const Prefix& route) {
  if (vrp.prefix.afi() != route.afi() || vrp.prefix.length() > route.length()) return false;
  // Bit by bit, as the definition says, rather than through Prefix::Contains.
  for (int i = 0; i < vrp.prefix.length(); ++i) {
    if (vrp.prefix.address().bit(i) != route.address().bit(i)) return false;
  }
  return true;
}

bool VrpOracle::Matches(const Vrp& vrp, const Prefix& route, std::optional<Asn> origin) {
  return Covers(vrp, route) && route.length() <= vrp.max_length && origin.has_value() &&
         vrp.asn != 0 && *origin == vrp.asn;
}

std::vector<Vrp> VrpOracle::Covering(const Prefix& route) const {
  std::vector<Vrp> out;
  for (const Vrp& vrp : vrps_) {
    if (Covers(vrp, route)) out.push_back(vrp);
  }
  return out;
}

RovState VrpOracle::Validate(const Prefix& route, std::optional<Asn> origin) const {
  bool covered = false;
  for (const Vrp& vrp : vrps_) {
    if (Matches(vrp, route, origin)) return RovState::kValid;
    covered |= Covers(vrp, route);
  }
  return covered ? RovState::kInvalid : RovState::kNotFound;
}

}  // namespace manrs
