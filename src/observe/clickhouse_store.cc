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
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "manrs/daemon/http_client.h"
#include "manrs/observe/merge.h"
#include "manrs/observe/observer.h"
#include "observe/clickhouse_tsv.h"

namespace manrs {

namespace {

// The columns after (period_start, period_end, batch) of each table.
constexpr const char* kTables[][2] = {
    {"periods",
     "written_at UInt64, min_peers Int32, elements UInt64, as_set_routes UInt64, peers UInt64, "
     "prefixes UInt64, problems UInt64, inputs String"},
    // A batch whose rows are all written, waiting for --finish: the same
    // columns, the observer's settings (config: "merged" for a finish's own
    // batch, empty for a batch of reports) and its first element's time.
    {"staged",
     "written_at UInt64, min_peers Int32, elements UInt64, as_set_routes UInt64, peers UInt64, "
     "prefixes UInt64, problems UInt64, inputs String, config String, first_time Int64, "
     "rib_entries UInt64"},
    // Route-level facts of an ingest (schema 2), merged at finish: each
    // (prefix, origin) and peer that saw it, with the pair's RPKI, IRR and
    // bogon state (bogon 1 full, 2 administrative) ...
    {"routes",
     "asn UInt32, prefix String, peer_ip String, peer_asn UInt32, rpki String, irr String, "
     "bogon UInt8"},
    // ... each distinct AS path (the observer's 128-bit identity) with its
    // origin and ASPA state (-1: no ASPAs loaded) ...
    {"paths", "asn UInt32, path FixedString(32), aspa Int8"},
    // ... each incident occurrence (asn: the culprit) ...
    {"occurrences",
     "asn UInt32, kind String, accomplice UInt32, low_confidence UInt8, administrative UInt8, "
     "customer UInt8, reason String, prefix String, path String, peer_ip String, "
     "peer_asn UInt32, start Int64, end Nullable(Int64), seq UInt32"},
    // ... the collector peers the ingest saw ...
    {"peers", "ip String, asn UInt32"},
    // ... and, to join it to an earlier ingest of the same peers, the first
    // UPDATE event of each (peer, prefix) with the occurrences it opened
    // [occ_begin, occ_end), and each peer's first session-down (asn: the
    // peer's).
    {"first_events",
     "asn UInt32, peer_ip String, prefix String, seq UInt64, time Int64, occ_begin UInt32, "
     "occ_end UInt32"},
    {"peer_downs", "asn UInt32, peer_ip String, seq UInt64, time Int64"},
    // Everything of an AS's metrics the observer computed (client side).
    {"as_facts",
     "asn UInt32, bogon_prefixes UInt64, bogon_prefixes_administrative UInt64, "
     "bogon_asns UInt64, bogon_asns_administrative UInt64, irr_measured UInt8, "
     "customers_measured UInt8, customer_bogon_prefixes UInt64, customer_bogon_asns UInt64, "
     "policy_registered Nullable(UInt8), contacts_registered Nullable(UInt8), "
     "aspa_measured UInt8, has_aspa UInt8, aspa_valid UInt64, aspa_invalid UInt64, "
     "aspa_unknown UInt64, m1 Float64, m1c Float64, m2 Float64, m2c Float64, m3 Float64, "
     "m3c Float64, m4 Float64, m4c Float64, "
     "filtering_score Nullable(Float64), filtering_label String, "
     "anti_spoofing_score Nullable(Float64), anti_spoofing_label String, "
     "coordination_score Nullable(Float64), coordination_label String, "
     "global_validation_score Nullable(Float64), global_validation_label String, "
     // 18.16 parses float text inexactly (7.407407407407407 is stored as
     // 7.4074074074074066): the four scores again as text, for the reports.
     "scores_text String, "
     // Schema 2: the anti-spoofing numbers (sav_packets NULL: unmeasured),
     // the report files joined by newlines.
     "sav_packets Nullable(UInt64), sav_spoofed_packets UInt64, sav_martian UInt64, "
     "sav_bogon UInt64, sav_not_allowed UInt64, sav_files String"},
    // The counts the cluster computes from `prefixes` (finish step).
    {"as_counts",
     "asn UInt32, prefixes UInt64, rpki_valid UInt64, rpki_invalid UInt64, "
     "rpki_not_found UInt64, irr_registered UInt64, irr_not_registered UInt64"},
    {"contacts",
     "asn UInt32, seq UInt32, source String, object String, role String, email String, "
     "phone String"},
    // (prefix, origin) facts of the period: the origin's announced prefixes.
    {"prefixes",
     "asn UInt32, seq UInt32, prefix String, rpki String, irr String, peers UInt32, "
     "bogon UInt8"},
    {"incidents",
     "asn UInt32, seq UInt32, kind String, role String, culprit UInt32, start Int64, "
     "end Nullable(Int64), score Float64, confidence String, bogon_class String, "
     "prefix_count UInt64, route_count UInt64, peer_count UInt64, evidence String"},
};

// Columns added after schema 1, by table: `--init` adds those a store lacks
// (18.16 has no ADD COLUMN IF NOT EXISTS: system.columns is asked first).
// Rows written before keep the column's default (sav_packets NULL: unmeasured).
constexpr const char* kAddedColumns[][3] = {
    {"as_facts", "sav_packets", "Nullable(UInt64)"},
    {"as_facts", "sav_spoofed_packets", "UInt64"},
    {"as_facts", "sav_martian", "UInt64"},
    {"as_facts", "sav_bogon", "UInt64"},
    {"as_facts", "sav_not_allowed", "UInt64"},
    {"as_facts", "sav_files", "String"},
    {"staged", "config", "String"},
    {"staged", "first_time", "Int64"},
    {"staged", "rib_entries", "UInt64"},
};

using clickhouse_internal::AppendEscaped;
using clickhouse_internal::Fields;
using clickhouse_internal::IsIdentifier;
using clickhouse_internal::Row;
using clickhouse_internal::Unescape;
using clickhouse_internal::UrlEscape;

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

