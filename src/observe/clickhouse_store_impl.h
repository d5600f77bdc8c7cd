// Internal to src/observe: the class behind OpenClickHouseStore. Its
// members are defined by concern: clickhouse_store.cc (HTTP, shards, opening
// a store by URL), clickhouse_schema.cc (schema version, --init and its
// migration), clickhouse_stage.cc (writing a batch: a period's reports or an
// ingest's route-level facts), clickhouse_finish.cc (merging staged batches,
// as_counts, the period row) and clickhouse_read.cc (the reads).
#ifndef MANRS_SRC_OBSERVE_CLICKHOUSE_STORE_IMPL_H_
#define MANRS_SRC_OBSERVE_CLICKHOUSE_STORE_IMPL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manrs/observe/clickhouse_store.h"
#include "manrs/observe/merge.h"
#include "manrs/observe/observer.h"
#include "observe/clickhouse_tsv.h"

namespace manrs::clickhouse_internal {

struct Shard {
  int number = 0;
  std::string host;
  int tcp_port = 0;
  int http_port = 8123;
};

class ClickHouseStore final : public ObservatoryStore {
 public:
  ClickHouseStore(std::string spec, ClickHouseUrl url)
      : spec_(std::move(spec)), url_(std::move(url)) {}

  Status Open(StoreAccess access);

  Status WritePeriod(const PeriodResult& r) override;

  // Writes the period's rows as a new batch and, last, its `staged` row;
  // returns the batch id.
  // batch: the id to write under (empty: a new one).
  Result<std::string> Stage(const PeriodResult& r, std::string_view config = {},
                            std::string batch = {});

  // The as_facts row and the contacts rows of one AS.
  static void AppendAsRows(const AsMetrics& m, const Period& period, const std::string& batch,
                           std::string* facts_out, std::string* contacts_out);

  // Writes the as_facts and contacts rows of facts->ases, then clears it.
  Status WriteAsRows(PeriodResult& facts, const std::string& batch);

  // The batch's `staged` row: written last, the batch is complete with it.
  Status InsertStaged(const Period& p, const std::string& batch, const ObservationSummary& s,
                      std::string_view config, std::int64_t first_time, std::uint64_t rib_entries);

  // Writes an observer's route-level facts as a new batch and, last, its
  // `staged` row; returns the batch id.
  Result<std::string> StageObservation(const Observer& observer, const Period& period,
                                       const ObservationSummary& summary,
                                       const ObserveConfig& config, const std::string& collector);

  static std::string ConfigText(const ObserveConfig& c);

  static std::optional<ObserveConfig> ParseConfig(const std::string& text, int min_peers);

  // The staged batches a finish of the period takes: those no period row
  // names, staged after the newest finished one (an older unfinished batch
  // never replaces newer data), but a killed finish's own; of batches with
  // the same inputs and settings (an ingest run again after it completed)
  // only the newest; in the order one process reads them.
  struct Staged {
    std::string batch, config, inputs;
    std::int64_t first_time = 0;
    bool ribs = false;
    int min_peers = 0;
    std::uint64_t elements = 0, as_set_routes = 0, problems = 0;
  };
  Result<std::vector<Staged>> Unfinished(const Period& p);

  // Finishes the period: merges every unfinished staged batch (doc/
  // clickhouse.md "Several ingesters into one period") into a batch of
  // reports, has the cluster compute its incidents and per-AS counts, then
  // the period row makes it visible. Returns the merged reports, their
  // incidents as FinishClickHousePeriod says.
  Result<PeriodResult> FinishPeriod(const Period& p);

  // The input-only per-AS facts (and contacts) of the batches: each AS's
  // from the first batch (in merge order) that has it.
  Status ReadStaticFacts(const std::string& where, const std::vector<Staged>& batches,
                         std::map<Asn, AsMetrics>* facts);

  Status FinishBatch(const Period& p, const std::string& batch);

