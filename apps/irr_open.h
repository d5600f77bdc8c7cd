// Opening the local IRR for queries, shared by `manrs irr expand|serve` and
// `manrs filter`: the default database location, the optional VRPs of the
// RPKI-aware mode, and the choice of sources.
#ifndef MANRS_APPS_IRR_OPEN_H_
#define MANRS_APPS_IRR_OPEN_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "manrs/irr/database.h"
#include "manrs/irr/set_expansion.h"
#include "manrs/rpki/vrp.h"
#include "manrs/rpki/vrp_table.h"

namespace manrs {

// $MANRS_IRR_DB, else $XDG_DATA_HOME/manrs/irr.db, else ~/.local/share/manrs/irr.db.
std::string DefaultIrrDbPath();

struct OpenedIrr {
  IrrDatabase db;
  std::unique_ptr<VrpTable> vrps;  // RPKI-aware mode, else null
  std::vector<Vrp> roa_routes;     // with roa_routes: every VRP, sorted by ASN
};

// Opens db_path (empty: the default) and, when vrps_path is not empty, loads
// the VRPs with the SLURM file slurm_path applied (when not empty). Prints
// the reason and returns nullopt on failure.
std::optional<OpenedIrr> OpenIrrForQueries(const std::string& db_path, const std::string& vrps_path,
                                           const std::string& slurm_path, bool roa_routes,
                                           bool quiet);

// Restricts options to the named sources, in that order of preference.
// Prints the reason and returns false when a name is not a source of db.
bool SelectSources(const IrrDatabase& db, const std::vector<std::string>& names,
                   ExpansionOptions* options);

}  // namespace manrs

#endif  // MANRS_APPS_IRR_OPEN_H_
