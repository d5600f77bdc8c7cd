// ClickHouseStore: the finish of a period, merging its staged batches: the
// cluster computes the visible pairs, path and prefix counts and (with
// clickhouse_incidents.cc) the incidents; this process joins what one
// ingest left open to the next (ObservationMerge::JoinChanges), completes
// each AS's metrics (ObservationMerge::Finish), then writes the period row.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "manrs/base/text.h"
#include "manrs/observe/merge.h"
#include "observe/clickhouse_store_impl.h"

namespace manrs::clickhouse_internal {

Result<std::vector<ClickHouseStore::Staged>> ClickHouseStore::Unfinished(const Period& p) {
  auto staged = Query(fmt::format(
      "SELECT batch, batch GLOBAL IN (SELECT batch FROM {0}.periods WHERE {1}), config, "
      "first_time, min_peers, elements, as_set_routes, problems, inputs, rib_entries > 0 FROM "
      "{0}.staged WHERE "
      "{1} ORDER BY written_at DESC FORMAT TabSeparated",
      url_.database, PeriodWhere(p)));
  if (!staged) return Unexpected<Error>(staged.error());
  std::vector<Staged> out;
  std::set<std::tuple<std::string, std::string, std::int64_t>> seen;  // inputs, config, min_peers
  bool older = false;
  ForEachLine(*staged, [&](const Fields& f) {
    older = older || f.U(1) != 0;
    if (older || f.Text(2) == "merged") return;
    if (!seen.emplace(f.Text(8), f.Text(2), f.Int(4)).second) return;  // a rerun replaced it
    out.push_back(Staged{f.Text(0), f.Text(2), f.Text(8), f.Int(3), f.U(9) != 0,
                         static_cast<int>(f.Int(4)), f.U(5), f.U(6), f.U(7)});
  });
  // The order one process reads them in: RIBs first, then by time.
  std::sort(out.begin(), out.end(), [](const Staged& a, const Staged& b) {
    return std::tuple(!a.ribs, a.first_time, a.inputs, a.batch) <
           std::tuple(!b.ribs, b.first_time, b.inputs, b.batch);
  });
  return out;
}

Result<PeriodResult> ClickHouseStore::FinishPeriod(const Period& p) {
  MANRS_TRY(CheckShards());
  auto batches = Unfinished(p);
  if (!batches) return Unexpected<Error>(batches.error());
  if (batches->empty()) {
    return MakeError(
        ErrorCode::kBadValue,
        fmt::format("{}: no unfinished batch staged for period {}", spec_, ToString(p)));
  }
  const Staged& first = batches->front();
  if (first.config.empty()) {
    // A batch of reports (an ingest by manrs before schema 2): alone only.
    if (batches->size() > 1) {
      return MakeError(ErrorCode::kUnsupported,
                       fmt::format("{}: period {} has a batch of reports staged by an older "
                                   "manrs among {} batches; it cannot be merged",
                                   spec_, ToString(p), batches->size()));
    }
    MANRS_TRY(FinishBatch(p, first.batch));
    PeriodResult r;
    r.period = p;
    return r;
  }
  auto config = ParseConfig(first.config, first.min_peers);
  if (!config) {
    return MakeError(ErrorCode::kBadValue, fmt::format("{}: batch {} has a bad config '{}'", spec_,
                                                       first.batch, first.config));
  }
  auto others = [](const std::string& inputs) {
    std::vector<std::string> out = SplitLines(inputs);
    std::erase_if(out, [](const std::string& in) { return in.starts_with("mrt:"); });
    return out;
  };
  ObservationMerge m;
  m.period = p;
  m.config = *config;
  m.summary.min_peers = first.min_peers;
  std::string in;
  std::set<std::string> inputs;
  for (const Staged& b : *batches) {
    // The merge is exact only over observations with the same settings
    // and the same inputs besides their MRT files.
    if (b.config != first.config || b.min_peers != first.min_peers ||
        others(b.inputs) != others(first.inputs)) {
      return MakeError(
          ErrorCode::kBadValue,
          fmt::format("{}: the batches {} and {} of period {} were observed with different "
                      "settings or inputs besides their MRT files ({} --min-peers {}; {} "
                      "--min-peers {}); stage them again alike",
                      spec_, first.batch, b.batch, ToString(p), first.config, first.min_peers,
                      b.config, b.min_peers));
    }
    in += fmt::format("{}'{}'", in.empty() ? "" : ", ", b.batch);
    m.summary.elements += b.elements;
    m.summary.as_set_routes += b.as_set_routes;
    m.summary.problems += b.problems;
    for (std::string& one : SplitLines(b.inputs)) {
      if (inputs.insert(one).second) m.summary.inputs.push_back(std::move(one));
    }
  }
  const std::string where = fmt::format("{} AND batch IN ({})", PeriodWhere(p), in);
  // The visibility rule, by the cluster over every batch's routes (each
  // shard groups its own origins).
  auto visible = Query(fmt::format(
      "SELECT asn, prefix, any(rpki), any(irr), any(bogon), uniqExact(peer_ip, peer_asn) AS n "
      "FROM {}.routes WHERE {} GROUP BY asn, prefix HAVING n >= {} FORMAT TabSeparated",
      url_.database, where, std::max(first.min_peers, 1)));
  if (!visible) return Unexpected<Error>(visible.error());
  Status bad;
  auto parse_prefix = [&](const std::string& text) -> std::optional<Prefix> {
    auto prefix = Prefix::Parse(text);
    if (!prefix && bad) {
      bad = MakeError(ErrorCode::kBadValue, fmt::format("{}: bad prefix '{}' stored", spec_, text));
    }
    return prefix ? std::optional<Prefix>(*prefix) : std::nullopt;
  };
  ForEachLine(*visible, [&](const Fields& f) {
    auto prefix = parse_prefix(f.Text(1));
    if (!prefix) return;
    MergedPrefix x;
    x.origin = static_cast<Asn>(f.U(0));
    x.state = PrefixState{*prefix, RovStateFromStoredName(f.Text(2)), IrrStateFromName(f.Text(3)),
                          static_cast<std::uint32_t>(f.U(5)), f.U(4) != 0};
    x.administrative = f.U(4) == 2;
    m.prefixes.push_back(std::move(x));
  });
  auto aspa = Query(fmt::format(
      "SELECT asn, aspa, uniqExact(path) FROM {}.paths WHERE {} AND aspa >= 0 GROUP BY asn, "
      "aspa FORMAT TabSeparated",
      url_.database, where));
  if (!aspa) return Unexpected<Error>(aspa.error());
  ForEachLine(*aspa, [&](const Fields& f) {
    const std::int64_t state = f.Int(1);
    if (state >= 0 && state < 3) {
      m.aspa[static_cast<Asn>(f.U(0))][static_cast<std::size_t>(state)] = f.U(2);
    }
  });
  auto counts =
      Query(fmt::format("SELECT (SELECT uniqExact(asn, prefix) FROM {0}.routes WHERE {1}), (SELECT "
                        "uniqExact(ip, asn) FROM {0}.peers WHERE {1}) FORMAT TabSeparated",
                        url_.database, where));
  if (!counts) return Unexpected<Error>(counts.error());
  ForEachLine(*counts, [&](const Fields& f) {
    m.summary.prefixes = f.U(0);
    m.summary.peers = f.U(1);
  });
  MANRS_TRY(ReadStaticFacts(where, *batches, &m.facts));
  std::map<std::string, std::size_t> rank;
  for (std::size_t i = 0; i < batches->size(); ++i) rank[(*batches)[i].batch] = i;
  const std::string merge = NewBatchId();
  const bool joined = batches->size() > 1;
  if (joined) {
    // The join of one peer's stream split across ingests, over the
    // occurrences of the routes a batch has a first event for and the open
    // ones of peers a batch has a session-down for; its changes go back to
    // the cluster (clickhouse_incidents.cc).
    auto firsts =
        Query(fmt::format("SELECT batch, peer_ip, asn, prefix, seq, time, occ_begin, occ_end FROM "
                          "{0}.first_events WHERE {1} AND (peer_ip, asn) GLOBAL IN (SELECT "
                          "DISTINCT peer_ip, peer_asn FROM {0}.occurrences WHERE {1} AND end IS "
                          "NULL) FORMAT TabSeparated",
                          url_.database, where));
    if (!firsts) return Unexpected<Error>(firsts.error());
    ForEachLine(*firsts, [&](const Fields& f) {
      auto ip = IpAddress::Parse(f.Text(1));
      auto prefix = parse_prefix(f.Text(3));
      if (!ip || !prefix) return;
      m.AddFirstEvent(rank[f.Text(0)], CollectorPeer{*ip, static_cast<Asn>(f.U(2))}, *prefix,
                      f.U(4), f.Int(5), static_cast<std::uint32_t>(f.U(6)),
                      static_cast<std::uint32_t>(f.U(7)));
    });
    firsts->clear();
    auto downs = Query(fmt::format(
        "SELECT batch, peer_ip, asn, seq, time FROM {}.peer_downs WHERE {} FORMAT TabSeparated",
        url_.database, where));
    if (!downs) return Unexpected<Error>(downs.error());
    ForEachLine(*downs, [&](const Fields& f) {
      auto ip = IpAddress::Parse(f.Text(1));
      if (!ip) return;
      m.AddPeerDown(rank[f.Text(0)], CollectorPeer{*ip, static_cast<Asn>(f.U(2))}, f.U(3),
                    f.Int(4));
    });
    auto occurrences = Query(fmt::format(
        "SELECT kind, asn, accomplice, low_confidence, administrative, customer, prefix, "
        "peer_ip, peer_asn, start, end, batch, seq FROM {0}.occurrences WHERE {1} AND ((peer_ip, "
        "peer_asn, prefix) GLOBAL IN (SELECT peer_ip, asn, prefix FROM {0}.first_events WHERE "
        "{1}) OR (end IS NULL AND (peer_ip, peer_asn) GLOBAL IN (SELECT peer_ip, asn FROM "
        "{0}.peer_downs WHERE {1}))) FORMAT TabSeparated",
        url_.database, where));
    if (!occurrences) return Unexpected<Error>(occurrences.error());
    ForEachLine(*occurrences, [&](const Fields& f) {
      auto prefix = parse_prefix(f.Text(6));
      auto ip = IpAddress::Parse(f.Text(7));
      if (!prefix || !ip) {
        if (bad && !ip) {
          bad = MakeError(ErrorCode::kBadValue, fmt::format("{}: bad peer stored", spec_));
        }
        return;
      }
      Offence o;
      o.kind = ParseIncidentKind(f.Text(0)).value_or(IncidentKind::kHijack);
      o.culprit = static_cast<Asn>(f.U(1));
      o.accomplice = static_cast<Asn>(f.U(2));
      o.low_confidence = f.U(3) != 0;
      o.administrative = f.U(4) != 0;
      m.AddOccurrence(rank[f.Text(11)], static_cast<std::uint32_t>(f.U(12)), o, f.U(5) != 0, {}, {},
                      *prefix, CollectorPeer{*ip, static_cast<Asn>(f.U(8))}, f.Int(9),
                      f.IsNull(10) ? std::nullopt : std::optional<std::int64_t>(f.Int(10)));
    });
    occurrences->clear();
  }
  if (!bad) return Unexpected<Error>(bad.error());
  if (joined) MANRS_TRY(WriteEndChanges(p, merge, *batches, m.JoinChanges()));
  // The incidents, by every shard over its occurrences, then what each AS's
  // metrics take from them.
  MANRS_TRY(ComputeIncidents(p, where, merge, joined, config->incidents));
  MANRS_TRY(ReadIncidentTotals(p, where, merge, joined, config->min_peers, &m.totals));
  PeriodResult result = m.Finish();
  auto merged = Stage(result, "merged", merge);
  if (!merged) return Unexpected<Error>(merged.error());
  MANRS_TRY(ReadCulpritIncidents(p, merge, &result));
  MANRS_TRY(FinishBatch(p, *merged));
  return result;
}

Status ClickHouseStore::ReadStaticFacts(const std::string& where,
                                        const std::vector<Staged>& batches,
                                        std::map<Asn, AsMetrics>* facts) {
  std::map<std::string, std::size_t> rank;
  for (std::size_t i = 0; i < batches.size(); ++i) rank[batches[i].batch] = i;
  auto text = Query(fmt::format(
      "SELECT batch, asn, irr_measured, customers_measured, policy_registered, "
      "contacts_registered, aspa_measured, has_aspa, sav_packets, sav_spoofed_packets, "
      "sav_martian, sav_bogon, sav_not_allowed, sav_files FROM {}.as_facts WHERE {} FORMAT "
      "TabSeparated",
      url_.database, where));
  if (!text) return Unexpected<Error>(text.error());
  std::map<Asn, std::size_t> from;
  ForEachLine(*text, [&](const Fields& f) {
    const auto asn = static_cast<Asn>(f.U(1));
    const std::size_t r = rank[f.Text(0)];
    auto [it, added] = from.try_emplace(asn, r);
    if (!added && it->second <= r) return;
    it->second = r;
    AsMetrics& x = (*facts)[asn];
    x = AsMetrics();
    x.asn = asn;
    x.irr_measured = f.U(2) != 0;
    x.customers_measured = f.U(3) != 0;
    x.policy_registered = f.OptBool(4);
    x.contacts_registered = f.OptBool(5);
    x.aspa_measured = f.U(6) != 0;
    x.has_aspa = f.U(7) != 0;
    x.anti_spoofing = ReadAntiSpoofing(f, 8);
  });
  auto contacts = Query(fmt::format(
      "SELECT batch, asn, source, object, role, email, phone FROM {}.contacts WHERE {} ORDER "
      "BY asn, seq FORMAT TabSeparated",
      url_.database, where));
  if (!contacts) return Unexpected<Error>(contacts.error());
  ForEachLine(*contacts, [&](const Fields& f) {
    const auto asn = static_cast<Asn>(f.U(1));
    auto it = from.find(asn);
    if (it == from.end() || it->second != rank[f.Text(0)]) return;
    (*facts)[asn].contacts.push_back(
        Contact{f.Text(2), f.Text(3), f.Text(4), f.Text(5), f.Text(6)});
  });
  return {};
}

Status ClickHouseStore::FinishBatch(const Period& p, const std::string& batch) {
  MANRS_TRY(Finish(p, batch));
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  auto r = Query(fmt::format(
      "INSERT INTO {0}.periods SELECT period_start, period_end, batch, {1}, min_peers, "
      "elements, as_set_routes, peers, prefixes, problems, inputs FROM {0}.staged WHERE {2} "
      "AND batch = '{3}' LIMIT 1",
      url_.database, now, PeriodWhere(p), batch));
  if (!r) return Unexpected<Error>(r.error());
  return {};
}

Status ClickHouseStore::Finish(const Period& p, const std::string& batch) {
  auto r = Query(fmt::format(
      "INSERT INTO {0}.as_counts SELECT period_start, period_end, batch, asn, count(), "
      "countIf(rpki = 'valid'), countIf(rpki = 'invalid'), countIf(rpki = 'not-found'), "
      "countIf(irr IN ('registered', 'covered')), countIf(irr = 'not-registered') FROM "
      "{0}.prefixes WHERE {1} AND batch = '{2}' GROUP BY period_start, period_end, batch, asn",
      url_.database, PeriodWhere(p), batch));
  if (!r) return Unexpected<Error>(r.error());
  return {};
}

}  // namespace manrs::clickhouse_internal