  // The incidents by the cluster (clickhouse_incidents.cc). The join's
  // changes to the occurrences of batches, for the finish `merge`:
  Status WriteEndChanges(const Period& p, const std::string& merge,
                         const std::vector<Staged>& batches,
                         const std::vector<ObservationMerge::EndChange>& changes);
  // Every shard computes the incidents of its occurrences in the batches
  // (where) into `incidents` under the batch id merge; joined: with the
  // changes WriteEndChanges wrote for merge.
  Status ComputeIncidents(const Period& p, const std::string& where, const std::string& merge,
                          bool joined, const IncidentOptions& options);
  // The per-AS sums of those incidents and the bogon counts of the
  // occurrences, for ObservationMerge::totals.
  Status ReadIncidentTotals(const Period& p, const std::string& where, const std::string& merge,
                            bool joined, int min_peers,
                            std::map<Asn, ObservationMerge::IncidentTotals>* out);
  // The high-confidence culprit records of merge's incidents, without
  // evidence, into result's reports (what the period overview shows).
  Status ReadCulpritIncidents(const Period& p, const std::string& merge, PeriodResult* result);

  Result<std::vector<Period>> Periods() override;

  Result<ObservationSummary> Summary(const Period& p) override;

  Result<std::optional<AsReport>> Report(const Period& p, Asn asn) override;

  Status ForEachReport(const Period& p,
                       const std::function<Status(const AsReport&)>& visit) override;

  Result<std::vector<HistoryPoint>> History(Asn asn) override;

 private:
  std::string BaseUrl(const std::string& host, int port) const;

  // Runs a statement on host:port (default: the URL's); the body on success.
  Result<std::string> Query(const std::string& sql, const std::string& data = {},
                            const std::string& host = {}, int port = 0);

  static void ForEachLine(const std::string& text, const std::function<void(const Fields&)>& f);

  Status FindShards();

  // Every shard answers (through the cluster, as the Distributed tables
  // reach it); fills each shard's HTTP port from its http_port macro.
  Status CheckShards();

  Status InitShard(const Shard& s);

  static std::string NewBatchId();

  static std::string PeriodWhere(const Period& p);

  Status Insert(const std::string& table, const std::string& rows);

  // The cluster computes each AS's prefix counts of the batch: a GROUP BY on
  // every shard over its ASes, written back sharded by ASN.
  Status Finish(const Period& p, const std::string& batch);

  // The six sav_* columns from column c; nullopt: unmeasured.
  static std::optional<AntiSpoofing> ReadAntiSpoofing(const Fields& f, std::size_t c);

  // The batch the period's newest row names; nullopt: no such period.
  Result<std::optional<std::string>> Batch(const Period& p);

  // The columns kFactColumns (clickhouse_read.cc) from column c into m.
  static void ReadFacts(const Fields& f, std::size_t c, AsMetrics* m);
  // The columns kCountColumns from column c into m.
  static void ReadCounts(const Fields& f, std::size_t c, AsMetrics* m);
  // The columns kContactColumns from column c.
  static Contact ReadContact(const Fields& f, std::size_t c);

  // Visits, by ASN, the reports in batch of p of the ASes asn_filter (an SQL
  // condition on asn) selects; holds them all in memory first.
  Status ReadReports(const Period& p, const std::string& batch, const std::string& asn_filter,
                     const std::function<Status(const AsReport&)>& visit);

  // The AS's history from one read of each table over the batches newest
  // (a query of (period_start, period_end, batch)) names.
  Result<std::vector<HistoryPoint>> ReadHistory(Asn asn, const std::string& newest);

  Unexpected<Error> NoPeriod(const Period& p);

  std::string spec_;
  ClickHouseUrl url_;
  std::vector<Shard> shards_;
};

}  // namespace manrs::clickhouse_internal

#endif  // MANRS_SRC_OBSERVE_CLICKHOUSE_STORE_IMPL_H_
