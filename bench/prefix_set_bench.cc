// PrefixSet throughput on a synthetic table shaped like the global IPv4 table
// (about 1 M prefixes, ~60% /24, clustered in ~40 k routed /16s) and a
// synthetic IPv6 table (200 k prefixes, /29-/48, clustered in /32s).
//
//   prefix_set_bench --benchmark_min_time=1
//
// With MANRS_SHARED_DATA=../shared/data it also runs on the real 2014 table.
//
// LongestMatch/routed queries addresses inside stored prefixes, as traffic
// sources checked against an allow-list would be; /uniform queries any
// address, most of which match nothing or only a short prefix.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manrs/net/prefix_set.h"

namespace manrs {
namespace {

constexpr std::size_t kTableSize = 1'000'000;
constexpr std::size_t kQueries = std::size_t{1} << 20;

// Per-length weights approximating the global IPv4 table of the mid-2020s:
// ~60% /24, then /22, /23, /21, /20. (The 2014 table in
// ../shared/data/pfx2as, measured: 53% /24, 11% /22, 9% /23, 7% /21, 7% /20,
// 2.5% /16, 0.7% longer than /24.)
// clang-format off
constexpr std::array<std::pair<int, int>, 17> kV4Lengths = {{
    {8, 16}, {9, 13}, {10, 37}, {11, 100}, {12, 300}, {13, 600}, {14, 1200}, {15, 2000},
    {16, 13000}, {17, 8000}, {18, 14000}, {19, 25000}, {20, 45000}, {21, 50000},
    {22, 120000}, {23, 100000}, {24, 600000},
}};
// clang-format on

struct Table {
  PrefixSet set;
  std::vector<Prefix> prefixes;
  std::vector<IpAddress> routed;   // inside a random stored prefix
  std::vector<IpAddress> uniform;  // anywhere
};

std::uint32_t RandomUnicastV4(std::mt19937_64& rng) {
  for (;;) {
    auto a = static_cast<std::uint32_t>(rng());
    std::uint32_t first = a >> 24;
    if (first != 0 && first != 10 && first != 127 && first < 224) return a;
  }
}

void FillQueries(Table* t, std::mt19937_64& rng, bool v4) {
  for (std::size_t i = 0; i < kQueries; ++i) {
    const Prefix& p = t->prefixes[rng() % t->prefixes.size()];
    const int len = p.length();
    std::uint64_t hi = p.address().hi(), lo = p.address().lo();
    if (v4) {
      std::uint64_t host = len >= 32 ? 0 : (rng() >> 32) >> len;
      t->routed.push_back(IpAddress::V4(static_cast<std::uint32_t>((hi >> 32) | host)));
      t->uniform.push_back(IpAddress::V4(static_cast<std::uint32_t>(rng())));
    } else {
      std::uint64_t host_hi = len >= 64 ? 0 : rng() >> len;
      std::uint64_t host_lo = len <= 64 ? rng() : len >= 128 ? 0 : rng() >> (len - 64);
      t->routed.push_back(IpAddress::V6(hi | host_hi, lo | host_lo));
      t->uniform.push_back(IpAddress::V6(0x2000000000000000u | (rng() >> 4), rng()));
    }
  }
}

const Table& V4Table() {
  static const Table* table = [] {
    auto* t = new Table;
    std::mt19937_64 rng(4);
    std::vector<std::uint32_t> routed_16s(40000);
    for (auto& s : routed_16s) s = RandomUnicastV4(rng) >> 16;
    std::vector<int> weights;
    for (auto [len, count] : kV4Lengths) weights.push_back(count);
    std::discrete_distribution<std::size_t> pick_length(weights.begin(), weights.end());
    while (t->set.size() < kTableSize) {
      const int len = kV4Lengths[pick_length(rng)].first;
      std::uint32_t a = len >= 16 ? routed_16s[rng() % routed_16s.size()] << 16 |
                                        (static_cast<std::uint32_t>(rng()) & 0xffff)
                                  : RandomUnicastV4(rng);
      t->set.Insert(Prefix::Normalized(IpAddress::V4(a), len));
    }
    t->prefixes = t->set.Prefixes();
    FillQueries(t, rng, /*v4=*/true);
    return t;
  }();
  return *table;
}

const Table& V6Table() {
  static const Table* table = [] {
    auto* t = new Table;
    std::mt19937_64 rng(6);
    std::vector<std::uint64_t> routed_32s(30000);
    for (auto& s : routed_32s) s = (0x2000000000000000u | (rng() >> 4)) & 0xffffffff00000000u;
    // /48 ~45%, /32 ~15%, /44 ~10%, /40 ~8%, /36 ~5%, /29 ~5%, the rest between.
    const std::array<std::pair<int, int>, 9> lengths = {
        {{29, 5}, {32, 15}, {33, 3}, {36, 5}, {40, 8}, {44, 10}, {46, 4}, {47, 5}, {48, 45}}};
    std::vector<int> weights;
    for (auto [len, count] : lengths) weights.push_back(count);
    std::discrete_distribution<std::size_t> pick_length(weights.begin(), weights.end());
    while (t->set.size() < kTableSize / 5) {
      const int len = lengths[pick_length(rng)].first;
      std::uint64_t hi = routed_32s[rng() % routed_32s.size()] | (rng() & 0xffffffffu);
      t->set.Insert(Prefix::Normalized(IpAddress::V6(hi, 0), len));
    }
    t->prefixes = t->set.Prefixes();
    FillQueries(t, rng, /*v4=*/false);
    return t;
  }();
  return *table;
}

// The real IPv4 table of 2014-05-13 (pyasn pfx2as, 512 k prefixes), read
// when MANRS_SHARED_DATA names the shared data folder; null otherwise.
const Table* RealV4Table() {
  static const Table* table = []() -> const Table* {
    const char* dir = std::getenv("MANRS_SHARED_DATA");
    if (dir == nullptr) return nullptr;
    const std::string path = std::string(dir) + "/pfx2as/pyasn__ipasn_20140513.dat.gz";
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) return nullptr;
    auto* t = new Table;
    char line[256];
    while (gzgets(file, line, sizeof(line)) != nullptr) {
      std::string_view text(line);
      if (text.empty() || text[0] == ';') continue;
      auto prefix = Prefix::Parse(text.substr(0, text.find('\t')));
      if (prefix) t->set.Insert(*prefix);
    }
    gzclose(file);
    t->prefixes = t->set.Prefixes();
    std::mt19937_64 rng(2014);
    FillQueries(t, rng, /*v4=*/true);
    return t;
  }();
  return table;
}

template <typename Query>
void RunQueries(benchmark::State& state, const std::vector<IpAddress>& addresses, Query query) {
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(query(addresses[i]));
    i = (i + 1) & (kQueries - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_LongestMatchV4Routed(benchmark::State& state) {
  const Table& t = V4Table();
  RunQueries(state, t.routed, [&t](const IpAddress& a) { return t.set.LongestMatch(a); });
}
BENCHMARK(BM_LongestMatchV4Routed);

void BM_LongestMatchV4Uniform(benchmark::State& state) {
  const Table& t = V4Table();
  RunQueries(state, t.uniform, [&t](const IpAddress& a) { return t.set.LongestMatch(a); });
}
BENCHMARK(BM_LongestMatchV4Uniform);

void BM_LongestMatchV4Real2014Routed(benchmark::State& state) {
  const Table* t = RealV4Table();
  if (t == nullptr) {
    state.SkipWithError("set MANRS_SHARED_DATA to the shared data folder");
    return;
  }
  RunQueries(state, t->routed, [t](const IpAddress& a) { return t->set.LongestMatch(a); });
}
BENCHMARK(BM_LongestMatchV4Real2014Routed);

// Filter shape: is this announced /24 covered by the set, and by what.
void BM_LongestMatchV4Prefix(benchmark::State& state) {
  const Table& t = V4Table();
  RunQueries(state, t.routed,
             [&t](const IpAddress& a) { return t.set.LongestMatch(Prefix::Normalized(a, 24)); });
}
BENCHMARK(BM_LongestMatchV4Prefix);

// Route-origin-validation shape: every stored prefix covering a routed /24.
void BM_ForEachCoveringV4(benchmark::State& state) {
  const Table& t = V4Table();
  RunQueries(state, t.routed, [&t](const IpAddress& a) {
    int found = 0;
    t.set.ForEachCovering(Prefix::Normalized(a, 24), [&found](const Prefix&) { ++found; });
    return found;
  });
}
BENCHMARK(BM_ForEachCoveringV4);

void BM_LongestMatchV6Routed(benchmark::State& state) {
  const Table& t = V6Table();
  RunQueries(state, t.routed, [&t](const IpAddress& a) { return t.set.LongestMatch(a); });
}
BENCHMARK(BM_LongestMatchV6Routed);

void BM_LongestMatchV6Uniform(benchmark::State& state) {
  const Table& t = V6Table();
  RunQueries(state, t.uniform, [&t](const IpAddress& a) { return t.set.LongestMatch(a); });
}
BENCHMARK(BM_LongestMatchV6Uniform);

// Building the full IPv4 table one Insert at a time, in random order.
void BM_InsertV4Table(benchmark::State& state) {
  const Table& t = V4Table();
  std::vector<Prefix> shuffled = t.prefixes;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(1));
  for (auto _ : state) {
    PrefixSet set;
    for (const Prefix& p : shuffled) set.Insert(p);
    benchmark::DoNotOptimize(set.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * shuffled.size()));
}
BENCHMARK(BM_InsertV4Table)->Unit(benchmark::kMillisecond);

void BM_AggregateV4Table(benchmark::State& state) {
  const Table& t = V4Table();
  for (auto _ : state) benchmark::DoNotOptimize(t.set.Aggregate().size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * t.set.size()));
}
BENCHMARK(BM_AggregateV4Table)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace manrs

BENCHMARK_MAIN();
