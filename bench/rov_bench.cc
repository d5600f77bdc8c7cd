// Route origin validation throughput: our VrpTable (ValidateOrigin) against
// RTRlib's prefix table (pfx_table_validate, librtr 0.8), built from the same
// VRPs and asked about the same routes, in the same run.
//
//   rov_bench --benchmark_min_time=2
//
// VRPs: the real rpki-client snapshot of 2025-07-20 (723 k VRPs) from
// testdata/rpki, or MANRS_BENCH_VRPS=FILE. Routes: every RIB entry with an
// origin AS of the 2014 RouteViews jinx RIB (503,462 of 503,590 entries; all
// but 173 IPv4) from testdata/mrt, or MANRS_BENCH_RIB=FILE; for IPv6, those of
// the first MiB of a 2015 RouteViews RIB6 (149,578 entries), or
// MANRS_BENCH_RIB6=FILE. All are decoded into memory first. Each route set is
// asked in RIB order (sorted by prefix, as a RIB dump or a full table
// transfer comes) and shuffled (as UPDATEs come). The *_2m_vrps runs ask the
// IPv4 routes of a table grown to 2 M VRPs (see Grown). After the runs, one
// line per route set gives our rate over RTRlib's.
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <rtrlib/rtrlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "manrs/base/problem.h"
#include "manrs/mrt/element_reader.h"
#include "manrs/rpki/payload_loader.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/rpki/vrp_table.h"
#include "rpki/rtrlib_convert.h"

namespace manrs {
namespace {

struct Route {
  Prefix prefix;
  Asn origin;
  lrtr_ip_addr rtrlib_address;  // the same prefix address in RTRlib's form
};

std::string Input(const char* env, const char* testdata_path) {
  const char* value = std::getenv(env);
  return value ? value : std::string(MANRS_TESTDATA_DIR) + "/" + testdata_path;
}

std::size_t HeapBytes() { return mallinfo2().uordblks; }

void Die(const std::string& what) {
  std::fprintf(stderr, "rov_bench: %s\n", what.c_str());
  std::exit(1);
}

// Appends the RIB entries of the MRT file that have an origin AS. Damage
// (e.g. the truncated end of the RIB6 sample) is skipped: the routes before
// it are the input.
void ReadRoutes(const std::string& path, std::vector<Route>* out) {
  ProblemLog problems;
  auto reader = ElementReader::Open(path, problems);
  if (!reader) Die(path + ": " + reader.error().message);
  (*reader)->ForEach([&](const Element& e) {
    if (e.type != ElementType::kRibEntry || e.attributes == nullptr) return;
    if (auto origin = e.attributes->path().OriginAsn()) {
      out->push_back({e.prefix, *origin, ToRtrlib(e.prefix.address())});
    }
  });
}

// The same VRPs in both tables.
struct Tables {
  explicit Tables(std::vector<Vrp> vrps_in) : vrps(std::move(vrps_in)) {
    auto built = VrpTable::Build(vrps);
    if (!built) Die(built.error().message);
    table = std::move(*built);
    vrps = table.Vrps();  // sorted and unique, as pfx_table_add wants them
    const std::size_t before = HeapBytes();
    pfx_table_init(&rtrlib, nullptr);
    for (const Vrp& vrp : vrps) {
      const pfx_record record = ToRtrlib(vrp);
      if (pfx_table_add(&rtrlib, &record) != PFX_SUCCESS) Die("pfx_table_add failed");
    }
    rtrlib_bytes = HeapBytes() - before;
  }

