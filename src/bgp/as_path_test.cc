// AsPath: decoding AS_PATH / AS4_PATH values, path length, origin, text, and
// the RFC 6793 merge. Each test quotes the rule it checks.
#include "manrs/bgp/as_path.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace manrs {
namespace {

// A segment as on the wire: type, count, then the ASes in asn_size octets.
void PutSegment(std::vector<std::uint8_t>* out, SegmentType type,
                std::initializer_list<std::uint32_t> asns, int asn_size) {
  out->push_back(static_cast<std::uint8_t>(type));
  out->push_back(static_cast<std::uint8_t>(asns.size()));
  for (std::uint32_t asn : asns) {
    for (int shift = (asn_size - 1) * 8; shift >= 0; shift -= 8) {
      out->push_back(static_cast<std::uint8_t>(asn >> shift));
    }
  }
}

Status DecodeBytes(const std::vector<std::uint8_t>& wire, int asn_size, AsPath* path) {
  return path->Decode(ByteCursor(AsBytes(wire.data(), wire.size())), asn_size);
}

AsPath Build(std::initializer_list<std::pair<SegmentType, std::vector<Asn>>> segments) {
  AsPath path;
  for (const auto& [type, asns] : segments) path.Append(type, asns);
  return path;
}

constexpr SegmentType kSeq = SegmentType::kAsSequence;
constexpr SegmentType kSet = SegmentType::kAsSet;
constexpr SegmentType kConfedSeq = SegmentType::kConfedSequence;
constexpr SegmentType kConfedSet = SegmentType::kConfedSet;

TEST(AsPathTest, DecodesTwoAndFourOctetSegments) {
  // RFC 4271 4.3 b): "Each AS path segment is represented by a triple <path
  // segment type, path segment length, path segment value>"; "The path
  // segment length is a 1-octet length field, containing the number of ASes
  // (not the number of octets)". RFC 6793: AS4_PATH and the AS_PATH of NEW
  // speakers carry four-octet AS numbers.
  std::vector<std::uint8_t> two;
  PutSegment(&two, kSeq, {64496, 64497}, 2);
  PutSegment(&two, kSet, {1, 2, 3}, 2);
  AsPath path;
  ASSERT_TRUE(DecodeBytes(two, 2, &path));
  ASSERT_EQ(path.segment_count(), 2u);
  EXPECT_EQ(path.segment(0).type, kSeq);
  EXPECT_EQ(std::vector<Asn>(path.segment(0).asns.begin(), path.segment(0).asns.end()),
            (std::vector<Asn>{64496, 64497}));
  EXPECT_EQ(path.segment(1).type, kSet);
  EXPECT_EQ(path.segment(1).asns.size(), 3u);
  EXPECT_EQ(path.asns(), (std::vector<Asn>{64496, 64497, 1, 2, 3}));

  std::vector<std::uint8_t> four;
  PutSegment(&four, kSeq, {4200000000, 65536}, 4);
  ASSERT_TRUE(DecodeBytes(four, 4, &path));  // replaces the content
  EXPECT_EQ(path.ToString(), "4200000000 65536");
}

TEST(AsPathTest, ParsesTextAsPeopleWriteIt) {
  auto p = AsPath::Parse("3356 {174,1299} 13335");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->ToString(), "3356 {174,1299} 13335");
  EXPECT_EQ(p->segment_count(), 3u);
  EXPECT_EQ(p->OriginAsn(), 13335u);
  EXPECT_TRUE(p->ContainsSet());
  EXPECT_EQ(AsPath::Parse("AS3356,AS13335  as1.10")->ToString(), "3356 13335 65546");
  EXPECT_EQ(AsPath::Parse("3356 {174}")->OriginAsn(), std::nullopt);  // ends in a set
  EXPECT_EQ(AsPath::Parse("{174 1299}13335")->ToString(), "{174,1299} 13335");
  EXPECT_TRUE(AsPath::Parse("")->empty());
  for (const char* bad : {"3356 {174", "3356 }", "{{1}}", "{}", "3356 x", "4294967296", "1 -2"}) {
    auto r = AsPath::Parse(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
  }
}

TEST(AsPathTest, EmptyValueIsAnEmptyPath) {
  // RFC 4271 5.1.2: "the originating speaker includes an empty AS_PATH
  // attribute in all UPDATE messages sent to internal peers. (An empty
  // AS_PATH attribute is one whose length field contains the value zero)."
  AsPath path;
  ASSERT_TRUE(DecodeBytes({}, 4, &path));
  EXPECT_TRUE(path.empty());
  EXPECT_EQ(path.Length(), 0);
  EXPECT_EQ(path.OriginAsn(), std::nullopt);
  EXPECT_EQ(path.ToString(), "");
}

TEST(AsPathTest, ConfederationSegmentsDecode) {
  // RFC 5065 3: "Value 3: AS_CONFED_SEQUENCE", "Value 4: AS_CONFED_SET".
  std::vector<std::uint8_t> wire;
  PutSegment(&wire, kConfedSeq, {65001, 65002}, 4);
  PutSegment(&wire, kConfedSet, {65003}, 4);
  PutSegment(&wire, kSeq, {64496}, 4);
  AsPath path;
  ASSERT_TRUE(DecodeBytes(wire, 4, &path));
  EXPECT_EQ(path.ToString(), "(65001 65002) [65003] 64496");
}

TEST(AsPathTest, MalformedSegmentsAreRejected) {
  // RFC 7606 7.2 (paraphrased): an AS_PATH is malformed if a segment type is
  // unrecognised, if a segment's length overruns the attribute, or if a
  // single octet is left after the last segment.
  AsPath path;
  std::vector<std::uint8_t> bad_type = {5, 1, 0, 1};
  Status s = DecodeBytes(bad_type, 2, &path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kBadValue);

  std::vector<std::uint8_t> overrun;
  PutSegment(&overrun, kSeq, {1, 2}, 4);
  overrun.pop_back();
  s = DecodeBytes(overrun, 4, &path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kTruncated);

  std::vector<std::uint8_t> underrun;
  PutSegment(&underrun, kSeq, {1}, 4);
  underrun.push_back(2);
  EXPECT_FALSE(DecodeBytes(underrun, 4, &path));

  // Read with the wrong AS size, a 4-octet path overruns.
  std::vector<std::uint8_t> four;
  PutSegment(&four, kSeq, {1, 2, 3}, 2);
  EXPECT_FALSE(DecodeBytes(four, 4, &path));
}

TEST(AsPathTest, TruncationIsRejectedExceptBetweenSegments) {
  // An AS_PATH value has no count of segments: cut between two segments it
  // is a valid shorter path; cut anywhere else it must be rejected.
  std::vector<std::uint8_t> wire;
  PutSegment(&wire, kSeq, {64496, 64497}, 4);
  std::size_t boundary = wire.size();
  PutSegment(&wire, kSet, {1, 2}, 4);
  for (std::size_t n = 0; n < wire.size(); ++n) {
    std::vector<std::uint8_t> cut(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(n));
    AsPath path;
    Status s = DecodeBytes(cut, 4, &path);
    EXPECT_EQ(s.has_value(), n == 0 || n == boundary) << "cut at " << n;
  }
}

TEST(AsPathTest, LengthCountsASetAsOneAndConfederationsAsZero) {
  // RFC 4271 9.1.2.2 a): "Note that when counting this number, an AS_SET
  // counts as 1, no matter how many ASes are in the set." RFC 5065
  // 5.3: "When comparing routes using AS_PATH length, CONFED_SEQUENCE and
  // CONFED_SETs SHOULD NOT be counted."
  AsPath path = Build({{kConfedSeq, {65001, 65002}},
                       {kSeq, {1, 2, 3}},
                       {kSet, {4, 5, 6, 7}},
                       {kConfedSet, {65003}}});
  EXPECT_EQ(path.Length(), 4);
  EXPECT_TRUE(path.ContainsSet());
  EXPECT_FALSE(Build({{kSeq, {1, 2}}}).ContainsSet());
}

TEST(AsPathTest, OriginIsTheLastAsOfAFinalSequence) {
  // RFC 6811 2 (paraphrased): the origin AS is the last AS of the AS_PATH
  // when its final segment is an AS_SEQUENCE; a path ending in an AS_SET has
  // no origin AS that can be determined.
  EXPECT_EQ(Build({{kSeq, {1, 2, 3}}}).OriginAsn(), 3u);
  EXPECT_EQ(Build({{kSet, {9}}, {kSeq, {1, 2}}}).OriginAsn(), 2u);
  EXPECT_EQ(Build({{kSeq, {1, 2}}, {kSet, {3, 4}}}).OriginAsn(), std::nullopt);
  EXPECT_EQ(Build({{kSeq, {}}}).OriginAsn(), std::nullopt);
  EXPECT_EQ(AsPath().OriginAsn(), std::nullopt);
}

TEST(AsPathTest, FirstAsIsTheNeighbour) {
  // RFC 4271 5.1.2: a speaker prepends its own AS when sending to an external
  // peer, so the first AS of a leading AS_SEQUENCE is the neighbour's.
  EXPECT_EQ(Build({{kSeq, {1, 2, 3}}}).FirstAsn(), 1u);
  EXPECT_EQ(Build({{kSet, {1, 2}}}).FirstAsn(), std::nullopt);
  EXPECT_EQ(AsPath().FirstAsn(), std::nullopt);
}

TEST(AsPathTest, TextAsRoutersPrintIt) {
  AsPath path = Build({{kSeq, {1, 2}},
                       {kSet, {3, 4}},
                       {kConfedSeq, {5, 6}},
                       {kConfedSet, {7, 8}},
                       {kSeq, {4294967295}}});
  EXPECT_EQ(path.ToString(), "1 2 {3,4} (5 6) [7 8] 4294967295");
  std::string out = "x ";
  path.AppendTo(&out);
  EXPECT_EQ(out, "x 1 2 {3,4} (5 6) [7 8] 4294967295");
}

TEST(AsPathTest, ClearAndEquality) {
  AsPath a = Build({{kSeq, {1, 2}}});
  AsPath b = Build({{kSeq, {1}}, {kSeq, {2}}});
  EXPECT_FALSE(a == b);  // same ASes, different segments
  b.Clear();
  EXPECT_TRUE(b.empty());
  b.Append(kSeq, std::vector<Asn>{1, 2});
  EXPECT_TRUE(a == b);
}

// draft-ietf-sidrops-aspa-verification 6.1: "Let the sequence
// COMPRESSED_AS_PATH {AS(N), ..., AS(1)} represent the AS_PATH in terms of
// unique ASNs". Prepends collapse, also across segment boundaries; a loop
// stays; confederation sequences are skipped; a set has no order to walk.
TEST(AsPathTest, CompressCollapsesPrepends) {
  std::vector<Asn> out = {99};  // replaced, not appended to
  ASSERT_TRUE(CompressAsPath(Build({{kSeq, {3, 3, 3, 2, 1, 1}}}), &out));
  EXPECT_EQ(out, (std::vector<Asn>{3, 2, 1}));
  ASSERT_TRUE(CompressAsPath(Build({{kSeq, {3, 2}}, {kSeq, {2, 1, 2}}}), &out));
  EXPECT_EQ(out, (std::vector<Asn>{3, 2, 1, 2}));
  ASSERT_TRUE(CompressAsPath(Build({{kConfedSeq, {65001, 65002}}, {kSeq, {3, 3, 1}}}), &out));
  EXPECT_EQ(out, (std::vector<Asn>{3, 1}));
  ASSERT_TRUE(CompressAsPath(AsPath(), &out));
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(CompressAsPath(Build({{kSeq, {3, 2}}, {kSet, {1, 4}}}), &out));
  EXPECT_FALSE(CompressAsPath(Build({{kConfedSet, {65001}}, {kSeq, {2, 1}}}), &out));
  EXPECT_FALSE(CompressAsPath(Build({{kSeq, {2}}, {kSet, {}}}), &out));
}

// RFC 6793 4.2.3: "If the number of AS numbers in the AS_PATH attribute is
// larger than or equal to the number of AS numbers in the AS4_PATH
// attribute, then the AS path information SHALL be constructed by taking as
// many AS numbers and path segments as necessary from the leading part of
// the AS_PATH attribute, and then prepending them to the AS4_PATH attribute
// so that the AS path information has a number of AS numbers identical to
// that of the AS_PATH attribute."
TEST(AsPathTest, MergeReplacesTheTrailingAsTrans) {
  AsPath as_path = Build({{kSeq, {64496, kAsTrans, 64497, kAsTrans}}});
  AsPath as4_path = Build({{kSeq, {196608, 64497, 196609}}});
  AsPath merged;
  AsPath::MergeAs4(as_path, as4_path, &merged);
  EXPECT_EQ(merged.ToString(), "64496 196608 64497 196609");
  EXPECT_EQ(merged.segment_count(), 1u);  // one sequence, not two joined ones
  EXPECT_EQ(merged.Length(), as_path.Length());
}

TEST(AsPathTest, MergeCountsAnAsSetAsOne) {
  // RFC 4271 9.1.2.2 a): "an AS_SET counts as 1, no matter how many ASes
  // are in the set". AS_PATH 2 + 1 = 3,
  // AS4_PATH 1 + 1 = 2: one AS leads.
  AsPath as_path = Build({{kSeq, {64496, kAsTrans}}, {kSet, {kAsTrans, 64500, 64501}}});
  AsPath as4_path = Build({{kSeq, {196608}}, {kSet, {196609, 64500, 64501}}});
  AsPath merged;
  AsPath::MergeAs4(as_path, as4_path, &merged);
  EXPECT_EQ(merged.ToString(), "64496 196608 {196609,64500,64501}");
  EXPECT_EQ(merged.Length(), 3);
}

TEST(AsPathTest, MergeTakesALeadingSetWhole) {
  // "taking as many AS numbers and path segments as necessary from the
  // leading part": a set in the leading part is one unit and is taken whole.
  AsPath as_path = Build({{kSet, {1, 2}}, {kSeq, {kAsTrans}}});
  AsPath as4_path = Build({{kSeq, {196608}}});
  AsPath merged;
  AsPath::MergeAs4(as_path, as4_path, &merged);
  EXPECT_EQ(merged.ToString(), "{1,2} 196608");
}

TEST(AsPathTest, MergeKeepsLeadingConfederationSegments) {
  // RFC 6793 4.2.3: "Note that a valid AS_CONFED_SEQUENCE or AS_CONFED_SET
  // path segment SHALL be prepended if it is either the leading path segment
  // or is adjacent to a path segment that is prepended."
  AsPath as_path = Build({{kConfedSeq, {65001}}, {kSeq, {64496, kAsTrans}}});
  AsPath as4_path = Build({{kSeq, {196608}}});
  AsPath merged;
  AsPath::MergeAs4(as_path, as4_path, &merged);
  EXPECT_EQ(merged.ToString(), "(65001) 64496 196608");
  EXPECT_EQ(merged.Length(), as_path.Length());
}

TEST(AsPathTest, MergeKeepsALeadingConfederationSegmentWhenNoAsLeads) {
  // Same rule, when AS_PATH and AS4_PATH count the same: no AS of AS_PATH is
  // taken, but the confederation segment leads the path and is prepended.
  AsPath as_path = Build({{kConfedSeq, {65001, 65002}}, {kSeq, {kAsTrans, 64496}}});
  AsPath as4_path = Build({{kSeq, {196608, 64496}}});
  AsPath merged;
  AsPath::MergeAs4(as_path, as4_path, &merged);
  EXPECT_EQ(merged.ToString(), "(65001 65002) 196608 64496");
}

TEST(AsPathTest, MergeIgnoresALongerAs4Path) {
  // RFC 6793 4.2.3: "If the number of AS numbers in the AS_PATH attribute is
  // less than the number of AS numbers in the AS4_PATH attribute, then the
  // AS4_PATH attribute SHALL be ignored, and the AS_PATH attribute SHALL be
  // taken as the AS path information." The set makes AS_PATH count 2, not 4.
  AsPath as_path = Build({{kSeq, {64496}}, {kSet, {1, 2, 3}}});
  AsPath as4_path = Build({{kSeq, {196608, 196609, 196610}}});
  AsPath merged;
  AsPath::MergeAs4(as_path, as4_path, &merged);
  EXPECT_EQ(merged, as_path);
}

TEST(AsPathTest, MergeWithEqualLengthsIsTheAs4Path) {
  AsPath as_path = Build({{kSeq, {kAsTrans, 64496}}});
  AsPath as4_path = Build({{kSeq, {196608, 64496}}});
  AsPath merged;
  AsPath::MergeAs4(as_path, as4_path, &merged);
  EXPECT_EQ(merged, as4_path);
  AsPath::MergeAs4(as_path, AsPath(), &merged);  // an empty AS4_PATH adds nothing
  EXPECT_EQ(merged, as_path);
}

}  // namespace
}  // namespace manrs
