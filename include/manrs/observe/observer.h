// Observer: computes one observatory period from route elements (RIB entries
// and UPDATEs, in time order per peer) against the RPKI, the IRR, AS
// relationships, bogon lists and PeeringDB. Every definition it applies is
// in doc/observatory.md; this is the one implementation of them.
//
//   Observer observer(inputs, config);
//   reader->ForEach([&](const Element& e) { observer.Add(e); });
//   PeriodResult result = observer.Finish(period);
//
// Per route the work is two hash lookups: one for the (prefix, origin)
// facts (ROV state, IRR state, bogon prefix; computed once per pair) and
// one for the AS path facts (bogon ASNs, valley-free, ASPA; once per
// distinct path). Routes with an offence feed the IncidentTracker.
//
// With config.threads > 1 the state is sharded by prefix over that many
// worker threads: Add copies each element into its shard's queue (a peer's
// state change into every shard's), so each (peer, prefix) is seen in
// order, and Finish merges the shards. The result is the same whatever the
// number of threads (doc/observatory.md, "Threads").
#ifndef MANRS_OBSERVE_OBSERVER_H_
#define MANRS_OBSERVE_OBSERVER_H_

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "manrs/bgp/element.h"
#include "manrs/irr/database.h"
#include "manrs/observe/announcements.h"
#include "manrs/observe/incidents.h"
#include "manrs/observe/report.h"
#include "manrs/peeringdb/peeringdb.h"
#include "manrs/rpki/aspa_verification.h"
#include "manrs/rpki/vrp_table.h"
#include "manrs/validate/as_relationships.h"
#include "manrs/validate/bogons.h"

namespace manrs {

// The data a period is measured against; each table is optional except the
// VRPs, and must outlive the Observer.
struct ObserveInputs {
  const VrpTable* vrps = nullptr;  // REQUIRED
  const AspaTable* aspas = nullptr;
  const IrrDatabase* irr = nullptr;
  const AsRelationships* relationships = nullptr;
  const BogonPrefixes* bogons = nullptr;  // null: none (pass BogonPrefixes::BuiltIn())
  const PeeringDb* peeringdb = nullptr;
  // Anti-spoofing results per AS (sav_results.h); null or absent: unmeasured.
  const std::map<Asn, AntiSpoofing>* anti_spoofing = nullptr;
};

struct ObserveConfig {
  int min_peers = kDefaultMinPeers;  // the visibility rule (announcements.h)
  IncidentOptions incidents;
  // Since 2024 the Observatory leaves leaks out of the score; true puts them back.
  bool leaks_count = false;
  // Readiness labels: score >= ready is "ready", >= aspiring "aspiring", else "lagging".
  double ready = 90;
  double aspiring = 50;
  // Filtering readiness: 100 - filtering_penalty x (sum of incident scores), floored at 0.
  double filtering_penalty = 20;
  // Keep what a store that merges several observations needs besides the
  // tables every observation has: each path's origin, ASPA state and text
  // (Observer::ForEachPathFact), each route's last path and first and last
  // sighting (RouteSeen), the first UPDATE event of each (peer,
  // prefix) and each peer's first session-down (ForEachFirstEvent, to join
  // this observation to an earlier one of the same peers). The facts are
  // one shard's, so this runs the observer on one shard whatever threads says.
  bool record_route_facts = false;
  // Shards, one worker thread each; 1: everything on the caller's thread.
  int threads = 1;
};

struct ObserverStats {
  std::uint64_t elements = 0;  // announcements, RIB entries and withdrawals seen
  std::uint64_t routes = 0;    // announcements and RIB entries
  std::uint64_t rib_entries = 0;
  std::uint64_t as_set_routes = 0;
  std::uint64_t no_path_routes = 0;            // empty AS path (iBGP at the collector): skipped
  std::uint64_t distinct_paths = 0;            // set by Finish
  std::int64_t first_time = 0, last_time = 0;  // of the elements seen (0: none)
};

class Observer {
 public:
  Observer(const ObserveInputs& inputs, const ObserveConfig& config);
  // The same with the inputs still loading (723 k VRPs take a third of a
  // second): with threads > 1 the elements queue for the workers, which wait
  // for inputs; with one thread the first Add waits. Inputs without VRPs (the
  // load failed) make the observer drop every element; the caller reports it.
  Observer(std::shared_future<ObserveInputs> inputs, const ObserveConfig& config);
  ~Observer();
  Observer(const Observer&) = delete;
  Observer& operator=(const Observer&) = delete;