  std::vector<Vrp> vrps;
  VrpTable table;
  pfx_table rtrlib{};
  std::size_t rtrlib_bytes = 0;
};

std::vector<Vrp> LoadVrps() {
  ProblemLog problems;
  const std::string path =
      Input("MANRS_BENCH_VRPS", "rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2");
  auto payloads = LoadRpkiPayloads(path, problems);
  if (!payloads) Die(path + ": " + payloads.error().message);
  return std::move(payloads->vrps);
}

const std::map<std::string, std::vector<Route>>& RouteSets() {
  static const auto* sets = [] {
    auto* out = new std::map<std::string, std::vector<Route>>;
    std::vector<Route>& all = (*out)["rib_order"];
    ReadRoutes(Input("MANRS_BENCH_RIB",
                     "mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2"),
               &all);
    for (const Route& r : all) {
      if (r.prefix.is_v4()) (*out)["v4_rib_order"].push_back(r);
    }
    // The jinx RIB holds 173 IPv6 routes: the IPv6 sets come from a RIB6.
    std::vector<Route> v6;
    ReadRoutes(Input("MANRS_BENCH_RIB6", "mrt/pyasn__rib6.20151101.0600_firstMB.bz2"), &v6);
    for (const Route& r : v6) {
      if (!r.prefix.is_v4()) (*out)["v6_rib_order"].push_back(r);
    }
    for (const char* name : {"rib_order", "v4_rib_order", "v6_rib_order"}) {
      std::vector<Route> shuffled = (*out)[name];
      std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(1));
      std::string shuffled_name(name);
      shuffled_name.replace(shuffled_name.find("rib_order"), 9, "shuffled");
      (*out)[shuffled_name] = std::move(shuffled);
    }
    return out;
  }();
  return *sets;
}

// The real snapshot.
const Tables& Real() {
  static const Tables* tables = new Tables(LoadVrps());
  return *tables;
}

// The snapshot grown to the 2 M VRPs the table is designed for, the way the
// RPKI grows: deaggregation into /24s. Each added VRP is a /24 (or the route
// itself when longer) inside a random IPv4 route of the RIB, for a random AS,
// seeded; so many more routes are covered, and by longer chains.
const Tables& Grown() {
  static const Tables* tables = [] {
    std::vector<Vrp> vrps = LoadVrps();
    const std::vector<Route>& routes = RouteSets().at("v4_rib_order");
    std::mt19937_64 rng(2);
    while (vrps.size() < 2'000'000) {
      const Prefix& p = routes[rng() % routes.size()].prefix;
      const int length = std::max(24, p.length());
      const std::uint32_t host =
          p.length() == 0 ? 0
                          : static_cast<std::uint32_t>(rng()) & (~std::uint32_t{0} >> p.length());
      vrps.push_back(Vrp{Prefix::Normalized(IpAddress::V4(p.address().v4() | host), length),
                         static_cast<std::uint8_t>(length), static_cast<Asn>(rng() % 70'000 + 1)});
    }
    return new Tables(std::move(vrps));
  }();
  return *tables;
}

void BM_Ours(benchmark::State& state, const char* set, bool grown) {
  const Tables& t = grown ? Grown() : Real();
  const std::vector<Route>& routes = RouteSets().at(set);
  std::size_t valid = 0;
  for (auto _ : state) {
    for (const Route& r : routes) {
      valid += ValidateOrigin(t.table, r.prefix, r.origin) == RovState::kValid;
    }
  }
  benchmark::DoNotOptimize(valid);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(routes.size()));
  state.counters["routes"] = static_cast<double>(routes.size());
  state.counters["vrps"] = static_cast<double>(t.table.size());
  state.counters["table_MB"] = static_cast<double>(t.table.MemoryBytes()) / 1e6;
}

// ValidateOrigins: the same routes in one batch per pass.
void BM_OursBatched(benchmark::State& state, const char* set, bool grown) {
  const Tables& t = grown ? Grown() : Real();
  const std::vector<Route>& routes = RouteSets().at(set);
  std::vector<RouteOrigin> batch;
  batch.reserve(routes.size());
  for (const Route& r : routes) batch.push_back({r.prefix, r.origin});
  std::vector<RovState> states(batch.size());
  std::size_t valid = 0;
  for (auto _ : state) {
    ValidateOrigins(t.table, batch, states);
    valid += static_cast<std::size_t>(states[valid % states.size()]);
  }
  benchmark::DoNotOptimize(valid);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(routes.size()));
  state.counters["routes"] = static_cast<double>(routes.size());
}

void BM_Rtrlib(benchmark::State& state, const char* set, bool grown) {
  // pfx_table_validate takes a non-const table (it takes its read lock).
  Tables& t = const_cast<Tables&>(grown ? Grown() : Real());
  const std::vector<Route>& routes = RouteSets().at(set);
  std::size_t valid = 0;
  for (auto _ : state) {
    for (const Route& r : routes) {
      pfxv_state result{};
      pfx_table_validate(&t.rtrlib, r.origin, &r.rtrlib_address,
                         static_cast<std::uint8_t>(r.prefix.length()), &result);
      valid += result == BGP_PFXV_STATE_VALID;
    }
  }
  benchmark::DoNotOptimize(valid);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(routes.size()));
  state.counters["routes"] = static_cast<double>(routes.size());
  state.counters["vrps"] = static_cast<double>(t.vrps.size());
  state.counters["table_MB"] = static_cast<double>(t.rtrlib_bytes) / 1e6;
}

// Building the table from the real snapshot: VrpTable::Build against 723 k
// pfx_table_add calls.
void BM_BuildOurs(benchmark::State& state) {
  const Tables& d = Real();
  for (auto _ : state) {
    auto table = VrpTable::Build(d.vrps);
    benchmark::DoNotOptimize(table);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(d.vrps.size()));
}

void BM_BuildRtrlib(benchmark::State& state) {
  const Tables& d = Real();
  for (auto _ : state) {
    pfx_table table;
    pfx_table_init(&table, nullptr);
    for (const Vrp& vrp : d.vrps) {
      const pfx_record record = ToRtrlib(vrp);
      pfx_table_add(&table, &record);
    }
    pfx_table_free(&table);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(d.vrps.size()));
}

#define MANRS_ROV_BENCH(name, set, grown)                                             \
  BENCHMARK_CAPTURE(BM_Ours, name, set, grown)->Unit(benchmark::kMillisecond);        \
  BENCHMARK_CAPTURE(BM_OursBatched, name, set, grown)->Unit(benchmark::kMillisecond); \
  BENCHMARK_CAPTURE(BM_Rtrlib, name, set, grown)->Unit(benchmark::kMillisecond)

MANRS_ROV_BENCH(rib_order, "rib_order", false);
MANRS_ROV_BENCH(shuffled, "shuffled", false);
MANRS_ROV_BENCH(v4_rib_order, "v4_rib_order", false);
MANRS_ROV_BENCH(v4_shuffled, "v4_shuffled", false);
MANRS_ROV_BENCH(v6_rib_order, "v6_rib_order", false);
MANRS_ROV_BENCH(v6_shuffled, "v6_shuffled", false);
MANRS_ROV_BENCH(v4_rib_order_2m_vrps, "v4_rib_order", true);
MANRS_ROV_BENCH(v4_shuffled_2m_vrps, "v4_shuffled", true);
BENCHMARK(BM_BuildOurs)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_BuildRtrlib)->Unit(benchmark::kMillisecond)->Iterations(2);

