// irrgen: writes a synthetic RADB-scale RPSL dump for the IRR benchmarks.
//
//   irrgen --routes 1200000 --big-set-prefixes 110000 -o radb-synthetic.db
//
// The shapes come from the real objects in ../shared/data/irr (see
// bench/irrgen/README.md for how they were measured):
//  - route objects carry route, descr, origin, mnt-by, created,
//    last-modified, source in that order, as the RIPE DB excerpt does; one in
//    two has a notify line, one in ten a remarks block (the excerpt: 30/62
//    notify; its 7-line remarks block is RIPE's anonymisation notice, so it
//    is kept short here);
//  - IPv4 prefix lengths follow the histogram of the 62 route objects of
//    rpki-irr-bgp-stats__ripe-db-route.txt, IPv6 those of the 62 route6
//    objects (/32 for 49 of them, /48 for 5, ...); 15 % route6;
//  - route objects per origin AS are heavy-tailed (Pareto, alpha 1.2): most
//    ASes have a handful, a few thousands (the excerpt: AS5425 has 7 of 62);
//  - as-sets nest like customer cones: AS-BIG has 200 member sets of ~100
//    ASNs each (and one loop back to AS-BIG), chosen until it stands for at
//    least --big-set-prefixes IPv4 prefixes; plus many small as-sets.
// Deterministic for a given --seed. Output is plain text ("-" = stdout).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "fmt/format.h"

namespace {

// IPv4 prefix lengths of the 62 RIPE route objects (length, count).
constexpr std::pair<int, int> kV4Lengths[] = {{16, 9},  {17, 1}, {18, 1}, {19, 12},
                                              {20, 10}, {22, 2}, {23, 3}, {24, 20},
                                              {25, 1},  {27, 1}, {28, 1}, {29, 1}};
// IPv6 prefix lengths of the 62 RIPE route6 objects.
constexpr std::pair<int, int> kV6Lengths[] = {{16, 3}, {21, 1}, {30, 1}, {32, 49},
                                              {35, 1}, {40, 2}, {48, 5}};

struct Origin {
  std::uint32_t asn;
  int routes;
};

template <std::size_t N>
std::discrete_distribution<int> LengthDistribution(const std::pair<int, int> (&table)[N]) {
  std::vector<double> weights(129, 0.0);
  for (const auto& [len, count] : table) weights[static_cast<std::size_t>(len)] = count;
  return std::discrete_distribution<int>(weights.begin(), weights.end());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"irrgen: synthetic RADB-scale RPSL dump"};
  std::uint64_t routes = 1200000;
  std::uint64_t big_set_prefixes = 110000;
  std::uint64_t seed = 1;
  double v6_share = 0.15;
  std::string out_path = "-";
  app.add_option("--routes", routes, "route + route6 objects");
  app.add_option("--big-set-prefixes", big_set_prefixes, "IPv4 prefixes AS-BIG stands for");
  app.add_option("--v6-share", v6_share, "share of route6 objects");
  app.add_option("--seed", seed, "random seed");
  app.add_option("-o,--output", out_path, "output file");
  CLI11_PARSE(app, argc, argv);

  std::FILE* out = out_path == "-" ? stdout : std::fopen(out_path.c_str(), "wb");
  if (!out) {
    std::fprintf(stderr, "irrgen: cannot write %s\n", out_path.c_str());
    return 2;
  }
  std::mt19937_64 rng(seed);
  auto v4_length = LengthDistribution(kV4Lengths);
  auto v6_length = LengthDistribution(kV6Lengths);
  std::uniform_real_distribution<double> unit(0.0, 1.0);

  // Origins with Pareto-distributed route counts, until the routes are spent.
  std::vector<Origin> origins;
  std::uint64_t assigned = 0;
  std::uint32_t next_asn = 1000;
  while (assigned < routes) {
    double u = 1.0 - unit(rng);
    int n = std::min<int>(5000, static_cast<int>(std::pow(u, -1.0 / 1.2)));
    n = std::max(1, std::min<int>(n, static_cast<int>(routes - assigned)));
    std::uint32_t asn = next_asn;
    next_asn += 1 + static_cast<std::uint32_t>(rng() % 3);
    if (next_asn > 64000 && next_asn < 131072) next_asn = 131072;  // skip private/reserved
    origins.push_back({asn, n});
    assigned += static_cast<std::uint64_t>(n);
  }

