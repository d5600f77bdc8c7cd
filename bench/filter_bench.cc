// Filter generation throughput: a 100 k-prefix IPv4 list (the size of the
// largest AS-SET expansions) built, minimally aggregated (-A) and rendered in
// every dialect; plus the plain bgpq4-compatible build and an AS-path list.
//
//   filter_bench --benchmark_min_time=0.5
//
// The list is synthetic but shaped like IRR data: prefix lengths follow the
// distribution measured on the global IPv4 table (bench/prefix_set_bench.cc,
// ../shared/data/pfx2as), clustered into /16s as registrations are, and one in
// five prefixes comes with its sibling or its two halves (de-aggregated
// registrations), which is what gives -A something to merge.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "manrs/filter/aggregate.h"
#include "manrs/filter/prefix_filter.h"
#include "manrs/filter/render.h"

namespace manrs {
namespace {

constexpr std::size_t kListSize = 100'000;

// clang-format off
constexpr std::array<std::pair<int, int>, 9> kLengths = {{
    {16, 13000}, {17, 8000}, {18, 14000}, {19, 25000}, {20, 45000}, {21, 50000},
    {22, 120000}, {23, 100000}, {24, 600000},
}};
// clang-format on

const std::vector<PrefixRange>& Members() {
  static const std::vector<PrefixRange> members = [] {
    std::mt19937_64 rng(4);
    std::vector<int> weights;
    for (const auto& [len, w] : kLengths) weights.push_back(w);
    std::discrete_distribution<int> length(weights.begin(), weights.end());
    std::vector<std::uint32_t> blocks(8000);
    for (auto& b : blocks) b = static_cast<std::uint32_t>(rng() % 0xDF00 + 0x0100) << 16;
    std::vector<PrefixRange> out;
    while (out.size() < kListSize) {
      const int len = kLengths[static_cast<std::size_t>(length(rng))].first;
      const std::uint32_t addr =
          blocks[rng() % blocks.size()] | (static_cast<std::uint32_t>(rng()) & 0xffff);
      const Prefix p = Prefix::Normalized(IpAddress::V4(addr), len);
      out.push_back(PrefixRange::Exact(p));
      if (rng() % 5 == 0 && len < 32) {
        // A sibling, or both halves of the prefix.
        if (rng() % 2 == 0) {
          out.push_back(PrefixRange::Exact(
              Prefix::Normalized(IpAddress::V4(addr ^ (1u << (32 - len))), len)));
        } else {
          const std::uint32_t base = p.address().v4();
          out.push_back(PrefixRange::Exact(Prefix::Normalized(IpAddress::V4(base), len + 1)));
          out.push_back(PrefixRange::Exact(
              Prefix::Normalized(IpAddress::V4(base | 1u << (31 - len)), len + 1)));
        }
      }
    }
    out.resize(kListSize);
    return out;
  }();
  return members;
}

void BM_BuildPlain(benchmark::State& state) {
  const auto& members = Members();
  PrefixFilterOptions o;
  std::size_t lines = 0;
  for (auto _ : state) {
    auto f = BuildPrefixFilter(members, o);
    lines = f->lines.size();
    benchmark::DoNotOptimize(f);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * members.size()));
  state.counters["lines"] = static_cast<double>(lines);
}
BENCHMARK(BM_BuildPlain)->Unit(benchmark::kMillisecond);

void BM_BuildAggregated(benchmark::State& state) {
  const auto& members = Members();
  PrefixFilterOptions o;
  o.aggregate = true;
  std::size_t lines = 0;
  for (auto _ : state) {
    auto f = BuildPrefixFilter(members, o);
    lines = f->lines.size();
    benchmark::DoNotOptimize(f);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * members.size()));
  state.counters["lines"] = static_cast<double>(lines);
}
BENCHMARK(BM_BuildAggregated)->Unit(benchmark::kMillisecond);

// Aggregate + render, end to end from the expanded list, in each dialect.
void BM_AggregateAndRender(benchmark::State& state) {
  const auto& members = Members();
  const DialectInfo& d = Dialects()[static_cast<std::size_t>(state.range(0))];
  state.SetLabel(std::string(d.name));
  PrefixFilterOptions fo;
  fo.aggregate = d.ranges;
  RenderOptions ro;
  ro.dialect = d.dialect;
  ro.name = "AS-EXAMPLE";
  ro.format = "%n/%l %a-%A\\n";
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto f = BuildPrefixFilter(members, fo);
    auto text = RenderPrefixFilter(*f, ro);
    bytes = text->size();
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * members.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_AggregateAndRender)
    ->DenseRange(0, static_cast<int>(Dialects().size()) - 1)
    ->Unit(benchmark::kMillisecond);

void BM_AsPathCisco(benchmark::State& state) {
  std::vector<Asn> asns;
  for (Asn a = 0; a < 20000; ++a) asns.push_back(1000 + a * 7);
  RenderOptions ro;
  ro.asn = 3333;
  for (auto _ : state) {
    auto text = RenderAsPathFilter(asns, AsPathKind::kInput, ro);
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * asns.size()));
}
BENCHMARK(BM_AsPathCisco)->Unit(benchmark::kMillisecond);

// The list of a file (one prefix a line, e.g. an !a4 answer), when
// MANRS_FILTER_LIST names one: bench/filter_vs_bgpq4.sh times it beside bgpq4.
void BM_FileList(benchmark::State& state) {
  const char* path = std::getenv("MANRS_FILTER_LIST");
  if (path == nullptr) {
    state.SkipWithError("MANRS_FILTER_LIST not set");
    return;
  }
  std::vector<PrefixRange> members;
  std::ifstream in(path);
  std::string w;
  while (in >> w) {
    if (auto m = ParsePrefixRange(w)) members.push_back(*m);
  }
  PrefixFilterOptions fo;
  fo.aggregate = state.range(0) != 0;
  RenderOptions ro;
  ro.name = "N";
  std::size_t lines = 0;
  for (auto _ : state) {
    auto f = BuildPrefixFilter(members, fo);
    auto text = RenderPrefixFilter(*f, ro);
    lines = f->lines.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetLabel(state.range(0) != 0 ? "cisco -A" : "cisco");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * members.size()));
  state.counters["lines"] = static_cast<double>(lines);
}
BENCHMARK(BM_FileList)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace manrs

BENCHMARK_MAIN();
