// Occurrence tracking per (peer, prefix) and the merge into incidents.
#include "manrs/observe/incidents.h"

#include <algorithm>
#include <map>
#include <set>
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

std::vector<Incident> IncidentTracker::Merge(std::span<const Source> sources,
                                             const Period& period,
                                             const IncidentOptions& options) {
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
  std::vector<Incident> out;
  std::vector<Ref> members;
  auto emit = [&](const GroupKey& key, std::int64_t start, std::int64_t end) {
    // Distinct peers, prefixes, routes.
    std::set<CollectorPeer> peer_ids;
    std::set<Prefix> prefixes;
    // route (prefix, path, reason) -> peer -> (first, last)
    std::map<std::tuple<Prefix, std::string_view, std::string_view>,
             std::map<CollectorPeer, std::pair<std::int64_t, std::int64_t>>>
        routes;
    for (const Ref& ref : members) {
      const Source& src = sources[ref.first];
      const Occurrence& o = occurrence(ref);
      const Prefix& prefix = src.tracker->prefixes_[o.prefix];
      const CollectorPeer peer = o.peer < src.peers->size() ? (*src.peers)[o.peer] : CollectorPeer{};
      const std::uint32_t reason = offence(ref).reason;
      const std::string_view path =
          o.path < src.paths->size() ? std::string_view((*src.paths)[o.path]) : std::string_view();
      const std::string_view reason_text = reason < src.reasons->size()
                                               ? std::string_view((*src.reasons)[reason])
                                               : std::string_view("null");
      peer_ids.insert(peer);
      prefixes.insert(prefix);
      auto& seen = routes[{prefix, path, reason_text}];
      auto [pit, added] = seen.try_emplace(peer, o.start, o.end);
      if (!added) {
        pit->second.first = std::min(pit->second.first, o.start);
        pit->second.second = std::max(pit->second.second, o.end);
      }
    }
    if (peer_ids.size() < static_cast<std::size_t>(std::max(options.min_peers, 1))) return;
    Incident inc;
    inc.kind = key.kind;
    inc.role = key.role;
    inc.asn = key.asn;
    inc.culprit = key.culprit;
    inc.start = start;
    if (end != kOpen) inc.end = end;
    inc.score = IncidentScore(std::max<std::int64_t>(0, (end != kOpen ? end : period.end) - start));
    inc.confidence = key.low_confidence ? "low" : "high";
    if (key.kind == IncidentKind::kBogonPrefix || key.kind == IncidentKind::kBogonAsn) {
      inc.bogon_class = key.administrative ? "administrative" : "full";
    }
    inc.prefix_count = prefixes.size();
    inc.peer_count = peer_ids.size();
    std::uint64_t route_count = 0;
    for (const auto& [route, seen] : routes) route_count += seen.size();
    inc.route_count = route_count;
    std::string& j = inc.evidence_json;
    j = "{\"routes\":[";
    std::size_t listed = 0;
    for (const auto& [route, seen] : routes) {
      if (listed == options.evidence_routes) break;
      if (listed++) j.push_back(',');
      const auto& [prefix, path, reason] = route;
      j += "{\"prefix\":";
      AppendJsonString(&j, prefix.ToString());
      j += ",\"path\":";
      AppendJsonString(&j, path);
      j += ",\"reason\":";
      j += reason;
      j += ",\"peers\":[";
      bool first = true;
      for (const auto& [peer, span] : seen) {
        if (!first) j.push_back(',');
        first = false;
        j += "{\"ip\":";
        AppendJsonString(&j, peer.ip.ToString());
        j += fmt::format(",\"asn\":{},\"first_seen\":", peer.asn);
        AppendJsonString(&j, IsoTime(span.first));
        j += ",\"last_seen\":";
        if (span.second == kOpen) {
          j += "null";
        } else {
          AppendJsonString(&j, IsoTime(span.second));
        }
        j.push_back('}');
      }
      j += "]}";
    }
    j += fmt::format("],\"routes_total\":{}}}", routes.size());
    out.push_back(std::move(inc));
  };
  for (auto& [key, indexes] : groups) {
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
  std::sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) {
    return std::tie(a.asn, a.start, a.kind, a.role, a.culprit, a.confidence, a.bogon_class) <
           std::tie(b.asn, b.start, b.kind, b.role, b.culprit, b.confidence, b.bogon_class);
  });
  return out;
}

}  // namespace manrs
