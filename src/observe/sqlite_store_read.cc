// Reading the SQLite store: periods, reports and an AS's history, through
// the store's cache of prepared statements.
#include <string>
#include <string_view>

#include "fmt/format.h"
#include "manrs/base/text.h"
#include "manrs/observe/prefix_blob.h"
#include "observe/sqlite_store_impl.h"

namespace manrs::sqlite_internal {

// A statement for sql: the store's prepared one when it is free (parsing
// and planning the report queries took a third of a web request's time),
// else a new one.
Result<Stmt> SqliteStore::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end() && !it->second->in_use) {
    it->second->in_use = true;
    return Stmt(it->second->stmt, &it->second->in_use);
  }
  const bool keep = it == statements_.end() && statements_.size() < kKeptStatements;
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                              keep ? SQLITE_PREPARE_PERSISTENT : 0, &s, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(s);
    return Unexpected<Error>(FailCode(rc, "preparing a query", sqlite3_errmsg(db_)).error());
  }
  if (!keep) return Stmt(s);
  auto& cached = statements_[sql];
  cached = std::make_unique<CachedStatement>(CachedStatement{s, true});
  return Stmt(s, &cached->in_use);
}

Result<std::vector<Period>> SqliteStore::Periods() {
  auto st = Prepare("SELECT start, \"end\" FROM periods ORDER BY start, \"end\"");
  if (!st) return Unexpected<Error>(st.error());
  std::vector<Period> out;
  int rc;
  while ((rc = sqlite3_step(st->get())) == SQLITE_ROW) {
    out.push_back(Period{st->GetInt(0), st->GetInt(1)});
  }
  if (rc != SQLITE_DONE) return Fail("reading periods");
  return out;
}

Result<ObservationSummary> SqliteStore::Summary(const Period& period) {
  auto st = Prepare(
      "SELECT min_peers, elements, as_set_routes, peers, prefixes, problems, inputs "
      "FROM periods WHERE start = ?1 AND \"end\" = ?2");
  if (!st) return Unexpected<Error>(st.error());
  st->Int(1, period.start);
  st->Int(2, period.end);
  int rc = sqlite3_step(st->get());
  if (rc == SQLITE_DONE) return NoPeriod(period);
  if (rc != SQLITE_ROW) return Fail("reading a period");
  ObservationSummary s;
  s.min_peers = static_cast<int>(st->GetInt(0));
  s.elements = st->GetU(1);
  s.as_set_routes = st->GetU(2);
  s.peers = st->GetU(3);
  s.prefixes = st->GetU(4);
  s.problems = st->GetU(5);
  s.inputs = SplitLines(st->GetText(6));
  return s;
}

Result<std::optional<AsReport>> SqliteStore::Report(const Period& period, Asn asn) {
  std::optional<AsReport> found;
  Status s = Load(period, asn, asn, [&](const AsReport& r) -> Status {
    found = r;
    return {};
  });
  if (!s) return Unexpected<Error>(s.error());
  return found;
}

Status SqliteStore::ForEachReport(const Period& period,
                                  const std::function<Status(const AsReport&)>& visit) {
  return Load(period, 0, ~Asn{0}, visit);
}

Result<std::vector<HistoryPoint>> SqliteStore::History(Asn asn) {
  std::string columns = std::string("m.") + kMetricColumns;
  for (std::size_t at = 0; (at = columns.find(", ", at)) != std::string::npos; at += 4) {
    columns.replace(at, 2, ", m.");
  }
  auto st = Prepare(fmt::format(
      "SELECT p.start, p.\"end\", (SELECT count(*) FROM incidents i WHERE i.period_id = "
      "m.period_id AND i.asn = m.asn), m.asn, {} FROM as_metrics m JOIN periods p ON p.id = "
      "m.period_id WHERE m.asn = ?1 ORDER BY p.start, p.\"end\"",
      columns));
  if (!st) return Unexpected<Error>(st.error());
  st->Int(1, asn);
  std::vector<HistoryPoint> out;
  int rc;
  while ((rc = sqlite3_step(st->get())) == SQLITE_ROW) {
    HistoryPoint h;
    h.period = Period{st->GetInt(0), st->GetInt(1)};
    h.incidents = st->GetU(2);
    h.metrics = ReadMetrics(*st, 3);
    out.push_back(std::move(h));
  }
  if (rc != SQLITE_DONE) return Fail("reading history");
  return out;
}

AsMetrics SqliteStore::ReadMetrics(const Stmt& s, int c) {
  AsMetrics m;
  m.asn = static_cast<Asn>(s.GetInt(c++));
  m.prefixes = s.GetU(c++);
  m.rpki_valid = s.GetU(c++);
  m.rpki_invalid = s.GetU(c++);
  m.rpki_not_found = s.GetU(c++);
  ++c;  // rpki_score: derived
  m.irr_measured = s.GetInt(c++) != 0;
  m.irr_registered = s.GetU(c++);
  m.irr_not_registered = s.GetU(c++);
  ++c;  // irr_share: derived
  m.bogon_prefixes = s.GetU(c++);
  m.bogon_prefixes_administrative = s.GetU(c++);
  m.bogon_asns = s.GetU(c++);
  m.bogon_asns_administrative = s.GetU(c++);
  m.customers_measured = s.GetInt(c++) != 0;
  m.customer_bogon_prefixes = s.GetU(c++);
  m.customer_bogon_asns = s.GetU(c++);
  m.policy_registered = s.GetOptBool(c++);
  m.contacts_registered = s.GetOptBool(c++);
  m.aspa_measured = s.GetInt(c++) != 0;
  m.has_aspa = s.GetInt(c++) != 0;
  m.aspa_valid = s.GetU(c++);
  m.aspa_invalid = s.GetU(c++);
  m.aspa_unknown = s.GetU(c++);
  for (auto& kind : m.incident_score) {
    for (double& v : kind) v = s.GetReal(c++).value_or(0);
  }
  for (Readiness& r : m.actions) {
    r.score = s.GetReal(c++);
    r.label = ReadinessLabelFromName(s.GetText(c++));
  }
  if (!s.IsNull(c)) {
    AntiSpoofing a;
    a.packets = s.GetU(c);
    a.spoofed_packets = s.GetU(c + 1);
    a.martian = s.GetU(c + 2);
    a.bogon = s.GetU(c + 3);
    a.not_allowed = s.GetU(c + 4);
    a.files = SplitLines(s.GetText(c + 5));
    m.anti_spoofing = std::move(a);
  }
  return m;
}

