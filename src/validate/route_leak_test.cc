// RFC 9234 sections 4 and 5, each rule quoted by the test that checks it,
// and a route carried hop by hop through the procedures.
#include "manrs/validate/route_leak.h"

#include <gtest/gtest.h>

#include <vector>

namespace manrs {
namespace {

constexpr BgpRole kAllRoles[] = {BgpRole::kProvider, BgpRole::kRs, BgpRole::kRsClient,
                                 BgpRole::kCustomer, BgpRole::kPeer};

// Section 4.1, Table 1: "0 Provider, 1 RS, 2 RS-Client, 3 Customer, 4 Peer
// (i.e., Lateral Peer)".
TEST(BgpRoleTest, Table1Values) {
  EXPECT_EQ(static_cast<int>(BgpRole::kProvider), 0);
  EXPECT_EQ(static_cast<int>(BgpRole::kRs), 1);
  EXPECT_EQ(static_cast<int>(BgpRole::kRsClient), 2);
  EXPECT_EQ(static_cast<int>(BgpRole::kCustomer), 3);
  EXPECT_EQ(static_cast<int>(BgpRole::kPeer), 4);
  for (BgpRole r : kAllRoles) EXPECT_EQ(ParseBgpRole(BgpRoleName(r)), r);
  EXPECT_FALSE(ParseBgpRole("sibling"));
}

// Section 4.2, Table 2 "Allowed Pairs of Role Capabilities": Provider -
// Customer, Customer - Provider, RS - RS-Client, RS-Client - RS, Peer - Peer.
// Any other pair is a Role Mismatch.
TEST(BgpRoleTest, Table2AllowedPairs) {
  int allowed = 0;
  for (BgpRole local : kAllRoles) {
    for (BgpRole remote : kAllRoles) {
      if (RolesCorrespond(local, remote)) ++allowed;
    }
  }
  EXPECT_EQ(allowed, 5);
  EXPECT_TRUE(RolesCorrespond(BgpRole::kProvider, BgpRole::kCustomer));
  EXPECT_TRUE(RolesCorrespond(BgpRole::kCustomer, BgpRole::kProvider));
  EXPECT_TRUE(RolesCorrespond(BgpRole::kRs, BgpRole::kRsClient));
  EXPECT_TRUE(RolesCorrespond(BgpRole::kRsClient, BgpRole::kRs));
  EXPECT_TRUE(RolesCorrespond(BgpRole::kPeer, BgpRole::kPeer));
  EXPECT_FALSE(RolesCorrespond(BgpRole::kProvider, BgpRole::kProvider));
  EXPECT_FALSE(RolesCorrespond(BgpRole::kPeer, BgpRole::kCustomer));
}

// Section 5, ingress rule 1: "If a route with the OTC Attribute is received
// from a Customer or an RS-Client, then it is a route leak and MUST be
// considered ineligible".
TEST(OtcIngressTest, Rule1FromCustomerOrRsClientWithOtcIsALeak) {
  // From a Customer: the local role is Provider; from an RS-Client: RS.
  for (BgpRole local : {BgpRole::kProvider, BgpRole::kRs}) {
    OtcIngressResult r = OtcIngress(local, 64500, 64499);
    EXPECT_TRUE(r.leak) << BgpRoleName(local);
    EXPECT_EQ(r.rule, 1);
    EXPECT_EQ(r.leaking_asn, 64500u);
    // Even the neighbour's own AS in OTC: it may not send OTC routes upwards.
    EXPECT_TRUE(OtcIngress(local, 64500, 64500).leak);
    // Without OTC there is nothing to detect, and nothing is added.
    OtcIngressResult clean = OtcIngress(local, 64500, std::nullopt);
    EXPECT_FALSE(clean.leak);
    EXPECT_EQ(clean.rule, 0);
    EXPECT_FALSE(clean.otc.has_value());
  }
}

// Ingress rule 2: "If a route with the OTC Attribute is received from a Peer
// (i.e., remote AS with a Peer Role) and the Attribute has a value that is
// not equal to the remote (i.e., Peer's) AS number, then it is a route leak
// and MUST be considered ineligible."
TEST(OtcIngressTest, Rule2FromPeerWithForeignOtcIsALeak) {
  OtcIngressResult leak = OtcIngress(BgpRole::kPeer, 64500, 64499);
  EXPECT_TRUE(leak.leak);
  EXPECT_EQ(leak.rule, 2);
  EXPECT_EQ(leak.leaking_asn, 64500u);
  EXPECT_EQ(leak.otc, 64499u);
  OtcIngressResult own = OtcIngress(BgpRole::kPeer, 64500, 64500);
  EXPECT_FALSE(own.leak);
  EXPECT_EQ(own.otc, 64500u);
}

// Ingress rule 3: "If a route is received from a Provider, a Peer, or an RS
// and the OTC Attribute is not present, then it MUST be added with a value
// equal to the AS number of the remote AS."
TEST(OtcIngressTest, Rule3AddsTheRemoteAs) {
  // From a Provider: local Customer; from a Peer: Peer; from an RS: RS-Client.
  for (BgpRole local : {BgpRole::kCustomer, BgpRole::kPeer, BgpRole::kRsClient}) {
    OtcIngressResult r = OtcIngress(local, 64500, std::nullopt);
    EXPECT_FALSE(r.leak);
    EXPECT_EQ(r.rule, 3);
    EXPECT_EQ(r.otc, 64500u) << BgpRoleName(local);
  }
  // From a Provider or an RS, a present OTC is no leak and stays as it is.
  for (BgpRole local : {BgpRole::kCustomer, BgpRole::kRsClient}) {
    OtcIngressResult r = OtcIngress(local, 64500, 64499);
    EXPECT_FALSE(r.leak);
    EXPECT_EQ(r.otc, 64499u);
  }
}

// Egress rule 1: "If a route is to be advertised to a Customer, a Peer, or an
// RS-Client (when the sender is an RS), and the OTC Attribute is not present,
// then when advertising the route, an OTC Attribute MUST be added with a
// value equal to the AS number of the local AS."
TEST(OtcEgressTest, Rule1AddsTheLocalAs) {
  // To a Customer: local Provider; to a Peer: Peer; to an RS-Client: RS.
  for (BgpRole local : {BgpRole::kProvider, BgpRole::kPeer, BgpRole::kRs}) {
    OtcEgressResult r = OtcEgress(local, 64510, std::nullopt);
    EXPECT_TRUE(r.allowed);
    EXPECT_EQ(r.rule, 1);
    EXPECT_EQ(r.otc, 64510u) << BgpRoleName(local);
  }
  // Upwards nothing is added.
  for (BgpRole local : {BgpRole::kCustomer, BgpRole::kRsClient}) {
    OtcEgressResult r = OtcEgress(local, 64510, std::nullopt);
    EXPECT_TRUE(r.allowed);
    EXPECT_FALSE(r.otc.has_value());
  }
}

// Egress rule 2: "If a route already contains the OTC Attribute, it MUST NOT
// be propagated to Providers, Peers, or RSes."
TEST(OtcEgressTest, Rule2KeepsOtcRoutesFromProvidersPeersAndRses) {
  // To a Provider: local Customer; to a Peer: Peer; to an RS: RS-Client.
  for (BgpRole local : {BgpRole::kCustomer, BgpRole::kPeer, BgpRole::kRsClient}) {
    OtcEgressResult r = OtcEgress(local, 64510, 64499);
    EXPECT_FALSE(r.allowed) << BgpRoleName(local);
    EXPECT_EQ(r.rule, 2);
  }
  // Downwards it goes, unchanged.
  for (BgpRole local : {BgpRole::kProvider, BgpRole::kRs}) {
    OtcEgressResult r = OtcEgress(local, 64510, 64499);
    EXPECT_TRUE(r.allowed);
    EXPECT_EQ(r.otc, 64499u);
  }
}

// "Once the OTC Attribute has been set, it MUST be preserved unchanged."
TEST(OtcTest, ASetOtcIsNeverChanged) {
  for (BgpRole local : kAllRoles) {
    EXPECT_EQ(OtcIngress(local, 64500, 64499).otc, 64499u) << BgpRoleName(local);
    EXPECT_EQ(OtcEgress(local, 64510, 64499).otc, 64499u) << BgpRoleName(local);
  }
}

// "The described ingress and egress procedures are applicable only for the
// address families AFI 1 (IPv4) and AFI 2 (IPv6) with SAFI 1 (unicast) in
// both cases and MUST NOT be applied to other address families by default."
TEST(OtcTest, OnlyUnicastFamilies) {
  EXPECT_TRUE(OtcApplies(Afi::kIpv4, 1));
  EXPECT_TRUE(OtcApplies(Afi::kIpv6, 1));
  EXPECT_FALSE(OtcApplies(Afi::kIpv4, 2));
  EXPECT_FALSE(OtcApplies(Afi::kIpv6, 128));
}

TEST(OtcTest, OtcOfReadsAttribute35) {
  PathAttributes a;
  EXPECT_FALSE(OtcOf(a).has_value());
  a.present.set(kAttrOtc);
  a.otc = 64500;
  EXPECT_EQ(OtcOf(a), 64500u);
}

// The purpose of section 5: "to enforce that once a route is sent to a
// Customer, a Peer, or an RS-Client ..., it will subsequently go only to the
// Customers." A route is carried along a chain of sessions, each AS applying
// egress towards the next and the next applying ingress; the first leak is
// caught, by the AS the leaker sends to.
struct Session {
  Asn sender;
  Asn receiver;
  BgpRole sender_role;  // the sender's role towards the receiver
};

BgpRole Opposite(BgpRole r) {
  switch (r) {
    case BgpRole::kProvider:
      return BgpRole::kCustomer;
    case BgpRole::kCustomer:
      return BgpRole::kProvider;
    case BgpRole::kRs:
      return BgpRole::kRsClient;
    case BgpRole::kRsClient:
      return BgpRole::kRs;
    case BgpRole::kPeer:
      return BgpRole::kPeer;
  }
  return r;
}

// Returns the AS that detected a leak (0 if none) and the AS it names. An
// egress refusal counts as prevention: the route stops, reported as the
// sender with leaking AS 0.
std::pair<Asn, Asn> Propagate(const std::vector<Session>& chain,
                              const std::vector<bool>& complies) {
  std::optional<Asn> otc;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const Session& s = chain[i];
    EXPECT_TRUE(RolesCorrespond(s.sender_role, Opposite(s.sender_role)));
    if (complies[i]) {
      OtcEgressResult e = OtcEgress(s.sender_role, s.sender, otc);
      if (!e.allowed) return {s.sender, 0};
      otc = e.otc;
    }
    OtcIngressResult in = OtcIngress(Opposite(s.sender_role), s.sender, otc);
    if (in.leak) return {s.receiver, in.leaking_asn};
    otc = in.otc;
  }
  return {0, 0};
}

TEST(OtcTest, LeakIsCaughtByTheNextAs) {
  // 1 -> 2 (its provider) -> 3 (2's peer) -> 4 (3's customer): valley-free.
  std::vector<Session> ok = {
      {1, 2, BgpRole::kCustomer}, {2, 3, BgpRole::kPeer}, {3, 4, BgpRole::kProvider}};
  EXPECT_EQ(Propagate(ok, {true, true, true}), (std::pair<Asn, Asn>{0, 0}));
  // ... then 4 sends it up to its other provider 5: 4 leaks.
  std::vector<Session> leak = ok;
  leak.push_back({4, 5, BgpRole::kCustomer});
  // A compliant 4 does not send it (egress rule 2).
  EXPECT_EQ(Propagate(leak, {true, true, true, true}), (std::pair<Asn, Asn>{4, 0}));
  // A 4 that ignores the RFC is caught by 5 (ingress rule 1), which names it.
  EXPECT_EQ(Propagate(leak, {true, true, true, false}), (std::pair<Asn, Asn>{5, 4}));
  // Even when 3 did not mark it, 4's ingress did (rule 3): still caught.
  EXPECT_EQ(Propagate(leak, {true, true, false, false}), (std::pair<Asn, Asn>{5, 4}));
  // Peer to peer to peer: 3 leaks to its peer 6, which sees OTC = 2, not 3.
  std::vector<Session> across = {
      {1, 2, BgpRole::kCustomer}, {2, 3, BgpRole::kPeer}, {3, 6, BgpRole::kPeer}};
  EXPECT_EQ(Propagate(across, {true, true, false}), (std::pair<Asn, Asn>{6, 3}));
}

}  // namespace
}  // namespace manrs
