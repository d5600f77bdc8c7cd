// Observer::Finish: the shards merged into each AS's report, and the
// readiness of each action.
#include <algorithm>
#include <array>
#include <future>
#include <map>
#include <unordered_map>

#include "manrs/observe/merge.h"
#include "manrs/observe/registration.h"
#include "observe/as_facts.h"
#include "observe/observer_shard.h"

namespace manrs {

using observe_internal::OriginFacts;

void ComputeReadiness(const ObserveConfig& config, AsMetrics* m) {
  auto label = [&](std::optional<double> score) {
    Readiness r;
    r.score = score;
    if (!score) return r;
    r.label = *score >= config.ready      ? ReadinessLabel::kReady
              : *score >= config.aspiring ? ReadinessLabel::kAspiring
                                          : ReadinessLabel::kLagging;
    return r;
  };
  double incidents = 0;
  for (int k = 0; k < kIncidentKinds; ++k) {
    if (static_cast<IncidentKind>(k) == IncidentKind::kLeak && !config.leaks_count) continue;
    incidents += m->incident_score[static_cast<std::size_t>(k)][0] +
                 m->incident_score[static_cast<std::size_t>(k)][1];
  }
  m->actions[0] = label(std::max(0.0, 100.0 - config.filtering_penalty * incidents));
  // Anti-spoofing: the share of the AS's packets with an allowed source.
  m->actions[1] =
      label(m->anti_spoofing && m->anti_spoofing->packets
                ? std::optional<double>(
                      100.0 * (1.0 - static_cast<double>(m->anti_spoofing->spoofed_packets) /
                                         static_cast<double>(m->anti_spoofing->packets)))
                : std::nullopt);
  m->actions[2] =
      label(m->contacts_registered ? std::optional<double>(*m->contacts_registered ? 100.0 : 0.0)
                                   : std::nullopt);
  double sum = 0;
  int parts = 0;
  if (auto rpki = m->RpkiScore()) {
    sum += 100.0 * std::max(0.0, *rpki);
    ++parts;
  }
  if (auto irr = m->IrrShare()) {
    sum += 100.0 * *irr;
    ++parts;
  }
  if (m->policy_registered) {
    sum += *m->policy_registered ? 100.0 : 0.0;
    ++parts;
  }
  m->actions[3] = label(parts ? std::optional<double>(sum / parts) : std::nullopt);
}

namespace observe_internal {

std::uint64_t& BogonCount(AsMetrics& x, int cls) {
  return cls == 0   ? x.bogon_asns
         : cls == 1 ? x.bogon_asns_administrative
         : cls == 2 ? x.customer_bogon_prefixes
                    : x.customer_bogon_asns;
}

void AddIncident(Incident inc, AsReport* r) {
  if (inc.confidence == "high" && inc.bogon_class != "administrative") {
    r->metrics
        .incident_score[static_cast<std::size_t>(inc.kind)][static_cast<std::size_t>(inc.role)] +=
        inc.score;
  }
  r->incidents.push_back(std::move(inc));
}

void CompleteAsMetrics(const ObserveConfig& config, const AsMetrics* facts,
                       const std::array<std::uint64_t, 3>* aspa, AsMetrics* x) {
  if (facts) {
    x->irr_measured = facts->irr_measured;
    x->customers_measured = facts->customers_measured;
    x->policy_registered = facts->policy_registered;
    x->contacts_registered = facts->contacts_registered;
    x->contacts = facts->contacts;
    x->aspa_measured = facts->aspa_measured;
    x->has_aspa = facts->has_aspa;
    x->anti_spoofing = facts->anti_spoofing;
  }
  if (aspa) {
    x->aspa_valid = (*aspa)[0];
    x->aspa_invalid = (*aspa)[1];
    x->aspa_unknown = (*aspa)[2];
  }
  ComputeReadiness(config, x);
}

}  // namespace observe_internal

PeriodResult Observer::Finish(std::optional<Period> period) {
  Flush();
  const ObserveInputs& in = shards_[0]->in;
  std::vector<CollectorPeer> peers;
  std::uint64_t prefix_count = 0;
  for (const auto& shard : shards_) {
    peers.insert(peers.end(), shard->table.peers().begin(), shard->table.peers().end());
    prefix_count += shard->table.size();
  }
  std::sort(peers.begin(), peers.end());
  peers.erase(std::unique(peers.begin(), peers.end()), peers.end());

  PeriodResult result;
  result.period = period ? *period : Period{stats_.first_time, stats_.last_time};
  result.summary.elements = stats_.elements;
  result.summary.as_set_routes = stats_.as_set_routes;
  result.summary.peers = peers.size();
  result.summary.prefixes = prefix_count;
  result.summary.min_peers = config_.min_peers;

  std::map<Asn, AsReport> reports;
  auto report_of = [&](Asn asn) -> AsReport& {
    AsReport& r = reports[asn];
    r.metrics.asn = asn;
    r.period = result.period;
    return r;
  };
  // The incidents merge on a thread of their own meanwhile: it reads only
  // the trackers and their tables.
  std::vector<IncidentTracker::Source> sources;
  for (const auto& shard : shards_) {
    sources.push_back(IncidentTracker::Source{&shard->tracker, &shard->reasons, &shard->path_texts,
                                              &shard->table.peers()});
  }
  const Period incident_period = result.period;
  std::future<std::vector<Incident>> merged_incidents =
      std::async(shards_.size() > 1 ? std::launch::async : std::launch::deferred, [&] {
        return IncidentTracker::Merge(sources, incident_period, config_.incidents,
                                      static_cast<int>(shards_.size()));
      });
  // What each origin announces, by (origin, prefix): each shard's list is
  // sorted and they hold disjoint prefixes, so merging them keeps the order.
  auto by_origin = [](const auto& x, const auto& y) {
    return x.first.origin != y.first.origin ? x.first.origin < y.first.origin
                                            : x.first.prefix < y.first.prefix;
  };
  // With the facts of each pair (in its shard).
  std::vector<std::pair<Announcement, const OriginFacts*>> announced;
  for (const auto& shard : shards_) {
    const auto middle = static_cast<std::ptrdiff_t>(announced.size());
    for (const auto& [a, entry] : shard->table.AnnouncedEntries(config_.min_peers)) {
      announced.emplace_back(a, &shard->facts[entry->tag]);
    }
    std::inplace_merge(announced.begin(), announced.begin() + middle, announced.end(), by_origin);
  }
  AsReport* current = nullptr;  // the origin's, the list being by origin
  for (const auto& [a, facts] : announced) {
    const OriginFacts& f = *facts;
    if (!current || current->metrics.asn != a.origin) current = &report_of(a.origin);
    AsReport& r = *current;
    AsMetrics& x = r.metrics;
    ++x.prefixes;
    ++(f.rov == RovState::kValid     ? x.rpki_valid
       : f.rov == RovState::kInvalid ? x.rpki_invalid
                                     : x.rpki_not_found);
    if (f.irr == IrrState::kRegistered || f.irr == IrrState::kCovered) ++x.irr_registered;
    if (f.irr == IrrState::kNotRegistered) ++x.irr_not_registered;
    if (f.bogon) ++(f.bogon_administrative ? x.bogon_prefixes_administrative : x.bogon_prefixes);
    r.prefixes.push_back(PrefixState{a.prefix, f.rov, f.irr, a.peers, f.bogon});
  }
  // Bogon ASNs (M4) and customers' bogons passed on (M3C, M4C): distinct
  // prefixes seen by enough peers. A prefix's peers are all in one shard.
  std::map<std::tuple<Asn, int>, std::map<Prefix, PeerSet>> bogon_sets;
  for (const auto& shard : shards_) {
    shard->tracker.ForEachOccurrence([&](const Offence& o, const Prefix& prefix,
                                         std::uint32_t peer) {
      if (o.low_confidence) return;
      if (o.kind == IncidentKind::kBogonAsn) {
        bogon_sets[{o.culprit, o.administrative ? 1 : 0}][prefix].Insert(peer);
      }
      if ((o.kind == IncidentKind::kBogonAsn || o.kind == IncidentKind::kBogonPrefix) &&
          !o.administrative && o.accomplice != 0 && in.relationships &&
          in.relationships->RelationOf(o.accomplice, o.culprit) == AsRelation::kCustomer) {
        bogon_sets[{o.accomplice, o.kind == IncidentKind::kBogonAsn ? 3 : 2}][prefix].Insert(peer);
      }
    });
  }
  const auto min_peers = static_cast<std::uint32_t>(std::max(config_.min_peers, 1));
  for (const auto& [key, prefixes] : bogon_sets) {
    std::uint64_t n = 0;
    for (const auto& [prefix, peer_set] : prefixes) n += peer_set.size() >= min_peers;
    if (n == 0) continue;
    observe_internal::BogonCount(report_of(std::get<0>(key)).metrics, std::get<1>(key)) = n;
  }
  // ASPA verdicts, once per distinct path: a path several shards saw counts
  // in the first of them.
  std::unordered_map<Asn, std::array<std::uint64_t, 3>> aspa_by_origin;
  for (std::size_t s = 0; s < shards_.size(); ++s) {
    const Shard& m = *shards_[s];
    for (std::size_t i = 0; i < m.path_keys.size(); ++i) {
      bool seen_before = false;
      for (std::size_t t = 0; t < s && !seen_before; ++t) {
        seen_before = shards_[t]->HasPath(m.path_keys[i]);
      }
      if (seen_before) continue;
      ++stats_.distinct_paths;
      if (in.aspas) ++aspa_by_origin[m.path_origins[i]][m.path_aspa[i]];
    }
  }
  std::vector<Incident> incidents = merged_incidents.get();
  for (Incident& inc : incidents) {
    AsReport& r = report_of(inc.asn);
    observe_internal::AddIncident(std::move(inc), &r);
  }
  // The ASes an anti-spoofing result covers have a report even when they
  // announced nothing.
  if (in.anti_spoofing) {
    for (const auto& [asn, a] : *in.anti_spoofing) report_of(asn).metrics.anti_spoofing = a;
  }
  result.ases.reserve(reports.size());
  std::optional<ContactDirectory> directory;
  if (in.irr) directory.emplace(*in.irr);
  for (auto& [asn, r] : reports) {
    const AsMetrics facts = StaticAsMetrics(in, asn, directory ? &*directory : nullptr);
    const auto it = aspa_by_origin.find(asn);
    observe_internal::CompleteAsMetrics(
        config_, &facts, it != aspa_by_origin.end() ? &it->second : nullptr, &r.metrics);
    result.ases.push_back(std::move(r));
  }
  return result;
}

}  // namespace manrs
