// Byte-for-byte equality with bgpq4 1.9. testdata/filter/bgpq4-cases.txt lists
// each case as bgpq4 flags; tools/filter_goldens.sh ran the real bgpq4 with
// them against a fake IRRd serving a real RIPE route slice and stored the
// output in testdata/filter/bgpq4/. Here the same flags are mapped onto our
// options, the expanded list the server gave bgpq4 (testdata/filter/input/) is
// fed to the library, and the text must be identical.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "manrs/filter/prefix_filter.h"
#include "manrs/filter/render.h"

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

// The bgpq4 command line, mapped onto our options.
struct Invocation {
  PrefixFilterOptions filter;
  RenderOptions render;
  bool as_path = false;
  AsPathKind kind = AsPathKind::kInput;
  bool keep_private = false;
};

Invocation Map(const Case& c) {
  Invocation r;
  r.render.name = "NAME";
  r.render.allow_empty = true;  // bgpq4 writes empty lists; the guard has its own tests
  char vendor = 'c';
  bool extended = false;
  bool rfl = false;
  for (std::size_t i = 0; i < c.flags.size(); ++i) {
    const std::string& f = c.flags[i];
    auto next = [&] { return c.flags[++i]; };
    if (f == "-6") r.filter.afi = Afi::kIpv6;
    else if (f == "-4") r.filter.afi = Afi::kIpv4;
    else if (f == "-A") r.filter.aggregate = true;
    else if (f == "-m") r.filter.max_length = std::stoi(next());
    else if (f == "-R") r.filter.refine_up_to = std::stoi(next());
    else if (f == "-r") r.filter.refine_from = std::stoi(next());
    else if (f == "-s") r.render.sequence = true;
    else if (f == "-p") r.keep_private = true;
    else if (f == "-E") extended = true;
    else if (f == "-z") rfl = true;
    else if (f == "-W") r.render.as_width = std::stoi(next());
    else if (f == "-M") r.render.match = next();
    else if (f == "-a") r.render.asn = static_cast<Asn>(std::stoul(next()));
    else if (f == "-f" || f == "-G") {
      r.as_path = true;
      r.kind = f == "-f" ? AsPathKind::kInput : AsPathKind::kOutput;
      r.render.asn = static_cast<Asn>(std::stoul(next()));
    } else if (f == "-t") {
      r.as_path = true;
      r.kind = AsPathKind::kAsSet;
    } else if (f == "-F") {
      vendor = 'F';
      // The format may hold spaces: it is the rest of the line.
      std::string fmt;
      for (++i; i < c.flags.size(); ++i) fmt += (fmt.empty() ? "" : " ") + c.flags[i];
      r.render.format = fmt;
    } else if (f == "-K7") vendor = '7';
    else if (f.size() == 2) vendor = f[1];
  }
  switch (vendor) {
    case 'c': r.render.dialect = Dialect::kCiscoIos; break;
    case 'X': r.render.dialect = Dialect::kCiscoIosXr; break;
    case 'J':
      r.render.dialect = extended ? Dialect::kJunosPolicyStatement
                         : rfl    ? Dialect::kJunosRouteFilterList
                                  : Dialect::kJunosPrefixList;
      break;
    case 'e': r.render.dialect = Dialect::kAristaEos; break;
    case 'b': r.render.dialect = Dialect::kBird; break;
    case 'B': r.render.dialect = extended ? Dialect::kOpenBgpdPrefixSet : Dialect::kOpenBgpd; break;
    case 'j': r.render.dialect = Dialect::kJson; break;
    case 'N': r.render.dialect = Dialect::kNokiaClassic; break;
    case 'n': r.render.dialect = Dialect::kNokiaMdCli; break;
    case 'U': r.render.dialect = Dialect::kHuawei; break;
    case 'u': r.render.dialect = Dialect::kHuaweiXpl; break;
    case 'K': r.render.dialect = Dialect::kMikrotik6; break;
    case '7': r.render.dialect = Dialect::kMikrotik7; break;
    case 'F': r.render.dialect = Dialect::kFormat; break;
    default: ADD_FAILURE() << "unknown vendor flag in " << c.name;
  }
  return r;
}

Result<std::string> Generate(const Case& c, const Invocation& r) {
  if (r.as_path) {
    std::vector<Asn> asns;
    for (const std::string& w : Words(Dir() + "input/" + c.object + ".asns.txt")) asns.push_back(*ParseAsn(w));
    const std::vector<Asn> origins = PrepareOrigins(asns, r.keep_private);
    return RenderAsPathFilter(origins, r.kind, r.render);
  }
  std::string path = Dir() + "input/" + c.object + ".txt";
  if (!std::filesystem::exists(path)) {
    path = Dir() + "input/" + c.object + (r.filter.afi == Afi::kIpv4 ? ".v4.txt" : ".v6.txt");
  }
  std::vector<PrefixRange> members;
  for (const std::string& w : Words(path)) {
    auto m = ParsePrefixRange(w);
    if (!m) return Unexpected<Error>(m.error());
    members.push_back(*m);
  }
  auto filter = BuildPrefixFilter(members, r.filter);
  if (!filter) return Unexpected<Error>(filter.error());
  return RenderPrefixFilter(*filter, r.render);
}

// Writes our text where a failing case can be diffed against bgpq4's.
std::string Dump(const std::string& name, const std::string& text) {
  const std::string dir = std::filesystem::temp_directory_path().string() + "/manrs-filter-got";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/" + name + ".out", std::ios::binary) << text;
  return dir + "/" + name + ".out";
}

TEST(Bgpq4GoldenTest, EveryCaseEqualsBgpq4) {
  const auto cases = Cases();
  ASSERT_GT(cases.size(), 100u);
  int compared = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string expected = ReadFile(Dir() + "bgpq4/" + c.name + ".out");
    const Invocation r = Map(c);
    auto got = Generate(c, r);
    ASSERT_TRUE(got) << c.name << ": " << got.error().message;
    EXPECT_TRUE(*got == expected) << c.name << " differs from bgpq4; ours is in " << Dump(c.name, *got);
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace manrs
