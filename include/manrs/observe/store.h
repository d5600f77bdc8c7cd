// ObservatoryStore: where observed periods are kept and reports read from.
// One interface, several engines: SQLite (sqlite_store.h, the embedded
// default) and, later, a ClickHouse cluster; the same calls give the same
// results on each. doc/observatory.md describes the SQLite schema.
//
// Contracts every engine keeps:
//  - WritePeriod is atomic: after a crash or an error the store holds the
//    period as it was before the call or the new one, never a mix;
//  - writing a period that is already stored (same start and end) replaces
//    it; other periods stay (history);
//  - reads return ASes sorted by ASN, periods by (start, end), incidents in
//    the order the observer produced them.
#ifndef MANRS_OBSERVE_STORE_H_
#define MANRS_OBSERVE_STORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/observe/report.h"

namespace manrs {

// One point of an AS's history.
struct HistoryPoint {
  Period period;
  AsMetrics metrics;
  std::uint64_t incidents = 0;
};

class ObservatoryStore {
 public:
  virtual ~ObservatoryStore() = default;

  // Stores a period (replacing the same period), in one transaction.
  virtual Status WritePeriod(const PeriodResult& result) = 0;
  // The stored periods, oldest first.
  virtual Result<std::vector<Period>> Periods() = 0;
  virtual Result<ObservationSummary> Summary(const Period& period) = 0;
  // One AS's report for a period; nullopt when the AS was not measured.
  virtual Result<std::optional<AsReport>> Report(const Period& period, Asn asn) = 0;
  // Every AS's report for a period, by ASN; visit's error stops the walk and
  // is returned.
  virtual Status ForEachReport(const Period& period,
                               const std::function<Status(const AsReport&)>& visit) = 0;
  // The AS's metrics in every stored period where it was measured, oldest first.
  virtual Result<std::vector<HistoryPoint>> History(Asn asn) = 0;
};

enum class StoreAccess { kReadWrite, kReadOnly };

// Opens a store named by spec: "sqlite:PATH" or a plain PATH (SQLite).
// kReadWrite creates the file and schema when missing; kReadOnly requires an
// existing store.
Result<std::unique_ptr<ObservatoryStore>> OpenStore(const std::string& spec, StoreAccess access);

// The file the default store lives in.
inline constexpr const char* kDefaultStorePath = "manrs-observatory.sqlite";

}  // namespace manrs

#endif  // MANRS_OBSERVE_STORE_H_
