// ObservatoryStore on SQLite. The schema (doc/observatory.md) keeps one row
// per (period, AS) with every number of the report in its own column, so
// the web server and ad-hoc SQL can rank and filter without parsing JSON;
// incident evidence, which nobody filters on, is kept as JSON text, and an
// AS's prefixes as one binary value (prefix_blob.h: a row per prefix made
// writing them two thirds of the store's time). The small rows live in
// WITHOUT ROWID tables; incidents and prefix sets, which run to kilobytes, in
// ordinary ones (SQLite's advice for large rows: half the pages).
#include "manrs/observe/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <array>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <utility>

#include "fmt/format.h"
#include "manrs/observe/clickhouse_store.h"
#include "manrs/observe/prefix_blob.h"

namespace manrs {

namespace {

// Migration i brings a store from schema version i to i + 1.
constexpr std::array<const char*, kSqliteSchemaVersion> kMigrations = {
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE periods(
  id INTEGER PRIMARY KEY, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
  min_peers INTEGER NOT NULL, elements INTEGER NOT NULL, as_set_routes INTEGER NOT NULL,
  peers INTEGER NOT NULL, prefixes INTEGER NOT NULL, problems INTEGER NOT NULL,
  inputs TEXT NOT NULL, UNIQUE(start, "end"));
CREATE TABLE as_metrics(
  period_id INTEGER NOT NULL, asn INTEGER NOT NULL,
  prefixes INTEGER NOT NULL, rpki_valid INTEGER NOT NULL, rpki_invalid INTEGER NOT NULL,
  rpki_not_found INTEGER NOT NULL, rpki_score REAL,
  irr_measured INTEGER NOT NULL, irr_registered INTEGER NOT NULL,
  irr_not_registered INTEGER NOT NULL, irr_share REAL,
  bogon_prefixes INTEGER NOT NULL, bogon_prefixes_administrative INTEGER NOT NULL,
  bogon_asns INTEGER NOT NULL, bogon_asns_administrative INTEGER NOT NULL,
  customers_measured INTEGER NOT NULL, customer_bogon_prefixes INTEGER NOT NULL,
  customer_bogon_asns INTEGER NOT NULL,
  policy_registered INTEGER, contacts_registered INTEGER,
  aspa_measured INTEGER NOT NULL, has_aspa INTEGER NOT NULL, aspa_valid INTEGER NOT NULL,
  aspa_invalid INTEGER NOT NULL, aspa_unknown INTEGER NOT NULL,
  m1 REAL NOT NULL, m1c REAL NOT NULL, m2 REAL NOT NULL, m2c REAL NOT NULL,
  m3 REAL NOT NULL, m3c REAL NOT NULL, m4 REAL NOT NULL, m4c REAL NOT NULL,
  filtering_score REAL, filtering_label TEXT NOT NULL,
  anti_spoofing_score REAL, anti_spoofing_label TEXT NOT NULL,
  coordination_score REAL, coordination_label TEXT NOT NULL,
  global_validation_score REAL, global_validation_label TEXT NOT NULL,
  PRIMARY KEY(period_id, asn)) WITHOUT ROWID;
CREATE INDEX as_metrics_by_asn ON as_metrics(asn);
CREATE TABLE contacts(
  period_id INTEGER NOT NULL, asn INTEGER NOT NULL, seq INTEGER NOT NULL,
  source TEXT NOT NULL, object TEXT NOT NULL, role TEXT NOT NULL, email TEXT NOT NULL,
  phone TEXT NOT NULL, PRIMARY KEY(period_id, asn, seq)) WITHOUT ROWID;
CREATE TABLE prefixes(
  period_id INTEGER NOT NULL, asn INTEGER NOT NULL, seq INTEGER NOT NULL,
  prefix TEXT NOT NULL, rpki TEXT NOT NULL, irr TEXT NOT NULL, peers INTEGER NOT NULL,
  bogon INTEGER NOT NULL, PRIMARY KEY(period_id, asn, seq)) WITHOUT ROWID;
CREATE TABLE incidents(
  period_id INTEGER NOT NULL, asn INTEGER NOT NULL, seq INTEGER NOT NULL,
  kind TEXT NOT NULL, role TEXT NOT NULL, culprit INTEGER NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER, score REAL NOT NULL, confidence TEXT NOT NULL,
  bogon_class TEXT NOT NULL, prefix_count INTEGER NOT NULL, route_count INTEGER NOT NULL,
  peer_count INTEGER NOT NULL, evidence TEXT NOT NULL,
  PRIMARY KEY(period_id, asn, seq));
INSERT INTO meta VALUES('application', 'manrs-observatory');
INSERT INTO meta VALUES('schema_version', '0');
)sql",
    // 1 -> 2: the anti-spoofing numbers (sav_packets NULL: unmeasured); the
    // report files are joined by newlines.
    R"sql(
ALTER TABLE as_metrics ADD COLUMN sav_packets INTEGER;
ALTER TABLE as_metrics ADD COLUMN sav_spoofed_packets INTEGER NOT NULL DEFAULT 0;
ALTER TABLE as_metrics ADD COLUMN sav_martian INTEGER NOT NULL DEFAULT 0;
ALTER TABLE as_metrics ADD COLUMN sav_bogon INTEGER NOT NULL DEFAULT 0;
ALTER TABLE as_metrics ADD COLUMN sav_not_allowed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE as_metrics ADD COLUMN sav_files TEXT NOT NULL DEFAULT '';
)sql",
    // 2 -> 3: an AS's prefixes as one row (prefix_blob.h) instead of one row
    // per prefix; MigratePrefixRows moves the rows over and drops `prefixes`.
    R"sql(
CREATE TABLE prefix_sets(
  period_id INTEGER NOT NULL, asn INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY(period_id, asn));
)sql",
};

