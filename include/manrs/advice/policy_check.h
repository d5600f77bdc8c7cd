// `manrs policy check`: would our import filters accept what each neighbour
// sent (MANRS action 1)? Every route of a neighbour's Adj-RIB-In (its routes
// in a RIB dump) gets accept or reject with every reason, named like the
// route servers' reject reasons (arouteserver's, the BIRD route-server
// configurations'), and each neighbour a summary. The per-route checks that
// exist elsewhere are called, not repeated: ROV, ASPA and bogon prefixes and
// ASNs come from validate/route_checks.h (RouteChecker), the IRR state from
// observe/registration.h (RouteIrrState). doc/advice.md lists the rules.
#ifndef MANRS_ADVICE_POLICY_CHECK_H_
#define MANRS_ADVICE_POLICY_CHECK_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "manrs/bgp/element.h"
#include "manrs/irr/database.h"
#include "manrs/validate/route_checks.h"

namespace manrs {

enum class RejectReason : std::uint8_t {
  kBogonPrefix,          // prefix in special-use or bogon-list space
  kBogonAsn,             // a reserved/private/AS_TRANS ASN in the path
  kPrefixTooLong,        // longer than max_length (IPv4 /24, IPv6 /48)
  kPrefixTooShort,       // shorter than min_length (IPv4 /8, IPv6 /16)
  kPathTooLong,          // more ASes than max_path_length (prepends counted)
  kFirstAsNotPeer,       // the left-most AS is not the neighbour's
  kTransitFreeAsn,       // a transit-free network behind the neighbour
  kOriginNotInAsSet,     // origin not in the neighbour's expanded AS-SET
  kPrefixNotRegistered,  // no route object (prefix, origin) in the IRR
  kRpkiInvalid,          // RFC 6811 invalid
  kAspaInvalid,          // ASPA path verification invalid
  kNextHopNotPeer,       // NEXT_HOP is not the neighbour's address
};
inline constexpr int kRejectReasons = 12;
// "bogon-prefix", "bogon-asn", "prefix-too-long", "prefix-too-short",
// "path-too-long", "first-as-not-peer", "transit-free-asn",
// "origin-not-in-as-set", "prefix-not-registered", "rpki-invalid",
// "aspa-invalid", "next-hop-not-peer".
const char* RejectReasonName(RejectReason r);

// The transit-free networks of arouteserver's default list (Tier 1s): a
// route that reaches a neighbour through one of them is a leak unless the
// neighbour is one.
std::vector<Asn> DefaultTransitFreeAsns();

struct PolicyConfig {
  RouteCheckConfig checks;  // vrps, aspas, bogons (too_specific is not used)
  int max_length_v4 = 24, min_length_v4 = 8;
  int max_length_v6 = 48, min_length_v6 = 16;
  int max_path_length = 32;  // arouteserver's default max_as_path_len
  std::unordered_set<Asn> transit_free;
  // origin-not-in-as-set runs when set: the AS-SET's ASNs.
  const std::unordered_set<Asn>* as_set_origins = nullptr;
  // prefix-not-registered runs when set.
  const IrrDatabase* irr = nullptr;
  bool check_next_hop = true;
};

struct RouteDecision {
  bool accepted = true;
  std::uint32_t reasons = 0;  // bit i: RejectReason i
};

struct NeighbourSummary {
  Asn asn = 0;
  std::uint64_t routes = 0, accepted = 0, rejected = 0;
  std::array<std::uint64_t, kRejectReasons> by_reason{};

  // Counts one route's decision: the route, accepted or rejected, and one
  // for each of its reasons (a route with two reasons counts under both).
  void Count(const RouteDecision& d);
};

class PolicyChecker {
 public:
  explicit PolicyChecker(PolicyConfig config);
  // The decision for one route the neighbour (peer_asn, peer_ip) sent;
  // e.attributes must be set. Not thread-safe (reuses a verdict).
  RouteDecision Check(const Element& e);
  const PolicyConfig& config() const { return config_; }

 private:
  PolicyConfig config_;
  RouteChecker checker_;
  RouteVerdict verdict_;
};

// What `manrs policy check` prints per route (text): "accept|reject PREFIX
// PATH reasons"; and the summaries.
std::string ReasonList(std::uint32_t reasons);  // "rpki-invalid,bogon-asn" ("" when none)
// The JSON array of the reason names: ["rpki-invalid","bogon-asn"] ([] when none).
std::string ReasonJson(std::uint32_t reasons);
std::string SummaryText(const std::vector<NeighbourSummary>& summaries);
std::string SummaryJson(const std::vector<NeighbourSummary>& summaries);

}  // namespace manrs

#endif  // MANRS_ADVICE_POLICY_CHECK_H_
