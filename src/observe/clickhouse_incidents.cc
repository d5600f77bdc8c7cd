// ClickHouseStore: the incidents of a period, computed by the cluster from
// every batch's incident occurrences (doc/clickhouse.md "Incidents by the
// cluster"). The same rules as IncidentTracker::Merge (incidents.h), in SQL:
//
//   1. The join (only with several batches): what one ingest left open ends,
//      or continues, at a later ingest's first event for its route. That
//      step runs in the finishing process (ObservationMerge::JoinChanges)
//      over the occurrences of the routes a later batch touches, and writes
//      its changes to `occurrence_ends`, sharded like the occurrences.
//   2. On every shard at once, over its own occurrences (sharded by culprit:
//      every group below is whole on one shard, accomplice records too):
//      each occurrence as its culprit's record and, with an accomplice, the
//      accomplice's; grouped by (AS, kind, role, culprit, confidence,
//      bogon class); each group's spans swept into incidents (overlapping
//      or adjoining spans: one incident); each incident's routes, peers,
//      evidence and score; written to `incidents` (sharded by AS).
//   3. The per-AS sums the metrics need (scores by kind and role, the bogon
//      counts), by a distributed GROUP BY.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "observe/clickhouse_store_impl.h"

namespace manrs::clickhouse_internal {

namespace {

// Replaces each @NAME@ of sql by its value.
std::string Fill(std::string sql, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [name, value] : values) {
    for (std::size_t at = sql.find(name); at != std::string::npos;
         at = sql.find(name, at + value.size())) {
      sql.replace(at, name.size(), value);
    }
  }
  return sql;
}

// An open occurrence's end.
constexpr const char* kOpen = "toInt64(9223372036854775807)";

// The occurrences of the batches (@WHERE@) from @OCC@ (the local or the
// Distributed table), each with its end after the join (stop; kOpen: open),
// less those the join dropped. The join's changes are in each shard's own
// `occurrence_ends_local` (the same sharding), so a query over the
// Distributed table joins them on every shard.
std::string Occurrences(bool joined) {
  if (!joined) {
    return "SELECT asn, kind, accomplice, low_confidence, administrative, customer, reason, "
           "prefix, path, peer_ip, peer_asn, start, ifNull(end, @OPEN@) AS stop FROM @OCC@ "
           "WHERE @WHERE@";
  }
  return "SELECT asn, kind, accomplice, low_confidence, administrative, customer, reason, "
         "prefix, path, peer_ip, peer_asn, start, if(changed = 1, new_end, ifNull(end, @OPEN@)) "
         "AS stop FROM @OCC@ ANY LEFT JOIN (SELECT batch, seq, toUInt8(1) AS changed, end AS "
         "new_end, dropped FROM @DB@.occurrence_ends_local WHERE @PERIOD@ AND merge = "
         "'@MERGE@') USING (batch, seq) WHERE @WHERE@ AND dropped = 0";
}

// The sort key of a prefix's or address's text as Prefix and IpAddress
// compare: IPv4 before IPv6, then the address bits, then the length.
std::string AddressKey(const std::string& text) {
  return Fill(
      "(position(@T@, ':') > 0, if(position(@T@, ':') > 0, IPv6StringToNum(@T@), "
      "IPv4ToIPv6(IPv4StringToNum(@T@))))",
      {{"@T@", text}});
}
std::string PrefixKey() {
  const std::string address = "substring(prefix, 1, position(prefix, '/') - 1)";
  return "(" + AddressKey(address) +
         ", toUInt8OrZero(substring(prefix, position(prefix, '/') + 1)))";
}
std::string Iso(const std::string& t) {
  return "formatDateTime(toDateTime(" + t + "), '%Y-%m-%dT%H:%M:%SZ', 'UTC')";
}

// Step 2 on one shard: INSERT ... SELECT over its local occurrences.
std::string IncidentsSql(bool joined) {
  const std::string key = "gasn, kind, role, culprit, lc, adm";
  // Each occurrence as a culprit record (role 0) and an accomplice record (1).
  const std::string records =
      "SELECT if(role = 0, asn, accomplice) AS gasn, kind, role, asn AS culprit, "
      "low_confidence AS lc, administrative AS adm, start, stop, peer_ip, peer_asn, prefix, "
      "path, reason FROM (" +
      Occurrences(joined) +
      ") ARRAY JOIN arrayFilter(r -> r = 0 OR (accomplice != 0 AND accomplice != asn), "
      "[toUInt8(0), toUInt8(1)]) AS role";
  // The sweep of a group's spans: a start event (t, 0, member) and an end
  // event (t, 1, 0) each, starts first at the same t (adjoining spans
  // merge); an incident begins where the depth rises from 0. islands: each
  // member's incident number, in member order.
  const std::string islands =
      "SELECT " + key +
      ", groupArray((start, stop, peer_ip, peer_asn, prefix, path, reason)) AS ms, "
      "arraySort(arrayConcat(arrayMap((x, i) -> (x.1, toUInt8(0), toUInt32(i)), ms, "
      "arrayEnumerate(ms)), arrayMap(x -> (x.2, toUInt8(1), toUInt32(0)), ms))) AS ev, "
      "arrayCumSum(arrayMap(e -> if(e.2 = 0, toInt64(1), toInt64(-1)), ev)) AS depth, "
      "arrayCumSum(arrayMap((e, d) -> if(e.2 = 0 AND d = 1, toUInt32(1), toUInt32(0)), ev, "
      "depth)) AS isl, "
      "arrayMap(x -> x.2, arraySort(arrayFilter(x -> x.1 != 0, arrayMap((e, k) -> (e.3, k), "
      "ev, isl)))) AS islands FROM (" +
      records + ") GROUP BY " + key;
  const std::string members =
      "SELECT " + key +
      ", island, m.1 AS start, m.2 AS stop, m.3 AS peer_ip, m.4 AS peer_asn, m.5 AS prefix, "
      "m.6 AS path, m.7 AS reason FROM (" +
      islands + ") ARRAY JOIN ms AS m, islands AS island";
  // One peer's spans on one route merged.
  const std::string route_peers =
      "SELECT " + key +
      ", island, prefix, path, reason, peer_ip, peer_asn, min(start) AS fs, max(stop) AS ls "
      "FROM (" +
      members + ") GROUP BY " + key + ", island, prefix, path, reason, peer_ip, peer_asn";
  // A route (prefix, path, reason) with its peers, as its evidence JSON.
  const std::string peer_json =
      "concat('{\"ip\":\"', x.3, '\",\"asn\":', toString(x.4), ',\"first_seen\":\"', " +
      Iso("x.5") + ", '\",\"last_seen\":', if(x.6 = @OPEN@, 'null', concat('\"', " + Iso("x.6") +
      ", '\"')), '}')";
  const std::string routes =
      "SELECT " + key +
      ", island, prefix, min(fs) AS rs, max(ls) AS re, count() AS npeers, "
      "groupArray(concat(peer_ip, ' ', toString(peer_asn))) AS pkeys, (" +
      PrefixKey() +
      ", path, reason) AS rkey, concat('{\"prefix\":\"', prefix, '\",\"path\":\"', "
      "replaceAll(replaceAll(path, '\\\\', '\\\\\\\\'), '\"', '\\\\\"'), '\",\"reason\":', "
      "reason, ',\"peers\":[', arrayStringConcat(arrayMap(x -> " +
      peer_json + ", arraySort(groupArray((" + AddressKey("peer_ip") +
      ", peer_asn, peer_ip, peer_asn, fs, ls)))), ','), ']}') AS rjson FROM (" + route_peers +
      ") GROUP BY " + key + ", island, prefix, path, reason";
  const std::string incidents =
      "SELECT " + key +
      ", min(rs) AS istart, max(re) AS iend, sum(npeers) AS route_count, count() AS "
      "routes_total, uniqExact(prefix) AS prefix_count, length(groupUniqArrayArray(pkeys)) AS "
      "peer_count, arrayStringConcat(arraySlice(arrayMap(x -> x.2, arraySort(groupArray((rkey, "
      "rjson)))), 1, @EVIDENCE@), ',') AS listed FROM (" +
      routes + ") GROUP BY " + key + ", island HAVING peer_count >= @MIN_PEERS@";
  return "INSERT INTO @DB@.incidents (period_start, period_end, batch, asn, seq, kind, role, "
         "culprit, start, end, score, confidence, bogon_class, prefix_count, route_count, "
         "peer_count, evidence) SELECT @PS@, @PE@, '@MERGE@', gasn, 0, kind, if(role = 0, "
         "'culprit', 'accomplice'), culprit, istart, if(iend = @OPEN@, NULL, iend), "
         "multiIf(dur < 1800, 0.5, dur < 86400, 1., toFloat64(intDiv(dur, 86400) + 1)), if(lc = "
         "1, 'low', 'high'), if(kind IN ('bogon_prefix', 'bogon_asn'), if(adm = 1, "
         "'administrative', 'full'), ''), prefix_count, route_count, peer_count, "
         "concat('{\"routes\":[', listed, '],\"routes_total\":', toString(routes_total), '}') "
         "FROM (SELECT *, greatest(toInt64(0), if(iend = @OPEN@, toInt64(@PE@), iend) - istart) "
         "AS dur FROM (" +
         incidents + "))";
}

}  // namespace

