// The ClickHouse engine of ObservatoryStore: a cluster of MergeTree shards
// under Distributed tables, sharded by AS, over ClickHouse's HTTP interface
// (libcurl, daemon/http_client.h). doc/clickhouse.md has the schema, how a
// period becomes visible (batch ids: readers only see the batch named by the
// period's row, written last), and what the cluster computes.
//
// Store URL: clickhouse://HOST:PORT/DATABASE?cluster=NAME[&page_ases=N],
// HOST:PORT the HTTP interface of any shard of cluster NAME (its
// <remote_servers> entry); page_ases: how many ASes' reports a walk over a
// period (ForEachReport) reads at a time.
#ifndef MANRS_OBSERVE_CLICKHOUSE_STORE_H_
#define MANRS_OBSERVE_CLICKHOUSE_STORE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "manrs/observe/observer.h"
#include "manrs/observe/store.h"

namespace manrs {

inline constexpr int kClickHouseSchemaVersion = 3;

struct ClickHouseUrl {
  std::string host;
  int port = 8123;
  std::string database;
  std::string cluster;
  // 114 MB peak for one collector's 47 k ASes (3 pages), 162 MB unpaged
  // (BENCHMARKS.md).
  std::size_t page_ases = 20000;
};

// Parses "clickhouse://HOST:PORT/DATABASE?cluster=NAME[&page_ases=N]" (PORT
// defaults to 8123; DATABASE and cluster are required, [A-Za-z0-9_]; N from 1
// to 10^9).
Result<ClickHouseUrl> ParseClickHouseUrl(const std::string& url);

// kReadWrite checks that every shard answers and creates the schema where it
// is missing (idempotent: `manrs observe --init`); kReadOnly requires it.
Result<std::unique_ptr<ObservatoryStore>> OpenClickHouseStore(const std::string& url,
                                                              StoreAccess access);

// Writes the period's reports as a batch and marks it complete (staged)
// without making it visible; a finish takes it alone (the batches of
// reports an older manrs staged).
Status StageClickHousePeriod(const std::string& url, const PeriodResult& result);

// `observe` (then finished) and `observe --no-finish`: writes an observer's
// route-level facts of period (the (prefix, origin, peer) routes with their
// last path and first and last sighting, the distinct paths, the incident
// occurrences, the peers, the input-only facts of every AS it saw) as a
// batch and, last, marks it staged. A process killed before the mark leaves
// rows no finish step or reader uses. summary: the observation's (elements,
// inputs, problems; min_peers); collector: the name its routes and peers
// carry.
Status StageClickHouseObservation(const std::string& url, const Observer& observer,
                                  const Period& period, const ObservationSummary& summary,
                                  const ObserveConfig& config, const std::string& collector);

// `observe --finish PERIOD`: merges every batch staged for the period since
// its last finish (several ingesters: the visibility rule, the per-AS
// counts and the incidents computed by the cluster over all of them;
// doc/clickhouse.md), writes the reports as a batch, then makes the period
// visible. Returns the reports (none when the batch was a batch of
// reports); their incidents are only the high-confidence culprit records,
// without evidence (what the period overview shows): the store has them all.
Result<PeriodResult> FinishClickHousePeriod(const std::string& url, const Period& period);

}  // namespace manrs

#endif  // MANRS_OBSERVE_CLICKHOUSE_STORE_H_