Result<std::int64_t> SqliteStore::PeriodId(const Period& period) {
  auto st = Prepare("SELECT id FROM periods WHERE start = ?1 AND \"end\" = ?2");
  if (!st) return Unexpected<Error>(st.error());
  st->Int(1, period.start);
  st->Int(2, period.end);
  int rc = sqlite3_step(st->get());
  if (rc == SQLITE_DONE) return NoPeriod(period);
  if (rc != SQLITE_ROW) return Fail("finding the period");
  return st->GetInt(0);
}

// Reads the reports of ASNs first..last of a period: four ordered cursors
// walked side by side.
Status SqliteStore::Load(const Period& period, Asn first, Asn last,
                         const std::function<Status(const AsReport&)>& visit) {
  auto id = PeriodId(period);
  if (!id) return Unexpected<Error>(id.error());
  const std::string where = " WHERE period_id = ?1 AND asn BETWEEN ?2 AND ?3 ORDER BY asn";
  auto metrics = Prepare(fmt::format("SELECT asn, {} FROM as_metrics{}", kMetricColumns, where));
  auto contacts =
      Prepare("SELECT asn, source, object, role, email, phone FROM contacts" + where + ", seq");
  auto prefixes = Prepare("SELECT asn, count, data FROM prefix_sets" + where);
  auto incidents = Prepare(
      "SELECT asn, kind, role, culprit, start, \"end\", score, confidence, bogon_class, "
      "prefix_count, route_count, peer_count, evidence FROM incidents" +
      where + ", seq");
  for (auto* st : {&metrics, &contacts, &prefixes, &incidents}) {
    if (!*st) return Unexpected<Error>(st->error());
    (*st)->Int(1, *id);
    (*st)->Int(2, first);
    (*st)->Int(3, last);
  }
  struct Cursor {
    Stmt* st;
    int rc;
    void Next() { rc = sqlite3_step(st->get()); }
    bool At(Asn asn) const { return rc == SQLITE_ROW && st->GetInt(0) == asn; }
  };
  Cursor c_contacts{&*contacts, 0}, c_prefixes{&*prefixes, 0}, c_incidents{&*incidents, 0};
  c_contacts.Next();
  c_prefixes.Next();
  c_incidents.Next();
  int rc;
  while ((rc = sqlite3_step(metrics->get())) == SQLITE_ROW) {
    AsReport r;
    r.period = period;
    r.metrics = ReadMetrics(*metrics, 0);
    const Asn asn = r.metrics.asn;
    for (; c_contacts.At(asn); c_contacts.Next()) {
      const Stmt& s = *c_contacts.st;
      r.metrics.contacts.push_back(
          Contact{s.GetText(1), s.GetText(2), s.GetText(3), s.GetText(4), s.GetText(5)});
    }
    for (; c_prefixes.At(asn); c_prefixes.Next()) {
      const Stmt& s = *c_prefixes.st;
      const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(s.get(), 2));
      const auto size = static_cast<std::size_t>(sqlite3_column_bytes(s.get(), 2));
      auto list = DecodePrefixBlob(std::span<const std::byte>(data, size), s.GetU(1));
      if (!list) {
        return MakeError(ErrorCode::kBadValue,
                         fmt::format("{}: the prefixes of AS{} in the store are damaged: {}", path_,
                                     asn, list.error().message));
      }
      r.prefixes = std::move(*list);
    }
    for (; c_incidents.At(asn); c_incidents.Next()) {
      const Stmt& s = *c_incidents.st;
      Incident inc;
      inc.kind = ParseIncidentKind(s.GetText(1)).value_or(IncidentKind::kHijack);
      inc.role = s.GetText(2) == "accomplice" ? IncidentRole::kAccomplice : IncidentRole::kCulprit;
      inc.asn = asn;
      inc.culprit = static_cast<Asn>(s.GetInt(3));
      inc.start = s.GetInt(4);
      if (!s.IsNull(5)) inc.end = s.GetInt(5);
      inc.score = s.GetReal(6).value_or(0);
      inc.confidence = s.GetText(7);
      inc.bogon_class = s.GetText(8);
      inc.prefix_count = s.GetU(9);
      inc.route_count = s.GetU(10);
      inc.peer_count = s.GetU(11);
      inc.evidence_json = s.GetText(12);
      r.incidents.push_back(std::move(inc));
    }
    MANRS_TRY(visit(r));
  }
  if (rc != SQLITE_DONE) return Status(Fail("reading reports"));
  return {};
}

}  // namespace manrs::sqlite_internal
