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

#include <optional>
#include <span>
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

// `manrs rov check --format json`: one object, one line:
// {"prefix","origin","rov","reasons":[...],"covering":[...][,"aspa","aspa_detail"]}
// where reasons are every reason of an invalid route (InvalidReasons) and
// the ASPA members appear when aspa is given.
void AppendRouteCheckJson(const Prefix& prefix, std::optional<Asn> origin, const RovResult& rov,
                          std::span<const RovReason> reasons, const AspaVerdict* aspa,
                          std::string* out);

}  // namespace manrs

#endif  // MANRS_OUTPUT_ROUTE_VERDICT_FORMAT_H_