Status ClickHouseStore::WriteEndChanges(const Period& p, const std::string& merge,
                                        const std::vector<Staged>& batches,
                                        const std::vector<ObservationMerge::EndChange>& changes) {
  std::string rows;
  for (const ObservationMerge::EndChange& c : changes) {
    Row(&rows, p, batches[c.observation].batch)
        .Text(merge)
        .U(c.culprit)
        .U(c.index)
        .Int(c.end)
        .U(c.dropped ? 1 : 0);
  }
  return Insert("occurrence_ends", rows);
}

Status ClickHouseStore::ComputeIncidents(const Period& p, const std::string& where,
                                         const std::string& merge, bool joined,
                                         const IncidentOptions& options) {
  const std::vector<std::pair<std::string, std::string>> values = {
      {"@OCC@", url_.database + ".occurrences_local"},
      {"@PERIOD@", PeriodWhere(p)},
      {"@MERGE@", merge},
      {"@DB@", url_.database},
      {"@OPEN@", kOpen},
      {"@EVIDENCE@", fmt::format("{}", options.evidence_routes)},
      {"@MIN_PEERS@", fmt::format("{}", std::max(options.min_peers, 1))},
      {"@PS@", fmt::format("{}", p.start)},
      {"@PE@", fmt::format("{}", p.end)},
  };
  // Every shard over its own occurrences, at once; each in passes over
  // parts of its culprits (a group is one culprit's: whole in one part) of
  // about kPassRows occurrences, which bounds the shard's memory (the groups
  // of a pass are held whole: about 0.5 KB an occurrence).
  constexpr std::uint64_t kPassRows = 1000000;
  std::vector<Status> done(shards_.size());
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    workers.emplace_back([&, i] {
      const Shard& shard = shards_[i];
      auto fail = [&](const Error& e) {
        done[i] = MakeError(ErrorCode::kIo, fmt::format("shard {}: {}", shard.number, e.message));
      };
      auto count =
          Query(fmt::format("SELECT count() FROM {}.occurrences_local WHERE {}", url_.database,
                            where),
                {}, shard.host, shard.http_port);
      if (!count) return fail(count.error());
      const std::uint64_t parts = std::strtoull(count->c_str(), nullptr, 10) / kPassRows + 1;
      for (std::uint64_t part = 0; part < parts; ++part) {
        auto v = values;
        v.insert(v.begin(), {"@WHERE@", parts == 1 ? where
                                                   : fmt::format("{} AND cityHash64(asn) % {} = {}",
                                                                 where, parts, part)});
        auto r = Query(Fill(IncidentsSql(joined), v), {}, shard.host, shard.http_port);
        if (!r) return fail(r.error());
      }
    });
  }
  for (std::thread& t : workers) t.join();
  for (const Status& s : done) MANRS_TRY(s);
  return {};
}

