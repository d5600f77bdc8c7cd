// ASPA verification against the text of draft-ietf-sidrops-aspa-verification-24:
// the provider authorization function (section 5), steps 1-3 of the
// procedures (sections 6.2, 6.3), the ramp bounds of section 6.1, the
// principle of figure 2, and the properties of its appendix "Properties and
// Early Adoption Benefits". Each test quotes the rule it checks. The RTRlib
// cases are in aspa_rtrlib_test.cc, the differential tests in
// aspa_differential_test.cc.
#include "manrs/rpki/aspa_verification.h"

#include <gtest/gtest.h>

#include <vector>

#include "manrs/rpki/aspa_oracle.h"

namespace manrs {
namespace {

constexpr AspaDirection kUp = AspaDirection::kUpstream;
constexpr AspaDirection kDown = AspaDirection::kDownstream;

AsPath Seq(std::vector<Asn> asns) {
  AsPath p;
  p.Append(SegmentType::kAsSequence, asns);
  return p;
}

// Verifies with the fast code and checks that the oracle agrees in full.
AspaVerdict Verify(const std::vector<Aspa>& aspas, const AsPath& path, AspaDirection d,
                   AspaSession session = {}) {
  AspaVerdict fast = VerifyAsPath(AspaTable(aspas), path, d, session);
  AspaVerdict slow = AspaOracle(aspas).Verify(path, d, session);
  EXPECT_EQ(fast, slow) << path.ToString() << " " << AspaDirectionName(d) << ": fast "
                        << ToString(fast) << ", oracle " << ToString(slow);
  return fast;
}

// Section 5: authorized(AS x, AS y) = "No Attestation" if there is no entry
// in U-SPAS table for CAS = AS x; else "Provider+" if the U-SPAS entry for
// CAS = AS x includes AS y; else "Not Provider+".
TEST(AspaAuthorizationTest, ThreeOutcomesOfFigure1) {
  AspaTable table(std::vector<Aspa>{{64500, {64501, 64502}}});
  EXPECT_EQ(table.Authorized(64500, 64501), AspaAuthorization::kProviderPlus);
  EXPECT_EQ(table.Authorized(64500, 64502), AspaAuthorization::kProviderPlus);
  EXPECT_EQ(table.Authorized(64500, 64503), AspaAuthorization::kNotProviderPlus);
  EXPECT_EQ(table.Authorized(64501, 64500), AspaAuthorization::kNoAttestation);
  EXPECT_STREQ(AspaAuthorizationName(AspaAuthorization::kProviderPlus), "provider+");
}

// Section 5: "In case a CAS has multiple cryptographically valid ASPAs, then
// the U-SPAS for the CAS is the union of AS listed in all SPAS of these ASPAs."
TEST(AspaAuthorizationTest, SeveralAspasOfOneCustomerFormTheUnion) {
  std::vector<Aspa> aspas = {{64500, {64501}}, {64500, {64502, 64501}}, {64510, {64511}}};
  AspaTable table(aspas);
  AspaOracle oracle(aspas);
  EXPECT_EQ(table.size(), 2u);
  ASSERT_NE(table.Providers(64500), nullptr);
  EXPECT_EQ(*table.Providers(64500), (std::vector<Asn>{64501, 64502}));
  for (Asn p : {64501u, 64502u}) {
    EXPECT_EQ(table.Authorized(64500, p), AspaAuthorization::kProviderPlus);
    EXPECT_EQ(oracle.Authorized(64500, p), AspaAuthorization::kProviderPlus);
  }
  table.Add({64500, {64503}});
  EXPECT_EQ(table.Authorized(64500, 64503), AspaAuthorization::kProviderPlus);
  EXPECT_EQ(table.Authorized(64500, 64501), AspaAuthorization::kProviderPlus);
}

// Section 4: "An ASPA object showing only AS 0 as a provider AS is referred to
// as an AS0 ASPA ... a statement by the registering AS that it has no transit
// providers" and "an unexpected presence of AS 0 has no influence on the
// AS_PATH verification procedures".
TEST(AspaAuthorizationTest, As0AspaAttestsNoProvider) {
  std::vector<Aspa> aspas = {{64500, {0}}, {64510, {0, 64511}}};
  AspaTable table(aspas);
  AspaOracle oracle(aspas);
  EXPECT_EQ(table.Authorized(64500, 64501), AspaAuthorization::kNotProviderPlus);
  EXPECT_EQ(table.Authorized(64500, 0), AspaAuthorization::kNotProviderPlus);
  EXPECT_EQ(oracle.Authorized(64500, 0), AspaAuthorization::kNotProviderPlus);
  EXPECT_EQ(table.Authorized(64510, 64511), AspaAuthorization::kProviderPlus);
  EXPECT_EQ(table.Authorized(64510, 0), AspaAuthorization::kNotProviderPlus);
  ASSERT_NE(table.Providers(64500), nullptr);
  EXPECT_TRUE(table.Providers(64500)->empty());
  // The AS0 ASPA makes the up-ramp stop at the origin: AS 64501 is not a provider.
  EXPECT_EQ(Verify(aspas, Seq({64501, 64500}), kUp).state, AspaState::kInvalid);
}

// Section 6.1: "Let the sequence COMPRESSED_AS_PATH {AS(N), ..., AS(1)}
// represent the AS_PATH in terms of unique ASNs". Prepends collapse.
TEST(AspaVerificationTest, PrependsCollapse) {
  std::vector<Asn> out;
  AsPath p = Seq({3, 3, 3, 2, 1, 1});
  ASSERT_TRUE(CompressAsPath(p, &out));
  EXPECT_EQ(out, (std::vector<Asn>{3, 2, 1}));
  EXPECT_EQ(AspaOracle::CompressedAsPath(p), (std::vector<Asn>{1, 2, 3}));
  std::vector<Aspa> aspas = {{1, {2}}, {2, {3}}};
  AspaVerdict v = Verify(aspas, p, kUp);
  EXPECT_EQ(v.state, AspaState::kValid);
  EXPECT_EQ(v.n, 3u);
  EXPECT_EQ(v, Verify(aspas, Seq({3, 2, 1}), kUp));
  // Repeats across segment boundaries collapse too; an AS seen again later stays.
  AsPath split = Seq({3, 2});
  split.Append(SegmentType::kAsSequence, std::vector<Asn>{2, 1, 2});
  ASSERT_TRUE(CompressAsPath(split, &out));
  EXPECT_EQ(out, (std::vector<Asn>{3, 2, 1, 2}));
}

// Sections 6.2 and 6.3, step 1: "If the AS_PATH is empty, then the procedure
// halts with the outcome Invalid."
TEST(AspaVerificationTest, Step1EmptyPathIsInvalid) {
  for (AspaDirection d : {kUp, kDown}) {
    AspaVerdict v = Verify({}, AsPath(), d);
    EXPECT_EQ(v.state, AspaState::kInvalid);
    EXPECT_EQ(v.reason, AspaReason::kEmptyPath);
    EXPECT_EQ(VerifyAsPath(AspaTable(), std::span<const Asn>(), d).reason, AspaReason::kEmptyPath);
    AsPath confed_only;
    confed_only.Append(SegmentType::kConfedSequence, std::vector<Asn>{65001});
    EXPECT_EQ(Verify({}, confed_only, d).reason, AspaReason::kEmptyPath);
  }
}

// Section 6.2, step 2: "If the receiving AS is not an RS-client and the most
// recently added AS in the AS_PATH does not match the neighbor AS, then the
// procedure halts with the outcome Invalid." Section 6.3, step 2: the same
// without the RS-client exception.
TEST(AspaVerificationTest, Step2NeighborMustBeTheMostRecentAs) {
  std::vector<Aspa> aspas = {{1, {2}}};
  AspaSession session{2, false};
  AspaSession rs_client{2, true};
  for (AspaDirection d : {kUp, kDown}) {
    EXPECT_EQ(Verify(aspas, Seq({2, 1}), d, session).state, AspaState::kValid);
    EXPECT_EQ(Verify(aspas, Seq({2, 2, 1}), d, session).state, AspaState::kValid);
    AspaVerdict v = Verify(aspas, Seq({3, 2, 1}), d, session);
    EXPECT_EQ(v.state, AspaState::kInvalid);
    EXPECT_EQ(v.reason, AspaReason::kNeighborMismatch);
  }
  // An RS-client receiving from a transparent route server: no step 2.
  EXPECT_EQ(Verify(aspas, Seq({1}), kUp, rs_client).state, AspaState::kValid);
  EXPECT_EQ(Verify(aspas, Seq({1}), kDown, rs_client).reason, AspaReason::kNeighborMismatch);
  // neighbor_asn 0: the neighbour is not known, step 2 is skipped.
  EXPECT_EQ(Verify(aspas, Seq({1}), kDown).state, AspaState::kValid);
}

// Sections 6.2 and 6.3, step 3: "If the AS_PATH has an AS_SET, then the
// procedure halts with the outcome Invalid."
TEST(AspaVerificationTest, Step3AsSetAnywhereIsInvalid) {
  std::vector<Aspa> aspas = {{1, {2}}, {2, {3}}};
  AsPath tail_set = Seq({3, 2});
  tail_set.Append(SegmentType::kAsSet, std::vector<Asn>{1, 4});
  AsPath head_set;
  head_set.Append(SegmentType::kAsSet, std::vector<Asn>{3, 5});
  head_set.Append(SegmentType::kAsSequence, std::vector<Asn>{2, 1});
  AsPath empty_set = Seq({3, 2});
  empty_set.Append(SegmentType::kAsSet, std::vector<Asn>{});
  AsPath confed_set = Seq({3});
  confed_set.Append(SegmentType::kConfedSet, std::vector<Asn>{65001});
  confed_set.Append(SegmentType::kAsSequence, std::vector<Asn>{2, 1});
  std::vector<Asn> out;
  for (const AsPath* p : {&tail_set, &head_set, &empty_set, &confed_set}) {
    EXPECT_FALSE(CompressAsPath(*p, &out));
    for (AspaDirection d : {kUp, kDown}) {
      AspaVerdict v = Verify(aspas, *p, d, AspaSession{3, false});
      EXPECT_EQ(v.state, AspaState::kInvalid) << p->ToString();
      EXPECT_EQ(v.reason, AspaReason::kAsSet) << p->ToString();
    }
  }
}

// Our reading: confederation sequences are not part of the inter-AS path
// (RFC 5065 has them removed at the confederation's edge).
TEST(AspaVerificationTest, ConfedSequencesAreSkipped) {
  std::vector<Aspa> aspas = {{1, {2}}, {2, {3}}};
  AsPath p;
  p.Append(SegmentType::kConfedSequence, std::vector<Asn>{65001, 65002});
  p.Append(SegmentType::kAsSequence, std::vector<Asn>{3, 2, 1});
  for (AspaDirection d : {kUp, kDown}) {
    EXPECT_EQ(Verify(aspas, p, d, AspaSession{3, false}),
              Verify(aspas, Seq({3, 2, 1}), d, AspaSession{3, false}));
  }
}

// Section 6.1, the four bounds on one downstream path, AS(6) .. AS(1) =
// 6 5 4 3 2 1, built so that each differs from the others:
//   "max_up_ramp ... I, where I is the minimum index for which
//    authorized(A(I), A(I+1)) returns Not Provider+"          -> 3
//   "min_up_ramp ... No Attestation or Not Provider+"          -> 2
//   "max_down_ramp ... N - J + 1 where J is the maximum index for which
//    authorized(A(J), A(J-1)) returns Not Provider+"           -> 3
//   "min_down_ramp ... No Attestation or Not Provider+"        -> 2
// "If the sum of max_up_ramp and max_down_ramp is less than N, the AS_PATH is
// Invalid. Else, if the sum of min_up_ramp and min_down_ramp is less than N,
// ... Unknown. Else, the AS_PATH is Valid."
TEST(AspaVerificationTest, RampBoundsOfSection61) {
  // up hops: (1,2) P+, (2,3) no attestation, (3,4) not P+.
  // down hops: (6,5) P+, (5,4) no attestation, (4,3) not P+, (3,2) P+.
  std::vector<Aspa> aspas = {{1, {2}}, {3, {2}}, {4, {99}}, {6, {5}}};
  AsPath p = Seq({6, 5, 4, 3, 2, 1});
  AspaVerdict down = Verify(aspas, p, kDown);
  EXPECT_EQ(down.n, 6u);
  EXPECT_EQ(down.max_up_ramp, 3u);
  EXPECT_EQ(down.min_up_ramp, 2u);
  EXPECT_EQ(down.max_down_ramp, 3u);
  EXPECT_EQ(down.min_down_ramp, 2u);
  EXPECT_EQ(down.state, AspaState::kUnknown);
  EXPECT_EQ(down.up_hop, (AspaHop{2, 2, 3, AspaAuthorization::kNoAttestation}));
  EXPECT_EQ(down.down_hop, (AspaHop{5, 5, 4, AspaAuthorization::kNoAttestation}));
  // Section 6.2: "max_down_ramp and min_down_ramp are set to 0."
  AspaVerdict up = Verify(aspas, p, kUp);
  EXPECT_EQ(up.max_down_ramp, 0u);
  EXPECT_EQ(up.min_down_ramp, 0u);
  EXPECT_EQ(up.state, AspaState::kInvalid);
  EXPECT_EQ(up.reason, AspaReason::kNotProviderPlus);
  EXPECT_EQ(up.up_hop, (AspaHop{3, 3, 4, AspaAuthorization::kNotProviderPlus}));
  EXPECT_FALSE(up.down_hop.has_value());
  EXPECT_EQ(ToString(up),
            "invalid (not-provider+); up-ramp ends at AS3 -> AS4 (index 3, not-provider+)");
}

// Section 6.1, figure 2: "The AS_PATH is invalid if apexes of the up-ramp and
// down-ramp (AS(K) and AS(L), respectively) ... are apart by more than one
// hop; else, it is valid." "If the COMPRESSED_AS_PATH has no up-ramp, it
// results in that K = 1. If ... no down-ramp, ... L = N."
TEST(AspaVerificationTest, ApexesOfFigure2) {
  // Fully attested, so the bounds meet the true ramps.
  // K = 2, L = 3: AS(2) and AS(3) are lateral peers at the top. Valid.
  std::vector<Aspa> peers_at_top = {{1, {2}}, {2, {9}}, {3, {9}}, {4, {3}}};
  EXPECT_EQ(Verify(peers_at_top, Seq({4, 3, 2, 1}), kDown).state, AspaState::kValid);
  // K = 2, L = 4: AS(3) sits between the apexes. Invalid.
  std::vector<Aspa> gap = {{1, {2}}, {2, {9}}, {3, {9}}, {4, {9}}, {5, {4}}};
  AspaVerdict v = Verify(gap, Seq({5, 4, 3, 2, 1}), kDown);
  EXPECT_EQ(v.state, AspaState::kInvalid);
  EXPECT_EQ(v.up_hop, (AspaHop{2, 2, 3, AspaAuthorization::kNotProviderPlus}));
  EXPECT_EQ(v.down_hop, (AspaHop{4, 4, 3, AspaAuthorization::kNotProviderPlus}));
  // No up-ramp (K = 1), a down-ramp all the way (L = 1): Valid downstream.
  std::vector<Aspa> down_only = {{1, {9}}, {2, {1}}, {3, {2}}};
  EXPECT_EQ(Verify(down_only, Seq({3, 2, 1}), kDown).state, AspaState::kValid);
  // Upstream "expects the AS_PATH to have only an up-ramp (no down-ramp)".
  EXPECT_EQ(Verify(down_only, Seq({3, 2, 1}), kUp).state, AspaState::kInvalid);
  // A single AS is both apexes.
  EXPECT_EQ(Verify({}, Seq({7}), kUp).state, AspaState::kValid);
  EXPECT_EQ(Verify({}, Seq({7, 7}), kDown).state, AspaState::kValid);
}

// Appendix, Property 1 (Route Leak Detection): "Consider a route propagated
// from AS A to a customer or lateral peer. The route is subsequently leaked by
// an offending AS in the AS path before being received at AS B on a customer
// or lateral peer interface. The ASPA-based path verification at AS B always
// detects such a route leak". A = 10 has an ASPA (without 20, its customer);
// nothing is known of anybody else, and the leak goes up through 30 and 40.
TEST(AspaPropertiesTest, Property1RouteLeakDetected) {
  std::vector<Aspa> aspas = {{10, {11, 12}}};
  for (const std::vector<Asn>& path :
       {std::vector<Asn>{20, 10, 5}, {40, 30, 20, 10, 11, 5}, {40, 20, 20, 10}}) {
    AspaVerdict v = Verify(aspas, Seq(path), kUp, AspaSession{path.front(), false});
    EXPECT_EQ(v.state, AspaState::kInvalid) << Seq(path).ToString();
    ASSERT_TRUE(v.up_hop.has_value());
    EXPECT_EQ(v.up_hop->customer, 10u);
    EXPECT_EQ(v.up_hop->provider, 20u);
  }
}

// Property 2 (Detection of Forged-Origin Prefix Hijack): "Consider a route
// received at AS B on a customer or lateral peer interface that is a
// forged-origin prefix hijack involving AS A as the forged-origin. Assume that
// the offending AS X is not included in the ASPA of AS A. The ASPA-based path
// verification at AS B always detects such a forged-origin prefix hijack."
TEST(AspaPropertiesTest, Property2ForgedOriginDetected) {
  std::vector<Aspa> aspas = {{10, {11}}};
  EXPECT_EQ(Verify(aspas, Seq({66, 10}), kUp).state, AspaState::kInvalid);
  EXPECT_EQ(Verify(aspas, Seq({77, 66, 10}), kUp).state, AspaState::kInvalid);
  EXPECT_EQ(Verify(aspas, Seq({11, 10}), kUp).state, AspaState::kValid);
}

// Property 3 (Detection of Forged-Path-Segment Prefix Hijack): "a prefix hijack
// with a forged-path-segment {AS P, AS A} ... Assume that AS X is not included
// in the ASPA of AS P or AS Q. The ASPA-based path verification at AS B always
// detects such a forged-path-segment prefix hijack."
TEST(AspaPropertiesTest, Property3ForgedPathSegmentDetected) {
  std::vector<Aspa> aspas = {{10, {11, 12}}, {11, {13}}, {12, {13}}};
  for (Asn p : {11u, 12u}) {
    EXPECT_EQ(Verify(aspas, Seq({66, p, 10}), kUp).state, AspaState::kInvalid);
  }
  // "the hijacker may resort to a forged-path-segment with three ASes
  // including a provider AS of AS P ... even that can be foiled (detected) if
  // the providers of AS P and AS Q also register ASPA."
  EXPECT_EQ(Verify(aspas, Seq({66, 13, 11, 10}), kUp).state, AspaState::kUnknown);
  aspas.push_back({13, {14}});
  EXPECT_EQ(Verify(aspas, Seq({66, 13, 11, 10}), kUp).state, AspaState::kInvalid);
}

// Section 6.3 is applied "when a route is received from a Provider": leaks that
// the upstream check flags may be fine from above, valleys never are.
TEST(AspaVerificationTest, DownstreamAcceptsWhatComesDownButNotValleys) {
  std::vector<Aspa> aspas = {{1, {2}}, {2, {3}}, {3, {9}}, {4, {3}}, {5, {4}}};
  EXPECT_EQ(Verify(aspas, Seq({5, 4, 3, 2, 1}), kDown).state, AspaState::kValid);
  EXPECT_EQ(Verify(aspas, Seq({5, 4, 3, 2, 1}), kUp).state, AspaState::kInvalid);
  // 4 learnt from its provider 3 and passed it up to 6: a valley at 4.
  aspas.push_back({6, {7}});
  aspas.push_back({4, {8}});
  AspaVerdict v = Verify(aspas, Seq({6, 4, 3, 2, 1}), kDown);
  EXPECT_EQ(v.state, AspaState::kInvalid);
  EXPECT_EQ(v.up_hop, (AspaHop{3, 3, 4, AspaAuthorization::kNotProviderPlus}));
  EXPECT_EQ(v.down_hop, (AspaHop{5, 6, 4, AspaAuthorization::kNotProviderPlus}));
  // Without 3's attestation the up-ramp might reach 4: only Unknown.
  aspas.erase(aspas.begin() + 2);
  EXPECT_EQ(Verify(aspas, Seq({6, 4, 3, 2, 1}), kDown).state, AspaState::kUnknown);
}

}  // namespace
}  // namespace manrs
