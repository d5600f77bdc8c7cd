// `manrs policy check`: one crafted route per reject reason, each test
// quoting the rule it checks (doc/advice.md, "policy check").
#include "manrs/advice/policy_check.h"

#include <gtest/gtest.h>

#include "manrs/rpsl/object_reader.h"

namespace manrs {
namespace {

Prefix P(const char* text) { return *Prefix::Parse(text); }
const IpAddress kPeer = *IpAddress::Parse("198.51.100.1");

class PolicyCheckTest : public ::testing::Test {
 protected:
  PolicyCheckTest() {
    vrps_ = *VrpTable::Build({Vrp{P("185.1.0.0/16"), 24, 64510}});
    config_.checks.vrps = &vrps_;
    config_.checks.bogons = &bogons_;
    config_.checks.too_specific = false;
    for (Asn a : DefaultTransitFreeAsns()) config_.transit_free.insert(a);
  }
  std::string Reasons(const char* prefix, std::vector<Asn> path, Asn peer,
                      IpAddress next_hop = kPeer) {
    PathAttributes a;
    a.as_path.Append(SegmentType::kAsSequence, path);
    a.next_hop = next_hop;
    Element e;
    e.peer_ip = kPeer;
    e.peer_asn = peer;
    e.prefix = P(prefix);
    e.attributes = &a;
    PolicyChecker checker(config_);
    RouteDecision d = checker.Check(e);
    EXPECT_EQ(d.accepted, d.reasons == 0);
    return ReasonList(d.reasons);
  }
  VrpTable vrps_;
  BogonPrefixes bogons_ = BogonPrefixes::BuiltIn();
  PolicyConfig config_;
};

TEST_F(PolicyCheckTest, EachReason) {
  // A clean route from a public neighbour (13030) for a public origin (8220).
  EXPECT_EQ(Reasons("185.2.0.0/16", {13030, 8220}, 13030), "");
  // "bogon prefix": RFC 1918 space.
  EXPECT_EQ(Reasons("10.1.0.0/16", {13030}, 13030), "bogon-prefix");
  // "bogon ASN in path": a private ASN (RFC 6996) anywhere in the path.
  EXPECT_EQ(Reasons("185.2.0.0/16", {13030, 64512, 8220}, 13030), "bogon-asn");
  // "prefix too long or too short": IPv4 longer than /24, shorter than /8.
  EXPECT_EQ(Reasons("185.2.0.0/25", {13030}, 13030), "prefix-too-long");
  EXPECT_EQ(Reasons("64.0.0.0/7", {13030}, 13030), "prefix-too-short");
  EXPECT_EQ(Reasons("2a00:1::/49", {13030}, 13030), "prefix-too-long");
  // "path too long": more than 32 ASes, prepends counted.
  EXPECT_EQ(Reasons("185.2.0.0/16", std::vector<Asn>(33, 13030), 13030), "path-too-long");
  // "first AS is not the neighbour".
  EXPECT_EQ(Reasons("185.2.0.0/16", {8220}, 13030), "first-as-not-peer");
  // "transit-free AS behind a customer": AS3356 behind AS13030.
  EXPECT_EQ(Reasons("185.2.0.0/16", {13030, 3356, 8220}, 13030), "transit-free-asn");
  // ... but not when the neighbour is itself transit-free.
  EXPECT_EQ(Reasons("185.2.0.0/16", {3356, 1299, 8220}, 3356), "");
  // "RPKI invalid": the VRP 185.1.0.0/16-24 names AS64510.
  EXPECT_EQ(Reasons("185.1.1.0/24", {13030, 8220}, 13030), "rpki-invalid");
  // "next-hop not the peer".
  EXPECT_EQ(Reasons("185.2.0.0/16", {13030}, 13030, *IpAddress::Parse("198.51.100.9")),
            "next-hop-not-peer");
  // Every reason, not the first one only.
  EXPECT_EQ(Reasons("10.1.0.0/25", {8220, 64512}, 13030),
            "bogon-prefix,bogon-asn,prefix-too-long,first-as-not-peer");
}

TEST_F(PolicyCheckTest, AsSetAndIrr) {
  IrrDatabase irr;
  ProblemLog problems;
  auto source = irr.AddSource("RIPE");
  RpslReader reader("route: 185.2.0.0/16\norigin: AS8220\nsource: RIPE\n", "t", &problems);
  RpslObject o;
  while (reader.Next(&o)) irr.AddObject(o, *source, "t", problems);
  irr.Finish();
  std::unordered_set<Asn> origins{8220};
  config_.irr = &irr;
  config_.as_set_origins = &origins;
  EXPECT_EQ(Reasons("185.2.0.0/16", {13030, 8220}, 13030), "");
  // "prefix not registered for the origin": a more-specific is not the object.
  EXPECT_EQ(Reasons("185.2.1.0/24", {13030, 8220}, 13030), "prefix-not-registered");
  // "origin not in the neighbour's AS-SET".
  EXPECT_EQ(Reasons("185.2.0.0/16", {13030, 8221}, 13030),
            "origin-not-in-as-set,prefix-not-registered");
}

// A neighbour's summary counts every route once, accepted or rejected, and
// each reason of a rejected route under that reason.
TEST(NeighbourSummaryTest, CountsRoutesAndEachReason) {
  NeighbourSummary s;
  s.Count(RouteDecision{true, 0});
  const std::uint32_t two = 1u << static_cast<int>(RejectReason::kRpkiInvalid) |
                            1u << static_cast<int>(RejectReason::kBogonAsn);
  s.Count(RouteDecision{false, two});
  s.Count(RouteDecision{false, 1u << static_cast<int>(RejectReason::kRpkiInvalid)});
  EXPECT_EQ(s.routes, 3u);
  EXPECT_EQ(s.accepted, 1u);
  EXPECT_EQ(s.rejected, 2u);
  EXPECT_EQ(s.by_reason[static_cast<std::size_t>(RejectReason::kRpkiInvalid)], 2u);
  EXPECT_EQ(s.by_reason[static_cast<std::size_t>(RejectReason::kBogonAsn)], 1u);
  EXPECT_EQ(s.by_reason[static_cast<std::size_t>(RejectReason::kPathTooLong)], 0u);
  EXPECT_EQ(ReasonJson(two), "[\"bogon-asn\",\"rpki-invalid\"]");
  EXPECT_EQ(ReasonJson(0), "[]");
  EXPECT_EQ(SummaryJson({s}),
            "[{\"asn\":0,\"routes\":3,\"accepted\":1,\"rejected\":2,\"by_reason\":{"
            "\"bogon-asn\":1,\"rpki-invalid\":2}}]");
}

}  // namespace
}  // namespace manrs
