// The IRR kernels, with throughput counters:
//
//   RpslRead/AutNum3257     RpslReader over the real 470 KB aut-num AS3257
//                           (testdata/irr), bytes/s and objects/s
//   RpslRead/env            the same over the dump named by
//                           MANRS_IRR_BENCH_DUMP (e.g. irrgen's), when set
//   Expand/env              SetExpander::ExpandPrefixes(AS-BIG, IPv4) on the
//                           snapshot named by MANRS_IRR_BENCH_DB, items/s =
//                           prefixes; the name by MANRS_IRR_BENCH_SET
//   WhoisA4/env             the whole "!a4AS-BIG" reply bgpq4 asks for
//
// bench/irr_bench.sh sets the variables to its generated RADB-scale data.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "manrs/irr/database.h"
#include "manrs/irr/set_expansion.h"
#include "manrs/irr/whois_query.h"
#include "manrs/rpsl/object_reader.h"

namespace manrs {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void ReadRpsl(benchmark::State& state, const std::string& text) {
  std::uint64_t objects = 0;
  for (auto _ : state) {
    ProblemLog problems(nullptr, 0);
    RpslReader reader(text, "bench", &problems);
    RpslObject object;
    while (reader.Next(&object)) ++objects;
    benchmark::DoNotOptimize(objects);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["objects/s"] =
      benchmark::Counter(static_cast<double>(objects), benchmark::Counter::kIsRate);
}

void BM_RpslReadAutNum(benchmark::State& state) {
  static const std::string text =
      ReadAll(std::string(MANRS_TESTDATA_DIR) + "/irr/rpsl-rs__aut-num_AS3257.txt");
  ReadRpsl(state, text);
}
BENCHMARK(BM_RpslReadAutNum)->Name("RpslRead/AutNum3257");

void BM_RpslReadEnv(benchmark::State& state) {
  const char* path = std::getenv("MANRS_IRR_BENCH_DUMP");
  if (!path) {
    state.SkipWithError("MANRS_IRR_BENCH_DUMP not set");
    return;
  }
  static const std::string text = ReadAll(path);
  ReadRpsl(state, text);
}
BENCHMARK(BM_RpslReadEnv)->Name("RpslRead/env")->Unit(benchmark::kMillisecond);

const IrrDatabase* EnvDatabase() {
  static std::unique_ptr<IrrDatabase> db = [] {
    const char* path = std::getenv("MANRS_IRR_BENCH_DB");
    if (!path) return std::unique_ptr<IrrDatabase>();
    auto opened = IrrDatabase::Open(path);
    if (!opened) {
      std::fprintf(stderr, "%s\n", opened.error().message.c_str());
      return std::unique_ptr<IrrDatabase>();
    }
    return std::make_unique<IrrDatabase>(std::move(*opened));
  }();
  return db.get();
}

std::string EnvSet() {
  const char* name = std::getenv("MANRS_IRR_BENCH_SET");
  return name ? name : "AS-BIG";
}

void BM_Expand(benchmark::State& state) {
  const IrrDatabase* db = EnvDatabase();
  if (!db) {
    state.SkipWithError("MANRS_IRR_BENCH_DB not set or unreadable");
    return;
  }
  const std::string name = EnvSet();
  std::size_t prefixes = 0;
  for (auto _ : state) {
    SetExpander expander(*db, {});
    auto out = expander.ExpandPrefixes(name, Afi::kIpv4);
    prefixes += out ? out->size() : 0;
    benchmark::DoNotOptimize(out);
  }
  state.counters["prefixes/s"] =
      benchmark::Counter(static_cast<double>(prefixes), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Expand)->Name("Expand/env")->Unit(benchmark::kMillisecond);

void BM_WhoisA4(benchmark::State& state) {
  const IrrDatabase* db = EnvDatabase();
  if (!db) {
    state.SkipWithError("MANRS_IRR_BENCH_DB not set or unreadable");
    return;
  }
  const std::string query = "!a4" + EnvSet();
  WhoisConfig config;
  std::size_t bytes = 0;
  for (auto _ : state) {
    WhoisSession session(*db, config);
    std::string reply;
    session.Handle("!!", &reply);
    session.Handle(query, &reply);
    bytes += reply.size();
    benchmark::DoNotOptimize(reply);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_WhoisA4)->Name("WhoisA4/env")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace manrs

BENCHMARK_MAIN();