constexpr const char* kMetricColumns =
    "prefixes, rpki_valid, rpki_invalid, rpki_not_found, rpki_score, irr_measured, "
    "irr_registered, irr_not_registered, irr_share, bogon_prefixes, "
    "bogon_prefixes_administrative, bogon_asns, bogon_asns_administrative, customers_measured, "
    "customer_bogon_prefixes, customer_bogon_asns, policy_registered, contacts_registered, "
    "aspa_measured, has_aspa, aspa_valid, aspa_invalid, aspa_unknown, m1, m1c, m2, m2c, m3, m3c, "
    "m4, m4c, filtering_score, filtering_label, anti_spoofing_score, anti_spoofing_label, "
    "coordination_score, coordination_label, global_validation_score, global_validation_label, "
    "sav_packets, sav_spoofed_packets, sav_martian, sav_bogon, sav_not_allowed, sav_files";
constexpr int kMetricColumnCount = 45;

class Stmt {
 public:
  Stmt() = default;
  // in_use: set for a statement the store keeps prepared (Prepare's cache);
  // it is reset and handed back instead of finalized.
  explicit Stmt(sqlite3_stmt* s, bool* in_use = nullptr) : s_(s), in_use_(in_use) {}
  Stmt(Stmt&& o) noexcept
      : s_(std::exchange(o.s_, nullptr)), in_use_(std::exchange(o.in_use_, nullptr)) {}
  Stmt& operator=(Stmt&& o) noexcept {
    std::swap(s_, o.s_);
    std::swap(in_use_, o.in_use_);
    return *this;
  }
  ~Stmt() {
    if (in_use_ == nullptr) {
      sqlite3_finalize(s_);
    } else if (s_ != nullptr) {
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
      *in_use_ = false;
    }
  }
  sqlite3_stmt* get() const { return s_; }

  // Binding, 1-based; each returns the next index.
  int Int(int i, std::int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return i + 1;
  }
  int Real(int i, std::optional<double> v) {
    if (v) {
      sqlite3_bind_double(s_, i, *v);
    } else {
      sqlite3_bind_null(s_, i);
    }
    return i + 1;
  }
  int OptBool(int i, std::optional<bool> v) {
    if (v) {
      sqlite3_bind_int64(s_, i, *v ? 1 : 0);
    } else {
      sqlite3_bind_null(s_, i);
    }
    return i + 1;
  }
  int Text(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return i + 1;
  }
  // Column reading, 0-based.
  std::int64_t GetInt(int c) const { return sqlite3_column_int64(s_, c); }
  std::uint64_t GetU(int c) const { return static_cast<std::uint64_t>(GetInt(c)); }
  bool IsNull(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::optional<double> GetReal(int c) const {
    if (IsNull(c)) return std::nullopt;
    return sqlite3_column_double(s_, c);
  }
  std::optional<bool> GetOptBool(int c) const {
    if (IsNull(c)) return std::nullopt;
    return GetInt(c) != 0;
  }
  std::string GetText(int c) const {
    const auto* p = sqlite3_column_text(s_, c);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(s_, c)))
             : std::string();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  bool* in_use_ = nullptr;
};

