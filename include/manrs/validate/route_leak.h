// Route leak detection two ways:
//  - RFC 9234 (Route Leak Prevention and Detection Using Roles in UPDATE and
//    OPEN Messages): the BGP Roles of section 4 and the Only to Customer
//    (OTC) attribute rules of section 5, applied by the receiving AS
//    (ingress) and the advertising AS (egress);
//  - a valley-free check of an AS_PATH against inferred AS relationships
//    (as_relationships.h): after a route has gone down (provider to
//    customer) or across (peer to peer), it may only go down; the AS that
//    sends it up or across again leaked it (RFC 7908 types 1 to 4).
#ifndef MANRS_VALIDATE_ROUTE_LEAK_H_
#define MANRS_VALIDATE_ROUTE_LEAK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "manrs/bgp/as_path.h"
#include "manrs/bgp/path_attributes.h"
#include "manrs/net/asn.h"
#include "manrs/net/ip_address.h"
#include "manrs/validate/as_relationships.h"

namespace manrs {

// The BGP Role of the local AS on a session, with the values of RFC 9234
// section 4.1 (Table 1). A local role of Provider means the neighbour is a
// Customer, RS means it is an RS-Client, RS-Client means it is an RS,
// Customer means it is a Provider, Peer means it is a Peer.
enum class BgpRole : std::uint8_t {
  kProvider = 0,
  kRs = 1,
  kRsClient = 2,
  kCustomer = 3,
  kPeer = 4,
};

// "provider", "rs", "rs-client", "customer", "peer".
const char* BgpRoleName(BgpRole role);
std::optional<BgpRole> ParseBgpRole(std::string_view text);

// RFC 9234 section 4.2, Table 2: the role pairs two speakers may announce.
bool RolesCorrespond(BgpRole local, BgpRole remote);

// RFC 9234 section 5: the OTC procedures apply to IPv4 and IPv6 unicast only.
bool OtcApplies(Afi afi, std::uint8_t safi);

// The OTC attribute of a route, if it carries one (attribute type 35).
std::optional<Asn> OtcOf(const PathAttributes& attributes);

// The ingress procedure for a route received by an AS with role local_role
// from the neighbour remote_asn, carrying otc (nullopt: no OTC attribute).
struct OtcIngressResult {
  // Ingress rule 1 or 2 fired: "it is a route leak and MUST be considered
  // ineligible".
  bool leak = false;
  int rule = 0;  // the ingress rule (1, 2 or 3) that applied; 0 for none
  // For a leak, the neighbour: it sent a route carrying OTC to its provider,
  // peer or route server, which egress rule 2 forbids.
  Asn leaking_asn = 0;
  // The OTC the route carries after ingress (rule 3 adds the neighbour's AS).
  std::optional<Asn> otc;
};
OtcIngressResult OtcIngress(BgpRole local_role, Asn remote_asn, std::optional<Asn> otc);

// The egress procedure for a route that an AS with role local_role (towards
// that neighbour) and number local_asn is about to advertise.
struct OtcEgressResult {
  bool allowed = true;     // false: egress rule 2, "MUST NOT be propagated"
  int rule = 0;            // the egress rule (1 or 2) that applied; 0 for none
  std::optional<Asn> otc;  // the OTC to send (rule 1 adds the local AS)
};
OtcEgressResult OtcEgress(BgpRole local_role, Asn local_asn, std::optional<Asn> otc);

enum class ValleyFreeState : std::uint8_t {
  kValid,    // valley-free whatever the unknown links are
  kLeak,     // not valley-free whatever the unknown links are
  kUnknown,  // depends on a link with no known relationship, or an AS_SET
};

// "valid", "leak", "unknown".
const char* ValleyFreeStateName(ValleyFreeState s);

// The outcome of CheckValleyFree. Positions index the compressed path
// (prepends collapsed, AS_CONFED_SEQUENCE skipped), 0 being the neighbour.
// The route travels from the origin (the last position) to the neighbour;
// a hop is up (to a provider), across (to a peer), down (to a customer),
// sibling (ignored) or unknown.
struct ValleyFreeVerdict {
  ValleyFreeState state = ValleyFreeState::kValid;
  bool as_set = false;  // kUnknown because the path holds an AS_SET
  // kLeak: the first hop that goes up or across after an earlier hop went
  // down or across; the leaking AS sends it. kUnknown: the first hop where
  // a leak is possible, given the unknown links.
  std::size_t position = 0;  // of the sender
  Asn leaking_asn = 0;       // the sender
  Asn sent_to = 0;
  AsRelation sent_to_relation = AsRelation::kUnknown;  // what sent_to is to the sender
  Asn learned_from = 0;                                // 0 when the sender is the origin
  AsRelation learned_from_relation = AsRelation::kUnknown;
  // kLeak: false when an unknown link towards the origin could have put the
  // first violation earlier, so that another AS leaked first.
  bool leaker_certain = true;
};

ValleyFreeVerdict CheckValleyFree(const AsRelationships& relationships, const AsPath& path);

// "leak: AS64500 sent the route to its provider AS64501 after learning it
// from its provider AS64502 (position 1)", "valid", "unknown: ...".
std::string ToString(const ValleyFreeVerdict& verdict);

}  // namespace manrs

#endif  // MANRS_VALIDATE_ROUTE_LEAK_H_
