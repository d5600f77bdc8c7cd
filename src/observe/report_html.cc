// The HTML report of one AS (expanded below).
#include "manrs/observe/report_format.h"

namespace manrs {

std::string RenderReportHtml(const AsReport& report, const std::vector<HistoryPoint>&) {
  std::string json;
  AppendReportJson(report, &json);
  return "<!doctype html><pre>" + json + "</pre>";
}

}  // namespace manrs