class SqliteStore final : public ObservatoryStore {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStore() override {
    for (auto& [sql, cached] : statements_) sqlite3_finalize(cached->stmt);
    sqlite3_close_v2(db_);
  }

  Status Init(const SqliteStoreOptions& options) {
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    busy_ms_ = options.busy_timeout_ms;
    if (options.max_page_count > 0) {
      MANRS_TRY(Exec(fmt::format("PRAGMA max_page_count = {}", options.max_page_count)));
    }
    MANRS_TRY(Exec("PRAGMA foreign_keys = OFF"));
    // Is it ours, and which version?
    auto version = SchemaVersion();
    if (!version) return Unexpected<Error>(version.error());
    if (*version > kSqliteSchemaVersion) {
      return MakeError(ErrorCode::kUnsupported,
                       fmt::format("{}: store schema version {} is newer than this manrs "
                                   "understands ({}); use a newer manrs",
                                   path_, *version, kSqliteSchemaVersion));
    }
    if (*version < kSqliteSchemaVersion) {
      if (options.access == StoreAccess::kReadOnly) {
        return MakeError(ErrorCode::kUnsupported,
                         fmt::format("{}: store schema version {} is older than {}; open it once "
                                     "with `manrs observe` to migrate it",
                                     path_, *version, kSqliteSchemaVersion));
      }
      MANRS_TRY(Begin());
      for (int v = *version; v < kSqliteSchemaVersion; ++v) {
        Status s = Exec(kMigrations[static_cast<std::size_t>(v)]);
        if (s && v == 2) s = MigratePrefixRows();
        if (!s) {
          Rollback();
          return s;
        }
      }
      if (auto s = Exec(fmt::format("UPDATE meta SET value = '{}' WHERE key = 'schema_version'",
                                    kSqliteSchemaVersion));
          !s) {
        Rollback();
        return s;
      }
      MANRS_TRY(Commit());
    }
    return {};
  }

  Status WritePeriod(const PeriodResult& r) override {
    MANRS_TRY(Begin());
    Status s = WriteInTransaction(r);
    if (!s) {
      Rollback();
      return s;
    }
    return Commit();
  }

  Result<std::vector<Period>> Periods() override {
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

  Result<ObservationSummary> Summary(const Period& period) override {
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
    std::string inputs = st->GetText(6);
    std::size_t at = 0;
    while (at < inputs.size()) {
      std::size_t nl = inputs.find('\n', at);
      if (nl == std::string::npos) nl = inputs.size();
      s.inputs.push_back(inputs.substr(at, nl - at));
      at = nl + 1;
    }
    return s;
  }

  Result<std::optional<AsReport>> Report(const Period& period, Asn asn) override {
    std::optional<AsReport> found;
    Status s = Load(period, asn, asn, [&](const AsReport& r) -> Status {
      found = r;
      return {};
    });
    if (!s) return Unexpected<Error>(s.error());
    return found;
  }

  Status ForEachReport(const Period& period,
                       const std::function<Status(const AsReport&)>& visit) override {
    return Load(period, 0, ~Asn{0}, visit);
  }

  Result<std::vector<HistoryPoint>> History(Asn asn) override {
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

 private:
  Status Exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    std::string text = message ? message : "";
    sqlite3_free(message);
    if (rc != SQLITE_OK) return FailCode(rc, "", text);
    return {};
  }

  // A statement for sql: the store's prepared one when it is free (parsing
  // and planning the report queries took a third of a web request's time),
  // else a new one.
  Result<Stmt> Prepare(const std::string& sql) {
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

  // A clear message for the failures a user can act on.
  Status FailCode(int rc, const std::string& doing, const std::string& detail) {
    const int primary = rc & 0xff;
    std::string what;
    switch (primary) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        what = fmt::format("the store is locked by another process (waited {} ms)", busy_ms_);
        break;
      case SQLITE_READONLY:
        what = "the store is read-only";
        break;
      case SQLITE_FULL:
        what = "the store is full (no space left on the device, or its size limit)";
        break;
      case SQLITE_NOTADB:
      case SQLITE_CORRUPT:
        what = "not an observatory store, or a damaged one";
        break;
      default:
        what = detail.empty() ? sqlite3_errstr(rc) : detail;
    }
    std::string msg = path_ + ": " + (doing.empty() ? "" : doing + ": ") + what;
    if (!detail.empty() && what != detail) msg += " (" + detail + ")";
    return MakeError(primary == SQLITE_BUSY || primary == SQLITE_READONLY ||
                             primary == SQLITE_FULL || primary == SQLITE_IOERR
                         ? ErrorCode::kIo
                         : ErrorCode::kBadValue,
                     msg);
  }
  Unexpected<Error> Fail(const std::string& doing) {
    return Unexpected<Error>(
        FailCode(sqlite3_extended_errcode(db_), doing, sqlite3_errmsg(db_)).error());
  }
  Unexpected<Error> NoPeriod(const Period& p) {
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("{}: no period {} in the store", path_, ToString(p)));
  }

