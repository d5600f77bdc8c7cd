// Several observations of one period merged into one PeriodResult: what a
// store that takes several ingesters' route-level facts of a period (the
// ClickHouse store, doc/clickhouse.md "Several ingesters into one period")
// computes at finish. The result is what one Observer over all the
// observations' elements computes (Observer::Finish) when a peer's
// elements are split across observations in time order, the RIB first
// (doc/clickhouse.md).
//
//   ObservationMerge m;  m.period = ...; m.config = ...;
//   m.facts[asn] = StaticAsMetrics(inputs, asn, &directory);  // every AS seen
//   m.prefixes.push_back(...);       // the visible (prefix, origin) pairs
//   m.AddOccurrence(...);            // every observation's occurrences,
//   m.AddFirstEvent(...);            // first events and session-downs
//   m.AddPeerDown(...);
//   PeriodResult r = m.Finish();
//
// A store that computes the incidents itself (the ClickHouse store) adds
// only the occurrences the join needs, takes JoinChanges(), and fills
// `totals` from its incidents before Finish.
#ifndef MANRS_OBSERVE_MERGE_H_
#define MANRS_OBSERVE_MERGE_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "manrs/observe/announcements.h"
#include "manrs/observe/incidents.h"
#include "manrs/observe/observer.h"
#include "manrs/observe/registration.h"
#include "manrs/observe/report.h"

namespace manrs {

// The part of an AS's metrics that depends only on the inputs (IRR,
// PeeringDB, ASPAs, relationships, anti-spoofing results), not on routes:
// asn, irr_measured, customers_measured, policy_registered,
// contacts_registered, contacts, aspa_measured, has_aspa, anti_spoofing.
AsMetrics StaticAsMetrics(const ObserveInputs& inputs, Asn asn, const ContactDirectory* directory);

struct MergedPrefix {
  Asn origin = 0;
  PrefixState state;            // peers: the distinct peers of all observations
  bool administrative = false;  // an administrative bogon (state.bogon is set)
};

struct ObservationMerge {
  Period period;
  ObserveConfig config;
  ObservationSummary summary;
  std::map<Asn, AsMetrics> facts;      // StaticAsMetrics of every AS any observation saw
  std::vector<MergedPrefix> prefixes;  // the (prefix, origin) pairs visible over all
  std::map<Asn, std::array<std::uint64_t, 3>> aspa;  // distinct paths per AspaState

  // One occurrence of any observation (Observer::OccurrenceFact); end
  // nullopt: open. observation: its rank in time (the observations of one
  // peer are joined in this order: the one holding its RIB first), index:
  // OccurrenceFact::index.
  void AddOccurrence(std::size_t observation, std::uint32_t index, const Offence& offence,
                     bool customer, std::string_view reason, std::string_view path,
                     const Prefix& prefix, const CollectorPeer& peer, std::int64_t start,
                     std::optional<std::int64_t> end);
  // The first UPDATE event of (peer, prefix) in an observation, and the
  // occurrences it opened (Observer::FirstEventFact) ...
  void AddFirstEvent(std::size_t observation, const CollectorPeer& peer, const Prefix& prefix,
                     std::uint64_t seq, std::int64_t time, std::uint32_t begin, std::uint32_t end);
  // ... and a peer's first session-down in it (Observer::PeerDownFact).
  void AddPeerDown(std::size_t observation, const CollectorPeer& peer, std::uint64_t seq,
                   std::int64_t time);

  // A store that computes the incidents itself from its occurrences (the
  // ClickHouse store, doc/clickhouse.md) asks only for what the join
  // changes: the occurrences added here whose end it moves (end INT64_MAX:
  // still open) and those it drops (they continue an earlier observation's
  // occurrence). Needs only the occurrences of the routes a later
  // observation has a first event for, or whose peer it has a session-down
  // for (and the reason and path texts may be empty); then Finish adds no
  // incidents of its own, and the store fills `totals`.
  struct EndChange {
    std::size_t observation;
    std::uint32_t index;
    Asn culprit;
    std::int64_t end;
    bool dropped;
  };
  std::vector<EndChange> JoinChanges();

  // What a store that computed the incidents itself (above) adds to each
  // AS's metrics in Finish: the incident scores by [kind][role] (as in
  // AsMetrics::incident_score) and the bogon counts of Observer::Finish
  // (bogon_asns, bogon_asns_administrative, customer_bogon_prefixes,
  // customer_bogon_asns). An AS named here gets a report.
  struct IncidentTotals {
    std::array<std::array<double, 2>, kIncidentKinds> score{};
    std::array<std::uint64_t, 4> bogons{};
  };
  std::map<Asn, IncidentTotals> totals;

  // The reports, sorted by ASN, and the summary. Joins the observations
  // first: an occurrence one left open ends at the next one's first event
  // for its (peer, prefix) or session-down of its peer, or, when that event
  // has the same offence, continues as the occurrence it opened, exactly as
  // one Observer over the observations' elements in that order.
  PeriodResult Finish();

 private:
  struct Pending {
    std::size_t observation;
    std::uint32_t index;
    Offence offence;  // reason: into reasons_
    bool customer;
    std::uint32_t path, peer;
    Prefix prefix;
    std::int64_t start, end;  // end INT64_MAX: open
    std::int64_t added_end;   // end as added, before the join
    bool dropped = false;     // continued an earlier observation's occurrence
  };
  struct First {
    std::uint64_t seq;
    std::int64_t time;
    std::uint32_t begin, end;
  };
  std::uint32_t Id(std::vector<std::string>* texts,
                   std::unordered_map<std::string, std::uint32_t>* ids, std::string_view text);
  std::uint32_t PeerId(const CollectorPeer& peer);
  void Join();

  std::vector<Pending> pending_;
  // By observation: (peer, prefix) -> first event, peer -> first down.
  std::map<std::size_t, std::map<std::pair<std::uint32_t, Prefix>, First>> firsts_;
  std::map<std::size_t, std::map<std::uint32_t, std::pair<std::uint64_t, std::int64_t>>> downs_;
  IncidentTracker tracker_;
  std::vector<std::string> reasons_, paths_;
  std::unordered_map<std::string, std::uint32_t> reason_ids_, path_ids_;
  std::vector<CollectorPeer> peers_;
  std::map<CollectorPeer, std::uint32_t> peer_ids_;
  // (AS, 0 bogon ASN / 1 administrative / 2 customers' bogon prefix / 3
  // customers' bogon ASN) -> prefix -> peers: M4, M3C, M4C.
  std::map<std::tuple<Asn, int>, std::map<Prefix, PeerSet>> bogon_sets_;
};

}  // namespace manrs

#endif  // MANRS_OBSERVE_MERGE_H_
