// Decoding MRT to elements without text output: the kernel every analysis
// runs. Reads a real file (default: the bundled 2014 RouteViews RIB, or
// $MANRS_BENCH_MRT, e.g. a file written by mrtgen) into memory decompressed,
// then decodes it from memory so only decoding is timed.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "manrs/mrt/element_reader.h"
#include "manrs/mrt/parallel_reader.h"

namespace manrs {
namespace {

const std::vector<std::byte>& Data() {
  static std::vector<std::byte> data = [] {
    const char* env = std::getenv("MANRS_BENCH_MRT");
    std::string path =
        env ? env
            : std::string(MANRS_TESTDATA_DIR) +
                  "/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2";
    std::vector<std::byte> out;
    auto input = OpenInput(path);
    if (!input) {
      std::fprintf(stderr, "%s\n", input.error().message.c_str());
      std::exit(1);
    }
    std::vector<std::byte> chunk(1 << 20);
    for (;;) {
      auto n = (*input)->Read(chunk);
      if (!n || *n == 0) break;
      out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(*n));
    }
    return out;
  }();
  return data;
}

void BM_DecodeElements(benchmark::State& state) {
  const auto& data = Data();
  std::uint64_t elements = 0;
  for (auto _ : state) {
    ProblemLog problems;
    ElementReader reader(OpenMemoryInput(Bytes(data.data(), data.size())), problems);
    std::uint64_t origins = 0;
    reader.ForEach([&](const Element& e) {
      ++elements;
      if (e.attributes) origins += e.attributes->path().OriginAsn().value_or(0);
    });
    benchmark::DoNotOptimize(origins);
  }
  state.counters["elements/s"] =
      benchmark::Counter(static_cast<double>(elements), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(data.size() * state.iterations()));
}
BENCHMARK(BM_DecodeElements)->Unit(benchmark::kMillisecond);

// The same data from a plain file on 1 and 2 decoding threads (one more
// thread frames the records); wall time is what counts here.
void BM_DecodeParallel(benchmark::State& state) {
  static const std::string path = [] {
    std::string p = "/tmp/manrs_bench_decode.mrt";
    FILE* f = std::fopen(p.c_str(), "wb");
    std::fwrite(Data().data(), 1, Data().size(), f);
    std::fclose(f);
    return p;
  }();
  std::atomic<std::uint64_t> elements{0};
  for (auto _ : state) {
    ProblemLog problems;
    auto stats = DecodeFileParallel(path, static_cast<int>(state.range(0)), problems,
                                    [&](int, std::span<const Element> batch) {
                                      elements.fetch_add(batch.size(), std::memory_order_relaxed);
                                    });
    benchmark::DoNotOptimize(stats);
  }
  state.counters["elements/s"] =
      benchmark::Counter(static_cast<double>(elements.load()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecodeParallel)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace manrs

BENCHMARK_MAIN();
