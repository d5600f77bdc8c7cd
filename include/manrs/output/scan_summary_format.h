// The summary `manrs rov scan` writes on stderr after the verdict lines: the
// routes by ROV state, ASPA and other findings for the checks that ran, each
// peer, and the origin ASes with the most invalid routes.
#ifndef MANRS_OUTPUT_SCAN_SUMMARY_FORMAT_H_
#define MANRS_OUTPUT_SCAN_SUMMARY_FORMAT_H_

#include <cstddef>
#include <string>

#include "manrs/validate/route_checks.h"
#include "manrs/validate/scan_summary.h"

namespace manrs {

// What the summary says about the data besides the counts.
struct ScanSummaryContext {
  const RouteCheckConfig& config;  // which checks ran
  std::size_t vrp_count = 0;
  std::size_t aspa_count = 0;
  std::size_t top_origins = 20;  // origin ASes listed
};

void AppendScanSummaryText(const ScanSummary& summary, const ScanSummaryContext& context,
                           std::string* out);

}  // namespace manrs

#endif  // MANRS_OUTPUT_SCAN_SUMMARY_FORMAT_H_