  std::string buffer;
  buffer.reserve(1 << 22);
  auto flush = [&] {
    std::fwrite(buffer.data(), 1, buffer.size(), out);
    buffer.clear();
  };
  std::fputs("# irrgen synthetic RADB-style dump (not real data)\n\n", out);
  std::uint64_t v4_routes_of_big = 0;
  std::vector<std::uint32_t> big_members;
  std::uint64_t serial = 0;
  for (const Origin& origin : origins) {
    int v4 = 0;
    for (int i = 0; i < origin.routes; ++i) {
      const bool six = unit(rng) < v6_share;
      std::string prefix;
      if (six) {
        int len = v6_length(rng);
        std::uint64_t hi = (0x2000ull << 48) | (rng() & 0x0fffffffffffffffull);
        hi &= len >= 64 ? ~0ull : ~0ull << (64 - len);
        prefix = fmt::format("{:x}:{:x}:{:x}:{:x}::/{}", hi >> 48, (hi >> 32) & 0xffff,
                             (hi >> 16) & 0xffff, hi & 0xffff, len);
      } else {
        int len = v4_length(rng);
        std::uint32_t a = static_cast<std::uint32_t>(rng());
        a = (a % (223u << 24)) + (1u << 24);
        a &= len == 0 ? 0 : ~0u << (32 - len);
        prefix =
            fmt::format("{}.{}.{}.{}/{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255, len);
        ++v4;
      }
      ++serial;
      fmt::format_to(std::back_inserter(buffer),
                     "{}:{:>{}}{}\ndescr:          Synthetic network {}\norigin:         AS{}\n"
                     "mnt-by:         MAINT-AS{}\n",
                     six ? "route6" : "route", "", six ? 9 : 10, prefix, serial, origin.asn,
                     origin.asn);
      if (serial % 2 == 0)
        fmt::format_to(std::back_inserter(buffer), "notify:         noc@as{}.example\n",
                       origin.asn);
      buffer += "created:        2019-03-14T10:22:31Z\nlast-modified:  2024-11-02T08:01:44Z\n";
      if (serial % 10 == 0) buffer += "remarks:        synthetic object\n";
      buffer += "source:         RADB\n\n";
      if (buffer.size() > (1 << 22) - 4096) flush();
    }
    if (v4_routes_of_big < big_set_prefixes && v4 > 0 && unit(rng) < 0.6) {
      big_members.push_back(origin.asn);
      v4_routes_of_big += static_cast<std::uint64_t>(v4);
    }
  }
  // aut-num for every 4th origin; small as-sets for every 20th.
  for (std::size_t i = 0; i < origins.size(); ++i) {
    const std::uint32_t asn = origins[i].asn;
    if (i % 4 == 0) {
      fmt::format_to(
          std::back_inserter(buffer),
          "aut-num:        AS{0}\nas-name:        SYNTH-{0}\ndescr:          Synthetic AS\n"
          "import:         from AS{1} accept ANY\nexport:         to AS{1} announce AS{0}\n"
          "mnt-by:         MAINT-AS{0}\nsource:         RADB\n\n",
          asn, origins[(i + 1) % origins.size()].asn);
    }
    if (i % 20 == 0) {
      fmt::format_to(std::back_inserter(buffer),
                     "as-set:         AS{}:AS-CUSTOMERS\nmembers:        ", asn);
      for (std::size_t k = 1; k <= 5; ++k) {
        fmt::format_to(std::back_inserter(buffer), "{}AS{}", k > 1 ? ", " : "",
                       origins[(i + k) % origins.size()].asn);
      }
      fmt::format_to(std::back_inserter(buffer),
                     "\nmnt-by:         MAINT-AS{}\nsource:         RADB\n\n", asn);
    }
    if (buffer.size() > (1 << 22) - 4096) flush();
  }
  // AS-BIG: 200 member sets, one loop back, one unknown member.
  const std::size_t groups = 200;
  buffer +=
      "as-set:         AS-BIG\ndescr:          synthetic customer cone\nmembers:        "
      "AS-NOT-REGISTERED";
  for (std::size_t g = 0; g < groups; ++g)
    fmt::format_to(std::back_inserter(buffer), ", AS-BIG-{}", g);
  buffer += "\nmnt-by:         MAINT-BIG\nsource:         RADB\n\n";
  for (std::size_t g = 0; g < groups; ++g) {
    fmt::format_to(std::back_inserter(buffer), "as-set:         AS-BIG-{}\nmembers:        ", g);
    bool first = true;
    for (std::size_t k = g; k < big_members.size(); k += groups) {
      fmt::format_to(std::back_inserter(buffer), "{}AS{}", first ? "" : ",\n+               ",
                     big_members[k]);
      first = false;
    }
    if (g == 0) buffer += ",\n+               AS-BIG";
    buffer += "\nmnt-by:         MAINT-BIG\nsource:         RADB\n\n";
    if (buffer.size() > (1 << 22) - 4096) flush();
  }
  flush();
  if (out != stdout) std::fclose(out);
  std::fprintf(
      stderr,
      "irrgen: %llu route objects of %zu origins; AS-BIG: %zu ASNs, %llu IPv4 route objects\n",
      static_cast<unsigned long long>(serial), origins.size(), big_members.size(),
      static_cast<unsigned long long>(v4_routes_of_big));
  return 0;
}
