// Bogon prefixes and AS numbers: the built-in IANA tables on hand-picked
// routes, then against real lists (testdata/bogons): Team Cymru's traditional
// and full bogons of 2025-07-15, and the IANA AS number registry as ipv6calc
// carries it; and a scan of a real RouteViews RIB.
#include "manrs/validate/bogons.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "manrs/base/input.h"
#include "manrs/mrt/element_reader.h"

namespace manrs {
namespace {

std::string TestFile(const std::string& name) { return std::string(MANRS_TESTDATA) + "/" + name; }
Prefix P(const char* text) { return *Prefix::Parse(text); }

TEST(BogonPrefixesTest, BuiltInTableIsWellFormed) {
  std::set<Prefix> seen;
  for (const SpecialPurposeBlock& b : SpecialPurposeBlocks()) {
    auto p = Prefix::Parse(b.prefix);
    ASSERT_TRUE(p) << b.prefix;
    EXPECT_TRUE(seen.insert(*p).second) << "duplicate " << b.prefix;
    EXPECT_TRUE(std::string(b.rfc).starts_with("RFC ")) << b.prefix;
    // A reachable block is meaningful only as an exception or a note: the
    // prefix itself must never come out as a bogon.
    EXPECT_EQ(BogonPrefixes::BuiltIn().IsBogon(*p), !b.globally_reachable) << b.prefix;
  }
}

TEST(BogonPrefixesTest, SpecialPurposeRoutes) {
  BogonPrefixes b = BogonPrefixes::BuiltIn();
  struct Case {
    const char* route;
    const char* block;  // nullptr: not a bogon
    const char* rfc;
  };
  for (const Case& c : std::vector<Case>{
           {"10.20.0.0/16", "10.0.0.0/8", "RFC 1918"},
           {"172.31.255.0/24", "172.16.0.0/12", "RFC 1918"},
           {"172.32.0.0/16", nullptr, nullptr},
           {"100.64.0.0/10", "100.64.0.0/10", "RFC 6598"},
           {"127.0.0.0/8", "127.0.0.0/8", "RFC 1122 section 3.2.1.3"},
           {"192.0.0.0/29", "192.0.0.0/29", "RFC 7335"},
           {"192.0.0.9/32", nullptr, nullptr},  // PCP anycast is globally reachable
           {"192.0.2.0/24", "192.0.2.0/24", "RFC 5737"},
           {"192.31.196.0/24", nullptr, nullptr},  // AS112-v4
           {"198.19.0.0/16", "198.18.0.0/15", "RFC 2544"},
           {"233.252.0.0/24", "224.0.0.0/4", "RFC 5771"},
           {"250.0.0.0/8", "240.0.0.0/4", "RFC 1112 section 4"},
           {"8.8.8.0/24", nullptr, nullptr},
           {"0.0.0.0/0", nullptr, nullptr},  // covers bogon space, is not inside it
           {"2001:db8:1::/48", "2001:db8::/32", "RFC 3849"},
           {"3fff:100::/24", "3fff::/20", "RFC 9637"},
           {"64:ff9b::/96", nullptr, nullptr},  // RFC 6052 well-known prefix: reachable
           {"64:ff9b:1:2::/64", "64:ff9b:1::/48", "RFC 8215"},
           {"64:ff9c::/32", "::/8", "RFC 4291"},
           {"2001:2::/48", "2001:2::/48", "RFC 5180"},
           {"2001:4:112::/48", nullptr, nullptr},  // AS112-v6
           {"2001:5::/32", "2001::/23", "RFC 2928"},
           {"2001::/32", nullptr, nullptr},  // Teredo
           {"fd00:1::/48", "fc00::/7", "RFC 4193"},
           {"fe80::/64", "fe80::/10", "RFC 4291"},
           {"ff02::/16", "ff00::/8", "RFC 4291"},
           {"4000::/3", "4000::/3", "RFC 4291"},
           {"5f00:1::/32", "5f00::/16", "RFC 9602"},
           {"2a00:1450::/32", nullptr, nullptr},
           {"::/0", nullptr, nullptr},
       }) {
    auto m = b.Match(P(c.route));
    if (c.block == nullptr) {
      EXPECT_FALSE(m.has_value()) << c.route << " matched " << m->block.ToString();
      continue;
    }
    ASSERT_TRUE(m.has_value()) << c.route;
    EXPECT_EQ(m->block, P(c.block)) << c.route;
    EXPECT_EQ(m->source, BogonSource::kSpecialPurpose);
    ASSERT_NE(m->special, nullptr);
    EXPECT_STREQ(m->special->rfc, c.rfc) << c.route;
  }
}

// RFC 7454 section 6.1.3: nothing longer than /24 (IPv4) or /48 (IPv6).
TEST(BogonPrefixesTest, TooSpecific) {
  EXPECT_FALSE(TooSpecific(P("192.0.2.0/24")));
  EXPECT_TRUE(TooSpecific(P("192.0.2.0/25")));
  EXPECT_TRUE(TooSpecific(P("192.0.2.1/32")));
  EXPECT_FALSE(TooSpecific(P("0.0.0.0/0")));
  EXPECT_FALSE(TooSpecific(P("2001:db8::/48")));
  EXPECT_TRUE(TooSpecific(P("2001:db8::/49")));
  EXPECT_TRUE(TooSpecific(P("2001:db8::1/128")));
}

TEST(BogonPrefixesTest, ListParsingReportsBadLinesByNumber) {
  BogonPrefixes b;
  ProblemLog problems;
  auto added = b.ParseList(
      "# last updated 1752584101\n"
      "\n"
      "192.0.2.0/24\n"
      "  198.51.100.0/24   # documentation\r\n"
      "203.0.113.1/24\n"
      "not a prefix\n"
      "192.0.2.0/24\n"
      "2001:db8::/32",
      "list.txt", problems);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(*added, 3u);
  EXPECT_EQ(b.list_size(), 3u);
  ASSERT_EQ(problems.count(), 2u);
  EXPECT_EQ(problems.kept()[0].source, "list.txt");
  EXPECT_EQ(problems.kept()[0].line, 5u);
  EXPECT_EQ(problems.kept()[0].offset, 77u);  // the byte where line 5 starts
  EXPECT_EQ(problems.kept()[0].message, "not a prefix: prefix 203.0.113.1/24 has host bits set")
      << problems.kept()[0].message;
  EXPECT_EQ(problems.kept()[1].line, 6u);
  EXPECT_EQ(problems.kept()[1].offset, 92u);

  // A 50 MB line is quoted cut, not echoed whole.
  ProblemLog huge;
  BogonPrefixes h;
  EXPECT_TRUE(h.ParseList("192.0.2.0/24\n" + std::string(50'000'000, '9') + "\n", "big", huge));
  ASSERT_EQ(huge.count(), 1u);
  EXPECT_LT(huge.kept()[0].message.size(), 200u);
  EXPECT_NE(huge.kept()[0].message.find("'..."), std::string::npos);
  auto m = b.Match(P("198.51.100.128/25"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->source, BogonSource::kList);
  EXPECT_EQ(m->block, P("198.51.100.0/24"));
  EXPECT_FALSE(b.IsBogon(P("10.0.0.0/8")));  // the list alone, no built-in table

  // An empty list, or one with nothing usable, must not load silently.
  ProblemLog more;
  EXPECT_FALSE(b.ParseList("# nothing\n\n", "empty.txt", more));
  EXPECT_FALSE(b.ParseList("garbage\n", "bad.txt", more));
  EXPECT_EQ(more.count(), 1u);
  EXPECT_FALSE(b.LoadList(TestFile("bogons/no-such-file.txt"), more));
}

// Team Cymru's traditional (non-aggregated) lists are the special-purpose
// blocks; each entry is a bogon in our table, or one of its globally
// reachable exceptions.
TEST(BogonPrefixesTest, TraditionalCymruListsAgreeWithTheBuiltInTable) {
  BogonPrefixes builtin = BogonPrefixes::BuiltIn();
  std::set<Prefix> reachable;
  for (const SpecialPurposeBlock& b : SpecialPurposeBlocks()) {
    if (b.globally_reachable) reachable.insert(P(b.prefix));
  }
  for (const char* name : {"bogons/spoofer-ix__bogon-bn-nonagg-ipv4.txt",
                           "bogons/spoofer-ix__bogon-bn-nonagg-ipv6.txt"}) {
    BogonPrefixes list;
    ProblemLog problems;
    auto added = list.LoadList(TestFile(name), problems);
    ASSERT_TRUE(added) << added.error().message;
    EXPECT_EQ(problems.count(), 0u) << name;
    std::ifstream in(TestFile(name));
    std::string line;
    int entries = 0;
    while (std::getline(in, line)) {
      Prefix p = P(line.c_str());
      ++entries;
      EXPECT_TRUE(builtin.IsBogon(p) || reachable.contains(p)) << name << ": " << line;
    }
    EXPECT_GT(entries, 10);
  }
}

// The prefixes of a list file, read independently of BogonPrefixes.
PrefixSet ReadList(const std::string& name) {
  PrefixSet set;
  auto input = OpenInput(TestFile(name));
  EXPECT_TRUE(input);
  if (!input) return set;
  std::string text;
  std::vector<std::byte> buffer(1 << 16);
  while (true) {
    auto n = (*input)->Read(buffer);
    if (!n || *n == 0) break;
    text.append(reinterpret_cast<const char*>(buffer.data()), *n);
  }
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line[0] != '#') set.Insert(P(line.c_str()));
  }
  return set;
}

// Team Cymru's full bogons add unallocated space to the special-purpose
// blocks. Block by block: a non-reachable block of ours must be covered by
// the list except for the reachable exceptions inside it, and a reachable
// one must not be touched by the list. The differences are the ones noted.
TEST(BogonPrefixesTest, FullBogonsCoverTheBuiltInTable) {
  BogonPrefixes full;
  ProblemLog problems;
  auto v4 = full.LoadList(TestFile("bogons/cymru-fullbogons-ipv4.20250715.txt"), problems);
  ASSERT_TRUE(v4) << v4.error().message;
  auto v6 = full.LoadList(TestFile("bogons/cymru-fullbogons-ipv6.20250715.txt.gz"), problems);
  ASSERT_TRUE(v6) << v6.error().message;
  EXPECT_EQ(problems.count(), 0u);
  EXPECT_EQ(*v4, 2858u);
  EXPECT_EQ(*v6, 149164u);
  PrefixSet cymru = ReadList("bogons/cymru-fullbogons-ipv4.20250715.txt");
  PrefixSet v6_list = ReadList("bogons/cymru-fullbogons-ipv6.20250715.txt.gz");
  for (const Prefix& p : v6_list.Prefixes()) cymru.Insert(p);
  ASSERT_EQ(cymru.size(), full.list_size());

  PrefixSet reachable;
  for (const SpecialPurposeBlock& b : SpecialPurposeBlocks()) {
    if (b.globally_reachable) reachable.Insert(P(b.prefix));
  }
  std::set<std::string> differences;
  for (const SpecialPurposeBlock& b : SpecialPurposeBlocks()) {
    const Prefix block = P(b.prefix);
    bool agrees;
    if (b.globally_reachable) {
      agrees = !cymru.CoveredBy(block) && cymru.Within(block).empty();
    } else if (cymru.CoveredBy(block)) {
      agrees = true;
    } else {
      PrefixSet parts;
      for (const Prefix& p : cymru.Within(block)) parts.Insert(p);
      for (const Prefix& p : reachable.Within(block)) parts.Insert(p);
      agrees = parts.Aggregate() == std::vector<Prefix>{block};
    }
    if (!agrees) differences.insert(b.prefix);
  }
  // 192.88.99.0/24: RFC 7526 deprecated 6to4 relay anycast; Cymru no longer
  // lists the block, the registry still does (not globally reachable).
  // 2001::/23 and its non-reachable parts: Cymru treats the IETF protocol
  // assignment block as allocated space. The PCP and TURN anycast /32s:
  // Cymru lists all of 192.0.0.0/24 (a /32 is too specific to route anyway).
  EXPECT_EQ(differences, (std::set<std::string>{"192.88.99.0/24", "192.0.0.9/32", "192.0.0.10/32",
                                                "2001::/23", "2001:2::/48", "2001:10::/28"}));
  // Real allocations are not bogons.
  for (const char* route : {"8.8.8.0/24", "193.0.0.0/21", "2001:7fb::/32", "2a00:1450::/32"}) {
    EXPECT_FALSE(full.IsBogon(P(route))) << route;
  }
}

// IANA "Special-Purpose AS Numbers" and the reserved block 65552-131071.
TEST(BogonAsnTest, RangesAndTheirRfcs) {
  struct Case {
    Asn asn;
    std::optional<BogonAsnKind> kind;
    const char* rfc;
  };
  for (const Case& c : std::vector<Case>{
           {0, BogonAsnKind::kReservedZero, "RFC 7607"},
           {1, std::nullopt, nullptr},
           {112, std::nullopt, nullptr},  // AS112 is special-purpose but routed
           {23455, std::nullopt, nullptr},
           {23456, BogonAsnKind::kAsTransAsn, "RFC 6793"},
           {23457, std::nullopt, nullptr},
           {64495, std::nullopt, nullptr},
           {64496, BogonAsnKind::kDocumentation, "RFC 5398"},
           {64511, BogonAsnKind::kDocumentation, "RFC 5398"},
           {64512, BogonAsnKind::kPrivateUse, "RFC 6996"},
           {65534, BogonAsnKind::kPrivateUse, "RFC 6996"},
           {65535, BogonAsnKind::kLastReserved, "RFC 7300"},
           {65536, BogonAsnKind::kDocumentation, "RFC 5398"},
           {65551, BogonAsnKind::kDocumentation, "RFC 5398"},
           {65552, BogonAsnKind::kIanaReserved, "IANA"},
           {131071, BogonAsnKind::kIanaReserved, "IANA"},
           {131072, std::nullopt, nullptr},
           {4199999999u, std::nullopt, nullptr},
           {4200000000u, BogonAsnKind::kPrivateUse, "RFC 6996"},
           {4294967294u, BogonAsnKind::kPrivateUse, "RFC 6996"},
           {4294967295u, BogonAsnKind::kLastReserved, "RFC 7300"},
       }) {
    const BogonAsnRange* r = ClassifyBogonAsn(c.asn);
    if (!c.kind) {
      EXPECT_EQ(r, nullptr) << c.asn;
      continue;
    }
    ASSERT_NE(r, nullptr) << c.asn;
    EXPECT_EQ(r->kind, *c.kind) << c.asn;
    EXPECT_STREQ(r->rfc, c.rfc) << c.asn;
  }
  EXPECT_STREQ(BogonAsnKindName(BogonAsnKind::kAsTransAsn), "as-trans");
}

// The IANA AS number registry (as ipv6calc's table of 2025-01 carries it):
// no AS of a block IANA gave to an RIR is a bogon, and every AS below 131072
// that IANA gave to nobody is one.
TEST(BogonAsnTest, AgreesWithTheIanaRegistry) {
  std::ifstream in(TestFile("bogons/ipv6calc__dbasn_assignment.h"));
  std::vector<std::pair<Asn, Asn>> blocks;
  std::string line;
  while (std::getline(in, line)) {  // rows read "\t{ 1, 1876, REGISTRY_ARIN },"
    unsigned long first = 0, last = 0;
    if (line.find("REGISTRY_") != std::string::npos &&
        std::sscanf(line.c_str(), " { %lu , %lu ,", &first, &last) == 2) {
      blocks.emplace_back(static_cast<Asn>(first), static_cast<Asn>(last));
    }
  }
  ASSERT_GT(blocks.size(), 100u);
  Asn next = 0;
  std::uint64_t assigned = 0;
  for (auto [first, last] : blocks) {
    for (Asn a = next; a < first && a <= 131071; ++a) {
      EXPECT_NE(ClassifyBogonAsn(a), nullptr) << "unassigned AS" << a;
    }
    EXPECT_EQ(ClassifyBogonAsn(first), nullptr) << first;
    EXPECT_EQ(ClassifyBogonAsn(last), nullptr) << last;
    for (const BogonAsnRange& r : BogonAsnRanges()) {
      EXPECT_TRUE(r.last < first || r.first > last) << "AS" << r.first << " in " << first;
    }
    assigned += last - first + 1;
    next = last + 1;
  }
  EXPECT_GT(assigned, 130000u);
}

AsPath Path(std::vector<std::pair<SegmentType, std::vector<Asn>>> segments) {
  AsPath p;
  for (auto& [type, asns] : segments) p.Append(type, asns);
  return p;
}

// "Bogon ASN anywhere in the path": sequences and sets, not confederations.
TEST(BogonAsnTest, FindsBogonsAnywhereInThePath) {
  EXPECT_FALSE(FindBogonAsn(Path({{SegmentType::kAsSequence, {3356, 1299, 13335}}})));
  AsPath p = Path({{SegmentType::kConfedSequence, {65001}},
                   {SegmentType::kAsSequence, {3356, 3356, 23456, 64512}},
                   {SegmentType::kAsSet, {13335, 0}}});
  std::vector<BogonAsnHit> hits = FindBogonAsns(p);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].index, 3u);
  EXPECT_EQ(hits[0].asn, 23456u);
  EXPECT_EQ(hits[0].range->kind, BogonAsnKind::kAsTransAsn);
  EXPECT_EQ(hits[1].index, 4u);
  EXPECT_EQ(hits[1].range->kind, BogonAsnKind::kPrivateUse);
  EXPECT_EQ(hits[2].index, 6u);
  EXPECT_EQ(hits[2].range->kind, BogonAsnKind::kReservedZero);
  auto first = FindBogonAsn(p);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->asn, 23456u);
}

