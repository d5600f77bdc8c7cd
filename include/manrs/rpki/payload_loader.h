// Loading what relying parties output: rpki-client JSON (roas, aspas,
// bgpsec_keys, metadata.buildtime), Routinator JSON / jsonext / CSV, and
// StayRTR JSON (roas, provider_authorizations, bgpsec_keys). The format is
// recognised from the content, not the file name; files may be compressed.
#ifndef MANRS_RPKI_PAYLOAD_LOADER_H_
#define MANRS_RPKI_PAYLOAD_LOADER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/rpki/vrp.h"

namespace manrs {

enum class PayloadFormat {
  kAuto,
  kRpkiClientJson,
  kRoutinatorJson,  // also jsonext
  kRoutinatorCsv,
  kStayRtrJson,
};

const char* PayloadFormatName(PayloadFormat format);

// What a load found besides the payloads.
struct PayloadLoadInfo {
  PayloadFormat format = PayloadFormat::kAuto;  // as recognised (or as forced)
  std::uint64_t bad_entries = 0;                // reported and skipped
  std::uint64_t duplicates = 0;                 // reported and dropped
};

// Loads a file. Each bad entry of a well-formed document (malformed prefix,
// length out of range, maxLength below the prefix length, bad AS) is reported
// to problems with its location and skipped; duplicates are reported and
// dropped; the good entries load. A document that does not parse to its end
// (malformed or cut JSON, bytes after it, a damaged compressed stream) is an
// error: its entries are still located and reported, but none is returned,
// since a cut file would pass for a smaller set; a CSV file whose last line
// has no newline counts as cut (see routinator_csv.cc). Problem::offset is the byte
// offset of the JSON entry or of the CSV line, and Problem::line the CSV
// line; a JSON message names the entry ("roas[17]: ..."). A file that is not a payload file
// at all, holds no entry at all, or holds no usable entry while it has bad
// ones, is an error: never an empty set used silently.
// The result's vrps are sorted and unique; aspas sorted by customer, each
// provider list sorted and unique (one ASPA per customer: entries for the same
// customer, such as StayRTR's ipv4 and ipv6 lists, are merged); router keys
// sorted and unique, the SKI as 40 upper-case hex digits and the key in
// standard padded base64 whatever the file used. Expired VRPs are kept:
// dropping them is the server's policy. build_time comes from
// metadata.buildtime (rpki-client) or metadata.generated (Routinator).
Result<RpkiPayloads> LoadRpkiPayloads(const std::string& path, ProblemLog& problems,
                                      PayloadFormat format = PayloadFormat::kAuto);

// The same from memory; source names the data in problem reports.
Result<RpkiPayloads> ParseRpkiPayloads(std::string_view content, const std::string& source,
                                       ProblemLog& problems,
                                       PayloadFormat format = PayloadFormat::kAuto);

// The same, telling what was found in *info.
Result<RpkiPayloads> LoadRpkiPayloads(const std::string& path, ProblemLog& problems,
                                      PayloadFormat format, PayloadLoadInfo* info);
Result<RpkiPayloads> ParseRpkiPayloads(std::string_view content, const std::string& source,
                                       ProblemLog& problems, PayloadFormat format,
                                       PayloadLoadInfo* info);

}  // namespace manrs

#endif  // MANRS_RPKI_PAYLOAD_LOADER_H_
