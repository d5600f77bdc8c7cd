// RFC 9234 roles and OTC, and the valley-free check; see route_leak.h.
#include "manrs/validate/route_leak.h"

#include <vector>

#include "fmt/format.h"

namespace manrs {

const char* BgpRoleName(BgpRole role) {
  switch (role) {
    case BgpRole::kProvider:
      return "provider";
    case BgpRole::kRs:
      return "rs";
    case BgpRole::kRsClient:
      return "rs-client";
    case BgpRole::kCustomer:
      return "customer";
    case BgpRole::kPeer:
      return "peer";
  }
  return "?";
}

std::optional<BgpRole> ParseBgpRole(std::string_view text) {
  for (BgpRole r :
       {BgpRole::kProvider, BgpRole::kRs, BgpRole::kRsClient, BgpRole::kCustomer, BgpRole::kPeer}) {
    if (text == BgpRoleName(r)) return r;
  }
  return std::nullopt;
}

bool RolesCorrespond(BgpRole local, BgpRole remote) {
  switch (local) {
    case BgpRole::kProvider:
      return remote == BgpRole::kCustomer;
    case BgpRole::kCustomer:
      return remote == BgpRole::kProvider;
    case BgpRole::kRs:
      return remote == BgpRole::kRsClient;
    case BgpRole::kRsClient:
      return remote == BgpRole::kRs;
    case BgpRole::kPeer:
      return remote == BgpRole::kPeer;
  }
  return false;
}

bool OtcApplies(Afi afi, std::uint8_t safi) {
  return (afi == Afi::kIpv4 || afi == Afi::kIpv6) && safi == 1;
}

std::optional<Asn> OtcOf(const PathAttributes& attributes) {
  if (!attributes.has(kAttrOtc)) return std::nullopt;
  return attributes.otc;
}

OtcIngressResult OtcIngress(BgpRole local_role, Asn remote_asn, std::optional<Asn> otc) {
  OtcIngressResult r;
  r.otc = otc;
  // The neighbour is a Customer or an RS-Client.
  const bool from_customer_or_rs_client =
      local_role == BgpRole::kProvider || local_role == BgpRole::kRs;
  // The neighbour is a Provider, a Peer or an RS.
  const bool from_provider_peer_or_rs = local_role == BgpRole::kCustomer ||
                                        local_role == BgpRole::kPeer ||
                                        local_role == BgpRole::kRsClient;
  if (otc && from_customer_or_rs_client) {
    r.leak = true;
    r.rule = 1;
    r.leaking_asn = remote_asn;
  } else if (otc && local_role == BgpRole::kPeer && *otc != remote_asn) {
    r.leak = true;
    r.rule = 2;
    r.leaking_asn = remote_asn;
  } else if (!otc && from_provider_peer_or_rs) {
    r.rule = 3;
    r.otc = remote_asn;
  }
  return r;
}

OtcEgressResult OtcEgress(BgpRole local_role, Asn local_asn, std::optional<Asn> otc) {
  OtcEgressResult r;
  r.otc = otc;
  // To a Customer, a Peer, or an RS-Client when the sender is an RS.
  const bool to_customer_peer_or_rs_client = local_role == BgpRole::kProvider ||
                                             local_role == BgpRole::kPeer ||
                                             local_role == BgpRole::kRs;
  // To a Provider, a Peer or an RS.
  const bool to_provider_peer_or_rs = local_role == BgpRole::kCustomer ||
                                      local_role == BgpRole::kPeer ||
                                      local_role == BgpRole::kRsClient;
  if (!otc && to_customer_peer_or_rs_client) {
    r.rule = 1;
    r.otc = local_asn;
  } else if (otc && to_provider_peer_or_rs) {
    r.rule = 2;
    r.allowed = false;
  }
  return r;
}

const char* ValleyFreeStateName(ValleyFreeState s) {
  switch (s) {
    case ValleyFreeState::kValid:
      return "valid";
    case ValleyFreeState::kLeak:
      return "leak";
    case ValleyFreeState::kUnknown:
      return "unknown";
  }
  return "?";
}

namespace {

// Fills the hop whose sender is at position p of the compressed path c.
void Describe(const AsRelationships& rel, const std::vector<Asn>& c, std::size_t p,
              ValleyFreeVerdict* v) {
  v->position = p;
  v->leaking_asn = c[p];
  v->sent_to = c[p - 1];
  v->sent_to_relation = rel.RelationOf(c[p], c[p - 1]);
  if (p + 1 < c.size()) {
    v->learned_from = c[p + 1];
    v->learned_from_relation = rel.RelationOf(c[p], c[p + 1]);
  }
}

}  // namespace

ValleyFreeVerdict CheckValleyFree(const AsRelationships& relationships, const AsPath& path) {
  ValleyFreeVerdict v;
  std::vector<Asn> c;  // compressed, neighbour first
  if (!CompressAsPath(path, &c)) {
    v.state = ValleyFreeState::kUnknown;
    v.as_set = true;
    return v;
  }
  // Hops in the order the route travelled: sender c[p] to receiver c[p - 1],
  // p from the origin down to 1.
  bool descended = false;          // a known hop went down or across
  bool may_descend = false;        // ... or an unknown one may have
  std::size_t first_possible = 0;  // sender position of the first possible violation; 0: none
  for (std::size_t p = c.size(); p-- > 1;) {
    const AsRelation to = relationships.RelationOf(c[p], c[p - 1]);
    if (to == AsRelation::kSibling) continue;
    const bool unknown = to == AsRelation::kUnknown;
    const bool up_or_across = to == AsRelation::kProvider || to == AsRelation::kPeer;
    if ((up_or_across || unknown) && may_descend && first_possible == 0) first_possible = p;
    if (up_or_across && descended) {
      v.state = ValleyFreeState::kLeak;
      v.leaker_certain = first_possible == p;
      Describe(relationships, c, p, &v);
      return v;
    }
    if (to == AsRelation::kCustomer || to == AsRelation::kPeer) descended = true;
    if (to == AsRelation::kCustomer || to == AsRelation::kPeer || unknown) may_descend = true;
  }
  if (first_possible != 0) {
    v.state = ValleyFreeState::kUnknown;
    Describe(relationships, c, first_possible, &v);
  }
  return v;
}

std::string ToString(const ValleyFreeVerdict& v) {
  if (v.as_set) return "unknown: the path has an AS_SET";
  if (v.state == ValleyFreeState::kValid) return "valid";
  std::string learned = v.learned_from == 0
                            ? std::string("originating it")
                            : fmt::format("learning it from its {} AS{}",
                                          AsRelationName(v.learned_from_relation), v.learned_from);
  return fmt::format("{}: AS{} sent the route to its {} AS{} after {} (position {}){}",
                     ValleyFreeStateName(v.state), v.leaking_asn,
                     AsRelationName(v.sent_to_relation), v.sent_to, learned, v.position,
                     v.state == ValleyFreeState::kLeak && !v.leaker_certain
                         ? "; an unknown link nearer the origin may hide an earlier leak"
                         : "");
}

}  // namespace manrs
