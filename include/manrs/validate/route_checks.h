// Every check the toolkit makes on one route, behind one call: route-origin
// validation (RFC 6811), ASPA path verification, bogon prefixes and AS
// numbers, over-specific prefixes, a valley-free check against AS
// relationships, and the RFC 9234 OTC ingress rules. `manrs rov scan` runs
// it over MRT files; the observatory and the live monitor run the same code
// over their routes, so a verdict means the same wherever it is shown.
//
// Each check runs only when its input is configured (a VRP table for ROV, an
// ASPA table for ASPA, ...); the verdict says which ran.
#ifndef MANRS_VALIDATE_ROUTE_CHECKS_H_
#define MANRS_VALIDATE_ROUTE_CHECKS_H_

#include <optional>
#include <vector>

#include "manrs/bgp/path_attributes.h"
#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/rpki/aspa_verification.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/rpki/vrp_table.h"
#include "manrs/validate/as_relationships.h"
#include "manrs/validate/bogons.h"
#include "manrs/validate/route_leak.h"

namespace manrs {

// What to check against. The pointed-to tables must outlive the checker.
struct RouteCheckConfig {
  const VrpTable* vrps = nullptr;        // ROV when set
  const AspaTable* aspas = nullptr;      // ASPA when set
  AspaDirection aspa_direction = AspaDirection::kUpstream;
  const BogonPrefixes* bogons = nullptr;  // bogon prefixes when set
  bool bogon_asns = true;                 // bogon AS numbers anywhere in the path
  bool too_specific = true;               // longer than /24 or /48
  const AsRelationships* relationships = nullptr;  // valley-free when set
  // OTC ingress (RFC 9234 section 5) as the receiving AS with this role
  // towards the neighbour that sent the route.
  std::optional<BgpRole> receiver_role;
};

// The findings for one route; a field is empty when its check did not run.
struct RouteVerdict {
  std::optional<Asn> origin;  // RFC 6811 Route Origin ASN (NONE for AS_SET)
  std::optional<RovResult> rov;
  std::optional<AspaVerdict> aspa;
  std::optional<BogonPrefixMatch> bogon_prefix;  // set only when the prefix is a bogon
  std::vector<BogonAsnHit> bogon_asns;           // empty: none (or the check is off)
  bool too_specific = false;
  std::optional<ValleyFreeVerdict> valley_free;
  std::optional<Asn> otc;  // the route's OTC attribute, when it carries one
  std::optional<OtcIngressResult> otc_ingress;

  // True when any check found a problem: ROV or ASPA invalid, a bogon, too
  // specific, a valley-free leak or an OTC leak.
  bool AnyProblem() const;
};

class RouteChecker {
 public:
  explicit RouteChecker(const RouteCheckConfig& config) : config_(config) {}

  // Checks the route for prefix (of the given SAFI) with attributes, received from neighbor_asn
  // (the MRT peer). Reuses verdict's storage; const, so one checker may serve
  // many threads, each with its own verdict.
  void Check(const Prefix& prefix, std::uint8_t safi, const PathAttributes& attributes,
             Asn neighbor_asn, RouteVerdict* verdict) const;

  const RouteCheckConfig& config() const { return config_; }

 private:
  RouteCheckConfig config_;
};

}  // namespace manrs

#endif  // MANRS_VALIDATE_ROUTE_CHECKS_H_
