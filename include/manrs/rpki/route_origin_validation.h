// Route origin validation (RFC 6811 section 2): a route (prefix, origin AS)
// is Valid when some VRP Matches it, Invalid when VRPs Cover it but none
// Matches, NotFound when no VRP Covers it. ValidateOrigin gives the state
// alone at table speed; ValidateRoute also says why: the covering VRPs, how
// each compares with the route, and whether an Invalid route has the wrong
// origin or is too specific.
//
// The origin is std::optional<Asn>: nullopt is RFC 6811's "NONE", the origin
// of a route whose AS_PATH ends in an AS_SET. No VRP matches NONE, and no VRP
// for AS 0 matches anything (RFC 6483 section 4, RFC 7607), so such routes
// are Invalid when covered and NotFound otherwise, never Valid.
#ifndef MANRS_RPKI_ROUTE_ORIGIN_VALIDATION_H_
#define MANRS_RPKI_ROUTE_ORIGIN_VALIDATION_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "manrs/bgp/as_path.h"
#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/rpki/vrp.h"
#include "manrs/rpki/vrp_table.h"

namespace manrs {

// In the order of RTRlib's enum pfxv_state (BGP_PFXV_STATE_VALID, _NOT_FOUND,
// _INVALID), though nothing depends on it.
enum class RovState : std::uint8_t { kValid, kNotFound, kInvalid };

// "valid", "not-found", "invalid" (the words Routinator and RIPE RIS use).
const char* RovStateName(RovState state);

// How one covering VRP compares with the route.
enum class VrpMatch : std::uint8_t {
  kMatched,      // the VRP's ASN is the origin and the route is no longer than max length
  kTooSpecific,  // the VRP's ASN is the origin, but the route is longer than max length
  kOtherOrigin,  // the VRP authorises another AS (every AS, when the origin is NONE)
  kAs0,          // an AS 0 VRP: it disavows the prefix and matches no route
};

const char* VrpMatchName(VrpMatch match);

// Why the route has its state.
enum class RovReason : std::uint8_t {
  kMatched,      // Valid: at least one covering VRP matched
  kNotCovered,   // NotFound: no VRP covers the prefix
  kTooSpecific,  // Invalid: a covering VRP names the origin AS, but none allows this length
  kOtherOrigin,  // Invalid: no covering VRP names the origin AS (or only AS 0 VRPs cover it)
  kNoOrigin,     // Invalid: covered, and the origin is NONE (AS_PATH ends in an AS_SET)
};

const char* RovReasonName(RovReason reason);

struct CoveringVrp {
  Vrp vrp;
  VrpMatch match;

  friend bool operator==(const CoveringVrp&, const CoveringVrp&) = default;
};

struct RovResult {
  RovState state = RovState::kNotFound;
  RovReason reason = RovReason::kNotCovered;
  // Every VRP covering the route prefix, most specific prefix first, each
  // with how it compares; empty exactly when the state is NotFound.
  std::vector<CoveringVrp> covering;
};

// How vrp compares with a route of the given length and origin, assuming it
// covers the route.
inline VrpMatch CompareVrp(Asn vrp_asn, int max_length, int route_length,
                           std::optional<Asn> origin) {
  if (vrp_asn == 0) return VrpMatch::kAs0;
  if (!origin || *origin != vrp_asn) return VrpMatch::kOtherOrigin;
  return route_length <= max_length ? VrpMatch::kMatched : VrpMatch::kTooSpecific;
}

// The state of the route (prefix, origin), stopping at the first match.
// Allocates nothing.
inline RovState ValidateOrigin(const VrpTable& table, const Prefix& prefix,
                               std::optional<Asn> origin) {
  bool covered = false;
  const int length = prefix.length();
  const Asn asn = origin.value_or(0);  // 0 never matches: AS 0 VRPs are skipped
  const bool matched = !table.ForEachCoveringAuthorization(prefix, [&](Asn vrp_asn, int max_len) {
    covered = true;
    return !(vrp_asn == asn && asn != 0 && length <= max_len);
  });
  return matched ? RovState::kValid : covered ? RovState::kInvalid : RovState::kNotFound;
}

// A route as ValidateOrigins takes it.
struct RouteOrigin {
  Prefix prefix;
  std::optional<Asn> origin;  // NONE: nullopt
};

// ValidateOrigin for many routes: states[i] is the state of routes[i].
// Several times faster for routes in no particular order (see
// VrpTable::ForEachCoveringAuthorizationBatch). Allocates nothing.
// REQUIRES: states.size() >= routes.size().
void ValidateOrigins(const VrpTable& table, std::span<const RouteOrigin> routes,
                     std::span<RovState> states);

// The state of the route with its reason and every covering VRP.
RovResult ValidateRoute(const VrpTable& table, const Prefix& prefix, std::optional<Asn> origin);

// The same into *result, reusing its storage.
void ValidateRoute(const VrpTable& table, const Prefix& prefix, std::optional<Asn> origin,
                   RovResult* result);

// Every reason a route of route_length with this result fails, the main one
// (result.reason) first: an Invalid route whose origin no covering VRP names
// (kOtherOrigin or kNoOrigin) is also kTooSpecific when it is longer than the
// max length of every covering VRP that authorises an AS, whichever AS. Empty
// for Valid and NotFound.
std::vector<RovReason> InvalidReasons(const RovResult& result, int route_length);

// The Route Origin ASN of RFC 6811 section 2 from an AS_PATH: the last AS
// when the path ends in an AS_SEQUENCE; own_asn (the validating speaker's
// AS) when it ends in a confederation segment or is empty; NONE (nullopt)
// when it ends in an AS_SET. Pass own_asn = nullopt where the speaker is not
// known, as for a route collector's MRT dump: such routes then count as NONE.
std::optional<Asn> RouteOriginAsn(const AsPath& path, std::optional<Asn> own_asn = std::nullopt);

}  // namespace manrs

#endif  // MANRS_RPKI_ROUTE_ORIGIN_VALIDATION_H_
