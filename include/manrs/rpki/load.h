// The RPKI data a command validates against, loaded in one call: the relying
// party's output (VRPs, ASPAs, router keys), the local exceptions of a SLURM
// file applied to it, and the tables built from it.
#ifndef MANRS_RPKI_LOAD_H_
#define MANRS_RPKI_LOAD_H_

#include <string>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/rpki/aspa_verification.h"
#include "manrs/rpki/vrp.h"
#include "manrs/rpki/vrp_table.h"

namespace manrs {

struct LoadedRpki {
  RpkiPayloads payloads;  // after SLURM
  VrpTable vrps;          // built from payloads.vrps
  AspaTable aspas;        // built from payloads.aspas
};

// Applies the SLURM file at slurm_path (RFC 8416) to payloads; problems in
// it go to problems. An error (the file cannot be used) names the file once
// and leaves payloads as they were.
Status ApplySlurmFile(const std::string& slurm_path, ProblemLog& problems, RpkiPayloads* payloads);

// Loads vrps_path (see LoadRpkiPayloads) and, when slurm_path is not empty,
// applies that SLURM file (RFC 8416) to it. Problems in either file go to
// problems; an error (a file that cannot be used at all) names its file once.
Result<LoadedRpki> LoadRpki(const std::string& vrps_path, const std::string& slurm_path,
                            ProblemLog& problems);

}  // namespace manrs

#endif  // MANRS_RPKI_LOAD_H_
