// Loading RPSL database dumps into an IrrDatabase: RIPE split dumps
// (ripe.db.route.gz, ripe.db.as-set.gz, ...) and RADB-style .db files, plain
// or compressed (recognised by content, see base/input.h).
#ifndef MANRS_IRR_DUMP_LOADER_H_
#define MANRS_IRR_DUMP_LOADER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "manrs/base/problem.h"
#include "manrs/irr/database.h"

namespace manrs {

struct DumpLoadStats {
  std::uint64_t bytes = 0;
  std::uint64_t objects = 0;  // added to the database
  std::uint64_t dropped = 0;  // malformed or unusable, each reported
};

// Called now and then with the bytes of the dump's text parsed so far and
// its total (after decompression), for a progress bar.
using LoadProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;

// Reads one dump into db. source_override, when not empty, is the source of
// every object; otherwise each object's source: attribute names it (objects
// without one are reported and skipped). Problems go to problems with the
// file name and byte offset. A dump cut short (a damaged compressed stream,
// text ending inside a line) is read up to the object the cut falls in, and
// the cut reported. Fails only when the file cannot be read at all.
// REQUIRES: db.Finish() is called after the last load.
Result<DumpLoadStats> LoadRpslDump(const std::string& path, std::string_view source_override,
                                   IrrDatabase* db, ProblemLog& problems,
                                   const LoadProgress& progress = nullptr);

// The same from memory (tests, fuzzing); name stands for the file.
DumpLoadStats LoadRpslText(std::string_view text, const std::string& name,
                           std::string_view source_override, IrrDatabase* db, ProblemLog& problems,
                           const LoadProgress& progress = nullptr);

}  // namespace manrs

#endif  // MANRS_IRR_DUMP_LOADER_H_