// A 2014 RouteViews RIB through all three checks; the counts are printed.
TEST(BogonScanTest, RouteViewsRib) {
  BogonPrefixes bogons = BogonPrefixes::BuiltIn();
  ProblemLog problems;
  auto reader = ElementReader::Open(
      TestFile("mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2"), problems);
  ASSERT_TRUE(reader);
  std::uint64_t routes = 0, bogon_prefix = 0, too_specific = 0, bogon_asn = 0;
  std::map<BogonAsnKind, std::uint64_t> by_kind;
  (*reader)->ForEach([&](const Element& e) {
    if (e.attributes == nullptr) return;
    ++routes;
    if (bogons.IsBogon(e.prefix)) ++bogon_prefix;
    if (TooSpecific(e.prefix)) ++too_specific;
    if (auto hit = FindBogonAsn(e.attributes->path())) {
      ++bogon_asn;
      ++by_kind[hit->range->kind];
    }
  });
  std::cout << "RouteViews jinx RIB: " << routes << " routes, " << bogon_prefix
            << " with a special-purpose prefix, " << too_specific << " too specific, " << bogon_asn
            << " with a bogon AS in the path (";
  for (auto [kind, n] : by_kind) std::cout << " " << BogonAsnKindName(kind) << " " << n;
  std::cout << " )\n";
  EXPECT_EQ(routes, 503590u);
  EXPECT_EQ(bogon_prefix, 16u);
  EXPECT_EQ(too_specific, 1158u);
  EXPECT_EQ(bogon_asn, 300u);
}

}  // namespace
}  // namespace manrs
