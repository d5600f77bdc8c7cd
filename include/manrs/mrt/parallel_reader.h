// Decoding one MRT file on several threads. One thread reads and frames the
// (decompressed) stream into chunks of whole records; worker threads decode
// the chunks. The PEER_INDEX_TABLE travels with every chunk after it, so RIB
// records decode wherever they land.
//
// Each worker calls visit with its own index, so callers keep per-thread
// state and merge it afterwards; chunks are decoded in no particular order
// across threads, records within a chunk in file order.
#ifndef MANRS_MRT_PARALLEL_READER_H_
#define MANRS_MRT_PARALLEL_READER_H_

#include <functional>
#include <span>
#include <string>

#include "manrs/base/problem.h"
#include "manrs/bgp/element.h"
#include "manrs/mrt/record_decoder.h"

namespace manrs {

struct ParallelProgress {
  std::uint64_t consumed = 0;  // bytes of the file read so far
  std::uint64_t file_size = 0;
};

// Decodes path with `workers` decoding threads (0: one per core). Problems are
// reported to problems from the calling thread once decoding is done, in file
// order. on_progress, if set, is called from the reading thread.
Result<DecodeStats> DecodeFileParallel(
    const std::string& path, int workers, ProblemLog& problems,
    const std::function<void(int worker, std::span<const Element>)>& visit,
    const std::function<void(const ParallelProgress&)>& on_progress = nullptr);

}  // namespace manrs

#endif  // MANRS_MRT_PARALLEL_READER_H_
