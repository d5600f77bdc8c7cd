// The SQLite observatory store's class, shared by the files that implement
// it: sqlite_store.cc (opening, errors, transactions), sqlite_store_schema.cc
// (creation and migrations), sqlite_store_write.cc (writing a period) and
// sqlite_store_read.cc (reports, history and the prepared-statement cache).
#ifndef MANRS_SRC_OBSERVE_SQLITE_STORE_IMPL_H_
#define MANRS_SRC_OBSERVE_SQLITE_STORE_IMPL_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "manrs/observe/sqlite_store.h"

namespace manrs::sqlite_internal {

inline constexpr const char* kMetricColumns =
    "prefixes, rpki_valid, rpki_invalid, rpki_not_found, rpki_score, irr_measured, "
    "irr_registered, irr_not_registered, irr_share, bogon_prefixes, "
    "bogon_prefixes_administrative, bogon_asns, bogon_asns_administrative, customers_measured, "
    "customer_bogon_prefixes, customer_bogon_asns, policy_registered, contacts_registered, "
    "aspa_measured, has_aspa, aspa_valid, aspa_invalid, aspa_unknown, m1, m1c, m2, m2c, m3, m3c, "
    "m4, m4c, filtering_score, filtering_label, anti_spoofing_score, anti_spoofing_label, "
    "coordination_score, coordination_label, global_validation_score, global_validation_label, "
    "sav_packets, sav_spoofed_packets, sav_martian, sav_bogon, sav_not_allowed, sav_files";
inline constexpr int kMetricColumnCount = 45;

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

  Status Init(const SqliteStoreOptions& options);

  Status WritePeriod(const PeriodResult& r) override;
  Result<std::vector<Period>> Periods() override;
  Result<ObservationSummary> Summary(const Period& period) override;
  Result<std::optional<AsReport>> Report(const Period& period, Asn asn) override;
  Status ForEachReport(const Period& period,
                       const std::function<Status(const AsReport&)>& visit) override;
  Result<std::vector<HistoryPoint>> History(Asn asn) override;

 private:
  Status Exec(const std::string& sql);
  Result<Stmt> Prepare(const std::string& sql);
  Status FailCode(int rc, const std::string& doing, const std::string& detail);
  Unexpected<Error> Fail(const std::string& doing);
  Unexpected<Error> NoPeriod(const Period& p);
  Status MigratePrefixRows();
  Status InsertPrefixSet(Stmt& st, std::int64_t period_id, Asn asn,
                         std::span<const PrefixState> prefixes);
  Status Begin();
  Status Commit();
  void Rollback();
  Result<int> SchemaVersion();
  Status WriteInTransaction(const PeriodResult& r);
  static AsMetrics ReadMetrics(const Stmt& s, int c);
  Result<std::int64_t> PeriodId(const Period& period);
  Status Load(const Period& period, Asn first, Asn last,
              const std::function<Status(const AsReport&)>& visit);

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

}  // namespace manrs::sqlite_internal

#endif  // MANRS_SRC_OBSERVE_SQLITE_STORE_IMPL_H_
