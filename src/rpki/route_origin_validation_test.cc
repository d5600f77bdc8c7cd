// RFC 6811 section 2, rule by rule: each test quotes the text it checks and
// runs it through ValidateOrigin, ValidateRoute (with reasons) and the
// linear-scan oracle, which must all agree.
#include "manrs/rpki/route_origin_validation.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "manrs/rpki/vrp_oracle.h"

namespace manrs {
namespace {

constexpr Asn kOrigin = 64496;
constexpr Asn kOther = 64497;

Vrp V(const char* prefix, int max_length, Asn asn) {
  return *MakeVrp(*Prefix::Parse(prefix), max_length, asn);
}
Prefix P(const char* text) { return *Prefix::Parse(text); }

// Validates with all three implementations; fails the test if they differ.
RovResult Validate(const std::vector<Vrp>& vrps, const char* prefix, std::optional<Asn> origin) {
  auto table = VrpTable::Build(vrps);
  EXPECT_TRUE(table.has_value());
  const RovResult result = ValidateRoute(*table, P(prefix), origin);
  EXPECT_EQ(ValidateOrigin(*table, P(prefix), origin), result.state);
  EXPECT_EQ(VrpOracle(vrps).Validate(P(prefix), origin), result.state);
  return result;
}

// "Covered: A Route Prefix is said to be Covered by a VRP when the VRP prefix
// length is less than or equal to the Route prefix length, and the VRP prefix
// address and the Route prefix address are identical for all bits specified
// by the VRP prefix length. (That is, the Route prefix is either identical to
// the VRP prefix or more specific than the VRP prefix.)"
TEST(Rfc6811Test, CoveredMeansIdenticalOrMoreSpecific) {
  const std::vector<Vrp> vrps = {V("192.0.2.0/24", 24, kOther)};
  EXPECT_EQ(Validate(vrps, "192.0.2.0/24", kOrigin).covering.size(), 1u);    // identical
  EXPECT_EQ(Validate(vrps, "192.0.2.128/25", kOrigin).covering.size(), 1u);  // more specific
  EXPECT_EQ(Validate(vrps, "192.0.2.255/32", kOrigin).covering.size(), 1u);  // host route
  EXPECT_TRUE(Validate(vrps, "192.0.2.0/23", kOrigin).covering.empty());     // less specific
  EXPECT_TRUE(Validate(vrps, "192.0.3.0/24", kOrigin).covering.empty());     // bits differ
  EXPECT_TRUE(Validate(vrps, "0.0.0.0/0", kOrigin).covering.empty());
  EXPECT_TRUE(Validate(vrps, "::/0", kOrigin).covering.empty());  // other family
  EXPECT_TRUE(VrpOracle::Covers(vrps[0], P("192.0.2.64/26")));
  EXPECT_FALSE(VrpOracle::Covers(vrps[0], P("192.0.0.0/16")));
}

// "Matched: A Route Prefix is said to be Matched by a VRP when the Route
// Prefix is Covered by that VRP, the Route prefix length is less than or equal
// to the VRP maximum length, and the Route Origin ASN is equal to the VRP ASN."
TEST(Rfc6811Test, MatchedNeedsCoverMaxLengthAndOrigin) {
  const std::vector<Vrp> vrps = {V("2001:db8::/32", 48, kOrigin)};
  EXPECT_EQ(Validate(vrps, "2001:db8::/32", kOrigin).covering[0].match, VrpMatch::kMatched);
  EXPECT_EQ(Validate(vrps, "2001:db8:ff00::/48", kOrigin).covering[0].match, VrpMatch::kMatched);
  EXPECT_EQ(Validate(vrps, "2001:db8::/49", kOrigin).covering[0].match, VrpMatch::kTooSpecific);
  EXPECT_EQ(Validate(vrps, "2001:db8::/48", kOther).covering[0].match, VrpMatch::kOtherOrigin);
  EXPECT_TRUE(Validate(vrps, "2001:db9::/48", kOrigin).covering.empty());  // not Covered
}

// "NotFound: No VRP Covers the Route Prefix."
TEST(Rfc6811Test, NotFoundWhenNoVrpCovers) {
  const std::vector<Vrp> vrps = {V("192.0.2.0/24", 32, kOrigin), V("2001:db8::/32", 128, kOrigin)};
  for (const char* prefix : {"198.51.100.0/24", "192.0.0.0/8", "2001:db8::/31", "2002::/16"}) {
    const RovResult r = Validate(vrps, prefix, kOrigin);
    EXPECT_EQ(r.state, RovState::kNotFound) << prefix;
    EXPECT_EQ(r.reason, RovReason::kNotCovered);
    EXPECT_TRUE(r.covering.empty());
  }
  EXPECT_EQ(Validate({}, "192.0.2.0/24", kOrigin).state, RovState::kNotFound);
}

// "Valid: At least one VRP Matches the Route Prefix."
TEST(Rfc6811Test, ValidWhenAtLeastOneVrpMatches) {
  // One match among VRPs that would each make the route Invalid on their own.
  const std::vector<Vrp> vrps = {V("10.0.0.0/8", 8, kOrigin), V("10.0.0.0/16", 24, kOther),
                                 V("10.0.0.0/16", 24, 0), V("10.0.0.0/12", 24, kOrigin)};
  const RovResult r = Validate(vrps, "10.0.1.0/24", kOrigin);
  EXPECT_EQ(r.state, RovState::kValid);
  EXPECT_EQ(r.reason, RovReason::kMatched);
  ASSERT_EQ(r.covering.size(), 4u);
  EXPECT_EQ(r.covering[0], (CoveringVrp{vrps[2], VrpMatch::kAs0}));
  EXPECT_EQ(r.covering[1], (CoveringVrp{vrps[1], VrpMatch::kOtherOrigin}));
  EXPECT_EQ(r.covering[2], (CoveringVrp{vrps[3], VrpMatch::kMatched}));
  EXPECT_EQ(r.covering[3], (CoveringVrp{vrps[0], VrpMatch::kTooSpecific}));
}

// "Invalid: At least one VRP Covers the Route Prefix, but no VRP Matches it."
// Two ways to miss: the VRPs name other ASes, or they name the origin AS but
// only up to a shorter maximum length.
TEST(Rfc6811Test, InvalidWhenCoveredButNotMatched) {
  const RovResult other = Validate({V("192.0.2.0/24", 24, kOther)}, "192.0.2.0/24", kOrigin);
  EXPECT_EQ(other.state, RovState::kInvalid);
  EXPECT_EQ(other.reason, RovReason::kOtherOrigin);

  const std::vector<Vrp> vrps = {V("192.0.2.0/24", 24, kOrigin), V("192.0.0.0/16", 32, kOther)};
  const RovResult specific = Validate(vrps, "192.0.2.0/25", kOrigin);
  EXPECT_EQ(specific.state, RovState::kInvalid);
  EXPECT_EQ(specific.reason, RovReason::kTooSpecific);
  ASSERT_EQ(specific.covering.size(), 2u);
  EXPECT_EQ(specific.covering[0].match, VrpMatch::kTooSpecific);
  EXPECT_EQ(specific.covering[1].match, VrpMatch::kOtherOrigin);
}

// Route Origin ASN: "the rightmost AS in the final segment of the AS_PATH
// attribute in the Route if that segment is of type AS_SEQUENCE, or the BGP
// speaker's own AS number if that segment is of type AS_CONFED_SEQUENCE or
// AS_CONFED_SET or if the AS_PATH is empty, or the distinguished value "NONE"
// if the final segment of the AS_PATH attribute is of any other type."
TEST(Rfc6811Test, RouteOriginAsnFromTheAsPath) {
  const Asn seq[] = {1, 2, 3};
  const Asn set[] = {4, 5};
  AsPath path;
  EXPECT_EQ(RouteOriginAsn(path, 65000), 65000u);  // empty: own AS
  EXPECT_EQ(RouteOriginAsn(path), std::nullopt);   // own AS not known
  path.Append(SegmentType::kAsSequence, seq);
  EXPECT_EQ(RouteOriginAsn(path), 3u);
  path.Append(SegmentType::kAsSet, set);
  EXPECT_EQ(RouteOriginAsn(path, 65000), std::nullopt);  // NONE
  path.Clear();
  path.Append(SegmentType::kAsSet, set);
  path.Append(SegmentType::kAsSequence, seq);
  EXPECT_EQ(RouteOriginAsn(path), 3u);  // a set before the final sequence does not matter
  path.Clear();
  path.Append(SegmentType::kConfedSequence, seq);
  EXPECT_EQ(RouteOriginAsn(path, 65000), 65000u);
  path.Clear();
  path.Append(SegmentType::kAsSequence, seq);
  path.Append(SegmentType::kConfedSet, set);
  EXPECT_EQ(RouteOriginAsn(path, 65000), 65000u);
}

// "We observe that no VRP can have the value "NONE" as its VRP ASN. Thus, a
// Route whose Origin ASN is "NONE" cannot be Matched by any VRP."
TEST(Rfc6811Test, OriginNoneIsNeverMatched) {
  const std::vector<Vrp> vrps = {V("192.0.2.0/24", 32, kOrigin), V("192.0.2.0/24", 32, 0)};
  const RovResult covered = Validate(vrps, "192.0.2.0/24", std::nullopt);
  EXPECT_EQ(covered.state, RovState::kInvalid);
  EXPECT_EQ(covered.reason, RovReason::kNoOrigin);
  EXPECT_EQ(covered.covering[1].match, VrpMatch::kOtherOrigin);
  EXPECT_EQ(Validate(vrps, "198.51.100.0/24", std::nullopt).state, RovState::kNotFound);
}

// "Similarly, no valid Route can have an Origin ASN of zero [AS0]. Thus, no
// Route can be Matched by a VRP whose ASN is zero." (RFC 6483 section 4: an
// AS 0 ROA says the prefix and its more specifics "should not be used in a
// routing context".)
TEST(Rfc6811Test, As0VrpsAreNeverMatched) {
  const std::vector<Vrp> vrps = {V("192.0.2.0/24", 32, 0)};
  for (Asn origin : {Asn{0}, kOrigin}) {
    const RovResult r = Validate(vrps, "192.0.2.0/24", origin);
    EXPECT_EQ(r.state, RovState::kInvalid);
    EXPECT_EQ(r.reason, RovReason::kOtherOrigin);
    EXPECT_EQ(r.covering[0].match, VrpMatch::kAs0);
  }
  // An AS 0 VRP beside a matching one does not spoil the match.
  EXPECT_EQ(
      Validate({V("192.0.2.0/24", 24, 0), V("192.0.2.0/24", 24, kOrigin)}, "192.0.2.0/24", kOrigin)
          .state,
      RovState::kValid);
}

// A Route can be Covered and Matched by several VRPs at once, from several
// prefix lengths; the state follows from the whole set, whatever the order.
TEST(Rfc6811Test, SeveralVrpsAtOnce) {
  const std::vector<Vrp> vrps = {V("10.0.0.0/8", 24, kOrigin), V("10.1.0.0/16", 24, kOrigin),
                                 V("10.1.1.0/24", 24, kOther)};
  const RovResult r = Validate(vrps, "10.1.1.0/24", kOrigin);
  EXPECT_EQ(r.state, RovState::kValid);
  EXPECT_EQ(r.covering.size(), 3u);
  EXPECT_EQ(Validate(vrps, "10.1.1.0/25", kOrigin).reason, RovReason::kTooSpecific);
}

TEST(RovNamesTest, Names) {
  EXPECT_STREQ(RovStateName(RovState::kValid), "valid");
  EXPECT_STREQ(RovStateName(RovState::kInvalid), "invalid");
  EXPECT_STREQ(RovStateName(RovState::kNotFound), "not-found");
  EXPECT_STREQ(RovReasonName(RovReason::kTooSpecific), "too-specific");
  EXPECT_STREQ(RovReasonName(RovReason::kNoOrigin), "no-origin");
  EXPECT_STREQ(VrpMatchName(VrpMatch::kAs0), "as0");
}

TEST(InvalidReasonsTest, OtherOriginAndTooSpecificBoth) {
  auto table = VrpTable::Build(
      {Vrp{*Prefix::Parse("1.1.1.0/24"), 24, 13335}, Vrp{*Prefix::Parse("1.0.0.0/8"), 8, 0}});
  ASSERT_TRUE(table);
  const Prefix longer = *Prefix::Parse("1.1.1.0/25");
  const Prefix exact = *Prefix::Parse("1.1.1.0/24");
  auto both = ValidateRoute(*table, longer, Asn{64496});
  EXPECT_EQ(InvalidReasons(both, 25),
            (std::vector<RovReason>{RovReason::kOtherOrigin, RovReason::kTooSpecific}));
  EXPECT_EQ(InvalidReasons(ValidateRoute(*table, exact, Asn{64496}), 24),
            std::vector<RovReason>{RovReason::kOtherOrigin});
  EXPECT_EQ(InvalidReasons(ValidateRoute(*table, longer, Asn{13335}), 25),
            std::vector<RovReason>{RovReason::kTooSpecific});
  EXPECT_EQ(InvalidReasons(ValidateRoute(*table, longer, std::nullopt), 25),
            (std::vector<RovReason>{RovReason::kNoOrigin, RovReason::kTooSpecific}));
  EXPECT_TRUE(InvalidReasons(ValidateRoute(*table, exact, Asn{13335}), 24).empty());
}

}  // namespace
}  // namespace manrs
