// ClickHouseStore: staging a batch, either a period's reports or an
// ingest's route-level facts, each completed by its `staged` row.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "manrs/base/text.h"
#include "manrs/observe/merge.h"
#include "manrs/observe/observer.h"
#include "manrs/observe/registration.h"
#include "observe/clickhouse_store_impl.h"

namespace manrs::clickhouse_internal {

Status ClickHouseStore::WritePeriod(const PeriodResult& r) {
  auto batch = Stage(r);
  if (!batch) return Unexpected<Error>(batch.error());
  return FinishBatch(r.period, *batch);
}

Result<std::string> ClickHouseStore::Stage(const PeriodResult& r, std::string_view config,
                                           std::string batch) {
  MANRS_TRY(CheckShards());
  if (batch.empty()) batch = NewBatchId();
  std::string facts, contacts, prefixes, incidents;
  for (const AsReport& a : r.ases) {
    const AsMetrics& m = a.metrics;
    AppendAsRows(m, r.period, batch, &facts, &contacts);
    std::uint32_t seq = 0;
    for (const PrefixState& p : a.prefixes) {
      Row(&prefixes, r.period, batch)
          .U(m.asn)
          .U(seq++)
          .Text(p.prefix.ToString())
          .Text(RovStateName(p.rpki))
          .Text(IrrStateName(p.irr))
          .U(p.peers)
          .U(p.bogon);
    }
    seq = 0;
    for (const Incident& i : a.incidents) {
      Row row(&incidents, r.period, batch);
      row.U(m.asn).U(seq++).Text(IncidentKindName(i.kind)).Text(IncidentRoleName(i.role));
      row.U(i.culprit).Int(i.start);
      if (i.end) {
        row.Int(*i.end);
      } else {
        row.Null();
      }
      row.Real(i.score).Text(i.confidence).Text(i.bogon_class).U(i.prefix_count);
      row.U(i.route_count).U(i.peer_count).Text(i.evidence_json);
    }
  }
  MANRS_TRY(Insert("as_facts", facts));
  MANRS_TRY(Insert("contacts", contacts));
  MANRS_TRY(Insert("prefixes", prefixes));
  MANRS_TRY(Insert("incidents", incidents));
  MANRS_TRY(InsertStaged(r.period, batch, r.summary, config, 0, 0));
  return batch;
}

void ClickHouseStore::AppendAsRows(const AsMetrics& m, const Period& period,
                                   const std::string& batch, std::string* facts_out,
                                   std::string* contacts_out) {
  std::string& facts = *facts_out;
  std::string& contacts = *contacts_out;
  {
    Row row(&facts, period, batch);
    row.U(m.asn)
        .U(m.bogon_prefixes)
        .U(m.bogon_prefixes_administrative)
        .U(m.bogon_asns)
        .U(m.bogon_asns_administrative)
        .U(m.irr_measured)
        .U(m.customers_measured)
        .U(m.customer_bogon_prefixes)
        .U(m.customer_bogon_asns)
        .OptBool(m.policy_registered)
        .OptBool(m.contacts_registered)
        .U(m.aspa_measured)
        .U(m.has_aspa)
        .U(m.aspa_valid)
        .U(m.aspa_invalid)
        .U(m.aspa_unknown);
    for (const auto& kind : m.incident_score) row.Real(kind[0]).Real(kind[1]);
    std::string exact;
    for (const Readiness& rd : m.actions) {
      row.OptReal(rd.score).Text(ReadinessLabelName(rd.label));
      exact += fmt::format("{}{}", exact.empty() ? "" : " ",
                           rd.score ? fmt::format("{}", *rd.score) : "null");
    }
    row.Text(exact);
    const AntiSpoofing none;
    const AntiSpoofing& sav = m.anti_spoofing ? *m.anti_spoofing : none;
    if (m.anti_spoofing) {
      row.U(sav.packets);
    } else {
      row.Null();
    }
    row.U(sav.spoofed_packets).U(sav.martian).U(sav.bogon).U(sav.not_allowed);
    row.Text(JoinLines(sav.files));
  }
  std::uint32_t seq = 0;
  for (const Contact& c : m.contacts) {
    Row(&contacts, period, batch)
        .U(m.asn)
        .U(seq++)
        .Text(c.source)
        .Text(c.object)
        .Text(c.role)
        .Text(c.email)
        .Text(c.phone);
  }
}

Status ClickHouseStore::WriteAsRows(PeriodResult& facts, const std::string& batch) {
  std::string rows, contacts;
  for (const AsReport& a : facts.ases) {
    AppendAsRows(a.metrics, facts.period, batch, &rows, &contacts);
  }
  facts.ases.clear();
  MANRS_TRY(Insert("as_facts", rows));
  return Insert("contacts", contacts);
}

Status ClickHouseStore::InsertStaged(const Period& p, const std::string& batch,
                                     const ObservationSummary& s, std::string_view config,
                                     std::int64_t first_time, std::uint64_t rib_entries) {
  const std::string inputs = JoinLines(s.inputs);
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::string row;
  Row(&row, p, batch)
      .Int(now)
      .Int(s.min_peers)
      .U(s.elements)
      .U(s.as_set_routes)
      .U(s.peers)
      .U(s.prefixes)
      .U(s.problems)
      .Text(inputs)
      .Text(config)
      .Int(first_time)
      .U(rib_entries);
  return Insert("staged", row);
}

Result<std::string> ClickHouseStore::StageObservation(const Observer& observer,
                                                      const Period& period,
                                                      const ObservationSummary& summary,
                                                      const ObserveConfig& config,
                                                      const std::string& collector) {
  MANRS_TRY(CheckShards());
  const std::string batch = NewBatchId();
  // Rows go out in slices of about 16 MB (an ingest of a full table is
  // gigabytes of text).
  struct Out {
    std::string table, rows;
  };
  Out routes{"routes", {}}, paths{"paths", {}}, occurrences{"occurrences", {}};
  Status failed;
  auto flush = [&](Out& out, bool all) {
    if (!failed || (!all && out.rows.size() < (16u << 20))) return;
    failed = Insert(out.table, out.rows);
    out.rows.clear();
  };
  std::set<Asn> ases;
  const std::vector<CollectorPeer>& peers = observer.peers();
  std::vector<std::string> peer_ips;
  for (const CollectorPeer& c : peers) peer_ips.push_back(c.ip.ToString());
  observer.ForEachOriginFact([&](const Observer::OriginFact& f) {
    ases.insert(f.origin);
    const std::string prefix = f.prefix.ToString();
    f.peers.ForEach([&](std::uint32_t peer) {
      Row row(&routes.rows, period, batch);
      row.U(f.origin)
          .Text(prefix)
          .Text(peer_ips[peer])
          .U(peers[peer].asn)
          .Text(RovStateName(f.rpki))
          .Text(IrrStateName(f.irr))
          .U(f.bogon)
          .Text(collector);
      const auto seen = observer.RouteSeen(f.id, peer);
      if (seen) {
        row.Text(fmt::format("{:016x}{:016x}", seen->key_a, seen->key_b))
            .Int(seen->aspa)
            .Int(seen->first_seen)
            .Int(seen->last_seen);
      } else {
        row.Text(std::string(32, '0')).Int(-1).Int(0).Int(0);
      }
    });
    flush(routes, false);
  });
  flush(routes, true);
  observer.ForEachPathFact([&](const Observer::PathFact& f) {
    Row(&paths.rows, period, batch)
        .U(f.origin)
        .Text(fmt::format("{:016x}{:016x}", f.key_a, f.key_b))
        .Int(f.aspa)
        .Text(f.text);
    flush(paths, false);
  });
  flush(paths, true);
  observer.ForEachOccurrenceFact([&](const Observer::OccurrenceFact& f) {
    const Offence& o = f.offence;
    ases.insert(o.culprit);
    if (o.accomplice != 0) ases.insert(o.accomplice);
    {
      Row row(&occurrences.rows, period, batch);  // ends its line when it goes
      row.U(o.culprit)
          .Text(IncidentKindName(o.kind))
          .U(o.accomplice)
          .U(o.low_confidence)
          .U(o.administrative)
          .U(f.customer)
          .Text(f.reason)
          .Text(f.prefix.ToString())
          .Text(f.path)
          .Text(f.peer.ip.ToString())
          .U(f.peer.asn)
          .Int(f.start);
      if (f.end) {
        row.Int(*f.end);
      } else {
        row.Null();
      }
      row.U(f.index);
    }
    flush(occurrences, false);
  });
  flush(occurrences, true);
  Out firsts{"first_events", {}};
  observer.ForEachFirstEvent([&](const Observer::FirstEventFact& f) {
    Row(&firsts.rows, period, batch)
        .U(f.peer.asn)
        .Text(f.peer.ip.ToString())
        .Text(f.prefix.ToString())
        .U(f.seq)
        .Int(f.time)
        .U(f.begin)
        .U(f.end);
    flush(firsts, false);
  });
  flush(firsts, true);
  std::string downs;
  observer.ForEachPeerDown([&](const Observer::PeerDownFact& f) {
    Row(&downs, period, batch).U(f.peer.asn).Text(f.peer.ip.ToString()).U(f.seq).Int(f.time);
  });
  if (failed) failed = Insert("peer_downs", downs);
  if (!failed) return Unexpected<Error>(failed.error());
  std::string peer_rows;
  for (std::size_t i = 0; i < peers.size(); ++i) {
    Row(&peer_rows, period, batch).Text(peer_ips[i]).U(peers[i].asn).Text(collector);
  }
  MANRS_TRY(Insert("peers", peer_rows));
  // The per-AS facts that depend on the inputs only, of every AS this
  // ingest saw (another ingest may make it visible).
  const ObserveInputs& in = observer.inputs();
  if (in.anti_spoofing) {
    for (const auto& [asn, a] : *in.anti_spoofing) ases.insert(asn);
  }
  std::optional<ContactDirectory> directory;
  if (in.irr) directory.emplace(*in.irr);
  PeriodResult facts;
  facts.period = period;
  for (Asn asn : ases) {
    AsReport r;
    r.period = period;
    r.metrics = StaticAsMetrics(in, asn, directory ? &*directory : nullptr);
    facts.ases.push_back(std::move(r));
    if (facts.ases.size() == 20000) MANRS_TRY(WriteAsRows(facts, batch));
  }
  MANRS_TRY(WriteAsRows(facts, batch));
  MANRS_TRY(InsertStaged(period, batch, summary, ConfigText(config), observer.stats().first_time,
                         observer.stats().rib_entries));
  return batch;
}

std::string ClickHouseStore::ConfigText(const ObserveConfig& c) {
  return fmt::format(
      "min_incident_peers={} evidence_routes={} leaks_count={} ready={} aspiring={} "
      "filtering_penalty={}",
      c.incidents.min_peers, c.incidents.evidence_routes, c.leaks_count ? 1 : 0, c.ready,
      c.aspiring, c.filtering_penalty);
}

std::optional<ObserveConfig> ClickHouseStore::ParseConfig(const std::string& text, int min_peers) {
  ObserveConfig c;
  c.min_peers = min_peers;
  int leaks = 0;
  unsigned long evidence = 0;
  if (std::sscanf(text.c_str(),
                  "min_incident_peers=%d evidence_routes=%lu leaks_count=%d ready=%lf "
                  "aspiring=%lf filtering_penalty=%lf",
                  &c.incidents.min_peers, &evidence, &leaks, &c.ready, &c.aspiring,
                  &c.filtering_penalty) != 6) {
    return std::nullopt;
  }
  c.incidents.evidence_routes = evidence;
  c.leaks_count = leaks != 0;
  return c;
}

}  // namespace manrs::clickhouse_internal
