// Byte-for-byte equality with bgpq4 1.9. testdata/filter/bgpq4-cases.txt lists
// each case as bgpq4 flags; tools/filter_goldens.sh ran the real bgpq4 with
// them against a fake IRRd serving a real RIPE route slice and stored the
// output in testdata/filter/bgpq4/. Here the same flags go through our
// ParseBgpq4Arguments and GenerateFilter, the expanded list the server gave bgpq4
// (testdata/filter/input/) is fed to the library, and the text must be identical.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "manrs/filter/filter_request.h"
#include "manrs/filter/filter_text.h"

namespace manrs {
namespace {

std::string Dir() { return std::string(MANRS_TESTDATA) + "/filter/"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Words(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

struct Case {
  std::string name;
  std::string object;
  std::vector<std::string> flags;
};

std::vector<Case> Cases() {
  std::ifstream in(Dir() + "bgpq4-cases.txt");
  std::vector<Case> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    Case c;
    ss >> c.name >> c.object;
    std::string f;
    while (ss >> f) c.flags.push_back(f);
    cases.push_back(c);
  }
  return cases;
}

bool Aggregated(const Case& c) {
  return std::find(c.flags.begin(), c.flags.end(), "-A") != c.flags.end();
}

// The bgpq4 command line, read by the library's own ParseBgpq4Arguments; the
// -F format is the rest of the line (it may hold spaces).
Result<FilterRequest> Request(const Case& c) {
  // bgpq4 writes empty lists (the guard has its own tests); a case's own -l
  // comes later and wins, as in bgpq4.
  std::vector<std::string> words = {"--allow-empty", "-l", "NAME"};
  for (std::size_t i = 0; i < c.flags.size(); ++i) {
    if (c.flags[i] == "-F") {
      std::string fmt;
      for (++i; i < c.flags.size(); ++i) fmt += (fmt.empty() ? "" : " ") + c.flags[i];
      words.push_back("-F");
      words.push_back(fmt);
      break;
    }
    words.push_back(c.flags[i]);
  }
  words.push_back(c.object);
  std::vector<std::string_view> args(words.begin(), words.end());
  return ParseBgpq4Arguments(args);
}

Result<std::string> Generate(const Case& c) {
  auto request = Request(c);
  if (!request) return Unexpected<Error>(request.error());
  if (request->objects != std::vector<std::string>{c.object}) {
    return MakeError(ErrorCode::kParse, "objects not read back");
  }
  std::vector<Asn> asns;
  std::vector<PrefixRange> members;
  if (request->as_path) {
    for (const std::string& w : Words(Dir() + "input/" + c.object + ".asns.txt"))
      asns.push_back(*ParseAsn(w));
  } else {
    std::string path = Dir() + "input/" + c.object + ".txt";
    if (!std::filesystem::exists(path)) {
      path = Dir() + "input/" + c.object +
             (request->prefixes.afi == Afi::kIpv4 ? ".v4.txt" : ".v6.txt");
    }
    for (const std::string& w : Words(path)) {
      auto m = ParsePrefixRange(w);
      if (!m) return Unexpected<Error>(m.error());
      members.push_back(*m);
    }
  }
  return GenerateFilter(*request, members, asns);
}

// Writes our text where a failing case can be diffed against bgpq4's.
std::string Dump(const std::string& name, const std::string& text) {
  const std::string dir = std::filesystem::temp_directory_path().string() + "/manrs-filter-got";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/" + name + ".out", std::ios::binary) << text;
  return dir + "/" + name + ".out";
}

TEST(Bgpq4ArgumentsTest, Errors) {
  auto parse = [](std::vector<std::string_view> args) { return ParseBgpq4Arguments(args); };
  EXPECT_FALSE(parse({"-R"}));
  EXPECT_FALSE(parse({"-R", "x"}));
  EXPECT_FALSE(parse({"-R", "33"}));
  EXPECT_FALSE(parse({"-R", "0"}));  // as bgpq4: "Invalid refine length: 0"
  EXPECT_FALSE(parse({"-m", "0"}));
  EXPECT_FALSE(parse({"-h", "rr.ntt.net", "AS-X"}));
  EXPECT_FALSE(parse({"-Q"}));
  EXPECT_EQ(parse({"-E", "AS-X"})->render.dialect, Dialect::kCiscoExtendedAcl);
  EXPECT_FALSE(parse({"--format", "cisco-9000"}));
  auto ok = parse({"--format", "frr", "-6", "-A", "-l", "X", "AS-X", "AS-Y"});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->render.dialect, Dialect::kFrr);
  EXPECT_EQ(ok->objects, (std::vector<std::string>{"AS-X", "AS-Y"}));
  EXPECT_TRUE(ok->prefixes.aggregate);
  // Junos prefix-lists: -A has nothing to merge, -R is refused (as bgpq4).
  EXPECT_FALSE(parse({"-J", "-A", "AS-X"})->prefixes.aggregate);
  EXPECT_FALSE(parse({"-J", "-R", "24", "AS-X"}).has_value() &&
               GenerateFilter(*parse({"-J", "-R", "24", "AS-X"}),
                              std::vector<PrefixRange>{*ParsePrefixRange("192.0.2.0/23")}, {})
                   .has_value());
}

TEST(GenerateFilterTest, FailedExpansionIsRefusedEvenWhenEmptyIsAllowed) {
  std::vector<std::string_view> args = {"--allow-empty", "-l", "CUST", "AS-CUSTOMER"};
  auto request = ParseBgpq4Arguments(args);
  ASSERT_TRUE(request);
  // Legitimately empty: allowed, bgpq4's deny-all text.
  EXPECT_TRUE(GenerateFilter(*request, Status(), {}, {}));
  // Failed: refused, saying why.
  const Status failed = MakeError(ErrorCode::kIo, "whois server 127.0.0.1:43 did not answer");
  auto r = GenerateFilter(*request, failed, {}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "expansion of AS-CUSTOMER failed (whois server 127.0.0.1:43 did not answer); refusing "
            "to write "
            "filter CUST");
  // And without --allow-empty an empty expansion is refused too.
  std::vector<std::string_view> strict = {"-l", "CUST", "AS-CUSTOMER"};
  EXPECT_FALSE(GenerateFilter(*ParseBgpq4Arguments(strict), Status(), {}, {}));
}

// The readers of old filters (for --diff) read bgpq4's own text back into
// the lines the library built, in every prefix case but the user format, and
// into the origin list in every AS-path and as-set case.
TEST(Bgpq4GoldenTest, OldFilterReaderReadsBgpq4Text) {
  int read = 0;
  for (const Case& c : Cases()) {
    auto request = Request(c);
    ASSERT_TRUE(request) << c.name;
    if (request->as_path) {
      std::vector<Asn> asns;
      for (const std::string& w : Words(Dir() + "input/" + c.object + ".asns.txt"))
        asns.push_back(*ParseAsn(w));
      auto back =
          ParseAsPathText(ReadFile(Dir() + "bgpq4/" + c.name + ".out"), request->render.dialect);
      ASSERT_TRUE(back) << c.name;
      EXPECT_EQ(*back, PrepareOrigins(asns, request->keep_private)) << c.name;
      ++read;
      continue;
    }
    if (request->render.dialect == Dialect::kFormat || Aggregated(c)) continue;
    std::string path = Dir() + "input/" + c.object + ".txt";
    if (!std::filesystem::exists(path)) {
      path = Dir() + "input/" + c.object +
             (request->prefixes.afi == Afi::kIpv4 ? ".v4.txt" : ".v6.txt");
    }
    std::vector<PrefixRange> members;
    for (const std::string& w : Words(path)) members.push_back(*ParsePrefixRange(w));
    auto built = BuildPrefixFilter(members, request->prefixes);
    ASSERT_TRUE(built) << c.name;
    auto back =
        ParseFilterText(ReadFile(Dir() + "bgpq4/" + c.name + ".out"), request->render.dialect);
    ASSERT_TRUE(back) << c.name << ": " << back.error().message;
    EXPECT_TRUE(*back == built->lines) << c.name;
    ++read;
  }
  EXPECT_GT(read, 120);
}

// Every prefix a list of lines accepts (the test data keeps this small).
std::set<Prefix> AcceptedPrefixes(const std::vector<PrefixRange>& lines) {
  std::set<Prefix> out;
  for (const PrefixRange& l : lines) {
    for (int len = l.min_length; len <= l.max_length; ++len) {
      const int bits = len - l.prefix.length();
      for (std::uint64_t i = 0; i < (std::uint64_t{1} << bits); ++i) {
        const int shift = 128 - len;
        std::uint64_t hi = l.prefix.address().hi();
        std::uint64_t lo = l.prefix.address().lo();
        if (i != 0 && shift >= 64) hi |= i << (shift - 64);
        if (i != 0 && shift < 64) {
          lo |= i << shift;
          if (shift != 0) hi |= i >> (64 - shift);
        }
        out.insert(Prefix::Normalized(l.afi() == Afi::kIpv4
                                          ? IpAddress::V4(static_cast<std::uint32_t>(hi >> 32))
                                          : IpAddress::V6(hi, lo),
                                      len));
      }
    }
  }
  return out;
}

// With -A: the same routes as bgpq4 -A, in no more lines.
TEST(Bgpq4GoldenTest, AggregatedCasesAcceptWhatBgpq4Accepts) {
  int compared = 0;
  for (const Case& c : Cases()) {
    if (!Aggregated(c)) continue;
    SCOPED_TRACE(c.name);
    auto request = Request(c);
    ASSERT_TRUE(request);
    auto theirs =
        ParseFilterText(ReadFile(Dir() + "bgpq4/" + c.name + ".out"), request->render.dialect);
    ASSERT_TRUE(theirs) << theirs.error().message;
    auto text = Generate(c);
    ASSERT_TRUE(text) << text.error().message;
    auto ours = ParseFilterText(*text, request->render.dialect);
    ASSERT_TRUE(ours);
    EXPECT_TRUE(AcceptedPrefixes(*ours) == AcceptedPrefixes(*theirs)) << c.name;
    EXPECT_LE(ours->size(), theirs->size()) << c.name;
    const bool same_text = *text == ReadFile(Dir() + "bgpq4/" + c.name + ".out");
    std::printf("%-22s bgpq4 -A %3zu lines, ours %3zu%s\n", c.name.c_str(), theirs->size(),
                ours->size(), same_text ? ", same text" : "");
    ++compared;
  }
  EXPECT_GE(compared, 10);
}

TEST(Bgpq4GoldenTest, EveryCaseEqualsBgpq4) {
  const auto cases = Cases();
  ASSERT_GT(cases.size(), 100u);
  int compared = 0;
  for (const Case& c : cases) {
    if (Aggregated(c)) {
      ++compared;  // by routes, above
      continue;
    }
    SCOPED_TRACE(c.name);
    const std::string expected = ReadFile(Dir() + "bgpq4/" + c.name + ".out");
    auto got = Generate(c);
    ASSERT_TRUE(got) << c.name << ": " << got.error().message;
    EXPECT_TRUE(*got == expected) << c.name << " differs from bgpq4; ours is in "
                                  << Dump(c.name, *got);
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace manrs
