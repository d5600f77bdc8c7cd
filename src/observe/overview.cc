// The period overview table.
#include "manrs/observe/overview.h"

#include <algorithm>
#include <iterator>

#include "fmt/format.h"

namespace manrs {

namespace {

bool Worse(const Incident& a, const Incident& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.prefix_count != b.prefix_count) return a.prefix_count > b.prefix_count;
  return std::tie(a.asn, a.start, a.kind) < std::tie(b.asn, b.start, b.kind);
}

std::string Percent(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "-";
  const double pct = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  return pct > 0 && pct < 1 ? fmt::format("{:.2f}%", pct) : fmt::format("{:.1f}%", pct);
}

}  // namespace

void PeriodOverview::Add(const AsReport& r) {
  const AsMetrics& m = r.metrics;
  ++ases_;
  if (m.prefixes) ++announcing_;
  prefixes_ += m.prefixes;
  valid_ += m.rpki_valid;
  invalid_ += m.rpki_invalid;
  not_found_ += m.rpki_not_found;
  if (m.irr_measured) {
    irr_registered_ += m.irr_registered;
    irr_total_ += m.irr_registered + m.irr_not_registered;
  }
  if (m.policy_registered) {
    ++policy_measured_;
    policy_ += *m.policy_registered;
  }
  if (m.contacts_registered) {
    ++contacts_measured_;
    contacts_ += *m.contacts_registered;
  }
  for (int a = 0; a < kActions; ++a) {
    ++labels_[static_cast<std::size_t>(a)]
             [static_cast<std::size_t>(m.actions[static_cast<std::size_t>(a)].label)];
  }
  for (const Incident& inc : r.incidents) {
    if (inc.role != IncidentRole::kCulprit || inc.confidence != "high") continue;
    ++incidents_[static_cast<std::size_t>(inc.kind)];
    if (top_ == 0) continue;
    if (top_incidents_.size() == top_ && !Worse(inc, top_incidents_.back())) continue;
    Incident copy = inc;
    copy.evidence_json.clear();
    top_incidents_.insert(
        std::upper_bound(top_incidents_.begin(), top_incidents_.end(), copy, Worse), copy);
    if (top_incidents_.size() > top_) top_incidents_.pop_back();
  }
}

std::string PeriodOverview::RenderText(const Period& period,
                                       const ObservationSummary& summary) const {
  std::string out;
  auto line = [&](const std::string& s) {
    out += s;
    out += '\n';
  };
  line(fmt::format("MANRS observatory, period {}", ToString(period)));
  line(fmt::format(
      "  {} route elements from {} collector peers; {} (prefix, origin) pairs; "
      "{} AS_SET paths not attributed; visibility rule: >= {} peers",
      summary.elements, summary.peers, summary.prefixes, summary.as_set_routes, summary.min_peers));
  line(fmt::format("  {} ASes measured, {} of them announcing {} prefixes", ases_, announcing_,
                   prefixes_));
  line(fmt::format("  RPKI: {} valid, {} invalid, {} not found", Percent(valid_, prefixes_),
                   Percent(invalid_, prefixes_), Percent(not_found_, prefixes_)));
  line(
      fmt::format("  IRR: {} of announced prefixes registered; policy (M6) registered by {} of "
                  "{} ASes; contacts (M8) by {} of {}",
                  Percent(irr_registered_, irr_total_), policy_, policy_measured_, contacts_,
                  contacts_measured_));
  line("");
  line(fmt::format("  {:<20} {:>9} {:>9} {:>9} {:>11}", "action", "ready", "aspiring", "lagging",
                   "unmeasured"));
  for (int a = 0; a < kActions; ++a) {
    const auto& l = labels_[static_cast<std::size_t>(a)];
    line(fmt::format("  {:<20} {:>9} {:>9} {:>9} {:>11}", ActionName(static_cast<Action>(a)), l[0],
                     l[1], l[2], l[3]));
  }
  line("");
  line(
      fmt::format("  incidents (culprits, high confidence): {} hijacks, {} leaks, {} bogon "
                  "prefixes, {} bogon ASNs",
                  incidents_[0], incidents_[1], incidents_[2], incidents_[3]));
  if (!top_incidents_.empty()) {
    line(fmt::format("  {:<12} {:<13} {:>6} {:>8} {:>6}  {:<20} {}", "culprit", "kind", "score",
                     "prefixes", "peers", "start", "end"));
    for (const Incident& inc : top_incidents_) {
      line(fmt::format("  AS{:<10} {:<13} {:>6} {:>8} {:>6}  {:<20} {}", inc.asn,
                       IncidentKindName(inc.kind), inc.score, inc.prefix_count, inc.peer_count,
                       IsoTime(inc.start), inc.end ? IsoTime(*inc.end) : std::string("open")));
    }
  }
  return out;
}

}  // namespace manrs
