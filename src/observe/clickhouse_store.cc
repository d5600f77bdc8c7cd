// ObservatoryStore on a ClickHouse cluster (18.16 and later) over HTTP.
//
// Every table is a MergeTree `<name>_local` on each shard plus a Distributed
// `<name>` over them, sharded by ASN (periods by period start). DDL goes to
// each shard's HTTP interface in turn (CREATE ... ON CLUSTER needs ZooKeeper,
// which a plain cluster does not have); the shards come from system.clusters
// and their HTTP port from the shard's `http_port` macro (default 8123).
//
// A period is written as a batch: rows carry a fresh batch id, the
// cluster then computes the per-AS counts of that batch (a distributed
// GROUP BY over `prefixes`, INSERT ... SELECT into `as_counts`), and only
// then is the period's row, naming the batch, inserted. Readers read the
// newest batch a period row names, so a writer that dies or fails half way
// leaves rows nobody reads (and that a later `--init` does not count).
#include "manrs/observe/clickhouse_store.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>

#include "fmt/format.h"
#include "manrs/daemon/http_client.h"
#include "manrs/observe/observer.h"
#include "observe/clickhouse_store_impl.h"

namespace manrs {

namespace clickhouse_internal {

std::string ClickHouseStore::BaseUrl(const std::string& host, int port) const {
  // Statements name the database: it may not exist yet (--init).
  return fmt::format("http://{}:{}/?", host, port);
}

Result<std::string> ClickHouseStore::Query(const std::string& sql, const std::string& data,
                                           const std::string& host, int port) {
  const std::string h = host.empty() ? url_.host : host;
  const int pt = port ? port : url_.port;
  std::string target = BaseUrl(h, pt) + "insert_distributed_sync=1";
  std::string body;
  if (data.empty()) {
    body = sql;
  } else {
    target += "&query=" + UrlEscape(sql);
    body = data;
  }
  daemon::HttpFetchOptions o;
  o.connect_timeout_seconds = 5;
  // The server sends nothing while a GROUP BY or a big insert runs.
  o.low_speed_seconds = 3600;
  auto response = daemon::HttpPost(target, body, o);
  if (!response) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("{}: {}:{}: {}", spec_, h, pt, response.error().message));
  }
  if (response->status != 200) {
    std::string msg = response->body;
    // ClickHouse's message is its first line; a bad insert adds a row dump.
    msg = msg.substr(0, std::min(msg.find('\n'), std::size_t{1000}));
    return MakeError(ErrorCode::kIo,
                     fmt::format("{}: {}:{}: HTTP {}: {}", spec_, h, pt, response->status, msg));
  }
  return std::move(response->body);
}

void ClickHouseStore::ForEachLine(const std::string& text,
                                  const std::function<void(const Fields&)>& f) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    f(Fields(std::string_view(text).substr(start, nl - start)));
    start = nl + 1;
  }
}

Status ClickHouseStore::FindShards() {
  auto text = Query(fmt::format(
      "SELECT shard_num, host_address, port FROM system.clusters WHERE cluster = '{}' ORDER "
      "BY shard_num, replica_num FORMAT TabSeparated",
      url_.cluster));
  if (!text) return Unexpected<Error>(text.error());
  ForEachLine(*text, [&](const Fields& f) {
    const int n = static_cast<int>(f.Int(0));
    if (!shards_.empty() && shards_.back().number == n) return;  // first replica only
    shards_.push_back(Shard{n, f.Text(1), static_cast<int>(f.Int(2)), 8123});
  });
  if (shards_.empty()) {
    return MakeError(
        ErrorCode::kBadValue,
        fmt::format("{}: the server knows no cluster '{}' (remote_servers)", spec_, url_.cluster));
  }
  return CheckShards();
}

Status ClickHouseStore::CheckShards() {
  for (Shard& s : shards_) {
    auto text = Query(fmt::format(
        "SELECT substitution FROM remote('{}:{}', system.macros) WHERE macro = 'http_port' "
        "FORMAT TabSeparated",
        s.host, s.tcp_port));
    if (!text) {
      return MakeError(
          ErrorCode::kIo,
          fmt::format("{}: shard {} ({}:{}) of cluster {} is down or unreachable; "
                      "nothing was written ({})",
                      spec_, s.number, s.host, s.tcp_port, url_.cluster, text.error().message));
    }
    if (!text->empty()) s.http_port = std::atoi(text->c_str());
  }
  return {};
}

std::string ClickHouseStore::NewBatchId() {
  std::random_device rd;
  return fmt::format("{:08x}{:08x}-{}", rd(), rd(), getpid());
}

std::string ClickHouseStore::PeriodWhere(const Period& p) {
  return fmt::format("period_start = {} AND period_end = {}", p.start, p.end);
}

