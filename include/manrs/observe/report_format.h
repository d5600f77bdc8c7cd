// The report formats: JSON (one object per AS, the same for `report ASN`,
// `report --all --format jsonl` and the web server's /api/v1/as/{asn}),
// CSV (one row per AS, the numbers only) and HTML (one self-contained page
// per AS: inline CSS and SVG, no network). doc/observatory.md lists the fields.
#ifndef MANRS_OBSERVE_REPORT_FORMAT_H_
#define MANRS_OBSERVE_REPORT_FORMAT_H_

#include <string>
#include <vector>

#include "manrs/observe/report.h"
#include "manrs/observe/store.h"

namespace manrs {

// The report as one line of JSON (no newline at the end).
void AppendReportJson(const AsReport& report, std::string* out);

// The CSV header line and one row per report (each ends in "\n").
void AppendReportCsvHeader(std::string* out);
void AppendReportCsv(const AsReport& report, std::string* out);

// The HTML page of one AS; history holds the AS's stored periods, oldest
// first (may be empty).
std::string RenderReportHtml(const AsReport& report, const std::vector<HistoryPoint>& history);

}  // namespace manrs

#endif  // MANRS_OBSERVE_REPORT_FORMAT_H_
