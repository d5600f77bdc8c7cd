#include "manrs/rpki/load.h"

#include <utility>

#include "manrs/rpki/payload_loader.h"
#include "manrs/rpki/slurm.h"

namespace manrs {

namespace {

// The error with its file named once at the front.
Unexpected<Error> InFile(const std::string& path, Error error) {
  if (!error.message.starts_with(path + ": ")) error.message = path + ": " + error.message;
  return Unexpected<Error>(std::move(error));
}

}  // namespace

Status ApplySlurmFile(const std::string& slurm_path, ProblemLog& problems, RpkiPayloads* payloads) {
  auto slurm = LoadSlurm(slurm_path, problems);
  if (!slurm) return InFile(slurm_path, slurm.error());
  ApplySlurm(*slurm, payloads);
  return {};
}

Result<LoadedRpki> LoadRpki(const std::string& vrps_path, const std::string& slurm_path,
                            ProblemLog& problems) {
  auto payloads = LoadRpkiPayloads(vrps_path, problems);
  if (!payloads) return InFile(vrps_path, payloads.error());
  if (!slurm_path.empty()) MANRS_TRY(ApplySlurmFile(slurm_path, problems, &*payloads));
  auto table = VrpTable::Build(payloads->vrps);
  if (!table) return InFile(vrps_path, table.error());
  LoadedRpki loaded{std::move(*payloads), std::move(*table), AspaTable()};
  loaded.aspas = AspaTable(loaded.payloads.aspas);
  return loaded;
}

}  // namespace manrs
