// Several observations of one period merged into one PeriodResult: what a
// store that takes several ingesters' route-level facts of a period (the
// ClickHouse store, doc/clickhouse.md "Several ingesters into one period")
// computes at finish. The result is what one Observer over all the
// observations' elements computes (Observer::Finish), provided every
// collector peer's elements are in one observation; doc/clickhouse.md says
// what differs when a peer's stream is split.
//
//   ObservationMerge m;  m.period = ...; m.config = ...;
//   m.facts[asn] = StaticAsMetrics(inputs, asn, &directory);  // every AS seen
//   m.prefixes.push_back(...);       // the visible (prefix, origin) pairs
//   m.AddOccurrence(...);            // every observation's occurrences
//   PeriodResult r = m.Finish();
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
  PrefixState state;  // peers: the distinct peers of all observations
  bool administrative = false;  // an administrative bogon (state.bogon is set)
};

struct ObservationMerge {
  Period period;
  ObserveConfig config;
  ObservationSummary summary;
  std::map<Asn, AsMetrics> facts;  // StaticAsMetrics of every AS any observation saw
  std::vector<MergedPrefix> prefixes;  // the (prefix, origin) pairs visible over all
  std::map<Asn, std::array<std::uint64_t, 3>> aspa;  // distinct paths per AspaState

  // One occurrence of any observation (Observer::OccurrenceFact); end
  // nullopt: open.
  void AddOccurrence(const Offence& offence, bool customer, std::string_view reason,
                     std::string_view path, const Prefix& prefix, const CollectorPeer& peer,
                     std::int64_t start, std::optional<std::int64_t> end);

  // The reports, sorted by ASN, and the summary.
  PeriodResult Finish() const;

 private:
  std::uint32_t Id(std::vector<std::string>* texts,
                   std::unordered_map<std::string, std::uint32_t>* ids, std::string_view text);

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
