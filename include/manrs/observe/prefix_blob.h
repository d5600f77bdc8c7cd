// The prefixes of one AS in one period as one binary value: how the SQLite
// store keeps them (schema version 3, the `prefix_sets` table; one row per
// AS instead of one per prefix). doc/observatory.md has the layout:
//
//   per prefix, in order: flags (1 byte: bit 0 IPv6, bits 1-2 the RovState,
//   bits 3-4 the IrrState, bit 5 bogon, bits 6-7 zero), the length (1 byte),
//   the address bytes the length needs (ceil(length / 8), host bits zero),
//   the peer count (unsigned LEB128, at most 5 bytes, fits 32 bits).
//
// About 10 bytes per IPv4 prefix where a row took 58.
#ifndef MANRS_OBSERVE_PREFIX_BLOB_H_
#define MANRS_OBSERVE_PREFIX_BLOB_H_

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/observe/report.h"

namespace manrs {

// Appends the encoding of prefixes to out.
void AppendPrefixBlob(std::span<const PrefixState> prefixes, std::string* out);

// Decodes exactly count prefixes filling all of data. Returns an error naming
// the byte offset for anything else: a truncated record, a bad flag, length,
// host bit or peer count, or bytes left over.
Result<std::vector<PrefixState>> DecodePrefixBlob(std::span<const std::byte> data,
                                                  std::size_t count);

}  // namespace manrs

#endif  // MANRS_OBSERVE_PREFIX_BLOB_H_