  // Schema 2 -> 3: each (period, AS)'s rows of `prefixes`, in seq order, into
  // one prefix_sets row.
  Status MigratePrefixRows() {
    auto rows = Prepare(
        "SELECT period_id, asn, prefix, rpki, irr, peers, bogon FROM prefixes "
        "ORDER BY period_id, asn, seq");
    auto insert = Prepare("INSERT INTO prefix_sets VALUES(?1, ?2, ?3, ?4)");
    if (!rows) return Status(Unexpected<Error>(rows.error()));
    if (!insert) return Status(Unexpected<Error>(insert.error()));
    std::int64_t period = -1, asn = -1;
    std::vector<PrefixState> list;
    auto flush = [&]() -> Status {
      if (list.empty()) return {};
      MANRS_TRY(InsertPrefixSet(*insert, period, static_cast<Asn>(asn), list));
      list.clear();
      return {};
    };
    int rc;
    while ((rc = sqlite3_step(rows->get())) == SQLITE_ROW) {
      const Stmt& r = *rows;
      if (r.GetInt(0) != period || r.GetInt(1) != asn) {
        MANRS_TRY(flush());
        period = r.GetInt(0);
        asn = r.GetInt(1);
      }
      auto prefix = Prefix::Parse(r.GetText(2));
      if (!prefix) {
        return MakeError(ErrorCode::kBadValue,
                         fmt::format("{}: migrating: bad prefix '{}' of AS{} in period {}", path_,
                                     r.GetText(2), asn, period));
      }
      list.push_back(PrefixState{*prefix, RovStateFromStoredName(r.GetText(3)),
                                 IrrStateFromName(r.GetText(4)),
                                 static_cast<std::uint32_t>(r.GetInt(5)), r.GetInt(6) != 0});
    }
    if (rc != SQLITE_DONE) return Status(Fail("migrating the prefixes"));
    MANRS_TRY(flush());
    rows = Stmt();
    return Exec("DROP TABLE prefixes");
  }

