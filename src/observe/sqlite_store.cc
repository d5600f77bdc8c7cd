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

#include <cerrno>
#include <cstring>
#include <memory>

#include "fmt/format.h"
#include "manrs/observe/clickhouse_store.h"
#include "observe/sqlite_store_impl.h"

namespace manrs::sqlite_internal {

Status SqliteStore::Exec(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  std::string text = message ? message : "";
  sqlite3_free(message);
  if (rc != SQLITE_OK) return FailCode(rc, "", text);
  return {};
}

// A clear message for the failures a user can act on.
Status SqliteStore::FailCode(int rc, const std::string& doing, const std::string& detail) {
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
  return MakeError(primary == SQLITE_BUSY || primary == SQLITE_READONLY || primary == SQLITE_FULL ||
                           primary == SQLITE_IOERR
                       ? ErrorCode::kIo
                       : ErrorCode::kBadValue,
                   msg);
}

Unexpected<Error> SqliteStore::Fail(const std::string& doing) {
  return Unexpected<Error>(
      FailCode(sqlite3_extended_errcode(db_), doing, sqlite3_errmsg(db_)).error());
}

Unexpected<Error> SqliteStore::NoPeriod(const Period& p) {
  return MakeError(ErrorCode::kBadValue,
                   fmt::format("{}: no period {} in the store", path_, ToString(p)));
}

Status SqliteStore::Begin() { return Exec("BEGIN IMMEDIATE"); }
Status SqliteStore::Commit() {
  Status s = Exec("COMMIT");
  if (!s) Rollback();
  return s;
}
void SqliteStore::Rollback() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

}  // namespace manrs::sqlite_internal

namespace manrs {

using sqlite_internal::SqliteStore;

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
