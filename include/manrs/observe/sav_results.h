// Anti-spoofing results for the observatory: the JSON reports of
// `manrs sav audit --format json` and `manrs sav collect --format json`
// ("report": "manrs-sav-audit", version 1; doc/sav.md "Audit output") read
// as per-interface counts, and summed per AS. The AS a result measures is the
// peer_asn of the ingress interface: dropping spoofed sources is that
// neighbour's job (doc/observatory.md "Action 2").
#ifndef MANRS_OBSERVE_SAV_RESULTS_H_
#define MANRS_OBSERVE_SAV_RESULTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/net/asn.h"
#include "manrs/observe/report.h"

namespace manrs {

// One by_interface entry of a report.
struct SavInterfaceResult {
  std::string file;       // the report it was read from
  std::string interface;  // its name in the report
  Asn peer_asn = 0;       // 0: the report has null (the interface measures no AS)
  std::uint64_t packets = 0, spoofed_packets = 0;
  std::uint64_t martian = 0, bogon = 0, not_allowed = 0;
};

// Reads one report. Anything that is not a complete version-1 report
// (truncated, not JSON, a member missing or of the wrong type, spoofed
// packets exceeding packets, reasons not summing to spoofed_packets) is an
// error naming source and the byte offset.
Result<std::vector<SavInterfaceResult>> ParseSavResults(std::string_view text,
                                                        const std::string& source);
Result<std::vector<SavInterfaceResult>> LoadSavResults(const std::string& path);

// The per-AS sums; interfaces without a peer_asn are left out.
std::map<Asn, AntiSpoofing> SavResultsByAs(const std::vector<SavInterfaceResult>& results);

}  // namespace manrs

#endif  // MANRS_OBSERVE_SAV_RESULTS_H_
