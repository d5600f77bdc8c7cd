#include "manrs/output/scan_summary_format.h"

#include <iterator>

#include "fmt/format.h"
#include "manrs/validate/route_leak.h"

namespace manrs {

namespace {

void AppendStateLine(const std::string& label, const RovCounts& c, std::string* out) {
  fmt::format_to(std::back_inserter(*out),
                 "{:<44} {:>10}  valid {:5.1f}%  invalid {:5.1f}%  not-found {:5.1f}%\n", label,
                 c.total(), c.Percent(RovState::kValid), c.Percent(RovState::kInvalid),
                 c.Percent(RovState::kNotFound));
}

}  // namespace

void AppendScanSummaryText(const ScanSummary& s, const ScanSummaryContext& context,
                           std::string* out) {
  auto o = std::back_inserter(*out);
  const RouteCheckConfig& config = context.config;
  fmt::format_to(o, "routes by state: valid {}, invalid {}, not-found {} ({} VRPs)\n",
                 s.routes()[RovState::kValid], s.routes()[RovState::kInvalid],
                 s.routes()[RovState::kNotFound], context.vrp_count);
  if (config.aspas) {
    fmt::format_to(o, "aspa ({}, {} ASPAs): valid {}, invalid {}, unknown {}\n",
                   config.aspa_direction == AspaDirection::kDownstream ? "downstream" : "upstream",
                   context.aspa_count, s.aspa()[AspaState::kValid], s.aspa()[AspaState::kInvalid],
                   s.aspa()[AspaState::kUnknown]);
  }
  const FindingCounts& f = s.findings();
  fmt::format_to(o,
                 "bogons: {} routes with a bogon prefix, {} with a bogon AS in the path; "
                 "{} longer than /24 or /48\n",
                 f.bogon_prefix, f.bogon_asn, f.too_specific);
  if (config.relationships) {
    fmt::format_to(o, "valley-free ({} AS links): valid {}, leak {}, unknown {}\n",
                   config.relationships->link_count(), f.valley_free[ValleyFreeState::kValid],
                   f.valley_free[ValleyFreeState::kLeak], f.valley_free[ValleyFreeState::kUnknown]);
  }
  if (config.receiver_role) {
    fmt::format_to(o, "otc (received as {}): {} routes carry OTC, {} leaks\n",
                   BgpRoleName(*config.receiver_role), f.otc, f.otc_leak);
  }
  out->append("per peer:\n");
  for (const auto& [peer, counts] : s.by_peer()) {
    AppendStateLine(fmt::format("  {} AS{}", peer.first.ToString(), peer.second), counts, out);
  }
  fmt::format_to(o, "origin ASes with the most invalid routes (of {} origins):\n",
                 s.origin_count());
  for (const auto& [asn, counts] : s.MostInvalidOrigins(context.top_origins)) {
    AppendStateLine(fmt::format("  AS{}", asn), counts, out);
  }
}

}  // namespace manrs
