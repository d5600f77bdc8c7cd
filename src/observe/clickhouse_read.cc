// ClickHouseStore: the reads (Periods, Summary, Report, ForEachReport,
// History) of the newest batch a period row names. doc/clickhouse.md,
// "Reading".
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "manrs/base/text.h"
#include "observe/clickhouse_store_impl.h"

namespace manrs::clickhouse_internal {
namespace {

// The as_facts columns ReadFacts reads, in its order.
constexpr const char* kFactColumns =
    "asn, bogon_prefixes, bogon_prefixes_administrative, bogon_asns, "
    "bogon_asns_administrative, irr_measured, customers_measured, customer_bogon_prefixes, "
    "customer_bogon_asns, policy_registered, contacts_registered, aspa_measured, has_aspa, "
    "aspa_valid, aspa_invalid, aspa_unknown, m1, m1c, m2, m2c, m3, m3c, m4, m4c, "
    "filtering_score, filtering_label, anti_spoofing_score, anti_spoofing_label, "
    "coordination_score, coordination_label, global_validation_score, "
    "global_validation_label, scores_text, sav_packets, sav_spoofed_packets, sav_martian, "
    "sav_bogon, sav_not_allowed, sav_files";
// Those of as_counts ReadCounts reads, and of contacts ReadContact.
constexpr const char* kCountColumns =
    "prefixes, rpki_valid, rpki_invalid, rpki_not_found, irr_registered, irr_not_registered";
constexpr const char* kContactColumns = "source, object, role, email, phone";

}  // namespace

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
    s->inputs = SplitLines(f.Text(6));
  });
  if (!s) return NoPeriod(p);
  return *s;
}

Result<std::optional<AsReport>> ClickHouseStore::Report(const Period& p, Asn asn) {
  auto batch = Batch(p);
  if (!batch) return Unexpected<Error>(batch.error());
  if (!*batch) return NoPeriod(p);
  std::optional<AsReport> out;
  MANRS_TRY(ReadReports(p, **batch, fmt::format("asn = {}", asn), [&](const AsReport& r) -> Status {
    out = r;
    return {};
  }));
  return out;
}

// Pages of url_.page_ases ASes: the period's ASNs first, then each range of
// them read and visited before the next, so memory holds one page.
Status ClickHouseStore::ForEachReport(const Period& p,
                                      const std::function<Status(const AsReport&)>& visit) {
  auto batch = Batch(p);
  if (!batch) return Unexpected<Error>(batch.error());
  if (!*batch) return Status(NoPeriod(p));
  auto text = Query(fmt::format(
      "SELECT DISTINCT asn FROM {}.as_facts WHERE {} AND batch = '{}' ORDER BY asn FORMAT "
      "TabSeparated",
      url_.database, PeriodWhere(p), **batch));
  if (!text) return Unexpected<Error>(text.error());
  std::vector<Asn> asns;
  ForEachLine(*text, [&](const Fields& f) { asns.push_back(static_cast<Asn>(f.U(0))); });
  for (std::size_t first = 0; first < asns.size(); first += url_.page_ases) {
    const std::size_t last = std::min(first + url_.page_ases, asns.size()) - 1;
    MANRS_TRY(ReadReports(p, **batch, fmt::format("asn BETWEEN {} AND {}", asns[first], asns[last]),
                          visit));
  }
  return {};
}

Result<std::vector<HistoryPoint>> ClickHouseStore::History(Asn asn) {
  // Each period's newest batch, as the ranking query in doc/clickhouse.md
  // finds it. Period rows are only ever added, so when the list is the same
  // after the reads as before, every read saw the same batches; otherwise a
  // finish became visible in between: read again.
  const std::string newest = fmt::format(
      "SELECT period_start, period_end, argMax(batch, written_at) FROM {}.periods GROUP BY "
      "period_start, period_end",
      url_.database);
  const std::string list = newest + " ORDER BY period_start, period_end FORMAT TabSeparated";
  auto before = Query(list);
  if (!before) return Unexpected<Error>(before.error());
  constexpr int kAttempts = 3;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto points = ReadHistory(asn, newest);
    if (!points) return Unexpected<Error>(points.error());
    auto after = Query(list);
    if (!after) return Unexpected<Error>(after.error());
    if (*after == *before) return points;
    before = std::move(after);
  }
  return MakeError(ErrorCode::kIo,
                   fmt::format("{}: periods were finished during each of {} reads of AS{}'s "
                               "history; try again",
                               spec_, kAttempts, asn));
}