Status ClickHouseStore::ReadIncidentTotals(const Period& p, const std::string& where,
                                           const std::string& merge, bool joined, int min_peers,
                                           std::map<Asn, ObservationMerge::IncidentTotals>* out) {
  auto scores = Query(fmt::format(
      "SELECT asn, kind, role, sumIf(score, confidence = 'high' AND bogon_class != "
      "'administrative') FROM {}.incidents WHERE {} AND batch = '{}' GROUP BY asn, kind, role "
      "FORMAT TabSeparated",
      url_.database, PeriodWhere(p), merge));
  if (!scores) return Unexpected<Error>(scores.error());
  ForEachLine(*scores, [&](const Fields& f) {
    const auto kind = ParseIncidentKind(f.Text(1));
    if (!kind) return;
    (*out)[static_cast<Asn>(f.U(0))]
        .score[static_cast<std::size_t>(*kind)][f.Text(2) == "accomplice" ? 1 : 0] += f.Real(3);
  });
  // The bogon counts of Observer::Finish: per (AS, class) the prefixes seen
  // by at least min_peers peers in high-confidence occurrences; classes: 0
  // bogon ASN (the culprit's), 1 administrative bogon ASN, 2 a customer's
  // bogon prefix passed on (the accomplice's), 3 a customer's bogon ASN. A
  // class 2 or 3 key spans culprits, so shards: a distributed GROUP BY.
  const std::string sql = Fill(
      "SELECT b.2, b.3, countIf(n >= @MIN_PEERS@) AS c FROM (SELECT b, prefix, "
      "uniqExact(peer_ip, peer_asn) AS n FROM (" +
          Occurrences(joined) +
          ") ARRAY JOIN arrayFilter(t -> t.1 = 1, [(toUInt8(kind = 'bogon_asn'), asn, "
          "toUInt8(administrative)), (toUInt8(kind IN ('bogon_asn', 'bogon_prefix') AND "
          "administrative = 0 AND accomplice != 0 AND customer = 1), accomplice, toUInt8(if(kind "
          "= 'bogon_asn', 3, 2)))]) AS b WHERE low_confidence = 0 AND kind IN ('bogon_asn', "
          "'bogon_prefix') GROUP BY b, prefix) GROUP BY b.2, b.3 HAVING c > 0 FORMAT "
          "TabSeparated",
      {{"@OCC@", url_.database + ".occurrences"},
       {"@WHERE@", where},
       {"@PERIOD@", PeriodWhere(p)},
       {"@MERGE@", merge},
       {"@DB@", url_.database},
       {"@OPEN@", kOpen},
       {"@MIN_PEERS@", fmt::format("{}", std::max(min_peers, 1))}});
  auto bogons = Query(sql);
  if (!bogons) return Unexpected<Error>(bogons.error());
  ForEachLine(*bogons, [&](const Fields& f) {
    const std::uint64_t cls = f.U(1);
    if (cls < 4) (*out)[static_cast<Asn>(f.U(0))].bogons[cls] = f.U(2);
  });
  return {};
}

