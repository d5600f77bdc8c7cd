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
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
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
  // Shards, one worker thread each; 1: everything on the caller's thread.
  int threads = 1;
};

struct ObserverStats {
  std::uint64_t elements = 0;  // announcements, RIB entries and withdrawals seen
  std::uint64_t routes = 0;    // announcements and RIB entries
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

  // The counts of the elements seen; complete once Finish has run.
  const ObserverStats& stats() const { return stats_; }

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
