#include "manrs/validate/route_checks.h"

namespace manrs {

bool RouteVerdict::AnyProblem() const {
  return (rov && rov->state == RovState::kInvalid) ||
         (aspa && aspa->state == AspaState::kInvalid) || bogon_prefix || !bogon_asns.empty() ||
         too_specific || (valley_free && valley_free->state == ValleyFreeState::kLeak) ||
         (otc_ingress && otc_ingress->leak);
}

void RouteChecker::Check(const Prefix& prefix, std::uint8_t safi, const PathAttributes& attributes,
                         Asn neighbor_asn, RouteVerdict* verdict) const {
  const AsPath& path = attributes.path();
  RouteVerdict& v = *verdict;
  v.origin = RouteOriginAsn(path);
  if (config_.vrps) {
    if (!v.rov) v.rov.emplace();
    ValidateRoute(*config_.vrps, prefix, v.origin, &*v.rov);
  } else {
    v.rov.reset();
  }
  if (config_.aspas) {
    v.aspa = VerifyAsPath(*config_.aspas, path, config_.aspa_direction);
  } else {
    v.aspa.reset();
  }
  v.bogon_prefix.reset();
  if (config_.bogons) v.bogon_prefix = config_.bogons->Match(prefix);
  v.bogon_asns.clear();
  if (config_.bogon_asns) FindBogonAsns(path, &v.bogon_asns);
  v.too_specific = config_.too_specific && TooSpecific(prefix);
  if (config_.relationships) {
    v.valley_free = CheckValleyFree(*config_.relationships, path);
  } else {
    v.valley_free.reset();
  }
  v.otc = OtcOf(attributes);
  if (config_.receiver_role && OtcApplies(prefix.afi(), safi)) {
    v.otc_ingress = OtcIngress(*config_.receiver_role, neighbor_asn, v.otc);
  } else {
    v.otc_ingress.reset();
  }
}

}  // namespace manrs
