// ClickHouseStore: the reads (Periods, Summary, Report, ForEachReport,
// History) of the newest batch a period row names.
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "observe/clickhouse_store_impl.h"

namespace manrs::clickhouse_internal {

Result<std::vector<Period>> ClickHouseStore::Periods() {
  auto text = Query(
      fmt::format("SELECT DISTINCT period_start, period_end FROM {}.periods ORDER BY period_start, "
                  "period_end FORMAT TabSeparated",
                  url_.database));
  if (!text) return Unexpected<Error>(text.error());
  std::vector<Period> out;
  ForEachLine(*text, [&](const Fields& f) { out.push_back(Period{f.Int(0), f.Int(1)}); });
  return out;
}

Result<ObservationSummary> ClickHouseStore::Summary(const Period& p) {
  auto text = Query(fmt::format(
      "SELECT min_peers, elements, as_set_routes, peers, prefixes, problems, inputs FROM "
      "{}.periods WHERE {} ORDER BY written_at DESC LIMIT 1 FORMAT TabSeparated",
      url_.database, PeriodWhere(p)));
  if (!text) return Unexpected<Error>(text.error());
  std::optional<ObservationSummary> s;
  ForEachLine(*text, [&](const Fields& f) {
    s.emplace();
    s->min_peers = static_cast<int>(f.Int(0));
    s->elements = f.U(1);
    s->as_set_routes = f.U(2);
    s->peers = f.U(3);
    s->prefixes = f.U(4);
    s->problems = f.U(5);
    const std::string inputs = f.Text(6);
    std::size_t start = 0;
    while (start < inputs.size()) {
      std::size_t nl = inputs.find('\n', start);
      if (nl == std::string::npos) nl = inputs.size();
      s->inputs.push_back(inputs.substr(start, nl - start));
      start = nl + 1;
    }
  });
  if (!s) return NoPeriod(p);
  return *s;
}

Result<std::optional<AsReport>> ClickHouseStore::Report(const Period& p, Asn asn) {
  std::optional<AsReport> out;
  MANRS_TRY(ReadReports(p, fmt::format("asn = {}", asn), [&](const AsReport& r) -> Status {
    out = r;
    return {};
  }));
  return out;
}

Status ClickHouseStore::ForEachReport(const Period& p,
                                      const std::function<Status(const AsReport&)>& visit) {
  return ReadReports(p, "1", visit);
}

Result<std::vector<HistoryPoint>> ClickHouseStore::History(Asn asn) {
  auto periods = Periods();
  if (!periods) return Unexpected<Error>(periods.error());
  std::vector<HistoryPoint> out;
  for (const Period& p : *periods) {
    MANRS_TRY(ReadReports(p, fmt::format("asn = {}", asn), [&](const AsReport& r) -> Status {
      HistoryPoint h;
      h.period = p;
      h.metrics = r.metrics;
      h.incidents = r.incidents.size();
      out.push_back(std::move(h));
      return {};
    }));
  }
  return out;
}

std::optional<AntiSpoofing> ClickHouseStore::ReadAntiSpoofing(const Fields& f, std::size_t c) {
  if (f.IsNull(c)) return std::nullopt;
  AntiSpoofing a;
  a.packets = f.U(c);
  a.spoofed_packets = f.U(c + 1);
  a.martian = f.U(c + 2);
  a.bogon = f.U(c + 3);
  a.not_allowed = f.U(c + 4);
  const std::string files = f.Text(c + 5);
  for (std::size_t from = 0; from < files.size();) {
    std::size_t nl = files.find('\n', from);
    if (nl == std::string::npos) nl = files.size();
    a.files.push_back(files.substr(from, nl - from));
    from = nl + 1;
  }
  return a;
}

Result<std::optional<std::string>> ClickHouseStore::Batch(const Period& p) {
  auto text = Query(
      fmt::format("SELECT batch FROM {}.periods WHERE {} ORDER BY written_at DESC LIMIT 1 FORMAT "
                  "TabSeparated",
                  url_.database, PeriodWhere(p)));
  if (!text) return Unexpected<Error>(text.error());
  if (text->empty()) return std::optional<std::string>();
  return std::optional<std::string>(
      Fields(std::string_view(*text).substr(0, text->find('\n'))).Text(0));
}

Status ClickHouseStore::ReadReports(const Period& p, const std::string& asn_filter,
                                    const std::function<Status(const AsReport&)>& visit) {
  auto batch = Batch(p);
  if (!batch) return Unexpected<Error>(batch.error());
  if (!*batch) return Status(NoPeriod(p));
  const std::string where =
      fmt::format("{} AND batch = '{}' AND {}", PeriodWhere(p), **batch, asn_filter);
  auto select = [&](const char* columns, const char* table, const char* order) {
    return Query(fmt::format("SELECT {} FROM {}.{} WHERE {} ORDER BY {} FORMAT TabSeparated",
                             columns, url_.database, table, where, order));
  };
  auto facts = select(
      "asn, bogon_prefixes, bogon_prefixes_administrative, bogon_asns, "
      "bogon_asns_administrative, irr_measured, customers_measured, customer_bogon_prefixes, "
      "customer_bogon_asns, policy_registered, contacts_registered, aspa_measured, has_aspa, "
      "aspa_valid, aspa_invalid, aspa_unknown, m1, m1c, m2, m2c, m3, m3c, m4, m4c, "
      "filtering_score, filtering_label, anti_spoofing_score, anti_spoofing_label, "
      "coordination_score, coordination_label, global_validation_score, "
      "global_validation_label, scores_text, sav_packets, sav_spoofed_packets, sav_martian, "
      "sav_bogon, sav_not_allowed, sav_files",
      "as_facts", "asn");
  if (!facts) return Unexpected<Error>(facts.error());
  std::map<Asn, AsReport> reports;
  ForEachLine(*facts, [&](const Fields& f) {
    AsReport& r = reports[static_cast<Asn>(f.U(0))];
    r.period = p;
    AsMetrics& m = r.metrics;
    std::size_t c = 0;
    m.asn = static_cast<Asn>(f.U(c++));
    m.bogon_prefixes = f.U(c++);
    m.bogon_prefixes_administrative = f.U(c++);
    m.bogon_asns = f.U(c++);
    m.bogon_asns_administrative = f.U(c++);
    m.irr_measured = f.U(c++) != 0;
    m.customers_measured = f.U(c++) != 0;
    m.customer_bogon_prefixes = f.U(c++);
    m.customer_bogon_asns = f.U(c++);
    m.policy_registered = f.OptBool(c++);
    m.contacts_registered = f.OptBool(c++);
    m.aspa_measured = f.U(c++) != 0;
    m.has_aspa = f.U(c++) != 0;
    m.aspa_valid = f.U(c++);
    m.aspa_invalid = f.U(c++);
    m.aspa_unknown = f.U(c++);
    for (auto& kind : m.incident_score) {
      kind[0] = f.Real(c++);
      kind[1] = f.Real(c++);
    }
    for (Readiness& rd : m.actions) {
      ++c;  // the Float64 column, rounded by the server's parser
      rd.label = ReadinessLabelFromName(f.Text(c++));
    }
    const std::string exact = f.Text(c++);
    m.anti_spoofing = ReadAntiSpoofing(f, c);
    std::size_t at = 0;
    for (Readiness& rd : m.actions) {
      std::size_t sp = exact.find(' ', at);
      if (sp == std::string::npos) sp = exact.size();
      const std::string one = exact.substr(at, sp - at);
      rd.score = one == "null" || one.empty()
                     ? std::nullopt
                     : std::optional<double>(std::strtod(one.c_str(), nullptr));
      at = sp + 1;
    }
  });
  auto counts = select(
      "DISTINCT asn, prefixes, rpki_valid, rpki_invalid, rpki_not_found, irr_registered, "
      "irr_not_registered",
      "as_counts", "asn");
  if (!counts) return Unexpected<Error>(counts.error());
  ForEachLine(*counts, [&](const Fields& f) {
    auto it = reports.find(static_cast<Asn>(f.U(0)));
    if (it == reports.end()) return;
    AsMetrics& m = it->second.metrics;
    m.prefixes = f.U(1);
    m.rpki_valid = f.U(2);
    m.rpki_invalid = f.U(3);
    m.rpki_not_found = f.U(4);
    m.irr_registered = f.U(5);
    m.irr_not_registered = f.U(6);
  });
  auto contacts = select("asn, source, object, role, email, phone", "contacts", "asn, seq");
  if (!contacts) return Unexpected<Error>(contacts.error());
  ForEachLine(*contacts, [&](const Fields& f) {
    auto it = reports.find(static_cast<Asn>(f.U(0)));
    if (it == reports.end()) return;
    it->second.metrics.contacts.push_back(
        Contact{f.Text(1), f.Text(2), f.Text(3), f.Text(4), f.Text(5)});
  });
  auto prefixes = select("asn, prefix, rpki, irr, peers, bogon", "prefixes", "asn, seq");
  if (!prefixes) return Unexpected<Error>(prefixes.error());
  Status bad;
  ForEachLine(*prefixes, [&](const Fields& f) {
    auto it = reports.find(static_cast<Asn>(f.U(0)));
    if (it == reports.end() || !bad) return;
    auto prefix = Prefix::Parse(f.Text(1));
    if (!prefix) {
      bad = MakeError(ErrorCode::kBadValue,
                      fmt::format("{}: bad prefix '{}' stored", spec_, f.Text(1)));
      return;
    }
    it->second.prefixes.push_back(PrefixState{*prefix, RovStateFromStoredName(f.Text(2)),
                                              IrrStateFromName(f.Text(3)),
                                              static_cast<std::uint32_t>(f.U(4)), f.U(5) != 0});
  });
  if (!bad) return bad;
  auto incidents = select(
      "asn, kind, role, culprit, start, end, score, confidence, bogon_class, prefix_count, "
      "route_count, peer_count, evidence",
      // A finish's own incidents (computed by the cluster) have seq 0:
      // IncidentTracker::Merge's order.
      "incidents",
      "asn, seq, start, indexOf(['hijack', 'leak', 'bogon_prefix', 'bogon_asn'], kind), role = "
      "'accomplice', culprit, confidence, bogon_class");
  if (!incidents) return Unexpected<Error>(incidents.error());
  ForEachLine(*incidents, [&](const Fields& f) {
    auto it = reports.find(static_cast<Asn>(f.U(0)));
    if (it == reports.end()) return;
    Incident i;
    i.kind = ParseIncidentKind(f.Text(1)).value_or(IncidentKind::kHijack);
    i.role = f.Text(2) == "accomplice" ? IncidentRole::kAccomplice : IncidentRole::kCulprit;
    i.asn = it->first;
    i.culprit = static_cast<Asn>(f.U(3));
    i.start = f.Int(4);
    if (!f.IsNull(5)) i.end = f.Int(5);
    i.score = f.Real(6);
    i.confidence = f.Text(7);
    i.bogon_class = f.Text(8);
    i.prefix_count = f.U(9);
    i.route_count = f.U(10);
    i.peer_count = f.U(11);
    i.evidence_json = f.Text(12);
    it->second.incidents.push_back(std::move(i));
  });
  for (auto& [asn, r] : reports) MANRS_TRY(visit(r));
  return {};
}

}  // namespace manrs::clickhouse_internal