  // One element; withdrawals and session state changes end incidents.
  // Called from one thread at a time.
  void Add(const Element& element);

  // The reports of every AS that announced a prefix or took part in an
  // incident, for period (nullopt: the span of the element timestamps).
  // Waits for the workers; call it once, after the last Add.
  PeriodResult Finish(std::optional<Period> period);

  // Waits for the workers and sums their counts into stats(); Finish calls
  // it. A merging store calls it after the last Add, before reading facts.
  void Flush();

  // The counts of the elements seen; complete once Flush (or Finish) has run.
  const ObserverStats& stats() const { return stats_; }

  // Route-level facts, for a store that merges several observers' facts of
  // one period (merge.h; doc/clickhouse.md "Several ingesters into one
  // period"). Valid until the next Add; call Flush first. ForEachPathFact, ForEachFirstEvent
  // and ForEachPeerDown need ObserveConfig::record_route_facts.
  struct OriginFact {  // one (prefix, origin) and the peers that saw it
    const Prefix& prefix;
    Asn origin;
    RovState rpki;
    IrrState irr;
    std::uint8_t bogon;    // 0 none, 1 full, 2 administrative
    const PeerSet& peers;  // ids into peers()
    std::uint32_t id;      // for RouteSeen
  };
  struct PathFact {  // one distinct AS path, by the observer's 128-bit identity
    Asn origin;
    std::uint64_t key_a, key_b;
    std::int8_t aspa;       // AspaState; -1 with no ASPAs loaded
    std::string_view text;  // with record_route_facts (else empty)
  };
  // With record_route_facts: of one route (a peer of an OriginFact), the AS
  // path it had last (its PathFact identity and ASPA state) and the first
  // and last time an element announced it (a withdrawal is not a sighting).
  struct RouteSeenFact {
    std::uint64_t key_a, key_b;
    std::int8_t aspa;
    std::int64_t first_seen, last_seen;
  };
  struct OccurrenceFact {  // one incident occurrence (incidents.h)
    const Offence& offence;
    bool customer;  // the accomplice is the culprit's provider (M3C/M4C)
    std::string_view reason, path;
    const Prefix& prefix;
    const CollectorPeer& peer;
    std::int64_t start;
    std::optional<std::int64_t> end;  // nullopt: still open
    std::uint32_t index;              // in the order the observer opened them
  };
  // With ObserveConfig::record_route_facts: the first UPDATE event of a
  // (peer, prefix) (seq: its position among the elements), and the
  // occurrences it opened, [begin, end) of the OccurrenceFact indexes ...
  struct FirstEventFact {
    const CollectorPeer& peer;
    const Prefix& prefix;
    std::uint64_t seq;
    std::int64_t time;
    std::uint32_t begin, end;
  };
  // ... and the first session-down of a peer.
  struct PeerDownFact {
    const CollectorPeer& peer;
    std::uint64_t seq;
    std::int64_t time;
  };
  const ObserveInputs& inputs() const;
  const std::vector<CollectorPeer>& peers() const;
  void ForEachOriginFact(const std::function<void(const OriginFact&)>& f) const;
  // nullopt: not recorded (record_route_facts unset).
  std::optional<RouteSeenFact> RouteSeen(std::uint32_t origin_id, std::uint32_t peer) const;
  void ForEachPathFact(const std::function<void(const PathFact&)>& f) const;
  void ForEachOccurrenceFact(const std::function<void(const OccurrenceFact&)>& f) const;
  void ForEachFirstEvent(const std::function<void(const FirstEventFact&)>& f) const;
  void ForEachPeerDown(const std::function<void(const PeerDownFact&)>& f) const;

 private:
  struct Shard;
  struct Pipeline;
  std::size_t ShardOf(const Prefix& prefix) const;

  // Sets every shard's inputs from pending_, once.
  void ResolveInputs();

  ObserveConfig config_;
  std::shared_future<ObserveInputs> pending_;  // valid until resolved
  std::vector<std::unique_ptr<Shard>> shards_;
  std::unique_ptr<Pipeline> pipeline_;  // null with one shard; stops before shards_ go
  ObserverStats stats_;
};

// The readiness of each action from the metrics (doc/observatory.md).
void ComputeReadiness(const ObserveConfig& config, AsMetrics* metrics);

}  // namespace manrs

#endif  // MANRS_OBSERVE_OBSERVER_H_
