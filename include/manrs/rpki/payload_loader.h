// Loading what relying parties output: rpki-client JSON (roas, aspas,
// bgpsec_keys, metadata.buildtime), Routinator JSON / jsonext / CSV, and
// StayRTR JSON (roas, provider_authorizations, bgpsec_keys). The format is
// recognised from the content, not the file name; files may be compressed.
#ifndef MANRS_RPKI_PAYLOAD_LOADER_H_
#define MANRS_RPKI_PAYLOAD_LOADER_H_

#include <string>
#include <string_view>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/rpki/vrp.h"

namespace manrs {

enum class PayloadFormat {
  kAuto,
  kRpkiClientJson,
  kRoutinatorJson,     // also jsonext
  kRoutinatorCsv,
  kStayRtrJson,
};

const char* PayloadFormatName(PayloadFormat format);

// Loads a file. Each bad entry (malformed prefix, length out of range,
// maxLength below the prefix length, bad AS) is reported to problems with its
// location and skipped; duplicates are reported and dropped; the good entries
// load. A file that is not a payload file at all, or holds no usable entry
// while it has bad ones, is an error: never an empty set used silently.
// The result's vrps are sorted and unique; aspas sorted by customer, each
// provider list sorted and unique.
Result<RpkiPayloads> LoadRpkiPayloads(const std::string& path, ProblemLog& problems,
                                      PayloadFormat format = PayloadFormat::kAuto);

// The same from memory; source names the data in problem reports.
Result<RpkiPayloads> ParseRpkiPayloads(std::string_view content, const std::string& source,
                                       ProblemLog& problems,
                                       PayloadFormat format = PayloadFormat::kAuto);

}  // namespace manrs

#endif  // MANRS_RPKI_PAYLOAD_LOADER_H_
