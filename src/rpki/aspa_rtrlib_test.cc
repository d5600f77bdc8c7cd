// The cases of RTRlib's AS_PATH verification tests (rtrlib/rtrlib,
// tests/test_as_path_verification.c; its examples 1-18 come from the IETF
// hackathon set netd-tud/IETF-ASPA ietf-hackathon/tests.py, which follows the
// draft's online examples, and example 19 from K. Sriram), written again as
// our own table-driven tests: the ASPAs, the path (neighbour first, as on the
// wire) and the expected outcome of each. Every case is also checked against
// AspaOracle. RTRlib's tests/test_aspa.c covers the RTR ASPA PDUs, not
// verification, and has no cases for us.
//
// Three expectations differ, each marked "RTRlib:" below, and in each we follow
// the draft:
//  - the empty path: RTRlib says Valid; draft -24 step 1 says "If the AS_PATH
//    is empty, then the procedure halts with the outcome Invalid".
//  - 301 401 501 502 502 402 302 downstream: RTRlib says Invalid because
//    aspa_verify_as_path() does not collapse prepends (its callers must call
//    aspa_collapse_as_path() first) and so sees a hop 502 -> 502. On the
//    draft's COMPRESSED_AS_PATH it is up 302-402-502, across 502-501, down
//    501-401-301: Valid.
//  - example 6: RTRlib says Unknown ("no nP+ will be found between the two
//    ramps"); the hackathon file labels it Invalid, and so do the section 6.1
//    bounds: 80 and 60 both attest that 70 is not their provider, so
//    max_up_ramp = 5 (120..80) and max_down_ramp = 5 (20..60) leave 70
//    uncovered, 5 + 5 < 11. RTRlib's gap search stops one hop short when the
//    two "Not Provider+" hops meet at one AS.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "manrs/rpki/aspa_oracle.h"
#include "manrs/rpki/aspa_verification.h"

