// The SQLite store's schema (doc/observatory.md) and its migrations from
// older versions: opening a store creates or upgrades it in one transaction.
#include <array>
#include <vector>

#include "fmt/format.h"
#include "manrs/observe/prefix_blob.h"
#include "observe/sqlite_store_impl.h"

namespace manrs::sqlite_internal {

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

}  // namespace

Status SqliteStore::Init(const SqliteStoreOptions& options) {
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

// 0 for an empty database; an error for a database that is not ours.
Result<int> SqliteStore::SchemaVersion() {
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

// Schema 2 -> 3: each (period, AS)'s rows of `prefixes`, in seq order, into
// one prefix_sets row.
Status SqliteStore::MigratePrefixRows() {
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

}  // namespace manrs::sqlite_internal
