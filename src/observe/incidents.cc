// Occurrence tracking per (peer, prefix) and the merge into incidents.
#include "manrs/observe/incidents.h"

#include <algorithm>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "observe/json_text.h"

namespace manrs {

using observe_internal::AppendJsonString;

namespace {

std::uint64_t HashPrefix(const Prefix& p) {
  const IpAddress& a = p.address();
  std::uint64_t h = a.hi() * 0x9e3779b97f4a7c15ULL ^ a.lo() * 0xc2b2ae3d27d4eb4fULL ^
                    static_cast<std::uint64_t>(p.length());
  h ^= h >> 31;
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 29);
}

std::uint64_t HashId(std::uint32_t id) {
  std::uint64_t h = (std::uint64_t{id} + 1) * 0x9e3779b97f4a7c15ULL;
  return h ^ (h >> 32);
}

}  // namespace

std::uint32_t* IncidentTracker::OpenTable::Find(std::uint32_t prefix) {
  if (size_ == 0) return nullptr;
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t at = HashId(prefix) & mask; keys_[at] != 0; at = (at + 1) & mask) {
    if (keys_[at] == prefix + 1) return &values_[at];
  }
  return nullptr;
}

void IncidentTracker::OpenTable::Set(std::uint32_t prefix, std::uint32_t first) {
  if ((size_ + 1) * 2 > keys_.size()) Grow();
  const std::size_t mask = keys_.size() - 1;
  std::size_t at = HashId(prefix) & mask;
  while (keys_[at] != 0 && keys_[at] != prefix + 1) at = (at + 1) & mask;
  if (keys_[at] == 0) ++size_;
  keys_[at] = prefix + 1;
  values_[at] = first;
}

void IncidentTracker::OpenTable::Erase(std::uint32_t prefix) {
  if (size_ == 0) return;
  const std::size_t mask = keys_.size() - 1;
  std::size_t at = HashId(prefix) & mask;
  while (keys_[at] != prefix + 1) {
    if (keys_[at] == 0) return;
    at = (at + 1) & mask;
  }
  // Backward-shift deletion: pull later members of the run into the hole.
  std::size_t hole = at;
  for (std::size_t next = (hole + 1) & mask; keys_[next] != 0; next = (next + 1) & mask) {
    const std::size_t home = HashId(keys_[next] - 1) & mask;
    // Move next into the hole unless its home lies cyclically in (hole, next].
    const bool stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
    if (stays) continue;
    keys_[hole] = keys_[next];
    values_[hole] = values_[next];
    hole = next;
  }
  keys_[hole] = 0;
  --size_;
}

void IncidentTracker::OpenTable::Grow() {
  std::vector<std::uint32_t> keys(std::max<std::size_t>(16, keys_.size() * 2), 0);
  std::vector<std::uint32_t> values(keys.size(), 0);
  const std::size_t mask = keys.size() - 1;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == 0) continue;
    std::size_t at = HashId(keys_[i] - 1) & mask;
    while (keys[at] != 0) at = (at + 1) & mask;
    keys[at] = keys_[i];
    values[at] = values_[i];
  }
  keys_ = std::move(keys);
  values_ = std::move(values);
}

std::uint32_t IncidentTracker::PrefixId(const Prefix& prefix) {
  if ((prefixes_.size() + 1) * 2 > prefix_slots_.size()) {
    std::vector<std::uint32_t> slots(std::max<std::size_t>(1024, prefix_slots_.size() * 2), 0);
    const std::size_t mask = slots.size() - 1;
    for (std::uint32_t i = 0; i < prefixes_.size(); ++i) {
      std::size_t at = HashPrefix(prefixes_[i]) & mask;
      while (slots[at] != 0) at = (at + 1) & mask;
      slots[at] = i + 1;
    }
    prefix_slots_ = std::move(slots);
  }
  const std::size_t mask = prefix_slots_.size() - 1;
  std::size_t at = HashPrefix(prefix) & mask;
  for (; prefix_slots_[at] != 0; at = (at + 1) & mask) {
    if (prefixes_[prefix_slots_[at] - 1] == prefix) return prefix_slots_[at] - 1;
  }
  prefix_slots_[at] = static_cast<std::uint32_t>(prefixes_.size() + 1);
  prefixes_.push_back(prefix);
  return static_cast<std::uint32_t>(prefixes_.size() - 1);
}