  Status Open(StoreAccess access) {
    MANRS_TRY(FindShards());
    if (access == StoreAccess::kReadWrite) {
      for (const Shard& s : shards_) MANRS_TRY(InitShard(s));
    }
    auto version = Query(
        fmt::format("SELECT max(toInt32OrZero(value)) FROM {}.meta WHERE key = 'schema_version'",
                    url_.database));
    if (!version) {
      return MakeError(ErrorCode::kBadValue,
                       fmt::format("{}: no observatory schema ({}); run manrs observe --store "
                                   "{} --init",
                                   spec_, version.error().message, spec_));
    }
    const int v = std::atoi(version->c_str());
    if (v > kClickHouseSchemaVersion) {
      return MakeError(ErrorCode::kUnsupported,
                       fmt::format("{}: store schema version {} is newer than this manrs "
                                   "understands ({}); use a newer manrs",
                                   spec_, v, kClickHouseSchemaVersion));
    }
    if (v != kClickHouseSchemaVersion) {
      return MakeError(ErrorCode::kBadValue,
                       fmt::format("{}: schema version {} (this manrs writes {}); run manrs "
                                   "observe --store {} --init to migrate it",
                                   spec_, v, kClickHouseSchemaVersion, spec_));
    }
    return {};
  }

  Status WritePeriod(const PeriodResult& r) override {
    auto batch = Stage(r);
    if (!batch) return Unexpected<Error>(batch.error());
    return FinishBatch(r.period, *batch);
  }