namespace manrs {
namespace {

constexpr AspaDirection kUp = AspaDirection::kUpstream;
constexpr AspaDirection kDown = AspaDirection::kDownstream;
constexpr AspaState kValid = AspaState::kValid;
constexpr AspaState kInvalid = AspaState::kInvalid;
constexpr AspaState kUnknown = AspaState::kUnknown;

struct Case {
  AspaDirection direction;
  AspaState expected;
  std::vector<Asn> path;  // neighbour first
};

void Check(const std::string& name, const std::vector<Aspa>& aspas,
           const std::vector<Case>& cases) {
  AspaTable table(aspas);
  AspaOracle oracle(aspas);
  for (const Case& c : cases) {
    AsPath path;
    path.Append(SegmentType::kAsSequence, c.path);
    AspaVerdict fast = VerifyAsPath(table, path, c.direction);
    EXPECT_EQ(fast.state, c.expected)
        << name << ": " << path.ToString() << " " << AspaDirectionName(c.direction) << " gave "
        << ToString(fast);
    EXPECT_EQ(fast, oracle.Verify(path, c.direction)) << name << ": " << path.ToString();
    EXPECT_EQ(fast, VerifyAsPath(table, c.path, c.direction)) << name;
  }
}

// The shared table of RTRlib's test_hopping / test_upstream / test_downstream.
// AS 100 has ASPAs from two RTR sockets, {200, 201} and {200, 202}: their
// union is its U-SPAS.
std::vector<Aspa> SharedTable() {
  return {
      {100, {200, 201}},
      {200, {300}},
      {300, {400}},
      {400, {500}},
      {501, {601}},
      {401, {501}},
      {301, {401}},
      {201, {301}},
      {502, {602}},
      {402, {502}},
      {302, {402}},
      {202, {302}},
      // 103 --> 203 <--> 303 <--> 403 <-- 304
      {103, {203}},
      {203, {303}},
      {303, {203, 403}},
      {403, {303}},
      {304, {403}},
      {100, {200, 202}},
  };
}

TEST(AspaRtrlibTest, Hopping) {
  AspaTable t(SharedTable());
  EXPECT_EQ(t.Authorized(100, 200), AspaAuthorization::kProviderPlus);
  EXPECT_EQ(t.Authorized(200, 100), AspaAuthorization::kNotProviderPlus);
  EXPECT_EQ(t.Authorized(200, 300), AspaAuthorization::kProviderPlus);
  EXPECT_EQ(t.Authorized(500, 999), AspaAuthorization::kNoAttestation);
  EXPECT_EQ(t.Authorized(999, 999), AspaAuthorization::kNoAttestation);
  EXPECT_EQ(t.Authorized(100, 201), AspaAuthorization::kProviderPlus);
  EXPECT_EQ(t.Authorized(100, 202), AspaAuthorization::kProviderPlus);
}

TEST(AspaRtrlibTest, Upstream) {
  Check("upstream", SharedTable(),
        {
            {kUp, kInvalid, {}},  // RTRlib: valid; draft -24 step 1: invalid
            {kUp, kValid, {100}},
            {kUp, kValid, {200, 100}},
            {kUp, kValid, {300, 200}},
            {kUp, kValid, {300, 200, 100}},
            // a single not-provider hop
            {kUp, kInvalid, {999, 100}},
            {kUp, kInvalid, {300, 999, 100}},
            {kUp, kInvalid, {999, 999, 100}},
            {kUp, kInvalid, {999, 100, 999}},
            // a single unattested hop
            {kUp, kUnknown, {999, 500, 400, 300}},
        });
}

TEST(AspaRtrlibTest, Downstream) {
  Check("downstream", SharedTable(),
        {
            {kDown, kValid, {999}},
            {kDown, kValid, {998, 999}},
            // an up-ramp or a down-ramp alone
            {kDown, kValid, {300, 400, 500}},
            {kDown, kValid, {500, 400, 300}},
            {kDown, kValid, {300, 400, 500, 400, 300}},
            // one not-provider hop between the apexes
            {kDown, kValid, {302, 402, 502, 500, 400, 300}},
            // the two highest hops are not-provider (RTRlib: invalid, uncollapsed)
            {kDown, kValid, {301, 401, 501, 502, 502, 402, 302}},
            {kDown, kInvalid, {301, 401, 501, 999, 502, 402, 302}},
            {kDown, kUnknown, {302, 402, 502, 999, 500, 400, 300}},
            // one unattested AS at the top
            {kDown, kValid, {999, 500, 400, 300}},
            {kDown, kValid, {300, 400, 500, 999}},
            // one not-provider AS at the top
            {kDown, kValid, {999, 502, 402, 302}},
            {kDown, kValid, {302, 402, 502, 999}},
            // the last hop of the down-ramp must hold
            {kDown, kUnknown, {999, 300, 400, 500}},
            {kDown, kInvalid, {100, 300, 400, 500}},
            // the first hop of the up-ramp must hold
            {kDown, kUnknown, {500, 400, 300, 999}},
            {kDown, kInvalid, {500, 400, 300, 100}},
            // two up-ramps, two down-ramps, both
            {kDown, kInvalid, {400, 300, 200, 502, 402, 302}},
            {kDown, kInvalid, {200, 300, 400, 302, 402, 502}},
            {kDown, kInvalid, {400, 300, 200, 302, 402, 502}},
            // overlapping customer-provider relationships
            {kDown, kValid, {304, 403, 303, 203, 103}},
            {kDown, kUnknown, {20, 30, 90, 40, 70, 80}},
        });
}

TEST(AspaRtrlibTest, Examples1To3) {
  // 1: 20 -> 30 up, 40 at the top, 70, 80 below: valid.
  Check("example 1", {{80, {70}}, {70, {40}}, {20, {30}}}, {{kDown, kValid, {20, 30, 40, 70, 80}}});
  // 2: 90 attests both tops, 30 and 40 say nothing: unknown.
  Check("example 2", {{80, {70}}, {70, {40}}, {20, {30}}, {90, {30, 40}}},
        {{kDown, kUnknown, {20, 30, 90, 40, 70, 80}}});
  // 2b: 30 and 40 attest no providers: 90 is a valley between them.
  Check("example 2b", {{80, {70}}, {70, {40}}, {20, {30}}, {90, {30, 40}}, {30, {}}, {40, {}}},
        {{kDown, kInvalid, {20, 30, 90, 40, 70, 80}}});
  Check("example 3a", {{80, {70}}, {70, {40}}, {20, {30}}},
        {{kDown, kUnknown, {20, 30, 90, 40, 70, 80}}});
  Check("example 3b", {{80, {70}}, {70, {40}}, {20, {30}}},
        {{kDown, kUnknown, {20, 30, 90, 100, 40, 70, 80}}});
  Check("example 3c", {{80, {70}}, {70, {40}}, {20, {30}}, {30, {}}, {40, {}}},
        {{kDown, kInvalid, {20, 30, 90, 100, 40, 70, 80}}});
  Check("example 3d", {{80, {70}}, {70, {90}}, {20, {30}}, {30, {}}, {40, {}}},
        {{kDown, kUnknown, {20, 30, 40, 100, 90, 70, 80}}});
  Check("example 3f", {{80, {70}}, {70, {90}}, {20, {30}}, {100, {}}, {40, {}}},
        {{kDown, kUnknown, {20, 30, 40, 100, 90, 70, 80}}});
}

TEST(AspaRtrlibTest, Examples4To9) {
  Check("example 4", {{70, {80}}}, {{kUp, kInvalid, {20, 30, 40, 50, 60, 70, 80}}});
  Check("example 4 fixed", {{70, {80}}, {60, {70}}, {30, {20}}},
        {{kUp, kInvalid, {20, 30, 40, 50, 60, 70, 80}}});
  Check("example 5", {{40, {30}}, {30, {20}}}, {{kUp, kValid, {20, 30, 40}}});
  // 6: 70 is not a provider of 80 nor of 60 (RTRlib: unknown).
  Check("example 6",
        {{120, {110}},
         {110, {100}},
         {100, {90}},
         {80, {90}},
         {60, {50}},
         {40, {50}},
         {30, {40}},
         {20, {30}}},
        {{kDown, kInvalid, {20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120}}});
  Check("example 7",
        {{20, {30}},
         {30, {40}},
         {40, {50}},
         {80, {90}},
         {90, {100}},
         {110, {100}},
         {120, {110}},
         {130, {120}},
         {140, {130}}},
        {{kDown, kUnknown, {20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140}}});
  Check("example 8", {}, {{kDown, kValid, {20}}});
  Check("example 9", {}, {{kUp, kValid, {20}}});
}

TEST(AspaRtrlibTest, Examples11To18) {
  Check("example 11", {{20, {}}, {30, {}}}, {{kDown, kValid, {20, 30}}});
  Check("example 12", {}, {{kUp, kUnknown, {20, 30}}});
  Check("example 13", {{60, {50}}, {50, {}}, {40, {30}}, {30, {20}}, {20, {}}},
        {{kUp, kInvalid, {20, 30, 40, 50, 60}}});
  Check("example 14", {{60, {50}}, {50, {40, 60}}, {40, {30, 50}}, {30, {40}}, {20, {30}}},
        {{kUp, kInvalid, {20, 30, 40, 50, 60}}});
  Check("example 15", {{60, {50, 20}}, {50, {40, 60}}, {40, {30, 50}}, {30, {40}}, {20, {30}}},
        {{kUp, kInvalid, {20, 30, 40, 50, 60}}});
  Check("example 16", {{10, {20}}, {20, {100}}, {40, {30}}}, {{kUp, kInvalid, {10, 20, 30, 40}}});
  Check("example 17", {{10, {20}}, {20, {100}}, {40, {30, 50}}, {50, {40}}},
        {{kUp, kInvalid, {10, 20, 30, 40}}});
  Check("example 18", {{20, {}}}, {{kUp, kInvalid, {30, 20, 40}}});
}

// Example 19 (K. Sriram): one table, many paths in both directions. AS 7 has
// an AS0 ASPA.
TEST(AspaRtrlibTest, SriramExample19) {
  Check("example 19", {{1, {3, 4}}, {2, {5}}, {3, {6}}, {4, {6, 7}}, {7, {0}}},
        {
            {kUp, kValid, {6, 3, 1}},
            {kUp, kInvalid, {4, 3, 1}},
            {kUp, kUnknown, {4, 6, 3, 1}},
            {kUp, kUnknown, {4, 5, 2}},
            {kUp, kInvalid, {1, 4, 5, 2}},
            {kUp, kInvalid, {1, 4, 7, 5, 2}},
            {kUp, kInvalid, {1, 3, 6}},
            {kUp, kInvalid, {1, 3, 6, 7}},
            {kUp, kValid, {5, 2}},
            {kDown, kUnknown, {5, 7, 6, 3, 1}},
            {kDown, kValid, {5, 7, 4, 1}},
            {kDown, kUnknown, {5, 4, 3, 1}},
            {kDown, kInvalid, {5, 7, 4, 3, 1}},
            {kDown, kUnknown, {3, 6, 4, 7}},
            {kDown, kValid, {4, 7, 5, 2}},
            {kDown, kInvalid, {3, 4, 7, 5, 2}},
            {kDown, kValid, {6, 3, 1}},
            {kDown, kValid, {5, 1}},
            {kDown, kValid, {5, 3, 1}},
        });
}

// RTRlib's test_collapse: runs of one AS become one AS.
TEST(AspaRtrlibTest, Collapse) {
  struct C {
    std::vector<Asn> in, out;
  };
  for (const C& c : std::vector<C>{{{}, {}},
                                   {{1}, {1}},
                                   {{1, 1}, {1}},
                                   {{1, 2}, {1, 2}},
                                   {{1, 1, 1}, {1}},
                                   {{1, 1, 2}, {1, 2}},
                                   {{1, 2, 2}, {1, 2}},
                                   {{1, 2, 2, 2}, {1, 2}},
                                   {{1, 2, 2, 3}, {1, 2, 3}}}) {
    AsPath p;
    if (!c.in.empty()) p.Append(SegmentType::kAsSequence, c.in);
    std::vector<Asn> out;
    ASSERT_TRUE(CompressAsPath(p, &out));
    EXPECT_EQ(out, c.out);
  }
}

}  // namespace
}  // namespace manrs