  Status InsertPrefixSet(Stmt& st, std::int64_t period_id, Asn asn,
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

  Status Begin() { return Exec("BEGIN IMMEDIATE"); }
  Status Commit() {
    Status s = Exec("COMMIT");
    if (!s) Rollback();
    return s;
  }
  void Rollback() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

  // 0 for an empty database; an error for a database that is not ours.
  Result<int> SchemaVersion() {
    auto tables = Prepare("SELECT count(*) FROM sqlite_master");
    if (!tables) return Unexpected<Error>(tables.error());
    if (sqlite3_step(tables->get()) != SQLITE_ROW) return Fail("reading the schema");
    if (tables->GetInt(0) == 0) return 0;
    auto st = Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    if (!st) {
      return MakeError(ErrorCode::kBadValue,
                       fmt::format("{}: an SQLite file, but not an observatory store", path_));
    }
    if (sqlite3_step(st->get()) != SQLITE_ROW) {
      return MakeError(ErrorCode::kBadValue, fmt::format("{}: no schema version", path_));
    }
    return static_cast<int>(st->GetInt(0));
  }

  Status WriteInTransaction(const PeriodResult& r) {
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
    std::string inputs;
    for (const std::string& in : r.summary.inputs) {
      if (!inputs.empty()) inputs.push_back('\n');
      inputs += in;
    }
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
        std::string files;
        for (const std::string& f : sav.files) files += (files.empty() ? "" : "\n") + f;
        c = s.Text(c, files);
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

  static AsMetrics ReadMetrics(const Stmt& s, int c) {
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
      const std::string joined = s.GetText(c + 5);
      std::string_view files = joined;
      while (!files.empty()) {
        const auto nl = files.find('\n');
        a.files.emplace_back(files.substr(0, nl));
        files.remove_prefix(nl == std::string_view::npos ? files.size() : nl + 1);
      }
      m.anti_spoofing = std::move(a);
    }
    return m;
  }

  Result<std::int64_t> PeriodId(const Period& period) {
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
  Status Load(const Period& period, Asn first, Asn last,
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
                           fmt::format("{}: the prefixes of AS{} in the store are damaged: {}",
                                       path_, asn, list.error().message));
        }
        r.prefixes = std::move(*list);
      }
      for (; c_incidents.At(asn); c_incidents.Next()) {
        const Stmt& s = *c_incidents.st;
        Incident inc;
        inc.kind = ParseIncidentKind(s.GetText(1)).value_or(IncidentKind::kHijack);
        inc.role =
            s.GetText(2) == "accomplice" ? IncidentRole::kAccomplice : IncidentRole::kCulprit;
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

  sqlite3* db_;
  std::string path_;
  int busy_ms_ = 0;
  // Prepared statements kept for reuse, by SQL text (a fixed set of queries).
  struct CachedStatement {
    sqlite3_stmt* stmt;
    bool in_use;
  };
  static constexpr std::size_t kKeptStatements = 64;
  std::unordered_map<std::string, std::unique_ptr<CachedStatement>> statements_;
  std::string blob_;  // scratch: one AS's prefixes
};

}  // namespace

Result<std::unique_ptr<ObservatoryStore>> OpenSqliteStore(const std::string& path,
                                                          const SqliteStoreOptions& options) {
  const bool read_only = options.access == StoreAccess::kReadOnly;
  struct stat st {};
  if (read_only && ::stat(path.c_str(), &st) != 0) {
    return MakeError(ErrorCode::kIo, fmt::format("{}: no observatory store there ({})", path,
                                                 std::strerror(errno)));
  }
  sqlite3* db = nullptr;
  // One connection per store object, used by one thread at a time: no mutex.
  const int flags = SQLITE_OPEN_NOMUTEX |
                    (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return MakeError(ErrorCode::kIo, fmt::format("{}: cannot open the store: {}", path, msg));
  }
  if (!read_only && sqlite3_db_readonly(db, "main") == 1) {
    sqlite3_close_v2(db);
    return MakeError(ErrorCode::kIo,
                     fmt::format("{}: the store is read-only; nothing was written", path));
  }
  auto store = std::make_unique<SqliteStore>(db, path);
  if (auto s = store->Init(options); !s) return Unexpected<Error>(s.error());
  return std::unique_ptr<ObservatoryStore>(std::move(store));
}

Result<std::unique_ptr<ObservatoryStore>> OpenStore(const std::string& spec, StoreAccess access) {
  if (spec.rfind("clickhouse://", 0) == 0) return OpenClickHouseStore(spec, access);
  std::string path = spec;
  if (path.rfind("sqlite:", 0) == 0) {
    path = path.substr(7);
  } else if (path.find("://") != std::string::npos) {
    return MakeError(ErrorCode::kUnsupported,
                     fmt::format("store '{}': unknown engine (this build knows sqlite:PATH and "
                                 "clickhouse://HOST:PORT/DATABASE?cluster=NAME)",
                                 spec));
  }
  if (path.empty()) path = kDefaultStorePath;
  SqliteStoreOptions options;
  options.access = access;
  return OpenSqliteStore(path, options);
}

}  // namespace manrs