  // Writes the period's rows as a new batch and, last, its `staged` row;
  // returns the batch id.
  Result<std::string> Stage(const PeriodResult& r, std::string_view config = {}) {
    MANRS_TRY(CheckShards());
    const std::string batch = NewBatchId();
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

  // The as_facts row and the contacts rows of one AS.
  static void AppendAsRows(const AsMetrics& m, const Period& period, const std::string& batch,
                           std::string* facts_out, std::string* contacts_out) {
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
      std::string files;
      for (const std::string& f : sav.files) files += (files.empty() ? "" : "\n") + f;
      row.Text(files);
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

  // Writes the as_facts and contacts rows of facts->ases, then clears it.
  Status WriteAsRows(PeriodResult& facts, const std::string& batch) {
    std::string rows, contacts;
    for (const AsReport& a : facts.ases) {
      AppendAsRows(a.metrics, facts.period, batch, &rows, &contacts);
    }
    facts.ases.clear();
    MANRS_TRY(Insert("as_facts", rows));
    return Insert("contacts", contacts);
  }

  // The batch's `staged` row: written last, the batch is complete with it.
  Status InsertStaged(const Period& p, const std::string& batch, const ObservationSummary& s,
                      std::string_view config, std::int64_t first_time, std::uint64_t rib_entries) {
    std::string inputs;
    for (const std::string& in : s.inputs) {
      if (!inputs.empty()) inputs.push_back('\n');
      inputs += in;
    }
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

  // Writes an observer's route-level facts as a new batch and, last, its
  // `staged` row; returns the batch id.
  Result<std::string> StageObservation(const Observer& observer, const Period& period,
                                       const ObservationSummary& summary,
                                       const ObserveConfig& config) {
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
        Row(&routes.rows, period, batch)
            .U(f.origin)
            .Text(prefix)
            .Text(peer_ips[peer])
            .U(peers[peer].asn)
            .Text(RovStateName(f.rpki))
            .Text(IrrStateName(f.irr))
            .U(f.bogon);
      });
      flush(routes, false);
    });
    flush(routes, true);
    observer.ForEachPathFact([&](const Observer::PathFact& f) {
      Row(&paths.rows, period, batch)
          .U(f.origin)
          .Text(fmt::format("{:016x}{:016x}", f.key_a, f.key_b))
          .Int(f.aspa);
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
      Row(&peer_rows, period, batch).Text(peer_ips[i]).U(peers[i].asn);
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

  static std::string ConfigText(const ObserveConfig& c) {
    return fmt::format(
        "min_incident_peers={} evidence_routes={} leaks_count={} ready={} aspiring={} "
        "filtering_penalty={}",
        c.incidents.min_peers, c.incidents.evidence_routes, c.leaks_count ? 1 : 0, c.ready,
        c.aspiring, c.filtering_penalty);
  }

  static std::optional<ObserveConfig> ParseConfig(const std::string& text, int min_peers) {
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
  Result<std::vector<Staged>> Unfinished(const Period& p) {
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

  // Finishes the period: merges every unfinished staged batch (doc/
  // clickhouse.md "Several ingesters into one period") into a batch of
  // reports, has the cluster compute its per-AS counts, then the period row
  // makes it visible. Returns the merged reports.
  Result<PeriodResult> FinishPeriod(const Period& p) {
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
      return MakeError(ErrorCode::kBadValue, fmt::format("{}: batch {} has a bad config '{}'",
                                                         spec_, first.batch, first.config));
    }
    auto others = [](const std::string& inputs) {
      std::string out;
      for (std::size_t at = 0; at < inputs.size();) {
        std::size_t nl = std::min(inputs.find('\n', at), inputs.size());
        if (inputs.compare(at, 4, "mrt:") != 0) out += inputs.substr(at, nl - at) + "\n";
        at = nl + 1;
      }
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
      for (std::size_t at = 0; at < b.inputs.size();) {
        std::size_t nl = std::min(b.inputs.find('\n', at), b.inputs.size());
        std::string one = b.inputs.substr(at, nl - at);
        if (inputs.insert(one).second) m.summary.inputs.push_back(std::move(one));
        at = nl + 1;
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
        bad =
            MakeError(ErrorCode::kBadValue, fmt::format("{}: bad prefix '{}' stored", spec_, text));
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
    auto counts = Query(
        fmt::format("SELECT (SELECT uniqExact(asn, prefix) FROM {0}.routes WHERE {1}), (SELECT "
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
    // An answer is held whole in memory: the occurrences (tens of millions
    // on synthetic tables) are read in pages of about 500 k rows, by culprit,
    // naming their reason and path texts by hash; the texts are read apart,
    // once each, in pages as well.
    auto total =
        Query(fmt::format("SELECT count() FROM {}.occurrences WHERE {}", url_.database, where));
    if (!total) return Unexpected<Error>(total.error());
    const std::uint64_t pages = std::strtoull(total->c_str(), nullptr, 10) / 500000 + 1;
    std::unordered_map<std::uint64_t, std::string> texts;
    for (const char* column : {"reason", "path"}) {
      for (std::uint64_t page = 0; page < pages; ++page) {
        auto t = Query(
            fmt::format("SELECT DISTINCT cityHash64({2}), {2} FROM {0}.occurrences WHERE {1} AND "
                        "cityHash64({2}) % {3} = {4} FORMAT TabSeparated",
                        url_.database, where, column, pages, page));
        if (!t) return Unexpected<Error>(t.error());
        ForEachLine(*t, [&](const Fields& f) { texts.try_emplace(f.U(0), f.Text(1)); });
      }
    }
    auto text_of = [&](std::uint64_t hash) -> std::string_view {
      auto it = texts.find(hash);
      return it == texts.end() ? std::string_view() : std::string_view(it->second);
    };
    for (std::uint64_t page = 0; page < pages; ++page) {
      auto occurrences = Query(fmt::format(
          "SELECT kind, asn, accomplice, low_confidence, administrative, customer, "
          "cityHash64(reason), prefix, cityHash64(path), peer_ip, peer_asn, start, end, batch, seq "
          "FROM {}.occurrences WHERE {} AND asn % {} = {} FORMAT TabSeparated",
          url_.database, where, pages, page));
      if (!occurrences) return Unexpected<Error>(occurrences.error());
      ForEachLine(*occurrences, [&](const Fields& f) {
        auto prefix = parse_prefix(f.Text(7));
        auto ip = IpAddress::Parse(f.Text(9));
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
        m.AddOccurrence(rank[f.Text(13)], static_cast<std::uint32_t>(f.U(14)), o, f.U(5) != 0,
                        text_of(f.U(6)), text_of(f.U(8)), *prefix,
                        CollectorPeer{*ip, static_cast<Asn>(f.U(10))}, f.Int(11),
                        f.IsNull(12) ? std::nullopt : std::optional<std::int64_t>(f.Int(12)));
      });
    }
    texts.clear();
    if (batches->size() > 1) {
      // What joins one ingest of a peer to the one before it.
      auto firsts = Query(
          fmt::format("SELECT batch, peer_ip, asn, prefix, seq, time, occ_begin, occ_end FROM "
                      "{}.first_events WHERE {} AND (peer_ip, asn) GLOBAL IN (SELECT DISTINCT "
                      "peer_ip, peer_asn "
                      "FROM {}.occurrences WHERE {} AND end IS NULL) FORMAT TabSeparated",
                      url_.database, where, url_.database, where));
      if (!firsts) return Unexpected<Error>(firsts.error());
      ForEachLine(*firsts, [&](const Fields& f) {
        auto ip = IpAddress::Parse(f.Text(1));
        auto prefix = parse_prefix(f.Text(3));
        if (!ip || !prefix) return;
        m.AddFirstEvent(rank[f.Text(0)], CollectorPeer{*ip, static_cast<Asn>(f.U(2))}, *prefix,
                        f.U(4), f.Int(5), static_cast<std::uint32_t>(f.U(6)),
                        static_cast<std::uint32_t>(f.U(7)));
      });
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
    }
    if (!bad) return Unexpected<Error>(bad.error());
    PeriodResult result = m.Finish();
    auto merged = Stage(result, "merged");
    if (!merged) return Unexpected<Error>(merged.error());
    MANRS_TRY(FinishBatch(p, *merged));
    return result;
  }

  // The input-only per-AS facts (and contacts) of the batches: each AS's
  // from the first batch (in merge order) that has it.
  Status ReadStaticFacts(const std::string& where, const std::vector<Staged>& batches,
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

  Status FinishBatch(const Period& p, const std::string& batch) {
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

  Result<std::vector<Period>> Periods() override {
    auto text = Query(fmt::format(
        "SELECT DISTINCT period_start, period_end FROM {}.periods ORDER BY period_start, "
        "period_end FORMAT TabSeparated",
        url_.database));
    if (!text) return Unexpected<Error>(text.error());
    std::vector<Period> out;
    ForEachLine(*text, [&](const Fields& f) { out.push_back(Period{f.Int(0), f.Int(1)}); });
    return out;
  }

  Result<ObservationSummary> Summary(const Period& p) override {
    auto text = Query(fmt::format(
        "SELECT min_peers, elements, as_set_routes, peers, prefixes, problems, inputs FROM "
        "{}.periods WHERE {} ORDER BY written_at DESC LIMIT 1 FORMAT TabSeparated",
        url_.database, PeriodWhere(p)));
    if (!text) return Unexpected<Error>(text.error());
    std::optional<ObservationSummary> s;
    ForEachLine(*text, [&](const Fields& f) {
      s.emplace();
      s->min_peers = static_cast<int>(f.Int(0));
      s->elements = f.U(1);
      s->as_set_routes = f.U(2);
      s->peers = f.U(3);
      s->prefixes = f.U(4);
      s->problems = f.U(5);
      const std::string inputs = f.Text(6);
      std::size_t start = 0;
      while (start < inputs.size()) {
        std::size_t nl = inputs.find('\n', start);
        if (nl == std::string::npos) nl = inputs.size();
        s->inputs.push_back(inputs.substr(start, nl - start));
        start = nl + 1;
      }
    });
    if (!s) return NoPeriod(p);
    return *s;
  }

  Result<std::optional<AsReport>> Report(const Period& p, Asn asn) override {
    std::optional<AsReport> out;
    MANRS_TRY(ReadReports(p, fmt::format("asn = {}", asn), [&](const AsReport& r) -> Status {
      out = r;
      return {};
    }));
    return out;
  }

  Status ForEachReport(const Period& p,
                       const std::function<Status(const AsReport&)>& visit) override {
    return ReadReports(p, "1", visit);
  }

  Result<std::vector<HistoryPoint>> History(Asn asn) override {
    auto periods = Periods();
    if (!periods) return Unexpected<Error>(periods.error());
    std::vector<HistoryPoint> out;
    for (const Period& p : *periods) {
      MANRS_TRY(ReadReports(p, fmt::format("asn = {}", asn), [&](const AsReport& r) -> Status {
        HistoryPoint h;
        h.period = p;
        h.metrics = r.metrics;
        h.incidents = r.incidents.size();
        out.push_back(std::move(h));
        return {};
      }));
    }
    return out;
  }

 private:
  std::string BaseUrl(const std::string& host, int port) const {
    // Statements name the database: it may not exist yet (--init).
    return fmt::format("http://{}:{}/?", host, port);
  }

  // Runs a statement on host:port (default: the URL's); the body on success.
  Result<std::string> Query(const std::string& sql, const std::string& data = {},
                            const std::string& host = {}, int port = 0) {
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

  static void ForEachLine(const std::string& text, const std::function<void(const Fields&)>& f) {
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      f(Fields(std::string_view(text).substr(start, nl - start)));
      start = nl + 1;
    }
  }

  Status FindShards() {
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
      return MakeError(ErrorCode::kBadValue,
                       fmt::format("{}: the server knows no cluster '{}' (remote_servers)", spec_,
                                   url_.cluster));
    }
    return CheckShards();
  }

  // Every shard answers (through the cluster, as the Distributed tables
  // reach it); fills each shard's HTTP port from its http_port macro.
  Status CheckShards() {
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

  Status InitShard(const Shard& s) {
    auto run = [&](const std::string& sql) -> Status {
      auto r = Query(sql, {}, s.host, s.http_port);
      if (!r) {
        return MakeError(ErrorCode::kIo, fmt::format("shard {}: {}", s.number, r.error().message));
      }
      return {};
    };
    const std::string& db = url_.database;
    auto ask = [&](const std::string& sql) { return Query(sql, {}, s.host, s.http_port); };
    MANRS_TRY(run(fmt::format("CREATE DATABASE IF NOT EXISTS {}", db)));
    MANRS_TRY(run(fmt::format(
        "CREATE TABLE IF NOT EXISTS {}.meta (key String, value String) ENGINE = MergeTree ORDER "
        "BY key",
        db)));
    auto version =
        ask(fmt::format("SELECT max(toInt32OrZero(value)) FROM {}.meta WHERE key = "
                        "'schema_version'",
                        db));
    if (!version) return Unexpected<Error>(version.error());
    const int v = std::atoi(version->c_str());
    if (v > kClickHouseSchemaVersion) return {};  // a newer store: Open refuses it
    for (const auto& t : kTables) {
      const std::string_view name = t[0];
      const bool per_period = name == "periods" || name == "staged" || name == "peers";
      const bool per_as = name == "as_facts" || name == "as_counts" || name == "paths" ||
                          name == "occurrences" || name == "first_events" || name == "peer_downs";
      const std::string order = per_period         ? "period_start, period_end, batch"
                                : per_as           ? "period_start, period_end, asn, batch"
                                : name == "routes" ? "period_start, period_end, asn, prefix, batch"
                                                   : "period_start, period_end, asn, batch, seq";
      MANRS_TRY(run(fmt::format(
          "CREATE TABLE IF NOT EXISTS {0}.{1}_local (period_start Int64, period_end Int64, batch "
          "String, {2}) ENGINE = MergeTree ORDER BY ({3})",
          db, name, t[1], order)));
      MANRS_TRY(run(fmt::format(
          "CREATE TABLE IF NOT EXISTS {0}.{1} AS {0}.{1}_local ENGINE = Distributed({2}, {0}, "
          "{1}_local, {3})",
          db, name, url_.cluster, per_period ? "period_start" : "asn")));
    }
    // An older store: the columns added since, on the local and the
    // Distributed table (both carry the column list).
    for (const auto& [table, column, type] : kAddedColumns) {
      for (const std::string& name : {std::string(table) + "_local", std::string(table)}) {
        auto have = ask(fmt::format(
            "SELECT count() FROM system.columns WHERE database = '{}' AND table = '{}' AND name = "
            "'{}'",
            db, name, column));
        if (!have) return Unexpected<Error>(have.error());
        if (std::atoi(have->c_str()) == 0) {
          MANRS_TRY(run(fmt::format("ALTER TABLE {}.{} ADD COLUMN {} {}", db, name, column, type)));
        }
      }
    }
    // The version last, once the schema is complete. An old version row is
    // replaced by recreating the (two-row) table: killed in between, the
    // store has no version and says to run --init, which resumes here.
    if (v != kClickHouseSchemaVersion) {
      if (v != 0) {
        MANRS_TRY(run(fmt::format("DROP TABLE {}.meta", db)));
        MANRS_TRY(run(fmt::format(
            "CREATE TABLE {}.meta (key String, value String) ENGINE = MergeTree ORDER BY key",
            db)));
      }
      MANRS_TRY(run(fmt::format(
          "INSERT INTO {}.meta VALUES ('application', 'manrs-observatory'), ('schema_version', "
          "'{}')",
          db, kClickHouseSchemaVersion)));
    }
    return {};
  }

  static std::string NewBatchId() {
    std::random_device rd;
    return fmt::format("{:08x}{:08x}-{}", rd(), rd(), getpid());
  }

  static std::string PeriodWhere(const Period& p) {
    return fmt::format("period_start = {} AND period_end = {}", p.start, p.end);
  }

  Status Insert(const std::string& table, const std::string& rows) {
    if (rows.empty()) return {};
    auto r =
        Query(fmt::format("INSERT INTO {}.{} FORMAT TabSeparated", url_.database, table), rows);
    if (!r) return Unexpected<Error>(r.error());
    return {};
  }

  // The cluster computes each AS's prefix counts of the batch: a GROUP BY on
  // every shard over its ASes, written back sharded by ASN.
  Status Finish(const Period& p, const std::string& batch) {
    auto r = Query(fmt::format(
        "INSERT INTO {0}.as_counts SELECT period_start, period_end, batch, asn, count(), "
        "countIf(rpki = 'valid'), countIf(rpki = 'invalid'), countIf(rpki = 'not-found'), "
        "countIf(irr IN ('registered', 'covered')), countIf(irr = 'not-registered') FROM "
        "{0}.prefixes WHERE {1} AND batch = '{2}' GROUP BY period_start, period_end, batch, asn",
        url_.database, PeriodWhere(p), batch));
    if (!r) return Unexpected<Error>(r.error());
    return {};
  }

  // The six sav_* columns from column c; nullopt: unmeasured.
  static std::optional<AntiSpoofing> ReadAntiSpoofing(const Fields& f, std::size_t c) {
    if (f.IsNull(c)) return std::nullopt;
    AntiSpoofing a;
    a.packets = f.U(c);
    a.spoofed_packets = f.U(c + 1);
    a.martian = f.U(c + 2);
    a.bogon = f.U(c + 3);
    a.not_allowed = f.U(c + 4);
    const std::string files = f.Text(c + 5);
    for (std::size_t from = 0; from < files.size();) {
      std::size_t nl = files.find('\n', from);
      if (nl == std::string::npos) nl = files.size();
      a.files.push_back(files.substr(from, nl - from));
      from = nl + 1;
    }
    return a;
  }

  // The batch the period's newest row names; nullopt: no such period.
  Result<std::optional<std::string>> Batch(const Period& p) {
    auto text = Query(
        fmt::format("SELECT batch FROM {}.periods WHERE {} ORDER BY written_at DESC LIMIT 1 FORMAT "
                    "TabSeparated",
                    url_.database, PeriodWhere(p)));
    if (!text) return Unexpected<Error>(text.error());
    if (text->empty()) return std::optional<std::string>();
    return std::optional<std::string>(
        Fields(std::string_view(*text).substr(0, text->find('\n'))).Text(0));
  }

  Status ReadReports(const Period& p, const std::string& asn_filter,
                     const std::function<Status(const AsReport&)>& visit) {
    auto batch = Batch(p);
    if (!batch) return Unexpected<Error>(batch.error());
    if (!*batch) return Status(NoPeriod(p));
    const std::string where =
        fmt::format("{} AND batch = '{}' AND {}", PeriodWhere(p), **batch, asn_filter);
    auto select = [&](const char* columns, const char* table, const char* order) {
      return Query(fmt::format("SELECT {} FROM {}.{} WHERE {} ORDER BY {} FORMAT TabSeparated",
                               columns, url_.database, table, where, order));
    };
    auto facts = select(
        "asn, bogon_prefixes, bogon_prefixes_administrative, bogon_asns, "
        "bogon_asns_administrative, irr_measured, customers_measured, customer_bogon_prefixes, "
        "customer_bogon_asns, policy_registered, contacts_registered, aspa_measured, has_aspa, "
        "aspa_valid, aspa_invalid, aspa_unknown, m1, m1c, m2, m2c, m3, m3c, m4, m4c, "
        "filtering_score, filtering_label, anti_spoofing_score, anti_spoofing_label, "
        "coordination_score, coordination_label, global_validation_score, "
        "global_validation_label, scores_text, sav_packets, sav_spoofed_packets, sav_martian, "
        "sav_bogon, sav_not_allowed, sav_files",
        "as_facts", "asn");
    if (!facts) return Unexpected<Error>(facts.error());
    std::map<Asn, AsReport> reports;
    ForEachLine(*facts, [&](const Fields& f) {
      AsReport& r = reports[static_cast<Asn>(f.U(0))];
      r.period = p;
      AsMetrics& m = r.metrics;
      std::size_t c = 0;
      m.asn = static_cast<Asn>(f.U(c++));
      m.bogon_prefixes = f.U(c++);
      m.bogon_prefixes_administrative = f.U(c++);
      m.bogon_asns = f.U(c++);
      m.bogon_asns_administrative = f.U(c++);
      m.irr_measured = f.U(c++) != 0;
      m.customers_measured = f.U(c++) != 0;
      m.customer_bogon_prefixes = f.U(c++);
      m.customer_bogon_asns = f.U(c++);
      m.policy_registered = f.OptBool(c++);
      m.contacts_registered = f.OptBool(c++);
      m.aspa_measured = f.U(c++) != 0;
      m.has_aspa = f.U(c++) != 0;
      m.aspa_valid = f.U(c++);
      m.aspa_invalid = f.U(c++);
      m.aspa_unknown = f.U(c++);
      for (auto& kind : m.incident_score) {
        kind[0] = f.Real(c++);
        kind[1] = f.Real(c++);
      }
      for (Readiness& rd : m.actions) {
        ++c;  // the Float64 column, rounded by the server's parser
        rd.label = ReadinessLabelFromName(f.Text(c++));
      }
      const std::string exact = f.Text(c++);
      m.anti_spoofing = ReadAntiSpoofing(f, c);
      std::size_t at = 0;
      for (Readiness& rd : m.actions) {
        std::size_t sp = exact.find(' ', at);
        if (sp == std::string::npos) sp = exact.size();
        const std::string one = exact.substr(at, sp - at);
        rd.score = one == "null" || one.empty()
                       ? std::nullopt
                       : std::optional<double>(std::strtod(one.c_str(), nullptr));
        at = sp + 1;
      }
    });
    auto counts = select(
        "DISTINCT asn, prefixes, rpki_valid, rpki_invalid, rpki_not_found, irr_registered, "
        "irr_not_registered",
        "as_counts", "asn");
    if (!counts) return Unexpected<Error>(counts.error());
    ForEachLine(*counts, [&](const Fields& f) {
      auto it = reports.find(static_cast<Asn>(f.U(0)));
      if (it == reports.end()) return;
      AsMetrics& m = it->second.metrics;
      m.prefixes = f.U(1);
      m.rpki_valid = f.U(2);
      m.rpki_invalid = f.U(3);
      m.rpki_not_found = f.U(4);
      m.irr_registered = f.U(5);
      m.irr_not_registered = f.U(6);
    });
    auto contacts = select("asn, source, object, role, email, phone", "contacts", "asn, seq");
    if (!contacts) return Unexpected<Error>(contacts.error());
    ForEachLine(*contacts, [&](const Fields& f) {
      auto it = reports.find(static_cast<Asn>(f.U(0)));
      if (it == reports.end()) return;
      it->second.metrics.contacts.push_back(
          Contact{f.Text(1), f.Text(2), f.Text(3), f.Text(4), f.Text(5)});
    });
    auto prefixes = select("asn, prefix, rpki, irr, peers, bogon", "prefixes", "asn, seq");
    if (!prefixes) return Unexpected<Error>(prefixes.error());
    Status bad;
    ForEachLine(*prefixes, [&](const Fields& f) {
      auto it = reports.find(static_cast<Asn>(f.U(0)));
      if (it == reports.end() || !bad) return;
      auto prefix = Prefix::Parse(f.Text(1));
      if (!prefix) {
        bad = MakeError(ErrorCode::kBadValue,
                        fmt::format("{}: bad prefix '{}' stored", spec_, f.Text(1)));
        return;
      }
      it->second.prefixes.push_back(PrefixState{*prefix, RovStateFromStoredName(f.Text(2)),
                                                IrrStateFromName(f.Text(3)),
                                                static_cast<std::uint32_t>(f.U(4)), f.U(5) != 0});
    });
    if (!bad) return bad;
    auto incidents = select(
        "asn, kind, role, culprit, start, end, score, confidence, bogon_class, prefix_count, "
        "route_count, peer_count, evidence",
        "incidents", "asn, seq");
    if (!incidents) return Unexpected<Error>(incidents.error());
    ForEachLine(*incidents, [&](const Fields& f) {
      auto it = reports.find(static_cast<Asn>(f.U(0)));
      if (it == reports.end()) return;
      Incident i;
      i.kind = ParseIncidentKind(f.Text(1)).value_or(IncidentKind::kHijack);
      i.role = f.Text(2) == "accomplice" ? IncidentRole::kAccomplice : IncidentRole::kCulprit;
      i.asn = it->first;
      i.culprit = static_cast<Asn>(f.U(3));
      i.start = f.Int(4);
      if (!f.IsNull(5)) i.end = f.Int(5);
      i.score = f.Real(6);
      i.confidence = f.Text(7);
      i.bogon_class = f.Text(8);
      i.prefix_count = f.U(9);
      i.route_count = f.U(10);
      i.peer_count = f.U(11);
      i.evidence_json = f.Text(12);
      it->second.incidents.push_back(std::move(i));
    });
    for (auto& [asn, r] : reports) MANRS_TRY(visit(r));
    return {};
  }

  Unexpected<Error> NoPeriod(const Period& p) {
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("{}: no period {} in the store", spec_, ToString(p)));
  }

  std::string spec_;
  ClickHouseUrl url_;
  std::vector<Shard> shards_;
};

}  // namespace

Result<ClickHouseUrl> ParseClickHouseUrl(const std::string& url) {
  constexpr std::string_view kScheme = "clickhouse://";
  auto bad = [&](const char* why) {
    return MakeError(
        ErrorCode::kParse,
        fmt::format("store '{}': {} (clickhouse://HOST:PORT/DATABASE?cluster=NAME)", url, why));
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
  if (q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    if (query.rfind("cluster=", 0) != 0) return bad("the only parameter is cluster=NAME");
    out.cluster = query.substr(8);
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
                                  const ObserveConfig& config) {
  auto store = Open(url, StoreAccess::kReadWrite);
  if (!store) return Unexpected<Error>(store.error());
  auto batch = (*store)->StageObservation(observer, period, summary, config);
  if (!batch) return Unexpected<Error>(batch.error());
  return {};
}

Result<PeriodResult> FinishClickHousePeriod(const std::string& url, const Period& period) {
  auto store = Open(url, StoreAccess::kReadWrite);
  if (!store) return Unexpected<Error>(store.error());
  return (*store)->FinishPeriod(period);
}

}  // namespace manrs
