// Writing a period to the SQLite store: one transaction that replaces any
// earlier copy of the same period.
#include <string>

#include "fmt/format.h"
#include "manrs/base/text.h"
#include "manrs/observe/prefix_blob.h"
#include "observe/sqlite_store_impl.h"

namespace manrs::sqlite_internal {

Status SqliteStore::WritePeriod(const PeriodResult& r) {
  MANRS_TRY(Begin());
  Status s = WriteInTransaction(r);
  if (!s) {
    Rollback();
    return s;
  }
  return Commit();
}

Status SqliteStore::WriteInTransaction(const PeriodResult& r) {
  // Replace the same period.
  {
    auto st = Prepare("SELECT id FROM periods WHERE start = ?1 AND \"end\" = ?2");
    if (!st) return Unexpected<Error>(st.error());
    st->Int(1, r.period.start);
    st->Int(2, r.period.end);
    int rc = sqlite3_step(st->get());
    if (rc == SQLITE_ROW) {
      const std::int64_t id = st->GetInt(0);
      for (const char* table : {"as_metrics", "contacts", "prefix_sets", "incidents"}) {
        MANRS_TRY(Exec(fmt::format("DELETE FROM {} WHERE period_id = {}", table, id)));
      }
      MANRS_TRY(Exec(fmt::format("DELETE FROM periods WHERE id = {}", id)));
    } else if (rc != SQLITE_DONE) {
      return Status(Fail("finding the period"));
    }
  }
  const std::string inputs = JoinLines(r.summary.inputs);
  auto period = Prepare(
      "INSERT INTO periods(start, \"end\", min_peers, elements, as_set_routes, peers, prefixes, "
      "problems, inputs) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!period) return Unexpected<Error>(period.error());
  int i = period->Int(1, r.period.start);
  i = period->Int(i, r.period.end);
  i = period->Int(i, r.summary.min_peers);
  i = period->Int(i, static_cast<std::int64_t>(r.summary.elements));
  i = period->Int(i, static_cast<std::int64_t>(r.summary.as_set_routes));
  i = period->Int(i, static_cast<std::int64_t>(r.summary.peers));
  i = period->Int(i, static_cast<std::int64_t>(r.summary.prefixes));
  i = period->Int(i, static_cast<std::int64_t>(r.summary.problems));
  period->Text(i, inputs);
  if (sqlite3_step(period->get()) != SQLITE_DONE) return Status(Fail("writing the period"));
  const std::int64_t id = sqlite3_last_insert_rowid(db_);

  std::string placeholders;
  for (int c = 0; c < kMetricColumnCount + 2; ++c) placeholders += c ? ",?" : "?";
  auto metrics = Prepare(fmt::format("INSERT INTO as_metrics(period_id, asn, {}) VALUES({})",
                                     kMetricColumns, placeholders));
  auto contacts = Prepare("INSERT INTO contacts VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  auto prefixes = Prepare("INSERT INTO prefix_sets VALUES(?1, ?2, ?3, ?4)");
  auto incidents = Prepare(
      "INSERT INTO incidents VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
      "?15)");
  for (auto* st : {&metrics, &contacts, &prefixes, &incidents}) {
    if (!*st) return Unexpected<Error>(st->error());
  }
  auto step = [&](Stmt& st, const char* what) -> Status {
    int rc = sqlite3_step(st.get());
    sqlite3_reset(st.get());
    if (rc != SQLITE_DONE) {
      return FailCode(sqlite3_extended_errcode(db_), std::string("writing ") + what,
                      sqlite3_errmsg(db_));
    }
    return {};
  };
  for (const AsReport& a : r.ases) {
    const AsMetrics& m = a.metrics;
    Stmt& s = *metrics;
    int c = s.Int(1, id);
    c = s.Int(c, m.asn);
    c = s.Int(c, static_cast<std::int64_t>(m.prefixes));
    c = s.Int(c, static_cast<std::int64_t>(m.rpki_valid));
    c = s.Int(c, static_cast<std::int64_t>(m.rpki_invalid));
    c = s.Int(c, static_cast<std::int64_t>(m.rpki_not_found));
    c = s.Real(c, m.RpkiScore());
    c = s.Int(c, m.irr_measured);
    c = s.Int(c, static_cast<std::int64_t>(m.irr_registered));
    c = s.Int(c, static_cast<std::int64_t>(m.irr_not_registered));
    c = s.Real(c, m.IrrShare());
    c = s.Int(c, static_cast<std::int64_t>(m.bogon_prefixes));
    c = s.Int(c, static_cast<std::int64_t>(m.bogon_prefixes_administrative));
    c = s.Int(c, static_cast<std::int64_t>(m.bogon_asns));
    c = s.Int(c, static_cast<std::int64_t>(m.bogon_asns_administrative));
    c = s.Int(c, m.customers_measured);
    c = s.Int(c, static_cast<std::int64_t>(m.customer_bogon_prefixes));
    c = s.Int(c, static_cast<std::int64_t>(m.customer_bogon_asns));
    c = s.OptBool(c, m.policy_registered);
    c = s.OptBool(c, m.contacts_registered);
    c = s.Int(c, m.aspa_measured);
    c = s.Int(c, m.has_aspa);
    c = s.Int(c, static_cast<std::int64_t>(m.aspa_valid));
    c = s.Int(c, static_cast<std::int64_t>(m.aspa_invalid));
    c = s.Int(c, static_cast<std::int64_t>(m.aspa_unknown));
    for (int k = 0; k < kIncidentKinds; ++k) {
      for (int role = 0; role < 2; ++role) {
        c = s.Real(c,
                   m.incident_score[static_cast<std::size_t>(k)][static_cast<std::size_t>(role)]);
      }
    }
    for (const Readiness& rd : m.actions) {
      c = s.Real(c, rd.score);
      c = s.Text(c, ReadinessLabelName(rd.label));
    }
    {
      const AntiSpoofing none;
      const AntiSpoofing& sav = m.anti_spoofing ? *m.anti_spoofing : none;
      if (m.anti_spoofing) {
        c = s.Int(c, static_cast<std::int64_t>(sav.packets));
      } else {
        c = s.Real(c, std::nullopt);
      }
      for (std::uint64_t v : {sav.spoofed_packets, sav.martian, sav.bogon, sav.not_allowed}) {
        c = s.Int(c, static_cast<std::int64_t>(v));
      }
      c = s.Text(c, JoinLines(sav.files));
    }
    MANRS_TRY(step(s, "metrics"));
    std::int64_t seq = 0;
    for (const Contact& ct : m.contacts) {
      Stmt& t = *contacts;
      int k = t.Int(1, id);
      k = t.Int(k, m.asn);
      k = t.Int(k, seq++);
      k = t.Text(k, ct.source);
      k = t.Text(k, ct.object);
      k = t.Text(k, ct.role);
      k = t.Text(k, ct.email);
      t.Text(k, ct.phone);
      MANRS_TRY(step(t, "contacts"));
    }
    if (!a.prefixes.empty()) MANRS_TRY(InsertPrefixSet(*prefixes, id, m.asn, a.prefixes));
    seq = 0;
    for (const Incident& inc : a.incidents) {
      Stmt& t = *incidents;
      int k = t.Int(1, id);
      k = t.Int(k, m.asn);
      k = t.Int(k, seq++);
      k = t.Text(k, IncidentKindName(inc.kind));
      k = t.Text(k, IncidentRoleName(inc.role));
      k = t.Int(k, inc.culprit);
      k = t.Int(k, inc.start);
      if (inc.end) {
        k = t.Int(k, *inc.end);
      } else {
        sqlite3_bind_null(t.get(), k++);
      }
      k = t.Real(k, inc.score);
      k = t.Text(k, inc.confidence);
      k = t.Text(k, inc.bogon_class);
      k = t.Int(k, static_cast<std::int64_t>(inc.prefix_count));
      k = t.Int(k, static_cast<std::int64_t>(inc.route_count));
      k = t.Int(k, static_cast<std::int64_t>(inc.peer_count));
      t.Text(k, inc.evidence_json);
      MANRS_TRY(step(t, "incidents"));
    }
  }
  return {};
}

Status SqliteStore::InsertPrefixSet(Stmt& st, std::int64_t period_id, Asn asn,
                                    std::span<const PrefixState> prefixes) {
  blob_.clear();
  AppendPrefixBlob(prefixes, &blob_);
  int k = st.Int(1, period_id);
  k = st.Int(k, asn);
  k = st.Int(k, static_cast<std::int64_t>(prefixes.size()));
  sqlite3_bind_blob(st.get(), k, blob_.data(), static_cast<int>(blob_.size()), SQLITE_STATIC);
  const int rc = sqlite3_step(st.get());
  sqlite3_reset(st.get());
  if (rc != SQLITE_DONE) {
    return FailCode(sqlite3_extended_errcode(db_), "writing prefixes", sqlite3_errmsg(db_));
  }
  return {};
}

}  // namespace manrs::sqlite_internal
