// storegen: a synthetic observatory store at the web benchmark's scale
// (issue 12: 75,000 ASes x 12 periods), shaped by a real one. It reads every
// AS report of the latest period of a measured store (`make run`'s, from the
// bundled RouteViews, RPKI, IRR and PeeringDB data) and draws each synthetic
// AS's report from that empirical distribution (prefixes with their RPKI and
// IRR states, incidents with their evidence, contacts, readiness): one
// report resampled per AS and period, ASNs numbered 1..N, the periods one
// month apart. Deterministic for a seed. Writes through ObservatoryStore, so
// the benchmark reads what a real `manrs observe` would have written.
//
// usage: storegen --from sqlite:REAL --to sqlite:OUT [--ases 75000]
//                 [--periods 12] [--seed 1]
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "manrs/observe/store.h"

int main(int argc, char** argv) {
  CLI::App app("synthetic observatory store for the web benchmark");
  std::string from, to;
  std::size_t ases = 75000, periods = 12;
  unsigned seed = 1;
  app.add_option("--from", from, "measured store to sample")->required();
  app.add_option("--to", to, "store to write")->required();
  app.add_option("--ases", ases, "ASes per period");
  app.add_option("--periods", periods, "periods");
  app.add_option("--seed", seed, "random seed");
  CLI11_PARSE(app, argc, argv);

  auto source = manrs::OpenStore(from, manrs::StoreAccess::kReadOnly);
  if (!source) {
    std::fprintf(stderr, "storegen: %s\n", source.error().message.c_str());
    return 2;
  }
  auto stored = (*source)->Periods();
  if (!stored || stored->empty()) {
    std::fprintf(stderr, "storegen: %s holds no period\n", from.c_str());
    return 2;
  }
  const manrs::Period real = stored->back();
  std::vector<manrs::AsReport> sample;
  auto walked = (*source)->ForEachReport(real, [&](const manrs::AsReport& r) -> manrs::Status {
    sample.push_back(r);
    return {};
  });
  auto summary = (*source)->Summary(real);
  if (!walked || !summary) {
    std::fprintf(stderr, "storegen: cannot read %s\n", from.c_str());
    return 2;
  }
  auto out = manrs::OpenStore(to, manrs::StoreAccess::kReadWrite);
  if (!out) {
    std::fprintf(stderr, "storegen: %s\n", out.error().message.c_str());
    return 2;
  }
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, sample.size() - 1);
  const std::int64_t month = 30 * 86400;
  for (std::size_t p = 0; p < periods; ++p) {
    manrs::PeriodResult result;
    const std::int64_t shift = static_cast<std::int64_t>(p) * month;
    result.period = {real.start + shift, real.end + shift};
    result.summary = *summary;
    result.ases.reserve(ases);
    for (std::size_t i = 0; i < ases; ++i) {
      manrs::AsReport r = sample[pick(rng)];
      const manrs::Asn asn = static_cast<manrs::Asn>(i + 1);
      r.period = result.period;
      r.metrics.asn = asn;
      for (auto& inc : r.incidents) {
        if (inc.culprit == inc.asn) inc.culprit = asn;
        inc.asn = asn;
        inc.start += shift;
        if (inc.end) *inc.end += shift;
      }
      result.ases.push_back(std::move(r));
    }
    if (auto ok = (*out)->WritePeriod(result); !ok) {
      std::fprintf(stderr, "storegen: %s: %s\n", to.c_str(), ok.error().message.c_str());
      return 2;
    }
    std::fprintf(stderr, "storegen: period %zu of %zu written\n", p + 1, periods);
  }
  std::fprintf(stderr, "storegen: %zu ASes x %zu periods from %zu measured reports\n", ases,
               periods, sample.size());
  return 0;
}