std::size_t IncidentTracker::OffenceHash::operator()(const Offence& o) const {
  std::uint64_t h = (std::uint64_t{o.culprit} << 32 | o.accomplice) * 0x9e3779b97f4a7c15ULL;
  h ^= (std::uint64_t{o.reason} << 8 | static_cast<std::uint64_t>(o.kind) << 2 |
        std::uint64_t{o.low_confidence} << 1 | std::uint64_t{o.administrative}) *
       0xc2b2ae3d27d4eb4fULL;
  return static_cast<std::size_t>(h ^ (h >> 31));
}

std::uint32_t IncidentTracker::OffenceId(const Offence& o) {
  auto [it, added] = offence_ids_.try_emplace(o, static_cast<std::uint32_t>(offences_.size()));
  if (added) offences_.push_back(o);
  return it->second;
}

void IncidentTracker::Update(std::uint32_t peer, const Prefix& prefix, std::int64_t time,
                             std::span<const Offence> offences, std::uint32_t path_id) {
  if (open_count_ == 0 && offences.empty()) return;
  const std::size_t bit =
      (HashPrefix(prefix) ^ (std::size_t{peer} * 0x9e3779b97f4a7c15ULL)) % (opened_.size() * 64);
  std::uint64_t& word = opened_[bit / 64];
  const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
  if (offences.empty() && (word & mask) == 0) return;  // never opened: nothing to end
  if (!offences.empty()) word |= mask;
  if (open_.size() <= peer) open_.resize(peer + 1);
  OpenTable& open = open_[peer];
  const std::uint32_t prefix_id = PrefixId(prefix);
  std::uint32_t* first = open.Find(prefix_id);
  constexpr std::size_t kMax = 8;
  std::array<bool, kMax> continued{};
  const std::size_t n = std::min(offences.size(), kMax);
  std::uint32_t head = kNoOccurrence;  // the new chain, built backwards
  for (std::uint32_t index = first ? *first : kNoOccurrence; index != kNoOccurrence;) {
    const std::uint32_t next = next_open_[index];
    Occurrence& o = occurrences_[index];
    bool same = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!continued[i] && offences[i].SameAs(offences_[o.offence])) {
        continued[i] = true;
        same = true;
        break;
      }
    }
    if (same) {
      next_open_[index] = head;
      head = index;
    } else {
      o.end = std::max(time, o.start);
      --open_count_;
    }
    index = next;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (continued[i]) continue;
    const auto index = static_cast<std::uint32_t>(occurrences_.size());
    occurrences_.push_back(
        Occurrence{OffenceId(offences[i]), prefix_id, peer, path_id, time, kOpen});
    next_open_.push_back(head);
    head = index;
    ++open_count_;
  }
  if (head == kNoOccurrence) {
    if (first) open.Erase(prefix_id);
  } else if (first) {
    *first = head;
  } else {
    open.Set(prefix_id, head);
  }
}

void IncidentTracker::AddOccurrence(std::uint32_t peer, const Prefix& prefix,
                                    const Offence& offence, std::uint32_t path_id,
                                    std::int64_t start, std::int64_t end) {
  occurrences_.push_back(
      Occurrence{OffenceId(offence), PrefixId(prefix), peer, path_id, start, end});
  next_open_.push_back(kNoOccurrence);
}

void IncidentTracker::PeerDown(std::uint32_t peer, std::int64_t time) {
  if (peer >= open_.size()) return;
  open_[peer].ForEach([&](std::uint32_t first) {
    for (std::uint32_t index = first; index != kNoOccurrence; index = next_open_[index]) {
      Occurrence& o = occurrences_[index];
      o.end = std::max(time, o.start);
      --open_count_;
    }
  });
  open_[peer].Clear();
}

namespace {

struct GroupKey {
  Asn asn;
  IncidentKind kind;
  IncidentRole role;
  Asn culprit;
  bool low_confidence;
  bool administrative;
  auto operator<=>(const GroupKey&) const = default;
};

}  // namespace

std::vector<Incident> IncidentTracker::Finish(const Period& period, const IncidentOptions& options,
                                              const std::vector<std::string>& reasons,
                                              const std::vector<std::string>& paths,
                                              const std::vector<CollectorPeer>& peers) const {
  const Source source{this, &reasons, &paths, &peers};
  return Merge(std::span<const Source>(&source, 1), period, options);
}

