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

using Values = std::vector<std::pair<std::string, std::string>>;

// What Occurrences(joined) names besides @OCC@ and @WHERE@.
Values JoinValues(const std::string& db, const std::string& period, const std::string& merge) {
  return {{"@PERIOD@", period}, {"@MERGE@", merge}, {"@DB@", db}, {"@OPEN@", kOpen}};
}

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
  // Each member with its incident; path and reason (long JSON) are grouped
  // by their hashes (with the prefix and peer: a collision would need two
  // texts with the same 64-bit hash on one prefix) and carried as any().
  const std::string members =
      "SELECT " + key +
      ", island, m.1 AS start, m.2 AS stop, m.3 AS peer_ip, m.4 AS peer_asn, m.5 AS prefix, "
      "m.6 AS path, m.7 AS reason, cityHash64(m.6) AS ph, cityHash64(m.7) AS rh FROM (" +
      islands + ") ARRAY JOIN ms AS m, islands AS island";
  // A route (prefix, path, reason) of an incident: its span, its distinct
  // peers (route_count sums them) and its members' (peer ip, asn, start,
  // stop), merged per peer only for the routes the evidence lists.
  const std::string routes =
      "SELECT " + key +
      ", island, prefix, any(path) AS rpath, any(reason) AS rreason, min(start) AS rs, "
      "max(stop) AS re, uniqExact(peer_ip, peer_asn) AS npeers, "
      "groupUniqArray(cityHash64(peer_ip, peer_asn)) AS pkeys, groupArray((peer_ip, peer_asn, "
      "start, stop)) AS spans FROM (" +
      members + ") GROUP BY " + key + ", island, prefix, ph, rh";
  // The evidence JSON of the first routes in (prefix, path, reason) order:
  // r = ((prefix key, path, reason), prefix, spans); x = a peer (ip, asn,
  // first, last): its spans on the route merged, in CollectorPeer order.
  const std::string peer_json =
      "concat('{\"ip\":\"', x.1, '\",\"asn\":', toString(x.2), ',\"first_seen\":\"', " +
      Iso("x.3") + ", '\",\"last_seen\":', if(x.4 = @OPEN@, 'null', concat('\"', " + Iso("x.4") +
      ", '\"')), '}')";
  const std::string route_json =
      "concat('{\"prefix\":\"', r.2, '\",\"path\":\"', replaceAll(replaceAll(r.1.2, "
      "'\\\\', '\\\\\\\\'), '\"', '\\\\\"'), '\",\"reason\":', if(r.1.3 = '', 'null', r.1.3), "
      "',\"peers\":[', arrayStringConcat(arrayMap(x -> " +
      peer_json + ", arraySort(x -> (" + AddressKey("x.1") +
      ", x.2), arrayMap(p -> (p.1, p.2, arrayReduce('min', arrayMap(y -> y.3, arrayFilter(y -> "
      "y.1 = p.1 AND y.2 = p.2, r.3))), arrayReduce('max', arrayMap(y -> y.4, arrayFilter(y -> "
      "y.1 = p.1 AND y.2 = p.2, r.3)))), arrayDistinct(arrayMap(y -> (y.1, y.2), r.3))))), "
      "','), ']}')";
  const std::string incidents =
      "SELECT " + key +
      ", min(rs) AS istart, max(re) AS iend, sum(npeers) AS route_count, count() AS "
      "routes_total, uniqExact(prefix) AS prefix_count, uniqExactArray(pkeys) AS peer_count, "
      "arrayStringConcat(arrayMap(r -> " +
      route_json + ", arraySlice(arraySort(groupArray(((" + PrefixKey() +
      ", rpath, rreason), prefix, spans))), 1, @EVIDENCE@)), ',') AS listed "
      "FROM (" +
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
  Values values = JoinValues(url_.database, PeriodWhere(p), merge);
  values.insert(values.end(), {{"@OCC@", url_.database + ".occurrences_local"},
                               {"@EVIDENCE@", fmt::format("{}", options.evidence_routes)},
                               {"@MIN_PEERS@", fmt::format("{}", std::max(options.min_peers, 1))},
                               {"@PS@", fmt::format("{}", p.start)},
                               {"@PE@", fmt::format("{}", p.end)}});
  // Everything but the pass's culprits (@WHERE@).
  const std::string sql = Fill(IncidentsSql(joined), values);
  // Every shard over its own occurrences, at once; each in passes over
  // ranges of culprits (a group is one culprit's: whole in one range) of
  // about kPassRows occurrences, which bounds the shard's memory: the groups
  // of a pass are held whole, with their reason and path texts (about 2 KB
  // an occurrence with its accomplice record on synthetic tables). The
  // occurrences are sorted by culprit, so a range reads only its own parts.
  constexpr std::uint64_t kPassRows = 250000;
  std::vector<Status> done(shards_.size());
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    workers.emplace_back([&, i] {
      const Shard& shard = shards_[i];
      auto fail = [&](const Error& e) {
        done[i] = MakeError(ErrorCode::kIo, fmt::format("shard {}: {}", shard.number, e.message));
      };
      auto counts = Query(fmt::format("SELECT asn, count() FROM {}.occurrences_local WHERE {} "
                                      "GROUP BY asn ORDER BY asn FORMAT TabSeparated",
                                      url_.database, where),
                          {}, shard.host, shard.http_port);
      if (!counts) return fail(counts.error());
      std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;  // [first, last] culprit
      std::uint64_t rows = 0;
      ForEachLine(*counts, [&](const Fields& f) {
        if (ranges.empty() || rows >= kPassRows) {
          ranges.emplace_back(f.U(0), f.U(0));
          rows = 0;
        }
        ranges.back().second = f.U(0);
        rows += f.U(1);
      });
      for (const auto& [first, last] : ranges) {
        auto r = Query(
            Fill(sql,
                 {{"@WHERE@", fmt::format("{} AND asn BETWEEN {} AND {}", where, first, last)}}),
            {}, shard.host, shard.http_port);
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
  Values values = JoinValues(url_.database, PeriodWhere(p), merge);
  values.insert(values.end(), {{"@OCC@", url_.database + ".occurrences"},
                               {"@WHERE@", where},
                               {"@MIN_PEERS@", fmt::format("{}", std::max(min_peers, 1))}});
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
      values);
  auto bogons = Query(sql);
  if (!bogons) return Unexpected<Error>(bogons.error());
  ForEachLine(*bogons, [&](const Fields& f) {
    const std::uint64_t cls = f.U(1);
    if (cls < 4) (*out)[static_cast<Asn>(f.U(0))].bogons[cls] = f.U(2);
  });
  return {};
}

Status ClickHouseStore::ReadCulpritIncidents(const Period& p, const std::string& merge,
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
