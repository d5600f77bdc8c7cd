// Verdict lines: how `manrs rov scan` writes the checks of one route
// (validate/route_checks.h) as CSV or as one JSON object per line. Columns
// and members appear for the checks that ran, so a header written once
// describes every line.
//
// CSV: prefix,origin,peer_ip,peer_asn,rov,reason[,aspa],bogon,too_specific
//      [,valley_free,leaker][,otc,otc_leak]
// JSON: {"prefix","origin","peer_ip","peer_asn","rov","reason","covering":[...],
//        "aspa","aspa_detail","bogon_prefix","bogon_asns","too_specific",
//        "valley_free","otc","otc_leak"}
#ifndef MANRS_OUTPUT_ROUTE_VERDICT_FORMAT_H_
#define MANRS_OUTPUT_ROUTE_VERDICT_FORMAT_H_

#include <string>

#include "manrs/net/asn.h"
#include "manrs/net/ip_address.h"
#include "manrs/net/prefix.h"
#include "manrs/validate/route_checks.h"

namespace manrs {

// The route a verdict is about, as the line names it.
struct VerdictRoute {
  const Prefix& prefix;
  const IpAddress& peer_ip;
  Asn peer_asn;
};

void AppendVerdictCsvHeader(const RouteCheckConfig& config, std::string* out);
void AppendVerdictCsv(const RouteCheckConfig& config, const VerdictRoute& route,
                      const RouteVerdict& verdict, std::string* out);
void AppendVerdictJson(const RouteCheckConfig& config, const VerdictRoute& route,
                       const RouteVerdict& verdict, std::string* out);

}  // namespace manrs

#endif  // MANRS_OUTPUT_ROUTE_VERDICT_FORMAT_H_
