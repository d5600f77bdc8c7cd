#include "apps/irr_open.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "apps/cli_support.h"
#include "fmt/format.h"
#include "manrs/base/problem.h"
#include "manrs/rpki/load.h"

namespace manrs {

std::string DefaultIrrDbPath() {
  if (const char* env = std::getenv("MANRS_IRR_DB"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/manrs/irr.db";
  }
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/manrs/irr.db";
}

std::optional<OpenedIrr> OpenIrrForQueries(const std::string& db_path, const std::string& vrps_path,
                                           const std::string& slurm_path, bool roa_routes,
                                           bool quiet) {
  const std::string path = db_path.empty() ? DefaultIrrDbPath() : db_path;
  auto db = IrrDatabase::Open(path);
  if (!db) {
    std::fprintf(stderr, "manrs: %s (run `manrs irr load` first)\n", db.error().message.c_str());
    return std::nullopt;
  }
  OpenedIrr opened{std::move(*db), nullptr, {}};
  if (vrps_path.empty() && !slurm_path.empty()) {
    std::fprintf(stderr, "manrs: --slurm applies to the VRPs of --vrps; give both\n");
    return std::nullopt;
  }
  if (vrps_path.empty()) return opened;
  ProblemPrinter printer(quiet);
  auto rpki = LoadRpki(vrps_path, slurm_path, printer.log());
  if (!rpki) {
    std::fprintf(stderr, "manrs: %s\n", rpki.error().message.c_str());
    return std::nullopt;
  }
  opened.vrps = std::make_unique<VrpTable>(std::move(rpki->vrps));
  if (roa_routes) {
    opened.roa_routes = std::move(rpki->payloads.vrps);
    std::stable_sort(opened.roa_routes.begin(), opened.roa_routes.end(),
                     [](const Vrp& a, const Vrp& b) { return a.asn < b.asn; });
  }
  return opened;
}

bool SelectSources(const IrrDatabase& db, const std::vector<std::string>& names,
                   ExpansionOptions* options) {
  if (names.empty()) return true;
  if (!db.MaskOf(names, &options->sources)) {
    std::fprintf(stderr, "manrs: unknown source in %s (the database has %s)\n",
                 fmt::format("{}", fmt::join(names, ",")).c_str(),
                 fmt::format("{}", fmt::join(db.sources(), ",")).c_str());
    return false;
  }
  options->source_order.clear();
  for (const auto& name : names) {
    options->source_order.push_back(static_cast<std::uint16_t>(db.SourceIndex(name)));
  }
  return true;
}

}  // namespace manrs