Status ClickHouseStore::Insert(const std::string& table, const std::string& rows) {
  if (rows.empty()) return {};
  auto r = Query(fmt::format("INSERT INTO {}.{} FORMAT TabSeparated", url_.database, table), rows);
  if (!r) return Unexpected<Error>(r.error());
  return {};
}

Unexpected<Error> ClickHouseStore::NoPeriod(const Period& p) {
  return MakeError(ErrorCode::kBadValue,
                   fmt::format("{}: no period {} in the store", spec_, ToString(p)));
}

}  // namespace clickhouse_internal

using clickhouse_internal::ClickHouseStore;
using clickhouse_internal::IsIdentifier;

Result<ClickHouseUrl> ParseClickHouseUrl(const std::string& url) {
  constexpr std::string_view kScheme = "clickhouse://";
  auto bad = [&](const char* why) {
    return MakeError(
        ErrorCode::kParse,
        fmt::format("store '{}': {} (clickhouse://HOST:PORT/DATABASE?cluster=NAME[&page_ases=N])",
                    url, why));
  };
  if (url.rfind(kScheme, 0) != 0) return bad("not a clickhouse:// URL");
  std::string_view rest = std::string_view(url).substr(kScheme.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return bad("no database");
  ClickHouseUrl out;
  std::string_view hostport = rest.substr(0, slash);
  rest.remove_prefix(slash + 1);
  const std::size_t colon = hostport.rfind(':');
  if (colon != std::string_view::npos && hostport.find(']') == std::string_view::npos) {
    const std::string port(hostport.substr(colon + 1));
    char* end = nullptr;
    const long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end || p < 1 || p > 65535) return bad("bad port");
    out.port = static_cast<int>(p);
    hostport = hostport.substr(0, colon);
  }
  if (hostport.empty()) return bad("no host");
  out.host = hostport;
  const std::size_t q = rest.find('?');
  out.database = rest.substr(0, q);
  if (!IsIdentifier(out.database)) return bad("the database must be [A-Za-z0-9_]+");
  for (std::string_view query = q == std::string_view::npos ? "" : rest.substr(q + 1);
       !query.empty();) {
    const std::size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (param.rfind("cluster=", 0) == 0) {
      out.cluster = param.substr(8);
    } else if (param.rfind("page_ases=", 0) == 0) {
      const std::string n(param.substr(10));
      char* end = nullptr;
      const long long v = std::strtoll(n.c_str(), &end, 10);
      if (n.empty() || *end || v < 1 || v > 1'000'000'000)
        return bad("page_ases=N: N from 1 to 10^9");
      out.page_ases = static_cast<std::size_t>(v);
    } else {
      return bad("the parameters are cluster=NAME and page_ases=N");
    }
  }
  if (!IsIdentifier(out.cluster)) return bad("cluster=NAME is required, NAME [A-Za-z0-9_]+");
  return out;
}

namespace {

Result<std::unique_ptr<ClickHouseStore>> Open(const std::string& spec, StoreAccess access) {
  auto url = ParseClickHouseUrl(spec);
  if (!url) return Unexpected<Error>(url.error());
  auto store = std::make_unique<ClickHouseStore>(spec, std::move(*url));
  if (auto s = store->Open(access); !s) return Unexpected<Error>(s.error());
  return store;
}

}  // namespace

Result<std::unique_ptr<ObservatoryStore>> OpenClickHouseStore(const std::string& spec,
                                                              StoreAccess access) {
  auto store = Open(spec, access);
  if (!store) return Unexpected<Error>(store.error());
  return std::unique_ptr<ObservatoryStore>(std::move(*store));
}

Status StageClickHousePeriod(const std::string& url, const PeriodResult& result) {
  auto store = Open(url, StoreAccess::kReadWrite);
  if (!store) return Unexpected<Error>(store.error());
  auto batch = (*store)->Stage(result);
  if (!batch) return Unexpected<Error>(batch.error());
  return {};
}

Status StageClickHouseObservation(const std::string& url, const Observer& observer,
                                  const Period& period, const ObservationSummary& summary,
                                  const ObserveConfig& config, const std::string& collector) {
  auto store = Open(url, StoreAccess::kReadWrite);
  if (!store) return Unexpected<Error>(store.error());
  auto batch = (*store)->StageObservation(observer, period, summary, config, collector);
  if (!batch) return Unexpected<Error>(batch.error());
  return {};
}

Result<PeriodResult> FinishClickHousePeriod(const std::string& url, const Period& period) {
  auto store = Open(url, StoreAccess::kReadWrite);
  if (!store) return Unexpected<Error>(store.error());
  return (*store)->FinishPeriod(period);
}

}  // namespace manrs
