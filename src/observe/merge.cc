// Several observations of one period merged (merge.h). Each step is the one
// Observer::Finish takes over its own tables, here over the union of the
// observations' facts.
#include "manrs/observe/merge.h"

#include <algorithm>
#include <utility>

#include "observe/as_facts.h"

namespace manrs {

AsMetrics StaticAsMetrics(const ObserveInputs& in, Asn asn, const ContactDirectory* directory) {
  AsMetrics x;
  x.asn = asn;
  x.irr_measured = in.irr != nullptr;
  x.customers_measured = in.relationships != nullptr;
  x.policy_registered = PolicyRegistered(in.irr, asn);
  ContactFindings contacts = FindContacts(in.irr, in.peeringdb, asn, directory);
  x.contacts_registered = contacts.registered;
  x.contacts = std::move(contacts.contacts);
  x.aspa_measured = in.aspas != nullptr;
  x.has_aspa = in.aspas && in.aspas->Providers(asn) != nullptr;
  if (in.anti_spoofing) {
    auto it = in.anti_spoofing->find(asn);
    if (it != in.anti_spoofing->end()) x.anti_spoofing = it->second;
  }
  return x;
}

std::uint32_t ObservationMerge::Id(std::vector<std::string>* texts,
                                   std::unordered_map<std::string, std::uint32_t>* ids,
                                   std::string_view text) {
  auto [it, added] = ids->try_emplace(std::string(text), static_cast<std::uint32_t>(texts->size()));
  if (added) texts->emplace_back(text);
  return it->second;
}

std::uint32_t ObservationMerge::PeerId(const CollectorPeer& peer) {
  auto [it, added] = peer_ids_.try_emplace(peer, static_cast<std::uint32_t>(peers_.size()));
  if (added) peers_.push_back(peer);
  return it->second;
}

void ObservationMerge::AddOccurrence(std::size_t observation, std::uint32_t index,
                                     const Offence& offence, bool customer, std::string_view reason,
                                     std::string_view path, const Prefix& prefix,
                                     const CollectorPeer& peer, std::int64_t start,
                                     std::optional<std::int64_t> end) {
  Offence o = offence;
  o.reason = Id(&reasons_, &reason_ids_, reason);
  pending_.push_back(Pending{observation, index, o, customer, Id(&paths_, &path_ids_, path),
                             PeerId(peer), prefix, start, end ? *end : INT64_MAX,
                             end ? *end : INT64_MAX});
}

void ObservationMerge::AddFirstEvent(std::size_t observation, const CollectorPeer& peer,
                                     const Prefix& prefix, std::uint64_t seq, std::int64_t time,
                                     std::uint32_t begin, std::uint32_t end) {
  firsts_[observation][{PeerId(peer), prefix}] = First{seq, time, begin, end};
}

void ObservationMerge::AddPeerDown(std::size_t observation, const CollectorPeer& peer,
                                   std::uint64_t seq, std::int64_t time) {
  downs_[observation][PeerId(peer)] = {seq, time};
}

void ObservationMerge::Join() {
  // Observation by observation in time order: what the earlier ones left
  // open meets this one's first events, as IncidentTracker::Update and
  // PeerDown would have.
  std::sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
    return std::tie(a.observation, a.index) < std::tie(b.observation, b.index);
  });
  std::map<std::pair<std::uint32_t, Prefix>, std::vector<std::size_t>> open;
  for (std::size_t at = 0; at < pending_.size();) {
    const std::size_t obs = pending_[at].observation;
    std::size_t next = at;
    while (next < pending_.size() && pending_[next].observation == obs) ++next;
    const auto& firsts = firsts_[obs];
    const auto& downs = downs_[obs];
    // This observation's occurrences by index, for the continuations.
    auto by_index = [&](std::uint32_t index) -> Pending* {
      auto it = std::lower_bound(pending_.begin() + static_cast<std::ptrdiff_t>(at),
                                 pending_.begin() + static_cast<std::ptrdiff_t>(next), index,
                                 [](const Pending& p, std::uint32_t i) { return p.index < i; });
      return it != pending_.begin() + static_cast<std::ptrdiff_t>(next) && it->index == index
                 ? &*it
                 : nullptr;
    };
    for (auto it = open.begin(); it != open.end();) {
      const auto down = downs.find(it->first.first);
      const auto first = firsts.find(it->first);
      const bool down_first =
          down != downs.end() && (first == firsts.end() || down->second.first < first->second.seq);
      if (!down_first && first == firsts.end()) {
        ++it;  // this observation never touched the route: still open
        continue;
      }
      std::vector<std::size_t> still;
      for (std::size_t i : it->second) {
        Pending& o = pending_[i];
        if (down_first) {
          o.end = std::max(down->second.second, o.start);
          continue;
        }
        Pending* same = nullptr;
        for (std::uint32_t q = first->second.begin; q < first->second.end && !same; ++q) {
          Pending* c = by_index(q);
          if (c && !c->dropped && c->offence.SameAs(o.offence)) same = c;
        }
        if (!same) {
          o.end = std::max(first->second.time, o.start);
          continue;
        }
        // The same offence again: the occurrence goes on as this one.
        same->dropped = true;
        o.end = same->end;
        if (o.end == INT64_MAX) still.push_back(i);
      }
      if (still.empty()) {
        it = open.erase(it);
      } else {
        it->second = std::move(still);
        ++it;
      }
    }
    for (std::size_t i = at; i < next; ++i) {
      if (!pending_[i].dropped && pending_[i].end == INT64_MAX) {
        open[{pending_[i].peer, pending_[i].prefix}].push_back(i);
      }
    }
    at = next;
  }
}

