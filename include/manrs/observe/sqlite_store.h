// The SQLite engine of ObservatoryStore (Debian's libsqlite3). One file;
// schema versioned in the meta table (kSqliteSchemaVersion), older versions
// migrated forward on open in one transaction, newer ones refused. Every
// WritePeriod is one BEGIN IMMEDIATE ... COMMIT, so a crash, a full disk or
// a lock leaves the previous content intact.
#ifndef MANRS_OBSERVE_SQLITE_STORE_H_
#define MANRS_OBSERVE_SQLITE_STORE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "manrs/observe/store.h"

namespace manrs {

inline constexpr int kSqliteSchemaVersion = 3;

struct SqliteStoreOptions {
  StoreAccess access = StoreAccess::kReadWrite;
  int busy_timeout_ms = 2000;  // how long to wait for another writer's lock
  // When > 0, caps the database size in pages (PRAGMA max_page_count): a
  // write past it fails as on a full disk. For operators and tests.
  std::int64_t max_page_count = 0;
};

Result<std::unique_ptr<ObservatoryStore>> OpenSqliteStore(const std::string& path,
                                                          const SqliteStoreOptions& options);

}  // namespace manrs

#endif  // MANRS_OBSERVE_SQLITE_STORE_H_
