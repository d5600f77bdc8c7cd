// Loading relying-party output: the real rpki-client snapshot of 2025-07-20
// in testdata/rpki (723,521 VRPs, 100 ASPAs, 2 router keys; 75 MB of JSON),
// decompressed into memory once, then loaded each iteration.
//
//   rpki_load_bench --benchmark_min_time=2
//
//   RpkiClientJson/memory   ParseRpkiPayloads: copy, walk, sort, de-duplicate
//   RpkiClientJson/file     LoadRpkiPayloads of the decompressed file in /tmp
//                           (page cache), what a server does at start-up
//   RoutinatorJson, Csv     the same VRPs rendered as Routinator json ("AS"
//                           strings) and csv, to compare the formats
//
//   LoadFile/env            LoadRpkiPayloads of the file named by the
//                           environment variable MANRS_RPKI_FILE, when set
//
// items/s counts VRPs. The peer figure is StayRTR's start-up on the same file
// (PEERS.md section 2: 10.5 s to "Server started"); it is measured in the same
// run by bench/rpki_load_vs_stayrtr.sh, through LoadFile/env.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <span>
#include <string>

#include "fmt/format.h"
#include "manrs/base/input.h"
#include "manrs/rpki/payload_loader.h"

namespace manrs {
namespace {

const char kSnapshot[] = "/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2";

const std::string& SnapshotJson() {
  static const std::string* json = [] {
    auto* text = new std::string;
    auto input = OpenInput(std::string(MANRS_TESTDATA_DIR) + kSnapshot);
    if (!input) {
      std::fprintf(stderr, "%s\n", input.error().message.c_str());
      std::exit(1);
    }
    std::string chunk(1 << 20, '\0');
    while (true) {
      auto got = (*input)->Read(std::as_writable_bytes(std::span(chunk)));
      if (!got || *got == 0) break;
      text->append(chunk.data(), *got);
    }
    return text;
  }();
  return *json;
}

const RpkiPayloads& SnapshotPayloads() {
  static const RpkiPayloads* payloads = [] {
    ProblemLog problems;
    auto loaded = ParseRpkiPayloads(SnapshotJson(), "snapshot", problems);
    if (!loaded) std::exit(1);
    return new RpkiPayloads(std::move(*loaded));
  }();
  return *payloads;
}

void Run(benchmark::State& state, const std::string& text) {
  std::size_t vrps = 0;
  for (auto _ : state) {
    ProblemLog problems;
    auto loaded = ParseRpkiPayloads(text, "bench", problems);
    if (!loaded) {
      state.SkipWithError(loaded.error().message.c_str());
      return;
    }
    vrps = loaded->vrps.size();
    benchmark::DoNotOptimize(loaded->vrps.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(vrps));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.counters["vrps"] = static_cast<double>(vrps);
}

void BM_RpkiClientJsonMemory(benchmark::State& state) { Run(state, SnapshotJson()); }

void LoadFile(benchmark::State& state, const std::string& path, std::size_t size) {
  std::size_t vrps = 0;
  for (auto _ : state) {
    ProblemLog problems;
    auto loaded = LoadRpkiPayloads(path, problems);
    if (!loaded) {
      state.SkipWithError(loaded.error().message.c_str());
      return;
    }
    vrps = loaded->vrps.size();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(vrps));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(size));
  state.counters["vrps"] = static_cast<double>(vrps);
}

void BM_RpkiClientJsonFile(benchmark::State& state) {
  const std::string path = fmt::format("/tmp/manrs_rpki_load_bench_{}.json", getpid());
  std::ofstream(path, std::ios::binary) << SnapshotJson();
  LoadFile(state, path, SnapshotJson().size());
  std::remove(path.c_str());
}

void BM_RoutinatorJson(benchmark::State& state) {
  static const std::string* text = [] {
    auto* out = new std::string("{\n  \"roas\": [\n");
    bool first = true;
    for (const Vrp& vrp : SnapshotPayloads().vrps) {
      fmt::format_to(std::back_inserter(*out),
                     "{}    {{ \"asn\": \"AS{}\", \"prefix\": \"{}\", \"maxLength\": {}, "
                     "\"ta\": \"ripe\" }}",
                     first ? "" : ",\n", vrp.asn, vrp.prefix.ToString(), vrp.max_length);
      first = false;
    }
    out->append("\n  ]\n}\n");
    return out;
  }();
  Run(state, *text);
}

void BM_RoutinatorCsv(benchmark::State& state) {
  static const std::string* text = [] {
    auto* out = new std::string("ASN,IP Prefix,Max Length,Trust Anchor\n");
    for (const Vrp& vrp : SnapshotPayloads().vrps) {
      fmt::format_to(std::back_inserter(*out), "AS{},{},{},ripe\n", vrp.asn, vrp.prefix.ToString(),
                     vrp.max_length);
    }
    return out;
  }();
  Run(state, *text);
}

BENCHMARK(BM_RpkiClientJsonMemory)
    ->Name("RpkiClientJson/memory")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_RpkiClientJsonFile)
    ->Name("RpkiClientJson/file")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_RoutinatorJson)
    ->Name("RoutinatorJson/memory")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_RoutinatorCsv)
    ->Name("RoutinatorCsv/memory")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace manrs

int main(int argc, char** argv) {
  if (const char* path = std::getenv("MANRS_RPKI_FILE")) {
    const std::string file = path;
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    const auto size = static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0));
    benchmark::RegisterBenchmark(
        "LoadFile/env",
        [file, size](benchmark::State& state) { manrs::LoadFile(state, file, size); })
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