std::vector<Incident> IncidentTracker::Merge(std::span<const Source> sources, const Period& period,
                                             const IncidentOptions& options, int threads) {
  // An occurrence: (source, index).
  using Ref = std::pair<std::uint32_t, std::uint32_t>;
  auto occurrence = [&](const Ref& r) -> const Occurrence& {
    return sources[r.first].tracker->occurrences_[r.second];
  };
  auto offence = [&](const Ref& r) -> const Offence& {
    return sources[r.first].tracker->offences_[occurrence(r).offence];
  };
  std::map<GroupKey, std::vector<Ref>> groups;
  for (std::uint32_t s = 0; s < sources.size(); ++s) {
    const IncidentTracker& t = *sources[s].tracker;
    for (std::uint32_t i = 0; i < t.occurrences_.size(); ++i) {
      const Offence& f = t.offences_[t.occurrences_[i].offence];
      groups[{f.culprit, f.kind, IncidentRole::kCulprit, f.culprit, f.low_confidence,
              f.administrative}]
          .emplace_back(s, i);
      if (f.accomplice != 0 && f.accomplice != f.culprit) {
        groups[{f.accomplice, f.kind, IncidentRole::kAccomplice, f.culprit, f.low_confidence,
                f.administrative}]
            .emplace_back(s, i);
      }
    }
  }
  // One route a peer had, of an incident's occurrences.
  struct Seen {
    const Prefix* prefix;
    std::string_view path, reason;
    CollectorPeer peer;
    std::int64_t start, end;
  };
  // Groups [first, last) into out; what a worker needs of its own.
  using GroupIt = decltype(groups)::iterator;
  auto merge_groups = [&](GroupIt first, GroupIt last, std::vector<Incident>* out) {
    std::vector<Ref> members;
    std::vector<Seen> seen;
    std::vector<CollectorPeer> peer_list;
    auto emit = [&](const GroupKey& key, std::int64_t start, std::int64_t end) {
      seen.clear();
      peer_list.clear();
      for (const Ref& ref : members) {
        const Source& src = sources[ref.first];
        const Occurrence& o = occurrence(ref);
        const std::uint32_t reason = offence(ref).reason;
        const CollectorPeer peer =
            o.peer < src.peers->size() ? (*src.peers)[o.peer] : CollectorPeer{};
        seen.push_back(Seen{&src.tracker->prefixes_[o.prefix],
                            o.path < src.paths->size() ? std::string_view((*src.paths)[o.path])
                                                       : std::string_view(),
                            reason < src.reasons->size() ? std::string_view((*src.reasons)[reason])
                                                         : std::string_view("null"),
                            peer, o.start, o.end});
        peer_list.push_back(peer);
      }
      // Distinct peers.
      std::sort(peer_list.begin(), peer_list.end());
      const auto peer_count = static_cast<std::size_t>(
          std::unique(peer_list.begin(), peer_list.end()) - peer_list.begin());
      if (peer_count < static_cast<std::size_t>(std::max(options.min_peers, 1))) return;
      // Routes (prefix, path, reason), each with its peers' first and last times.
      std::sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) {
        return std::tie(*a.prefix, a.path, a.reason, a.peer) <
               std::tie(*b.prefix, b.path, b.reason, b.peer);
      });
      auto same_route = [](const Seen& a, const Seen& b) {
        return *a.prefix == *b.prefix && a.path == b.path && a.reason == b.reason;
      };
      std::size_t w = 0;  // merge the spans of one peer on one route
      for (std::size_t i = 0; i < seen.size(); ++i) {
        if (w > 0 && same_route(seen[w - 1], seen[i]) && seen[w - 1].peer == seen[i].peer) {
          seen[w - 1].start = std::min(seen[w - 1].start, seen[i].start);
          seen[w - 1].end = std::max(seen[w - 1].end, seen[i].end);
        } else {
          seen[w++] = seen[i];
        }
      }
      seen.resize(w);
      std::uint64_t prefix_count = 0, route_total = 0;
      for (std::size_t i = 0; i < seen.size(); ++i) {
        prefix_count += i == 0 || *seen[i - 1].prefix != *seen[i].prefix;
        route_total += i == 0 || !same_route(seen[i - 1], seen[i]);
      }
      Incident inc;
      inc.kind = key.kind;
      inc.role = key.role;
      inc.asn = key.asn;
      inc.culprit = key.culprit;
      inc.start = start;
      if (end != kOpen) inc.end = end;
      inc.score =
          IncidentScore(std::max<std::int64_t>(0, (end != kOpen ? end : period.end) - start));
      inc.confidence = key.low_confidence ? "low" : "high";
      if (key.kind == IncidentKind::kBogonPrefix || key.kind == IncidentKind::kBogonAsn) {
        inc.bogon_class = key.administrative ? "administrative" : "full";
      }
      inc.prefix_count = prefix_count;
      inc.peer_count = peer_count;
      inc.route_count = seen.size();
      std::string& j = inc.evidence_json;
      j = "{\"routes\":[";
      std::size_t listed = 0;
      for (std::size_t i = 0; i < seen.size();) {
        if (listed == options.evidence_routes) break;
        if (listed++) j.push_back(',');
        j += "{\"prefix\":";
        AppendJsonString(&j, seen[i].prefix->ToString());
        j += ",\"path\":";
        AppendJsonString(&j, seen[i].path);
        j += ",\"reason\":";
        j += seen[i].reason;
        j += ",\"peers\":[";
        const std::size_t route = i;
        for (; i < seen.size() && same_route(seen[route], seen[i]); ++i) {
          if (i != route) j.push_back(',');
          j += "{\"ip\":";
          AppendJsonString(&j, seen[i].peer.ip.ToString());
          j += fmt::format(",\"asn\":{},\"first_seen\":", seen[i].peer.asn);
          AppendJsonString(&j, IsoTime(seen[i].start));
          j += ",\"last_seen\":";
          if (seen[i].end == kOpen) {
            j += "null";
          } else {
            AppendJsonString(&j, IsoTime(seen[i].end));
          }
          j.push_back('}');
        }
        j += "]}";
      }
      j += fmt::format("],\"routes_total\":{}}}", route_total);
      out->push_back(std::move(inc));
    };
    for (GroupIt it = first; it != last; ++it) {
      const GroupKey& key = it->first;
      std::vector<Ref>& indexes = it->second;
      std::sort(indexes.begin(), indexes.end(), [&](const Ref& a, const Ref& b) {
        const Occurrence& x = occurrence(a);
        const Occurrence& y = occurrence(b);
        return std::tie(x.start, x.end, a) < std::tie(y.start, y.end, b);
      });
      members.clear();
      std::int64_t start = 0, end = 0;
      for (const Ref& index : indexes) {
        const Occurrence& o = occurrence(index);
        if (!members.empty() && o.start <= end) {
          members.push_back(index);
          end = std::max(end, o.end);
          continue;
        }
        if (!members.empty()) emit(key, start, end);
        members.assign(1, index);
        start = o.start;
        end = o.end;
      }
      if (!members.empty()) emit(key, start, end);
    }
  };
  // The groups are independent: split them into runs of about equal
  // occurrences, one per thread.
  std::vector<Incident> out;
  const auto parts = static_cast<std::size_t>(std::max(1, threads));
  std::size_t total = 0;
  for (const auto& g : groups) total += g.second.size();
  std::vector<GroupIt> bounds = {groups.begin()};
  std::size_t taken = 0;
  for (GroupIt it = groups.begin(); it != groups.end(); ++it) {
    taken += it->second.size();
    if (bounds.size() < parts && taken * parts >= total * bounds.size()) {
      bounds.push_back(std::next(it));
    }
  }
  bounds.push_back(groups.end());
  std::vector<std::vector<Incident>> outs(bounds.size() - 1);
  std::vector<std::thread> workers;
  for (std::size_t i = 1; i < outs.size(); ++i) {
    workers.emplace_back([&, i] { merge_groups(bounds[i], bounds[i + 1], &outs[i]); });
  }
  merge_groups(bounds[0], bounds[1], &outs[0]);
  for (std::thread& t : workers) t.join();
  for (auto& part : outs) {
    out.insert(out.end(), std::make_move_iterator(part.begin()),
               std::make_move_iterator(part.end()));
  }
  std::sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) {
    return std::tie(a.asn, a.start, a.kind, a.role, a.culprit, a.confidence, a.bogon_class) <
           std::tie(b.asn, b.start, b.kind, b.role, b.culprit, b.confidence, b.bogon_class);
  });
  return out;
}

}  // namespace manrs