std::vector<ObservationMerge::EndChange> ObservationMerge::JoinChanges() {
  Join();
  std::vector<EndChange> out;
  for (const Pending& p : pending_) {
    if (p.dropped || p.end != p.added_end) {
      out.push_back(EndChange{p.observation, p.index, p.offence.culprit, p.end, p.dropped});
    }
  }
  pending_.clear();
  return out;
}

PeriodResult ObservationMerge::Finish() {
  Join();
  for (const Pending& p : pending_) {
    if (p.dropped) continue;
    const Offence& o = p.offence;
    tracker_.AddOccurrence(p.peer, p.prefix, o, p.path, p.start, p.end);
    // As Observer::Finish: the bogon ASNs (M4) and customers' bogons passed on.
    if (o.low_confidence) continue;
    if (o.kind == IncidentKind::kBogonAsn) {
      bogon_sets_[{o.culprit, o.administrative ? 1 : 0}][p.prefix].Insert(p.peer);
    }
    if ((o.kind == IncidentKind::kBogonAsn || o.kind == IncidentKind::kBogonPrefix) &&
        !o.administrative && o.accomplice != 0 && p.customer) {
      bogon_sets_[{o.accomplice, o.kind == IncidentKind::kBogonAsn ? 3 : 2}][p.prefix].Insert(
          p.peer);
    }
  }
  pending_.clear();
  PeriodResult result;
  result.period = period;
  result.summary = summary;
  std::map<Asn, AsReport> reports;
  auto report_of = [&](Asn asn) -> AsReport& {
    AsReport& r = reports[asn];
    r.metrics.asn = asn;
    r.period = period;
    return r;
  };
  std::vector<const MergedPrefix*> sorted;
  sorted.reserve(prefixes.size());
  for (const MergedPrefix& p : prefixes) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(), [](const MergedPrefix* a, const MergedPrefix* b) {
    return a->origin != b->origin ? a->origin < b->origin : a->state.prefix < b->state.prefix;
  });
  for (const MergedPrefix* p : sorted) {
    AsReport& r = report_of(p->origin);
    AsMetrics& x = r.metrics;
    const PrefixState& s = p->state;
    ++x.prefixes;
    ++(s.rpki == RovState::kValid     ? x.rpki_valid
       : s.rpki == RovState::kInvalid ? x.rpki_invalid
                                      : x.rpki_not_found);
    if (s.irr == IrrState::kRegistered || s.irr == IrrState::kCovered) ++x.irr_registered;
    if (s.irr == IrrState::kNotRegistered) ++x.irr_not_registered;
    if (s.bogon) ++(p->administrative ? x.bogon_prefixes_administrative : x.bogon_prefixes);
    r.prefixes.push_back(s);
  }
  const auto min_peers = static_cast<std::uint32_t>(std::max(config.min_peers, 1));
  for (const auto& [key, by_prefix] : bogon_sets_) {
    std::uint64_t n = 0;
    for (const auto& [prefix, peers] : by_prefix) n += peers.size() >= min_peers;
    if (n == 0) continue;
    observe_internal::BogonCount(report_of(std::get<0>(key)).metrics, std::get<1>(key)) = n;
  }
  for (Incident& inc : tracker_.Finish(period, config.incidents, reasons_, paths_, peers_)) {
    AsReport& r = report_of(inc.asn);
    observe_internal::AddIncident(std::move(inc), &r);
  }
  for (const auto& [asn, t] : totals) {
    AsMetrics& x = report_of(asn).metrics;
    for (std::size_t k = 0; k < t.score.size(); ++k) {
      for (std::size_t role = 0; role < 2; ++role) x.incident_score[k][role] += t.score[k][role];
    }
    for (int cls = 0; cls < 4; ++cls) {
      if (t.bogons[static_cast<std::size_t>(cls)]) {
        observe_internal::BogonCount(x, cls) = t.bogons[static_cast<std::size_t>(cls)];
      }
    }
  }
  for (const auto& [asn, f] : facts) {
    if (f.anti_spoofing) report_of(asn);
  }
  result.ases.reserve(reports.size());
  for (auto& [asn, r] : reports) {
    const auto f = facts.find(asn);
    const auto a = aspa.find(asn);
    observe_internal::CompleteAsMetrics(config, f != facts.end() ? &f->second : nullptr,
                                        a != aspa.end() ? &a->second : nullptr, &r.metrics);
    result.ases.push_back(std::move(r));
  }
  return result;
}

}  // namespace manrs