Status ClickHouseStore::ReadTopIncidents(const Period& p, const std::string& merge,
                                         PeriodResult* result) {
  auto text = Query(fmt::format(
      "SELECT asn, kind, start, end, score, prefix_count, route_count, peer_count FROM "
      "{}.incidents WHERE {} AND batch = '{}' AND role = 'culprit' AND confidence = 'high' "
      "FORMAT TabSeparated",
      url_.database, PeriodWhere(p), merge));
  if (!text) return Unexpected<Error>(text.error());
  std::map<Asn, AsReport*> by_asn;
  for (AsReport& r : result->ases) by_asn[r.metrics.asn] = &r;
  ForEachLine(*text, [&](const Fields& f) {
    auto it = by_asn.find(static_cast<Asn>(f.U(0)));
    if (it == by_asn.end()) return;
    Incident i;
    i.kind = ParseIncidentKind(f.Text(1)).value_or(IncidentKind::kHijack);
    i.role = IncidentRole::kCulprit;
    i.asn = it->first;
    i.culprit = it->first;
    i.start = f.Int(2);
    if (!f.IsNull(3)) i.end = f.Int(3);
    i.score = f.Real(4);
    i.confidence = "high";
    i.prefix_count = f.U(5);
    i.route_count = f.U(6);
    i.peer_count = f.U(7);
    it->second->incidents.push_back(std::move(i));
  });
  return {};
}

}  // namespace manrs::clickhouse_internal
