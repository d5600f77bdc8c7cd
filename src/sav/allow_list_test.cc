// The modes on hand-built RIBs, modelled on the scenarios RFC 8704 works
// through (its figures are reproduced as topologies here, not byte for byte):
// a customer AS multihomed to two of our customers that announces each prefix
// on one side only and sends traffic on both (the asymmetric routing that
// breaks strict and feasible-path uRPF), and a customer that announces nothing
// on the interface it sends on (where Algorithm A is too strict and B is
// not). doc/sav.md quotes the algorithm text.
#include "manrs/sav/allow_list.h"

#include <gtest/gtest.h>

namespace manrs {
namespace {

Prefix P(const char* text) { return *Prefix::Parse(text); }

struct Builder {
  SavRib rib;
  std::uint32_t Iface(Asn asn, const char* ip) {
    return rib.InterfaceOf({asn, *IpAddress::Parse(ip)});
  }
  void Route(std::uint32_t iface, const char* prefix, std::vector<Asn> path,
             std::uint32_t local_pref = 100) {
    SavRoute r;
    r.prefix = P(prefix);
    r.interface = iface;
    r.origin_asn = path.empty() ? 0 : path.back();
    r.neighbor_asn = path.empty() ? 0 : path.front();
    r.path_length = static_cast<std::uint16_t>(path.size());
    r.origin = 0;
    r.local_pref = local_pref;
    rib.Announce(r, path);
  }
};

std::vector<Prefix> AllowOf(const std::vector<InterfaceAllowList>& lists, std::uint32_t iface) {
  for (const auto& l : lists) {
    if (l.interface == iface) return l.allow;
  }
  ADD_FAILURE() << "no list for interface " << iface;
  return {};
}

std::vector<Prefix> Ps(std::initializer_list<const char*> texts) {
  std::vector<Prefix> v;
  for (const char* t : texts) v.push_back(P(t));
  std::sort(v.begin(), v.end());
  return v;
}

// We are AS4. AS2 (I2) and AS3 (I3) are customers; AS5 (I5) is a provider.
// AS1 is a customer of both AS2 and AS3 and announces P1 = 192.0.2.0/24 only
// towards AS2 and P2 = 198.51.100.0/24 only towards AS3, but sends packets
// sourced from either prefix through both. AS2 originates P3 = 203.0.113.0/24.
// The provider sends P1 and P2 (learnt elsewhere) and P6 = 100.64.0.0/16
// from AS6.
struct Rfc8704Scenario : Builder {
  std::uint32_t i2, i3, i5;
  Rfc8704Scenario() {
    i2 = Iface(2, "10.0.0.2");
    i3 = Iface(3, "10.0.0.3");
    i5 = Iface(5, "10.0.0.5");
    Route(i2, "192.0.2.0/24", {2, 1});
    Route(i2, "203.0.113.0/24", {2});
    Route(i3, "198.51.100.0/24", {3, 1});
    Route(i5, "192.0.2.0/24", {5, 7, 2, 1});
    Route(i5, "198.51.100.0/24", {5, 7, 3, 1});
    Route(i5, "100.64.0.0/16", {5, 6});
    rib.Finish();
  }
  Result<std::vector<InterfaceAllowList>> Run(SavMode mode) {
    SavInputs in;
    in.rib = &rib;
    in.customers = {i2, i3};
    return ComputeAllowLists(mode, in);
  }
  // BAR-SAV for AS2's interface alone.
  Result<std::vector<InterfaceAllowList>> BarSavOfAs2(std::span<const Aspa> aspas,
                                                      std::span<const Vrp> vrps) {
    SavInputs in;
    in.rib = &rib;
    in.customers = {i2};
    in.aspas = aspas;
    in.vrps = vrps;
    return ComputeAllowLists(SavMode::kBarSav, in);
  }
};

// RFC 3704 section 2.2 (strict RPF) accepts a source only on the interface
// the router would use to reach it: P2 arriving from AS2 is dropped.
TEST(SavAllowList, StrictUsesTheBestRouteOnly) {
  Rfc8704Scenario s;
  auto lists = s.Run(SavMode::kStrict);
  ASSERT_TRUE(lists);
  EXPECT_EQ(AllowOf(*lists, s.i2), Ps({"192.0.2.0/24", "203.0.113.0/24"}));
  EXPECT_EQ(AllowOf(*lists, s.i3), Ps({"198.51.100.0/24"}));
}

// RFC 3704 section 2.3 (feasible path RPF): every route received on the
// interface, best or not. Here the same as strict on the customer side; the
// provider interface (when listed) also gets P1 and P2.
TEST(SavAllowList, FeasibleTakesEveryReceivedRoute) {
  Rfc8704Scenario s;
  SavInputs in;
  in.rib = &s.rib;
  auto lists = ComputeAllowLists(SavMode::kFeasible, in);
  ASSERT_TRUE(lists);
  ASSERT_EQ(lists->size(), 3u);
  EXPECT_EQ(AllowOf(*lists, s.i5), Ps({"192.0.2.0/24", "198.51.100.0/24", "100.64.0.0/16"}));
  EXPECT_EQ(AllowOf(*lists, s.i3), Ps({"198.51.100.0/24"}));
}

// RFC 8704 section 3.1, Algorithm A:
//   "1. Create the set of unique origin ASes considering only the routes in
//    the Adj-RIBs-In of customer interfaces. Call it Set A = {AS1, AS2, ...,
//    ASn}.
//    2. Considering all routes in Adj-RIBs-In for all interfaces (customer,
//    lateral peer, and transit provider), form the set of unique prefixes that have a
//    common origin AS1. Call it Set X1.
//    3. Include Set X1 in the RPF list on all customer interfaces on which one
//    or more of the prefixes in Set X1 were received.
//    4. Repeat Steps 2 and 3 for each of the remaining ASes in Set A (i.e.,
//    for ASi, where i = 2, ..., n)."
// Set A = {AS1, AS2}; X1 = {P1, P2} goes to I2 (received P1) and I3
// (received P2); X2 = {P3} goes to I2 only. The asymmetric traffic passes.
TEST(SavAllowList, Rfc8704AlgorithmA) {
  Rfc8704Scenario s;
  auto lists = s.Run(SavMode::kEfpA);
  ASSERT_TRUE(lists);
  EXPECT_EQ(AllowOf(*lists, s.i2), Ps({"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"}));
  EXPECT_EQ(AllowOf(*lists, s.i3), Ps({"192.0.2.0/24", "198.51.100.0/24"}));
}

// RFC 8704 section 3.4, Algorithm B: P = prefixes received on customer
// interfaces, A = their origin ASes, Q = prefixes received on lateral peer
// and provider interfaces whose origin is in A; "Set Z = Union(P,Q) is the
// RPF list that is applied for every customer interface in Set I".
TEST(SavAllowList, Rfc8704AlgorithmB) {
  Rfc8704Scenario s;
  auto lists = s.Run(SavMode::kEfpB);
  ASSERT_TRUE(lists);
  const auto z = Ps({"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"});
  EXPECT_EQ(AllowOf(*lists, s.i2), z);
  EXPECT_EQ(AllowOf(*lists, s.i3), z);
}

// RFC 8704's motivation for Algorithm B (section 3.3): AS1 announces P1 only to
// AS2 yet also sends from P1 through AS3, which announces nothing of AS1's.
// Algorithm A leaves P1 off I3 (no prefix of X1 arrived there); B has it.
TEST(SavAllowList, AlgorithmBCoversACustomerThatAnnouncesNothingOnTheInterface) {
  Builder b;
  const auto i2 = b.Iface(2, "10.0.0.2"), i3 = b.Iface(3, "10.0.0.3");
  b.Route(i2, "192.0.2.0/24", {2, 1});
  b.Route(i3, "198.51.100.0/24", {3});
  b.rib.Finish();
  SavInputs in;
  in.rib = &b.rib;
  in.customers = {i2, i3};
  auto a = ComputeAllowLists(SavMode::kEfpA, in);
  auto bl = ComputeAllowLists(SavMode::kEfpB, in);
  ASSERT_TRUE(a && bl);
  EXPECT_EQ(AllowOf(*a, i3), Ps({"198.51.100.0/24"}));
  EXPECT_EQ(AllowOf(*bl, i3), Ps({"192.0.2.0/24", "198.51.100.0/24"}));
}

// BAR-SAV: the cone of AS2 is AS2, AS1 (which follows AS2 in its paths) and,
// by ASPA, AS8 (whose ASPA names AS1 as provider) and AS9 (customer of AS8);
// its list is the ROAs of the cone plus the routes the cone originates.
TEST(SavAllowList, BarSavConeFromAspaAndPaths) {
  Rfc8704Scenario s;
  std::vector<Aspa> aspas = {{8, {1}}, {9, {8}}, {10, {5}}};
  std::vector<Vrp> vrps = {
      {P("198.18.0.0/15"), 24, 8}, {P("192.88.99.0/24"), 24, 9}, {P("233.252.0.0/24"), 24, 10}};
  auto lists = s.BarSavOfAs2(aspas, vrps);
  ASSERT_TRUE(lists);
  ASSERT_EQ(lists->size(), 1u);
  EXPECT_EQ((*lists)[0].cone, (std::vector<Asn>{1, 2, 8, 9}));
  EXPECT_EQ((*lists)[0].allow, Ps({"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                                   "198.18.0.0/15", "192.88.99.0/24"}));
}

// draft-ietf-sidrops-bar-sav-01 section 4 step 6 takes customers "according
// to unique AS_PATHs in Adj-RIBs-In of all interfaces": AS11 reaches us only
// through the provider, on the path 5 7 2 11, yet follows AS2 there and so
// is in AS2's cone with its prefix. Its note on the "overlapping neighboring
// CC" is this case.
TEST(SavAllowList, BarSavFindsConeMembersOnOtherInterfacesPaths) {
  Rfc8704Scenario s;
  s.Route(s.i5, "192.0.2.128/25", {5, 7, 2, 11});
  s.rib.Finish();
  auto lists = s.BarSavOfAs2({}, {});
  ASSERT_TRUE(lists);
  EXPECT_EQ((*lists)[0].cone, (std::vector<Asn>{1, 2, 11}));
  EXPECT_EQ((*lists)[0].allow,
            Ps({"192.0.2.0/24", "192.0.2.128/25", "198.51.100.0/24", "203.0.113.0/24"}));
}

// Section 4: "any Invalid AS_PATHs must be excluded" (ASPA verification) and
// "any Invalid routes must be excluded" (RPKI-ROV). AS2 leaks to us a route
// of its provider AS5 (path 2 5 6); AS5's ASPA names only AS100, so AS2 is
// not its provider and the path is upstream Invalid: AS5, AS6 and what
// follows AS5 elsewhere (7, then 3) stay out of AS2's cone. AS2's route for
// 198.51.100.0/25 is ROV-Invalid (the ROA gives 198.51.100.0/24-25 to AS3), as
// are AS1's routes for 198.51.100.0/24.
TEST(SavAllowList, BarSavExcludesAspaInvalidPathsAndRovInvalidRoutes) {
  Rfc8704Scenario s;
  s.Route(s.i2, "100.64.0.0/16", {2, 5, 6});
  s.Route(s.i2, "198.51.100.0/25", {2});
  s.rib.Finish();
  std::vector<Aspa> aspas = {{5, {100}}};
  std::vector<Vrp> vrps = {{P("198.51.100.0/24"), 25, 3}};
  auto lists = s.BarSavOfAs2(aspas, vrps);
  ASSERT_TRUE(lists);
  EXPECT_EQ((*lists)[0].cone, (std::vector<Asn>{1, 2}));
  EXPECT_EQ((*lists)[0].allow, Ps({"192.0.2.0/24", "203.0.113.0/24"}));
  auto open = s.BarSavOfAs2({}, {});
  ASSERT_TRUE(open);
  EXPECT_EQ((*open)[0].cone, (std::vector<Asn>{1, 2, 3, 5, 6, 7}));
}

// RFC 8704's figure of AS1 multihomed to AS2 and AS3 (customers of AS4, which
// is us) and to AS5 (AS4's lateral peer), drawn as
//   P1[AS2 AS1] on AS2 -> AS4, P2[AS3 AS1] on AS3 -> AS4, P3[AS5 AS1] on AS5 -> AS4,
// with its conclusion: data packets sourced from AS1 "may be received at AS4
// with a source address in P1, P2, or P3 via any of the neighbors (AS2, AS3,
// AS5)" and "Feasible-path uRPF fails", "Enhanced feasible-path uRPF works
// best". Algorithm A: Set A = {AS1}, X1 = {P1, P2, P3}, received on both
// customer interfaces. Algorithm B: P = {P1, P2}, A = {AS1}, Q = {P3}.
TEST(SavAllowList, Rfc8704FigureAs1ThroughAs2As3AndLateralPeerAs5) {
  Builder b;
  const auto i2 = b.Iface(2, "10.0.0.2"), i3 = b.Iface(3, "10.0.0.3"), i5 = b.Iface(5, "10.0.0.5");
  b.Route(i2, "192.0.2.0/24", {2, 1});
  b.Route(i3, "198.51.100.0/24", {3, 1});
  b.Route(i5, "203.0.113.0/24", {5, 1});
  b.rib.Finish();
  SavInputs in;
  in.rib = &b.rib;
  in.customers = {i2, i3};
  const auto all = Ps({"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"});
  auto feasible = ComputeAllowLists(SavMode::kFeasible, in);
  auto a = ComputeAllowLists(SavMode::kEfpA, in);
  auto bl = ComputeAllowLists(SavMode::kEfpB, in);
  ASSERT_TRUE(feasible && a && bl);
  EXPECT_EQ(AllowOf(*feasible, i2), Ps({"192.0.2.0/24"}));  // fails for P2 and P3 on AS2
  EXPECT_EQ(AllowOf(*feasible, i3), Ps({"198.51.100.0/24"}));
  for (const auto* lists : {&*a, &*bl}) {
    EXPECT_EQ(AllowOf(*lists, i2), all);
    EXPECT_EQ(AllowOf(*lists, i3), all);
  }
}

TEST(SavAllowList, BestRouteFollowsTheDecisionSteps) {
  Builder b;
  const auto i1 = b.Iface(1, "10.0.0.9"), i2 = b.Iface(2, "10.0.0.1"), i3 = b.Iface(3, "10.0.0.3");
  b.Route(i1, "192.0.2.0/24", {1, 9}, 200);  // highest LOCAL_PREF wins over a shorter path
  b.Route(i2, "192.0.2.0/24", {2});
  b.Route(i2, "198.51.100.0/24", {2, 9});  // equal: lowest peer address (10.0.0.1)
  b.Route(i3, "198.51.100.0/24", {3, 9});
  b.Route(i3, "203.0.113.0/24", {3});  // shorter AS path
  b.Route(i1, "203.0.113.0/24", {1, 3});
  b.rib.Finish();
  SavInputs in;
  in.rib = &b.rib;
  auto lists = ComputeAllowLists(SavMode::kStrict, in);
  ASSERT_TRUE(lists);
  EXPECT_EQ(AllowOf(*lists, i1), Ps({"192.0.2.0/24"}));
  EXPECT_EQ(AllowOf(*lists, i2), Ps({"198.51.100.0/24"}));
  EXPECT_EQ(AllowOf(*lists, i3), Ps({"203.0.113.0/24"}));
}

TEST(SavAllowList, WithdrawalsAndReplacementsReplayInOrder) {
  Builder b;
  const auto i = b.Iface(1, "10.0.0.1");
  b.Route(i, "192.0.2.0/24", {1, 5});
  b.rib.Withdraw(P("192.0.2.0/24"), i);
  b.Route(i, "198.51.100.0/24", {1, 5});
  b.Route(i, "198.51.100.0/24", {1, 6});  // replaces: origin 6
  b.rib.Finish();
  ASSERT_EQ(b.rib.routes().size(), 1u);
  EXPECT_EQ(b.rib.routes()[0].origin_asn, 6u);
}

TEST(SavAllowList, ASessionGoingDownDropsItsRoutes) {
  Builder b;
  const auto i = b.Iface(1, "10.0.0.1"), j = b.Iface(2, "10.0.0.2");
  b.Route(i, "192.0.2.0/24", {1});
  b.Route(j, "192.0.2.0/24", {2});
  b.rib.DropInterface(i);
  b.Route(i, "198.51.100.0/24", {1});  // announced after the session came back
  b.rib.Finish();
  ASSERT_EQ(b.rib.routes().size(), 2u);
  EXPECT_EQ(b.rib.routes()[0].interface, j);
  EXPECT_EQ(b.rib.routes()[1].prefix, P("198.51.100.0/24"));
}

TEST(SavAllowList, EfpModesNeedCustomers) {
  Rfc8704Scenario s;
  SavInputs in;
  in.rib = &s.rib;
  EXPECT_FALSE(ComputeAllowLists(SavMode::kEfpA, in));
  EXPECT_FALSE(ComputeAllowLists(SavMode::kBarSav, in));
  EXPECT_FALSE(ParseSavMode("loose"));
  EXPECT_EQ(*ParseSavMode("efp-b"), SavMode::kEfpB);
}

}  // namespace
}  // namespace manrs
