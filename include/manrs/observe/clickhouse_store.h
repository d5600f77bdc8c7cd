// The ClickHouse engine of ObservatoryStore: a cluster of MergeTree shards
// under Distributed tables, sharded by AS, over ClickHouse's HTTP interface
// (libcurl, daemon/http_client.h). doc/clickhouse.md has the schema, how a
// period becomes visible (batch ids: readers only see the batch named by the
// period's row, written last), and what the cluster computes.
//
// Store URL: clickhouse://HOST:PORT/DATABASE?cluster=NAME, HOST:PORT the
// HTTP interface of any shard of cluster NAME (its <remote_servers> entry).
#ifndef MANRS_OBSERVE_CLICKHOUSE_STORE_H_
#define MANRS_OBSERVE_CLICKHOUSE_STORE_H_

#include <memory>
#include <string>

#include "manrs/observe/store.h"

namespace manrs {

inline constexpr int kClickHouseSchemaVersion = 2;

struct ClickHouseUrl {
  std::string host;
  int port = 8123;
  std::string database;
  std::string cluster;
};

// Parses "clickhouse://HOST:PORT/DATABASE?cluster=NAME" (PORT defaults to
// 8123; DATABASE and cluster are required, [A-Za-z0-9_]).
Result<ClickHouseUrl> ParseClickHouseUrl(const std::string& url);

// kReadWrite checks that every shard answers and creates the schema where it
// is missing (idempotent: `manrs observe --init`); kReadOnly requires it.
Result<std::unique_ptr<ObservatoryStore>> OpenClickHouseStore(const std::string& url,
                                                              StoreAccess access);

// `observe --no-finish`: writes the period's rows as a batch and marks it
// complete (staged) without making it visible. A process killed before the
// mark leaves rows no finish step or reader uses.
Status StageClickHousePeriod(const std::string& url, const PeriodResult& result);
// `observe --finish PERIOD`: the cluster computes the per-AS counts of the
// period's staged batch, then the period becomes visible. One staged batch
// per period (merging several ingests is not implemented: an error).
Status FinishClickHousePeriod(const std::string& url, const Period& period);

}  // namespace manrs

#endif  // MANRS_OBSERVE_CLICKHOUSE_STORE_H_
