// RouteChecker: each check runs exactly when its input is configured, and
// its finding lands in the verdict; the verdict's storage is reused.
#include "manrs/validate/route_checks.h"

#include <gtest/gtest.h>

#include <vector>

namespace manrs {
namespace {

Prefix P(const char* text) { return *Prefix::Parse(text); }

PathAttributes Route(std::vector<Asn> path, std::optional<Asn> otc = std::nullopt) {
  PathAttributes a;
  a.present.set(kAttrAsPath);
  a.as_path.Append(SegmentType::kAsSequence, path);
  if (otc) {
    a.present.set(kAttrOtc);
    a.otc = *otc;
  }
  return a;
}

class RouteChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Vrp> vrps = {*MakeVrp(P("1.1.1.0/24"), 24, 13335),
                             *MakeVrp(P("8.8.8.0/22"), 24, 15169)};
    vrps_ = std::move(*VrpTable::Build(vrps));
    std::vector<Aspa> aspas = {{13335, {174}}};
    aspas_ = AspaTable(aspas);
    // 174 provides transit to 13335; 3356 and 174 peer; 6939 is a customer of 3356.
    relationships_.Add(174, 13335, -1);
    relationships_.Add(3356, 174, 0);
    relationships_.Add(3356, 6939, -1);
  }

  VrpTable vrps_;
  AspaTable aspas_;
  BogonPrefixes bogons_ = BogonPrefixes::BuiltIn();
  AsRelationships relationships_;
};

TEST_F(RouteChecksTest, NothingConfiguredRunsOnlyTheTableFreeChecks) {
  RouteCheckConfig config;
  config.bogon_asns = false;
  config.too_specific = false;
  RouteVerdict v;
  RouteChecker(config).Check(P("1.1.1.0/24"), 1, Route({174, 13335}), 174, &v);
  EXPECT_EQ(v.origin, Asn{13335});
  EXPECT_FALSE(v.rov || v.aspa || v.bogon_prefix || v.valley_free || v.otc_ingress);
  EXPECT_FALSE(v.AnyProblem());
}

TEST_F(RouteChecksTest, EveryCheckReportsItsFinding) {
  RouteCheckConfig config;
  config.vrps = &vrps_;
  config.aspas = &aspas_;
  config.bogons = &bogons_;
  config.relationships = &relationships_;
  config.receiver_role = BgpRole::kProvider;  // the neighbour is our customer
  RouteChecker checker(config);
  RouteVerdict v;

  checker.Check(P("1.1.1.0/24"), 1, Route({174, 13335}), 174, &v);
  EXPECT_EQ(v.rov->state, RovState::kValid);
  EXPECT_EQ(v.aspa->state, AspaState::kValid);
  EXPECT_EQ(v.valley_free->state, ValleyFreeState::kValid);
  EXPECT_FALSE(v.bogon_prefix);
  EXPECT_FALSE(v.AnyProblem());

  // 174 learned it from its customer 13335, 3356 from its peer 174 and 6939
  // from its provider 3356, all valley-free; then 6939 sends it up to its
  // provider 3356 again: 6939 leaked it.
  checker.Check(P("1.1.1.0/25"), 1, Route({3356, 6939, 3356, 174, 13335}), 3356, &v);
  EXPECT_EQ(v.rov->state, RovState::kInvalid);
  EXPECT_EQ(v.rov->reason, RovReason::kTooSpecific);
  EXPECT_EQ(v.valley_free->state, ValleyFreeState::kLeak);
  EXPECT_EQ(v.valley_free->leaking_asn, Asn{6939});
  EXPECT_TRUE(v.AnyProblem());

  // A bogon prefix, private and documentation ASNs in the path, too specific.
  checker.Check(P("10.1.2.0/25"), 1, Route({64512, 65000, 64496}), 64512, &v);
  ASSERT_TRUE(v.bogon_prefix);
  EXPECT_EQ(v.bogon_prefix->block, P("10.0.0.0/8"));
  ASSERT_EQ(v.bogon_asns.size(), 3u);
  EXPECT_EQ(v.bogon_asns[2].range->kind, BogonAsnKind::kDocumentation);
  EXPECT_TRUE(v.too_specific);

  // The storage is reused: a clean route clears the earlier findings.
  checker.Check(P("8.8.9.0/24"), 1, Route({174, 15169}), 174, &v);
  EXPECT_FALSE(v.bogon_prefix);
  EXPECT_TRUE(v.bogon_asns.empty());
  EXPECT_FALSE(v.too_specific);
  EXPECT_EQ(v.rov->state, RovState::kValid);
}

// RFC 9234 section 5: "If a route with the OTC Attribute is received from a
// Customer or an RS-Client, then it is a route leak and MUST be considered
// ineligible".
TEST_F(RouteChecksTest, OtcIngressFromACustomerIsALeak) {
  RouteCheckConfig config;
  config.receiver_role = BgpRole::kProvider;
  RouteVerdict v;
  RouteChecker(config).Check(P("203.0.113.0/24"), 1, Route({6939, 3356}, 3356), 6939, &v);
  EXPECT_EQ(v.otc, Asn{3356});
  ASSERT_TRUE(v.otc_ingress);
  EXPECT_TRUE(v.otc_ingress->leak);
  EXPECT_EQ(v.otc_ingress->rule, 1);
  EXPECT_TRUE(v.AnyProblem());

  // The OTC procedures apply to unicast only (RFC 9234 section 5).
  RouteChecker(config).Check(P("203.0.113.0/24"), 2, Route({6939, 3356}, 3356), 6939, &v);
  EXPECT_FALSE(v.otc_ingress);
}

}  // namespace
}  // namespace manrs
