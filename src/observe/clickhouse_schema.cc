// ClickHouseStore: opening a store at its schema version, and --init:
// the tables on every shard and the migration from earlier schemas.
#include <cstdlib>
#include <string>

#include "fmt/format.h"
#include "observe/clickhouse_store_impl.h"

namespace manrs::clickhouse_internal {

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
     "bogon UInt8, "
     // Schema 3: the ingest's collector, the route's last AS path (its
     // identity in `paths`) and that path's ASPA state, and the first and
     // last time an element announced the route.
     "collector String, path FixedString(32), aspa Int8, first_seen Int64, last_seen Int64"},
    // ... each distinct AS path (the observer's 128-bit identity) with its
    // origin and ASPA state (-1: no ASPAs loaded) ...
    {"paths", "asn UInt32, path FixedString(32), aspa Int8, text String"},  // text: schema 3
    // ... each incident occurrence (asn: the culprit) ...
    {"occurrences",
     "asn UInt32, kind String, accomplice UInt32, low_confidence UInt8, administrative UInt8, "
     "customer UInt8, reason String, prefix String, path String, peer_ip String, "
     "peer_asn UInt32, start Int64, end Nullable(Int64), seq UInt32"},
    // ... the collector peers the ingest saw ...
    {"peers", "ip String, asn UInt32, collector String"},  // collector: schema 3
    // ... and, to join it to an earlier ingest of the same peers, the first
    // UPDATE event of each (peer, prefix) with the occurrences it opened
    // [occ_begin, occ_end), and each peer's first session-down (asn: the
    // peer's).
    {"first_events",
     "asn UInt32, peer_ip String, prefix String, seq UInt64, time Int64, occ_begin UInt32, "
     "occ_end UInt32"},
    {"peer_downs", "asn UInt32, peer_ip String, seq UInt64, time Int64"},
    // Schema 3: what a finish's join (ObservationMerge::JoinChanges) changes
    // of the occurrences: batch and seq name the occurrence, asn its culprit
    // (the sharding of `occurrences`), merge the finish's own batch id; end
    // the new end (INT64_MAX: open), dropped: it continues an earlier one.
    {"occurrence_ends", "merge String, asn UInt32, seq UInt32, end Int64, dropped UInt8"},
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
    {"routes", "collector", "String"},
    {"routes", "path", "FixedString(32)"},
    {"routes", "aspa", "Int8"},
    {"routes", "first_seen", "Int64"},
    {"routes", "last_seen", "Int64"},
    {"paths", "text", "String"},
    {"peers", "collector", "String"},
};

}  // namespace

Status ClickHouseStore::Open(StoreAccess access) {
  MANRS_TRY(FindShards());
  if (access == StoreAccess::kReadWrite) {
    for (const Shard& s : shards_) MANRS_TRY(InitShard(s));
  }
  auto version = Query(fmt::format(
      "SELECT max(toInt32OrZero(value)) FROM {}.meta WHERE key = 'schema_version'", url_.database));
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

Status ClickHouseStore::InitShard(const Shard& s) {
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
                        name == "occurrences" || name == "first_events" || name == "peer_downs" ||
                        name == "occurrence_ends";
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
          "CREATE TABLE {}.meta (key String, value String) ENGINE = MergeTree ORDER BY key", db)));
    }
    MANRS_TRY(run(fmt::format(
        "INSERT INTO {}.meta VALUES ('application', 'manrs-observatory'), ('schema_version', "
        "'{}')",
        db, kClickHouseSchemaVersion)));
  }
  return {};
}

}  // namespace manrs::clickhouse_internal