// The console output, then per route set: our rate over RTRlib's.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      auto rate = run.counters.find("items_per_second");
      if (rate == run.counters.end() || run.error_occurred) continue;
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median") continue;
      rates_[run.run_name.str()] = rate->second.value;
    }
  }
  void PrintRatios() const {
    for (const auto& [name, ours] : rates_) {
      if (name.rfind("BM_Ours/", 0) != 0) continue;
      const std::string set = name.substr(8);
      auto theirs = rates_.find("BM_Rtrlib/" + set);
      if (theirs == rates_.end() || theirs->second <= 0) continue;
      std::printf("ratio %-22s ours %5.1f M/s  RTRlib %4.2f M/s  %5.1fx\n", set.c_str(), ours / 1e6,
                  theirs->second / 1e6, ours / theirs->second);
      auto batched = rates_.find("BM_OursBatched/" + set);
      if (batched != rates_.end()) {
        std::printf("ratio %-22s batched %5.1f M/s  RTRlib %4.2f M/s  %5.1fx\n", set.c_str(),
                    batched->second / 1e6, theirs->second / 1e6,
                    batched->second / theirs->second);
      }
    }
  }

 private:
  std::map<std::string, double> rates_;
};

}  // namespace
}  // namespace manrs

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const manrs::Tables& real = manrs::Real();
  std::printf("VRPs %zu (%zu prefixes), our table %.1f MB, RTRlib table %.1f MB; routes %zu\n",
              real.table.size(), real.table.prefix_count(),
              static_cast<double>(real.table.MemoryBytes()) / 1e6,
              static_cast<double>(real.rtrlib_bytes) / 1e6,
              manrs::RouteSets().at("rib_order").size());
  manrs::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios();
  benchmark::Shutdown();
  return 0;
}
