// Filter diffs, the max-removal guard, and a diff against the text of an old
// filter as it sits in a router configuration.
#include "manrs/filter/diff.h"

#include <gtest/gtest.h>

#include "manrs/filter/filter_text.h"
#include "manrs/filter/render.h"

namespace manrs {
namespace {

PrefixRange R(const char* t) { return *ParsePrefixRange(t); }

std::vector<PrefixRange> Many(int n, int first = 0) {
  std::vector<PrefixRange> out;
  for (int i = first; i < first + n; ++i) {
    out.push_back(PrefixRange::Exact(
        Prefix::Normalized(IpAddress::V4(0x0A000000u | static_cast<std::uint32_t>(i) << 8), 24)));
  }
  return out;
}

TEST(DiffTest, AddedRemovedKept) {
  const std::vector<PrefixRange> old_lines = {R("192.0.2.0/24"), R("198.51.100.0/24"),
                                              R("203.0.113.0/24^+")};
  const std::vector<PrefixRange> new_lines = {R("203.0.113.0/24^+"), R("192.0.2.0/24^24-25"),
                                              R("192.0.2.0/24"), R("192.0.2.0/24")};
  const FilterDiff d = DiffFilters(old_lines, new_lines);
  EXPECT_EQ(d.kept, 2u);
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0], R("192.0.2.0/24^24-25"));
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0], R("198.51.100.0/24"));
  EXPECT_EQ(d.ToString(), "+192.0.2.0/24^24-25\n-198.51.100.0/24\n");
  EXPECT_TRUE(CheckChange(d, ChangeLimits{}));  // 3 entries: below min_old_size
}

TEST(DiffTest, GuardRefusesLargeRemovals) {
  const auto old_lines = Many(100);
  // 5 % go: fine under the default 10 %.
  EXPECT_TRUE(CheckChange(DiffFilters(old_lines, Many(95)), ChangeLimits{}));
  // 60 % go: refused, and the message says how much.
  auto refused = CheckChange(DiffFilters(old_lines, Many(40)), ChangeLimits{});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("60 of 100"), std::string::npos)
      << refused.error().message;
  // Everything replaced by something else: refused too.
  EXPECT_FALSE(CheckChange(DiffFilters(old_lines, Many(100, 1000)), ChangeLimits{}));
  // The guard can be widened or turned off.
  EXPECT_TRUE(CheckChange(DiffFilters(old_lines, Many(40)), ChangeLimits{0.7, 10}));
  EXPECT_TRUE(CheckChange(DiffFilters(old_lines, Many(1)), ChangeLimits{1.0, 10}));
  // Even a small list may not lose every entry.
  EXPECT_FALSE(CheckChange(DiffFilters(Many(3), {}), ChangeLimits{}));
  // Growth is never refused.
  EXPECT_TRUE(CheckChange(DiffFilters(Many(10), Many(1000)), ChangeLimits{}));
}

TEST(DiffTest, AgainstOldFilterText) {
  // An old Junos route-filter-list as deployed, and today's expansion.
  const std::string old_text =
      "policy-options {\nreplace:\n  route-filter-list AS-X {\n"
      "    192.0.2.0/24 exact;\n    198.51.100.0/22 upto /24;\n    203.0.113.0/24 "
      "prefix-length-range /25-/26;\n"
      "  }\n}\n";
  auto old_lines = ParseFilterText(old_text, Dialect::kJunosRouteFilterList);
  ASSERT_TRUE(old_lines);
  ASSERT_EQ(old_lines->size(), 3u);
  PrefixFilterOptions o;
  o.refine_up_to = 24;
  auto now =
      BuildPrefixFilter(std::vector<PrefixRange>{R("192.0.2.0/24"), R("198.51.100.0/22")}, o);
  ASSERT_TRUE(now);
  const FilterDiff d = DiffFilters(*old_lines, now->lines);
  // 192.0.2.0/24 stays exact under -R 24 (24 is not below 24), the /22 keeps
  // "upto /24", and the /24 that left the registry goes.
  EXPECT_EQ(d.ToString(), "-203.0.113.0/24^25-26\n");
  EXPECT_EQ(d.kept, 2u);
}

TEST(DiffTest, Origins) {
  const std::vector<Asn> old_origins = {3333, 1267, 1273, 1267};
  const std::vector<Asn> new_origins = {1267, 2614, 3333};
  const OriginDiff d = DiffOrigins(old_origins, new_origins);
  EXPECT_EQ(d.kept, 2u);
  EXPECT_EQ(d.ToString(), "-AS1273\n+AS2614\n");
  EXPECT_TRUE(CheckChange(d, ChangeLimits{}));
  std::vector<Asn> many;
  for (Asn a = 1; a <= 100; ++a) many.push_back(a);
  const std::vector<Asn> half(many.begin(), many.begin() + 50);
  auto refused = CheckChange(DiffOrigins(many, half), ChangeLimits{});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("50 of 100"), std::string::npos);
  EXPECT_FALSE(CheckChange(DiffOrigins(many, {}), ChangeLimits{1.0, 10}));
}