Result<std::vector<HistoryPoint>> ClickHouseStore::ReadHistory(Asn asn, const std::string& newest) {
  const std::string where =
      fmt::format("asn = {} AND (period_start, period_end, batch) GLOBAL IN ({})", asn, newest);
  auto select = [&](const std::string& columns, const char* table, const char* rest) {
    return Query(
        fmt::format("SELECT period_start, period_end, {} FROM {}.{} WHERE {} {} FORMAT "
                    "TabSeparated",
                    columns, url_.database, table, where, rest));
  };
  std::map<std::pair<std::int64_t, std::int64_t>, HistoryPoint> points;
  auto point = [&](const Fields& f) -> HistoryPoint* {
    auto it = points.find({f.Int(0), f.Int(1)});
    return it == points.end() ? nullptr : &it->second;
  };
  auto facts = select(kFactColumns, "as_facts", "ORDER BY period_start, period_end");
  if (!facts) return Unexpected<Error>(facts.error());
  ForEachLine(*facts, [&](const Fields& f) {
    HistoryPoint& h = points[{f.Int(0), f.Int(1)}];
    h.period = Period{f.Int(0), f.Int(1)};
    ReadFacts(f, 2, &h.metrics);
  });
  // DISTINCT: a finish run again writes its counts again.
  auto counts = Query(fmt::format(
      "SELECT DISTINCT period_start, period_end, {} FROM {}.as_counts WHERE {} ORDER BY "
      "period_start, period_end FORMAT TabSeparated",
      kCountColumns, url_.database, where));
  if (!counts) return Unexpected<Error>(counts.error());
  ForEachLine(*counts, [&](const Fields& f) {
    if (HistoryPoint* h = point(f)) ReadCounts(f, 2, &h->metrics);
  });
  auto contacts = select(kContactColumns, "contacts", "ORDER BY period_start, period_end, seq");
  if (!contacts) return Unexpected<Error>(contacts.error());
  ForEachLine(*contacts, [&](const Fields& f) {
    if (HistoryPoint* h = point(f)) h->metrics.contacts.push_back(ReadContact(f, 2));
  });
  auto incidents = select("count()", "incidents", "GROUP BY period_start, period_end");
  if (!incidents) return Unexpected<Error>(incidents.error());
  ForEachLine(*incidents, [&](const Fields& f) {
    if (HistoryPoint* h = point(f)) h->incidents = f.U(2);
  });
  std::vector<HistoryPoint> out;
  out.reserve(points.size());
  for (auto& [period, h] : points) out.push_back(std::move(h));
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
  a.files = SplitLines(f.Text(c + 5));
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

void ClickHouseStore::ReadFacts(const Fields& f, std::size_t c, AsMetrics* m) {
  m->asn = static_cast<Asn>(f.U(c++));
  m->bogon_prefixes = f.U(c++);
  m->bogon_prefixes_administrative = f.U(c++);
  m->bogon_asns = f.U(c++);
  m->bogon_asns_administrative = f.U(c++);
  m->irr_measured = f.U(c++) != 0;
  m->customers_measured = f.U(c++) != 0;
  m->customer_bogon_prefixes = f.U(c++);
  m->customer_bogon_asns = f.U(c++);
  m->policy_registered = f.OptBool(c++);
  m->contacts_registered = f.OptBool(c++);
  m->aspa_measured = f.U(c++) != 0;
  m->has_aspa = f.U(c++) != 0;
  m->aspa_valid = f.U(c++);
  m->aspa_invalid = f.U(c++);
  m->aspa_unknown = f.U(c++);
  for (auto& kind : m->incident_score) {
    kind[0] = f.Real(c++);
    kind[1] = f.Real(c++);
  }
  for (Readiness& rd : m->actions) {
    ++c;  // the Float64 column, rounded by the server's parser
    rd.label = ReadinessLabelFromName(f.Text(c++));
  }
  const std::string exact = f.Text(c++);
  m->anti_spoofing = ReadAntiSpoofing(f, c);
  std::size_t at = 0;
  for (Readiness& rd : m->actions) {
    std::size_t sp = exact.find(' ', at);
    if (sp == std::string::npos) sp = exact.size();
    const std::string one = exact.substr(at, sp - at);
    rd.score = one == "null" || one.empty()
                   ? std::nullopt
                   : std::optional<double>(std::strtod(one.c_str(), nullptr));
    at = sp + 1;
  }
}

void ClickHouseStore::ReadCounts(const Fields& f, std::size_t c, AsMetrics* m) {
  m->prefixes = f.U(c);
  m->rpki_valid = f.U(c + 1);
  m->rpki_invalid = f.U(c + 2);
  m->rpki_not_found = f.U(c + 3);
  m->irr_registered = f.U(c + 4);
  m->irr_not_registered = f.U(c + 5);
}

Contact ClickHouseStore::ReadContact(const Fields& f, std::size_t c) {
  return Contact{f.Text(c), f.Text(c + 1), f.Text(c + 2), f.Text(c + 3), f.Text(c + 4)};
}

Status ClickHouseStore::ReadReports(const Period& p, const std::string& batch,
                                    const std::string& asn_filter,
                                    const std::function<Status(const AsReport&)>& visit) {
  const std::string where =
      fmt::format("{} AND batch = '{}' AND {}", PeriodWhere(p), batch, asn_filter);
  auto select = [&](const std::string& columns, const char* table, const char* order) {
    return Query(fmt::format("SELECT {} FROM {}.{} WHERE {} ORDER BY {} FORMAT TabSeparated",
                             columns, url_.database, table, where, order));
  };
  auto facts = select(kFactColumns, "as_facts", "asn");
  if (!facts) return Unexpected<Error>(facts.error());
  std::map<Asn, AsReport> reports;
  ForEachLine(*facts, [&](const Fields& f) {
    AsReport& r = reports[static_cast<Asn>(f.U(0))];
    r.period = p;
    ReadFacts(f, 0, &r.metrics);
  });
  // DISTINCT: a finish run again writes its counts again.
  auto counts = select(fmt::format("DISTINCT asn, {}", kCountColumns), "as_counts", "asn");
  if (!counts) return Unexpected<Error>(counts.error());
  ForEachLine(*counts, [&](const Fields& f) {
    auto it = reports.find(static_cast<Asn>(f.U(0)));
    if (it != reports.end()) ReadCounts(f, 1, &it->second.metrics);
  });
  auto contacts = select(fmt::format("asn, {}", kContactColumns), "contacts", "asn, seq");
  if (!contacts) return Unexpected<Error>(contacts.error());
  ForEachLine(*contacts, [&](const Fields& f) {
    auto it = reports.find(static_cast<Asn>(f.U(0)));
    if (it != reports.end()) it->second.metrics.contacts.push_back(ReadContact(f, 1));
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
