// The dialect table, the guards, and our own golden files: the dialects
// bgpq4 lacks (FRR, VyOS, SR Linux, CSV, Arista AS-path lists) and minimal
// aggregation (-A) in every dialect, over the same real data as the bgpq4
// goldens. Set MANRS_UPDATE_GOLDENS=1 to rewrite testdata/filter/golden/
// after a deliberate change (and read the diff).
#include "manrs/filter/render.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "manrs/filter/filter_text.h"
#include "manrs/filter/user_format.h"

namespace manrs {

void PrintTo(const PrefixRange& r, std::ostream* os) { *os << r.ToString(); }

namespace {

std::string Dir() { return std::string(MANRS_TESTDATA) + "/filter/"; }
Prefix P(const char* t) { return *Prefix::Parse(t); }

std::vector<PrefixRange> ReadMembers(const std::string& file) {
  std::ifstream in(Dir() + "input/" + file);
  std::vector<PrefixRange> out;
  std::string w;
  while (in >> w) out.push_back(*ParsePrefixRange(w));
  return out;
}

std::vector<Asn> ReadAsns(const std::string& file) {
  std::ifstream in(Dir() + "input/" + file);
  std::vector<Asn> out;
  std::string w;
  while (in >> w) out.push_back(*ParseAsn(w));
  return out;
}

void CheckGolden(const std::string& name, const std::string& got) {
  const std::string path = Dir() + "golden/" + name;
  if (std::getenv("MANRS_UPDATE_GOLDENS") != nullptr) {
    std::filesystem::create_directories(Dir() + "golden");
    std::ofstream(path, std::ios::binary) << got;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_TRUE(ss.str() == got) << name << " differs from its golden file";
}

TEST(DialectTest, TableMatchesEnumAndNamesParse) {
  int i = 0;
  for (const DialectInfo& d : Dialects()) {
    EXPECT_EQ(static_cast<int>(d.dialect), i++) << d.name;
    auto parsed = ParseDialect(d.name);
    ASSERT_TRUE(parsed) << d.name;
    EXPECT_EQ(*parsed, d.dialect);
  }
  EXPECT_EQ(*ParseDialect("juniper"), Dialect::kJunosPrefixList);
  RenderOptions bogus;
  bogus.dialect = static_cast<Dialect>(200);
  PrefixFilter f;
  f.lines = {PrefixRange::Exact(P("192.0.2.0/24"))};
  EXPECT_FALSE(RenderPrefixFilter(f, bogus));
  EXPECT_FALSE(RenderAsPathFilter(std::vector<Asn>{1}, AsPathKind::kInput, bogus));
  EXPECT_EQ(InfoOf(static_cast<Dialect>(200)).dialect, Dialect::kCiscoIos);
  EXPECT_FALSE(ParseDialect("cisco-ios-classic-9000"));
}

TEST(GuardTest, EmptyListIsRefusedUnlessAllowed) {
  PrefixFilter empty;
  for (const DialectInfo& d : Dialects()) {
    RenderOptions o;
    o.dialect = d.dialect;
    o.name = "CUSTOMER";
    o.format = "%n/%l\\n";
    auto r = RenderPrefixFilter(empty, o);
    ASSERT_FALSE(r) << d.name;
    EXPECT_NE(r.error().message.find("empty"), std::string::npos);
    o.allow_empty = true;
    EXPECT_TRUE(RenderPrefixFilter(empty, o)) << d.name;
  }
  // The same for AS-path filters, and a failed expansion handed over as an
  // empty list reads the same.
  RenderOptions o;
  o.asn = 64500;
  EXPECT_FALSE(RenderAsPathFilter({}, AsPathKind::kInput, o));
}

TEST(GuardTest, PermitAllIsRefusedUnlessAllowed) {
  PrefixFilter f;
  f.lines = {PrefixRange::Make(P("0.0.0.0/0"), 0, 32)};
  RenderOptions o;
  auto r = RenderPrefixFilter(f, o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("every route"), std::string::npos);
  o.allow_permit_all = true;
  EXPECT_TRUE(RenderPrefixFilter(f, o));
  // A route-set member 0.0.0.0/0^+ gets there too.
  PrefixFilterOptions fo;
  fo.aggregate = true;
  auto built = BuildPrefixFilter(std::vector<PrefixRange>{*ParsePrefixRange("0.0.0.0/0^+")}, fo);
  ASSERT_TRUE(built);
  EXPECT_FALSE(RenderPrefixFilter(*built, RenderOptions{}));
}

TEST(GuardTest, RangesInJunosPrefixListAndBadOptions) {
  PrefixFilter f;
  f.lines = {PrefixRange::Make(P("192.0.2.0/24"), 24, 25)};
  RenderOptions o;
  o.dialect = Dialect::kJunosPrefixList;
  EXPECT_FALSE(RenderPrefixFilter(f, o));
  PrefixFilterOptions exact;
  exact.exact_lines_only = true;
  exact.aggregate = true;
  auto deduped =
      BuildPrefixFilter(std::vector<PrefixRange>{PrefixRange::Exact(P("192.0.2.0/25")),
                                                 PrefixRange::Exact(P("192.0.2.128/25"))},
                        exact);
  ASSERT_TRUE(deduped);
  EXPECT_EQ(deduped->lines.size(), 2u);
  exact.refine_up_to = 26;
  EXPECT_FALSE(BuildPrefixFilter(deduped->lines, exact));
  PrefixFilterOptions bad;
  bad.refine_up_to = 33;
  EXPECT_FALSE(ValidatePrefixFilterOptions(bad));
  bad.refine_up_to = 24;
  bad.refine_from = 25;
  EXPECT_FALSE(ValidatePrefixFilterOptions(bad));
  // A range member that would enumerate millions of lines without -A.
  PrefixFilterOptions plain;
  EXPECT_FALSE(
      BuildPrefixFilter(std::vector<PrefixRange>{*ParsePrefixRange("10.0.0.0/8^+")}, plain));
  plain.aggregate = true;
  auto agg = BuildPrefixFilter(std::vector<PrefixRange>{*ParsePrefixRange("10.0.0.0/8^+")}, plain);
  ASSERT_TRUE(agg);
  EXPECT_EQ(agg->lines.size(), 1u);
}

TEST(GuardTest, NamesCannotInjectConfiguration) {
  PrefixFilter f;
  f.lines = {PrefixRange::Exact(P("192.0.2.0/24"))};
  RenderOptions o;
  for (const char* good : {"AS-FOO", "AS64496:AS-CUSTOMERS", "POLICY/TERM", "as_foo.v4+x"}) {
    o.name = good;
    EXPECT_TRUE(RenderPrefixFilter(f, o)) << good;
  }
  for (const char* bad : {"", "X\nno router bgp 1", "X Y", "X\"", "X;", "X{"}) {
    o.name = bad;
    EXPECT_FALSE(RenderPrefixFilter(f, o)) << bad;
    EXPECT_FALSE(RenderAsPathFilter(std::vector<Asn>{1}, AsPathKind::kInput, o)) << bad;
  }
  o.name = "X";
  o.dialect = Dialect::kJunosPolicyStatement;
  o.match = "community blackhole";
  EXPECT_TRUE(RenderPrefixFilter(f, o));
  o.match = "community x; }\n}\nsystem { root-authentication";
  EXPECT_FALSE(RenderPrefixFilter(f, o));
}

TEST(PrivateAsnTest, Bgpq4Ranges) {
  EXPECT_TRUE(IsPrivateOrDocumentationAsn(64496));
  EXPECT_TRUE(IsPrivateOrDocumentationAsn(65551));
  EXPECT_TRUE(IsPrivateOrDocumentationAsn(4200000000u));
  EXPECT_FALSE(IsPrivateOrDocumentationAsn(64495));
  EXPECT_FALSE(IsPrivateOrDocumentationAsn(65552));
  EXPECT_FALSE(IsPrivateOrDocumentationAsn(3333));
  const std::vector<Asn> in = {3333, 64500, 1267, 3333, 4200000001u};
  EXPECT_EQ(PrepareOrigins(in, false), (std::vector<Asn>{1267, 3333}));
  EXPECT_EQ(PrepareOrigins(in, true), (std::vector<Asn>{1267, 3333, 64500, 4200000001u}));
}

// Every dialect's output reads back to the same lines.
TEST(FilterTextTest, EveryDialectRoundTrips) {
  const std::vector<PrefixRange> v4 = {PrefixRange::Exact(P("192.0.2.0/24")),
                                       PrefixRange::Make(P("198.51.100.0/22"), 22, 24),
                                       PrefixRange::Make(P("203.0.113.0/24"), 25, 26),
                                       PrefixRange::Make(P("203.0.112.0/24"), 26, 26)};
  const std::vector<PrefixRange> v6 = {PrefixRange::Exact(P("2001:db8::/32")),
                                       PrefixRange::Make(P("2001:db8:1000::/36"), 40, 48)};
  for (const DialectInfo& d : Dialects()) {
    if (d.dialect == Dialect::kFormat) continue;
    for (const auto* lines : {&v4, &v6}) {
      PrefixFilter f;
      f.afi = lines->front().afi();
      for (const auto& l : *lines) {
        if (d.ranges || l.exact()) f.lines.push_back(l);
      }
      std::sort(f.lines.begin(), f.lines.end());
      RenderOptions o;
      o.dialect = d.dialect;
      o.name = "AS-CUSTOMER";
      if (d.dialect == Dialect::kCiscoExtendedAcl && f.afi == Afi::kIpv6) continue;  // IPv4 only
      auto text = RenderPrefixFilter(f, o);
      ASSERT_TRUE(text) << d.name << ": " << text.error().message;
      auto back = ParseFilterText(*text, d.dialect);
      ASSERT_TRUE(back) << d.name << ": " << back.error().message;
      EXPECT_EQ(*back, f.lines) << d.name << "\n" << *text;
    }
  }
}

// One named filter out of a text that holds two, in every dialect: the text
// of filter A, then of filter B; reading B must give B's lines only.
TEST(FilterTextTest, NamedFilterInALargerText) {
  const std::vector<PrefixRange> a = {PrefixRange::Exact(P("192.0.2.0/24")),
                                      PrefixRange::Make(P("198.51.100.0/22"), 22, 24)};
  const std::vector<PrefixRange> b = {PrefixRange::Exact(P("203.0.113.0/24")),
                                      PrefixRange::Make(P("203.0.112.0/24"), 25, 26)};
  for (const DialectInfo& d : Dialects()) {
    if (d.dialect == Dialect::kFormat) continue;
    std::string text = "! some other configuration\n";
    for (const auto& [name, lines] : {std::pair{"AS-A", a}, std::pair{"AS-B", b}}) {
      PrefixFilter f;
      for (const auto& l : lines) {
        if (d.ranges || l.exact()) f.lines.push_back(l);
      }
      std::sort(f.lines.begin(), f.lines.end());
      RenderOptions o;
      o.dialect = d.dialect;
      o.name = name;
      text += *RenderPrefixFilter(f, o);
    }
    text += "! more configuration 10.0.0.0/8\n";
    std::vector<PrefixRange> want;
    for (const auto& l : b) {
      if (d.ranges || l.exact()) want.push_back(l);
    }
    std::sort(want.begin(), want.end());
    auto got = ParseFilterText(text, d.dialect, "AS-B");
    ASSERT_TRUE(got) << d.name << ": " << got.error().message;
    EXPECT_EQ(*got, want) << d.name << "\n" << text;
    EXPECT_FALSE(ParseFilterText(text, d.dialect, "AS-C")) << d.name;
  }
  // A Junos term: the policy is found.
  const std::string junos =
      "policy-options {\n policy-statement P {\n  term T {\nreplace:\n   from {\n"
      "    route-filter 192.0.2.0/24 exact;\n   }\n  }\n }\n}\n";
  auto term = ParseFilterText(junos, Dialect::kJunosPolicyStatement, "P/T");
  ASSERT_TRUE(term);
  EXPECT_EQ(term->size(), 1u);
}

// Every AS-path filter and as-set reads back to its origins, with the owner
// inside the set and outside it; empty lists read as empty.
TEST(FilterTextTest, AsPathFiltersRoundTrip) {
  const std::vector<Asn> origins = {137, 1267, 3333, 64500, 4200000001u};
  int checked = 0;
  for (const DialectInfo& d : Dialects()) {
    for (AsPathKind kind : {AsPathKind::kInput, AsPathKind::kOutput, AsPathKind::kAsSet}) {
      for (Asn owner : {Asn{3333}, Asn{65001}}) {
        RenderOptions o;
        o.dialect = d.dialect;
        o.name = "AS-X";
        o.asn = owner;
        o.as_width = 2;
        auto text = RenderAsPathFilter(origins, kind, o);
        if (!text) continue;  // not in this dialect
        auto back = ParseAsPathText(*text, d.dialect);
        ASSERT_TRUE(back) << d.name;
        ++checked;
        EXPECT_EQ(*back, origins) << d.name << " kind " << static_cast<int>(kind) << "\n" << *text;
        o.allow_empty = true;
        auto empty = ParseAsPathText(*RenderAsPathFilter({}, kind, o), d.dialect);
        ASSERT_TRUE(empty);
        EXPECT_TRUE(empty->empty()) << d.name << " kind " << static_cast<int>(kind);
      }
    }
  }
  // 16 dialects with -f, 14 with -G, 5 with -t; owner inside and outside.
  EXPECT_EQ(checked, 2 * (16 + 14 + 5));
}

TEST(FilterTextTest, GuardLinesOfEmptyListsAreNotEntries) {
  for (const DialectInfo& d : Dialects()) {
    RenderOptions o;
    o.dialect = d.dialect;
    o.allow_empty = true;
    o.format = "%n/%l\\n";
    auto text = RenderPrefixFilter(PrefixFilter{}, o);
    ASSERT_TRUE(text) << d.name;
    auto back = ParseFilterText(*text, d.dialect);
    ASSERT_TRUE(back) << d.name;
    EXPECT_TRUE(back->empty()) << d.name << "\n" << *text;
  }
}

// bgpq4 1.9 writes the mask of a /32 as "host 0.0.0.0", which matches
// nothing a /32 route carries; we write 255.255.255.255.
TEST(CiscoAclTest, HostRoutesHaveAFullMask) {
  PrefixFilter f;
  f.lines = {PrefixRange::Exact(P("192.0.2.1/32")),
             PrefixRange::Make(P("198.51.100.0/24"), 25, 32)};
  RenderOptions o;
  o.dialect = Dialect::kCiscoExtendedAcl;
  o.name = "X";
  EXPECT_EQ(*RenderPrefixFilter(f, o),
            "no ip access-list extended X\nip access-list extended X\n"
            " permit ip host 192.0.2.1 host 255.255.255.255\n"
            " permit ip 198.51.100.0 0.0.0.255 255.255.255.128 0.0.0.127\n");
}

TEST(UserFormatTest, SequencesAndErrors) {
  auto f = ParseUserFormat("%n/%l %a-%A %N %m %i 100%%\\t\\\\\\n");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->ends_with_newline);
  std::string out;
  FormatLine(*f, PrefixRange::Make(P("10.0.0.0/8"), 16, 24), "X", &out);
  EXPECT_EQ(out, "10.0.0.0/8 16-24 X 255.0.0.0 0.255.255.255 100%\t\\\n");
  EXPECT_FALSE(ParseUserFormat("%q"));
  EXPECT_FALSE(ParseUserFormat("abc%"));
  EXPECT_FALSE(ParseUserFormat("\\x"));
  auto e = ParseUserFormat("ok %z");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().offset, 3u);
}

// Our goldens: aggregated output in every dialect, and the dialects bgpq4 lacks.
TEST(OwnGoldenTest, AggregatedEveryDialectAndOurDialects) {
  std::vector<PrefixRange> rs = ReadMembers("RS-MANRS.txt");
  std::vector<PrefixRange> all4 = ReadMembers("AS-MANRS-ALL.v4.txt");
  std::vector<PrefixRange> all6 = ReadMembers("AS-MANRS-ALL.v6.txt");
  const std::vector<Asn> origins = PrepareOrigins(ReadAsns("AS-MANRS-ALL.asns.txt"), false);
  for (const DialectInfo& d : Dialects()) {
    RenderOptions o;
    o.dialect = d.dialect;
    o.name = "NAME";
    o.format = "%n/%l %a-%A\\n";
    const std::string base(d.name);
    // -A on the route-set (IPv4, with -R 26) and on the as-set (IPv6).
    for (int family = 0; family < 2; ++family) {
      PrefixFilterOptions fo;
      fo.aggregate = d.ranges;
      fo.afi = family == 0 ? Afi::kIpv4 : Afi::kIpv6;
      fo.refine_up_to = family == 0 && d.ranges ? 26 : 0;
      std::vector<PrefixRange> members = rs;
      if (family == 1) members.insert(members.end(), all6.begin(), all6.end());
      auto built = BuildPrefixFilter(members, fo);
      ASSERT_TRUE(built);
      if (d.dialect == Dialect::kCiscoExtendedAcl && family == 1) continue;  // IPv4 only
      auto text = RenderPrefixFilter(*built, o);
      ASSERT_TRUE(text) << base << ": " << text.error().message;
      CheckGolden(base + (family == 0 ? "-rs-A-R26-v4.out" : "-A-v6.out"), *text);
    }
    const bool ours = (InfoOf(d.dialect).bgpq4_flags.empty() && d.dialect != Dialect::kCiscoIos) ||
                      d.dialect == Dialect::kAristaEos;
    if (!ours) continue;
    if (d.dialect != Dialect::kAristaEos) {
      PrefixFilterOptions fo;
      auto built = BuildPrefixFilter(all4, fo);
      ASSERT_TRUE(built);
      CheckGolden(base + "-v4.out", *RenderPrefixFilter(*built, o));
      RenderOptions empty = o;
      empty.allow_empty = true;
      CheckGolden(base + "-empty.out", *RenderPrefixFilter(PrefixFilter{}, empty));
    }
    o.asn = 1267;
    for (AsPathKind kind : {AsPathKind::kInput, AsPathKind::kOutput, AsPathKind::kAsSet}) {
      auto text = RenderAsPathFilter(origins, kind, o);
      if (!text) continue;
      CheckGolden(base + (kind == AsPathKind::kInput    ? "-f-own.out"
                          : kind == AsPathKind::kOutput ? "-G-own.out"
                                                        : "-t.out"),
                  *text);
    }
  }
}

}  // namespace
}  // namespace manrs