TEST(FilterTextTest, BadRangeNamesOffset) {
  auto r = ParseFilterText("ip prefix-list X permit 10.0.0.0/16 le 12\n", Dialect::kCiscoIos);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().offset, 24u);
}

TEST(FilterTextTest, UnreadableEntriesRefuseTheReading) {
  // A typo in the old filter must not read as "this prefix was removed".
  const std::string text =
      "ip prefix-list X permit 10.0.0.0/8\n"
      "ip prefix-list X permit 10.1.0.1/16\n"  // host bits
      "ip prefix-list X permit 10.2.0.0/33\n"  // length
      "ip prefix-list X permit 2001:db8::/129\n";
  auto r = ParseFilterText(text, Dialect::kCiscoIos);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().offset, 59u);
  EXPECT_EQ(r.error().message, "3 unreadable prefixes, the first '10.1.0.1/16' at byte 59");
  ASSERT_FALSE(ParseFilterText(text, Dialect::kCiscoIos, "X"));
  // Interface names, dates and paths with a slash are not prefixes.
  auto ok = ParseFilterText(
      "interface GigabitEthernet0/0/1\n! 2024/01/01 http://example.net/x\n"
      "ip prefix-list X permit 10.0.0.0/8\n",
      Dialect::kCiscoIos);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->size(), 1u);
}

TEST(PrefixRangeTest, RpslOperators) {
  EXPECT_EQ(R("192.0.2.0/24"), PrefixRange::Make(*Prefix::Parse("192.0.2.0/24"), 24, 24));
  EXPECT_EQ(R("192.0.2.0/24^-"), PrefixRange::Make(*Prefix::Parse("192.0.2.0/24"), 25, 32));
  EXPECT_EQ(R("192.0.2.0/24^+"), PrefixRange::Make(*Prefix::Parse("192.0.2.0/24"), 24, 32));
  EXPECT_EQ(R("192.0.2.0/24^26"), PrefixRange::Make(*Prefix::Parse("192.0.2.0/24"), 26, 26));
  EXPECT_EQ(R("2001:db8::/32^48-64"), PrefixRange::Make(*Prefix::Parse("2001:db8::/32"), 48, 64));
  for (const char* s : {"192.0.2.0/24", "192.0.2.0/24^-", "192.0.2.0/24^+", "192.0.2.0/24^26",
                        "2001:db8::/32^48-64"}) {
    EXPECT_EQ(R(s).ToString(), s);
  }
  for (const char* bad : {"192.0.2.0/24^23", "192.0.2.0/24^26-25", "192.0.2.0/24^33",
                          "192.0.2.0/24^", "192.0.2.0/24^x", "192.0.2.0/24^+1", "192.0.2.1/24",
                          "192.0.2.0/32^-", "2001:db8::/32^129"}) {
    EXPECT_FALSE(ParsePrefixRange(bad)) << bad;
  }
  EXPECT_EQ(R("10.0.0.0/8^+").Count(), (std::uint64_t{1} << 25) - 1);
}

// bgpq4 1.9 reads "^n" as an empty range and silently drops the member
// (testdata/filter/PROVENANCE.md); we expand it as RFC 2622 says.
TEST(PrefixFilterTest, SingleLengthOperatorIsExpanded) {
  auto f =
      BuildPrefixFilter(std::vector<PrefixRange>{R("193.254.30.0/24^25")}, PrefixFilterOptions{});
  ASSERT_TRUE(f);
  ASSERT_EQ(f->lines.size(), 2u);
  EXPECT_EQ(f->lines[0].ToString(), "193.254.30.0/25");
  EXPECT_EQ(f->lines[1].ToString(), "193.254.30.128/25");
}

TEST(PrefixFilterTest, CountsSkippedMembers) {
  PrefixFilterOptions o;
  o.max_length = 24;
  auto f = BuildPrefixFilter(
      std::vector<PrefixRange>{R("192.0.2.0/24"), R("192.0.2.0/25"), R("2001:db8::/32")}, o);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->lines.size(), 1u);
  EXPECT_EQ(f->skipped_too_long, 1u);
  EXPECT_EQ(f->skipped_other_family, 1u);
}

}  // namespace
}  // namespace manrs
