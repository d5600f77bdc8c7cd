// Unit tests of PrefixSet on hand-made cases; prefix_set_random_test.cc
// compares it with a linear-scan oracle on random sets.
#include "manrs/net/prefix_set.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace manrs {
namespace {

Prefix P(std::string_view text) {
  auto prefix = Prefix::Parse(text);
  EXPECT_TRUE(prefix.has_value()) << text;
  return prefix.has_value() ? *prefix : Prefix();
}

IpAddress A(std::string_view text) {
  auto address = IpAddress::Parse(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.has_value() ? *address : IpAddress();
}

PrefixSet Make(std::initializer_list<const char*> texts) {
  PrefixSet set;
  for (const char* text : texts) EXPECT_TRUE(set.Insert(P(text))) << text;
  return set;
}

std::vector<std::string> Texts(const std::vector<Prefix>& prefixes) {
  std::vector<std::string> out;
  for (const Prefix& p : prefixes) out.push_back(p.ToString());
  return out;
}

using Strings = std::vector<std::string>;

std::string MatchText(const std::optional<Prefix>& p) { return p ? p->ToString() : "none"; }

TEST(PrefixSetTest, EmptySet) {
  PrefixSet set;
  EXPECT_TRUE(set.empty());
  EXPECT_EQ(set.size(), 0u);
  EXPECT_FALSE(set.Contains(P("0.0.0.0/0")));
  EXPECT_FALSE(set.LongestMatch(A("1.2.3.4")).has_value());
  EXPECT_FALSE(set.LongestMatch(A("::1")).has_value());
  EXPECT_FALSE(set.CoveredBy(P("::/0")));
  EXPECT_TRUE(set.Covering(P("10.0.0.0/8")).empty());
  EXPECT_TRUE(set.Within(P("0.0.0.0/0")).empty());
  EXPECT_TRUE(set.Prefixes().empty());
  EXPECT_TRUE(set.Aggregate().empty());
  EXPECT_FALSE(set.Erase(P("10.0.0.0/8")));
}

TEST(PrefixSetTest, InsertEraseContains) {
  PrefixSet set;
  EXPECT_TRUE(set.Insert(P("10.0.0.0/8")));
  EXPECT_FALSE(set.Insert(P("10.0.0.0/8")));  // already there
  EXPECT_TRUE(set.Insert(P("10.0.0.0/16")));
  EXPECT_TRUE(set.Insert(P("2001:db8::/32")));
  EXPECT_EQ(set.size(), 3u);
  EXPECT_TRUE(set.Contains(P("10.0.0.0/8")));
  EXPECT_TRUE(set.Contains(P("10.0.0.0/16")));
  EXPECT_FALSE(set.Contains(P("10.0.0.0/12")));
  EXPECT_FALSE(set.Contains(P("10.0.0.0/24")));
  EXPECT_TRUE(set.Erase(P("10.0.0.0/8")));
  EXPECT_FALSE(set.Erase(P("10.0.0.0/8")));
  EXPECT_FALSE(set.Contains(P("10.0.0.0/8")));
  EXPECT_TRUE(set.Contains(P("10.0.0.0/16")));
  EXPECT_EQ(set.size(), 2u);
  set.Clear();
  EXPECT_TRUE(set.empty());
  EXPECT_FALSE(set.Contains(P("2001:db8::/32")));
}

TEST(PrefixSetTest, BranchPointsAreNotMembers) {
  // The trie holds a node at 10.0.0.0/23 where the two /24s part; it must
  // neither count as stored nor be erasable.
  PrefixSet set = Make({"10.0.0.0/24", "10.0.1.0/24"});
  EXPECT_FALSE(set.Contains(P("10.0.0.0/23")));
  EXPECT_FALSE(set.Erase(P("10.0.0.0/23")));
  EXPECT_FALSE(set.CoveredBy(P("10.0.0.0/23")));
  EXPECT_EQ(MatchText(set.LongestMatch(P("10.0.0.0/23"))), "none");
  EXPECT_TRUE(set.Insert(P("10.0.0.0/23")));  // now it is one
  EXPECT_EQ(set.size(), 3u);
  EXPECT_TRUE(set.Erase(P("10.0.0.0/24")));
  EXPECT_TRUE(set.Erase(P("10.0.0.0/23")));
  EXPECT_EQ(Texts(set.Prefixes()), Strings({"10.0.1.0/24"}));
}

TEST(PrefixSetTest, FamiliesAreSeparate) {
  PrefixSet set = Make({"0.0.0.0/0"});
  EXPECT_EQ(MatchText(set.LongestMatch(A("1.2.3.4"))), "0.0.0.0/0");
  EXPECT_EQ(MatchText(set.LongestMatch(A("::ffff:1.2.3.4"))), "none");
  EXPECT_FALSE(set.Contains(P("::/0")));
  EXPECT_TRUE(set.Insert(P("::/0")));
  EXPECT_EQ(MatchText(set.LongestMatch(A("::ffff:1.2.3.4"))), "::/0");
  EXPECT_TRUE(set.Erase(P("0.0.0.0/0")));
  EXPECT_EQ(MatchText(set.LongestMatch(A("1.2.3.4"))), "none");
  EXPECT_EQ(set.size(), 1u);
}

TEST(PrefixSetTest, LongestMatchOfAddresses) {
  PrefixSet set = Make({"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3/32",
                        "::/0", "2001:db8::/32", "2001:db8::1/128"});
  EXPECT_EQ(MatchText(set.LongestMatch(A("10.1.2.3"))), "10.1.2.3/32");
  EXPECT_EQ(MatchText(set.LongestMatch(A("10.1.2.4"))), "10.1.2.0/24");
  EXPECT_EQ(MatchText(set.LongestMatch(A("10.1.3.4"))), "10.1.0.0/16");
  EXPECT_EQ(MatchText(set.LongestMatch(A("10.2.0.0"))), "10.0.0.0/8");
  EXPECT_EQ(MatchText(set.LongestMatch(A("11.0.0.0"))), "0.0.0.0/0");
  EXPECT_EQ(MatchText(set.LongestMatch(A("2001:db8::1"))), "2001:db8::1/128");
  EXPECT_EQ(MatchText(set.LongestMatch(A("2001:db8::2"))), "2001:db8::/32");
  EXPECT_EQ(MatchText(set.LongestMatch(A("2001:db9::"))), "::/0");
  EXPECT_TRUE(set.Erase(P("0.0.0.0/0")));
  EXPECT_EQ(MatchText(set.LongestMatch(A("11.0.0.0"))), "none");
  EXPECT_EQ(MatchText(set.LongestMatch(A("255.255.255.255"))), "none");
}

TEST(PrefixSetTest, LongestMatchOfPrefixesCountsThePrefixItself) {
  PrefixSet set = Make({"10.0.0.0/8", "10.1.0.0/16"});
  EXPECT_EQ(MatchText(set.LongestMatch(P("10.1.0.0/16"))), "10.1.0.0/16");
  EXPECT_EQ(MatchText(set.LongestMatch(P("10.1.0.0/24"))), "10.1.0.0/16");
  EXPECT_EQ(MatchText(set.LongestMatch(P("10.0.0.0/15"))), "10.0.0.0/8");
  EXPECT_EQ(MatchText(set.LongestMatch(P("10.0.0.0/7"))), "none");
  EXPECT_EQ(MatchText(set.LongestMatch(P("0.0.0.0/0"))), "none");
  EXPECT_TRUE(set.CoveredBy(P("10.1.0.0/16")));
  EXPECT_TRUE(set.CoveredBy(P("10.255.255.255/32")));
  EXPECT_FALSE(set.CoveredBy(P("10.0.0.0/7")));
  EXPECT_FALSE(set.CoveredBy(P("11.0.0.0/8")));
}

TEST(PrefixSetTest, CoveringIsShortestFirst) {
  PrefixSet set = Make({"10.1.2.0/24", "10.0.0.0/8", "0.0.0.0/0", "10.1.0.0/16", "10.2.0.0/16",
                        "10.1.2.0/25", "::/0"});
  EXPECT_EQ(Texts(set.Covering(P("10.1.2.0/24"))),
            Strings({"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24"}));
  EXPECT_EQ(Texts(set.Covering(P("10.1.2.128/25"))),
            Strings({"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24"}));
  EXPECT_EQ(Texts(set.Covering(P("0.0.0.0/0"))), Strings({"0.0.0.0/0"}));
  EXPECT_EQ(Texts(set.Covering(P("2001:db8::/32"))), Strings({"::/0"}));
  Strings seen;
  set.ForEachCovering(P("10.2.3.0/24"), [&seen](const Prefix& p) { seen.push_back(p.ToString()); });
  EXPECT_EQ(seen, Strings({"0.0.0.0/0", "10.0.0.0/8", "10.2.0.0/16"}));
}

TEST(PrefixSetTest, WithinIsSorted) {
  PrefixSet set = Make({"10.1.2.0/24", "10.0.0.0/8", "0.0.0.0/0", "10.1.0.0/16", "10.2.0.0/16",
                        "10.1.2.0/25", "11.0.0.0/8", "::/0", "2001:db8::/32"});
  EXPECT_EQ(Texts(set.Within(P("10.0.0.0/8"))),
            Strings({"10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.0/25", "10.2.0.0/16"}));
  EXPECT_EQ(Texts(set.Within(P("10.0.0.0/15"))),
            Strings({"10.1.0.0/16", "10.1.2.0/24", "10.1.2.0/25"}));
  EXPECT_EQ(Texts(set.Within(P("10.3.0.0/16"))), Strings({}));
  EXPECT_EQ(Texts(set.Within(P("10.1.2.0/25"))), Strings({"10.1.2.0/25"}));
  EXPECT_EQ(Texts(set.Within(P("::/0"))), Strings({"::/0", "2001:db8::/32"}));
  EXPECT_EQ(set.Within(P("0.0.0.0/0")).size(), 7u);
}

TEST(PrefixSetTest, PrefixesAreSortedIpv4First) {
  PrefixSet set = Make({"2001:db8::/32", "10.0.0.0/16", "::/0", "10.0.0.0/8", "9.0.0.0/8",
                        "255.255.255.255/32", "0.0.0.0/0", "::1/128", "10.0.0.0/9"});
  EXPECT_EQ(Texts(set.Prefixes()),
            Strings({"0.0.0.0/0", "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/9", "10.0.0.0/16",
                     "255.255.255.255/32", "::/0", "::1/128", "2001:db8::/32"}));
}

TEST(PrefixSetTest, ExtremeLengths) {
  PrefixSet set = Make({"255.255.255.255/32", "0.0.0.0/32", "::/128",
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"});
  EXPECT_EQ(MatchText(set.LongestMatch(A("255.255.255.255"))), "255.255.255.255/32");
  EXPECT_EQ(MatchText(set.LongestMatch(A("255.255.255.254"))), "none");
  EXPECT_EQ(MatchText(set.LongestMatch(A("0.0.0.0"))), "0.0.0.0/32");
  EXPECT_EQ(MatchText(set.LongestMatch(A("::"))), "::/128");
  EXPECT_EQ(MatchText(set.LongestMatch(A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))),
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
  EXPECT_EQ(MatchText(set.LongestMatch(A("::1"))), "none");
  EXPECT_TRUE(set.Insert(P("::/0")));
  EXPECT_EQ(MatchText(set.LongestMatch(A("::1"))), "::/0");
}

TEST(PrefixSetTest, RejectsLengthsBeyondTheFamily) {
  // Prefix::Normalized does not check the length; the set must.
  Prefix too_long = Prefix::Normalized(A("10.0.0.0"), 33);
  Prefix wrapped = Prefix::Normalized(A("::"), -1);
  PrefixSet set = Make({"0.0.0.0/0", "::/0"});
  for (const Prefix& bad : {too_long, wrapped}) {
    EXPECT_FALSE(set.Insert(bad));
    EXPECT_FALSE(set.Erase(bad));
    EXPECT_FALSE(set.Contains(bad));
    EXPECT_FALSE(set.CoveredBy(bad));
    EXPECT_FALSE(set.LongestMatch(bad).has_value());
    EXPECT_TRUE(set.Covering(bad).empty());
    EXPECT_TRUE(set.Within(bad).empty());
  }
  EXPECT_EQ(set.size(), 2u);
}

TEST(PrefixSetTest, AggregateMergesSiblingsAndDropsCovered) {
  struct Case {
    std::initializer_list<const char*> input;
    Strings expected;
  };
  const Case cases[] = {
      {{"10.0.0.0/24", "10.0.1.0/24"}, {"10.0.0.0/23"}},
      {{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"}, {"10.0.0.0/22"}},
      {{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"}, {"10.0.0.0/23", "10.0.2.0/24"}},
      // Adjacent but not siblings: no merge.
      {{"10.0.1.0/24", "10.0.2.0/24"}, {"10.0.1.0/24", "10.0.2.0/24"}},
      {{"10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24"}, {"10.0.0.0/8"}},
      // A half filled by pieces of different lengths.
      {{"10.0.0.0/25", "10.0.0.128/25", "10.0.1.0/24", "10.0.2.0/23"}, {"10.0.0.0/22"}},
      {{"10.0.0.0/24", "10.0.1.0/25"}, {"10.0.0.0/24", "10.0.1.0/25"}},
      {{"0.0.0.0/1", "128.0.0.0/1"}, {"0.0.0.0/0"}},
      {{"0.0.0.0/0", "1.2.3.4/32"}, {"0.0.0.0/0"}},
      {{"255.255.255.254/32", "255.255.255.255/32"}, {"255.255.255.254/31"}},
      {{"::/128", "::1/128"}, {"::/127"}},
      {{"::/1", "8000::/1", "10.0.0.0/8"}, {"10.0.0.0/8", "::/0"}},
      {{"2001:db8::/33", "2001:db8:8000::/33", "2001:db8:1::/48"}, {"2001:db8::/32"}},
  };
  for (const Case& c : cases) {
    PrefixSet set = Make(c.input);
    EXPECT_EQ(Texts(set.Aggregate()), c.expected) << *c.input.begin();
  }
}

TEST(PrefixSetTest, CopiesAreIndependent) {
  PrefixSet set;
  for (std::uint32_t i = 0; i < 3 * PrefixSet::kIndexMinSize; ++i) {
    ASSERT_TRUE(set.Insert(Prefix::Normalized(IpAddress::V4(0x0a000000u + (i << 8)), 24)));
  }
  PrefixSet copy = set;
  ASSERT_TRUE(copy.Erase(P("10.0.0.0/24")));
  ASSERT_TRUE(copy.Insert(P("10.0.0.0/8")));
  EXPECT_EQ(MatchText(set.LongestMatch(A("10.0.0.1"))), "10.0.0.0/24");
  EXPECT_EQ(MatchText(copy.LongestMatch(A("10.0.0.1"))), "10.0.0.0/8");
  EXPECT_EQ(MatchText(set.LongestMatch(A("10.255.0.1"))), "none");
  EXPECT_EQ(MatchText(copy.LongestMatch(A("10.255.0.1"))), "10.0.0.0/8");
  PrefixSet moved = std::move(copy);
  EXPECT_EQ(MatchText(moved.LongestMatch(A("10.255.0.1"))), "10.0.0.0/8");
}

TEST(PrefixSetTest, IndexAgreesWithTheTrieAcrossItsThresholds) {
  // A /16 split into /24s and /26s under a /12, grown past kIndexMinSize
  // and shrunk below half of it, so the index is built, updated and dropped.
  PrefixSet set = Make({"10.0.0.0/12"});
  std::vector<Prefix> added;
  for (std::uint32_t i = 0; added.size() < 2 * PrefixSet::kIndexMinSize; ++i) {
    std::uint32_t base = 0x0a000000u + ((i % 64) << 16) + ((i / 64) << 8);
    added.push_back(Prefix::Normalized(IpAddress::V4(base), 24));
    added.push_back(Prefix::Normalized(IpAddress::V4(base + 64), 26));
  }
  // Expected answers come from a scan of Prefixes(), which the trie lists.
  auto check = [&set](std::uint32_t step) {
    const std::vector<Prefix> stored = set.Prefixes();
    for (std::uint32_t a = 0x0a000000u; a < 0x0a400000u; a += step) {
      IpAddress address = IpAddress::V4(a);
      std::optional<Prefix> expected;
      for (const Prefix& p : stored) {
        if (p.Contains(address) && (!expected || p.length() > expected->length())) expected = p;
      }
      ASSERT_EQ(MatchText(set.LongestMatch(address)), MatchText(expected)) << address.ToString();
    }
  };
  for (const Prefix& p : added) ASSERT_TRUE(set.Insert(p));
  check(613);
  ASSERT_TRUE(set.Erase(P("10.0.0.0/12")));
  ASSERT_TRUE(set.Insert(P("10.0.0.0/14")));
  check(613);
  for (std::size_t i = 0; i < added.size(); i += 2) ASSERT_TRUE(set.Erase(added[i]));
  check(613);
  for (std::size_t i = 1; i + 10 < added.size(); i += 2) ASSERT_TRUE(set.Erase(added[i]));
  check(613);
  EXPECT_EQ(set.size(), 6u);  // 10.0.0.0/14 and the last five /26s
}

}  // namespace
}  // namespace manrs
