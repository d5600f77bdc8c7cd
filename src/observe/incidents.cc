// Occurrence tracking per (peer, prefix) and the merge into incidents.
#include "manrs/observe/incidents.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "observe/json_text.h"

namespace manrs {

using observe_internal::AppendJsonString;

std::size_t IncidentTracker::PrefixHash::operator()(const Prefix& p) const {
  const IpAddress& a = p.address();
  std::uint64_t h = a.hi() * 0x9e3779b97f4a7c15ULL ^ a.lo() * 0xc2b2ae3d27d4eb4fULL ^
                    static_cast<std::uint64_t>(p.length());
  h ^= h >> 31;
  return static_cast<std::size_t>(h * 0xff51afd7ed558ccdULL);
}

void IncidentTracker::Update(std::uint32_t peer, const Prefix& prefix, std::int64_t time,
                             std::span<const Offence> offences, std::uint32_t path_id) {
  if (open_count_ == 0 && offences.empty()) return;
  const std::size_t bit =
      (PrefixHash()(prefix) ^ (std::size_t{peer} * 0x9e3779b97f4a7c15ULL)) % (opened_.size() * 64);
  std::uint64_t& word = opened_[bit / 64];
  const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
  if (offences.empty() && (word & mask) == 0) return;  // never opened: nothing to end
  if (!offences.empty()) word |= mask;
  if (open_.size() <= peer) open_.resize(peer + 1);
  OpenMap& open = open_[peer];
  auto it = open.find(prefix);
  std::vector<std::uint32_t> still_open;
  std::vector<bool> continued(offences.size(), false);
  if (it != open.end()) {
    for (std::uint32_t index : it->second) {
      Occurrence& o = occurrences_[index];
      bool same = false;
      for (std::size_t i = 0; i < offences.size(); ++i) {
        if (!continued[i] && offences[i].SameAs(o.offence)) {
          continued[i] = true;
          same = true;
          break;
        }
      }
      if (same) {
        still_open.push_back(index);
      } else {
        o.end = std::max(time, o.start);
        --open_count_;
      }
    }
  }
  for (std::size_t i = 0; i < offences.size(); ++i) {
    if (continued[i]) continue;
    still_open.push_back(static_cast<std::uint32_t>(occurrences_.size()));
    occurrences_.push_back(Occurrence{offences[i], prefix, peer, path_id, time, kOpen});
    ++open_count_;
  }
  if (still_open.empty()) {
    if (it != open.end()) open.erase(it);
  } else if (it != open.end()) {
    it->second = std::move(still_open);
  } else {
    open.emplace(prefix, std::move(still_open));
  }
}

void IncidentTracker::PeerDown(std::uint32_t peer, std::int64_t time) {
  if (peer >= open_.size()) return;
  for (auto& [prefix, indexes] : open_[peer]) {
    for (std::uint32_t index : indexes) {
      Occurrence& o = occurrences_[index];
      o.end = std::max(time, o.start);
      --open_count_;
    }
  }
  OpenMap().swap(open_[peer]);
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
  std::map<GroupKey, std::vector<std::uint32_t>> groups;
  for (std::uint32_t i = 0; i < occurrences_.size(); ++i) {
    const Offence& f = occurrences_[i].offence;
    groups[{f.culprit, f.kind, IncidentRole::kCulprit, f.culprit, f.low_confidence,
            f.administrative}]
        .push_back(i);
    if (f.accomplice != 0 && f.accomplice != f.culprit) {
      groups[{f.accomplice, f.kind, IncidentRole::kAccomplice, f.culprit, f.low_confidence,
              f.administrative}]
          .push_back(i);
    }
  }
  std::vector<Incident> out;
  std::vector<std::uint32_t> members;
  auto emit = [&](const GroupKey& key, std::int64_t start, std::int64_t end) {
    // Distinct peers, prefixes, routes.
    std::set<std::uint32_t> peer_ids;
    std::set<Prefix> prefixes;
    // route (prefix, path, reason) -> peer -> (first, last)
    std::map<std::tuple<Prefix, std::uint32_t, std::uint32_t>,
             std::map<std::uint32_t, std::pair<std::int64_t, std::int64_t>>>
        routes;
    for (std::uint32_t index : members) {
      const Occurrence& o = occurrences_[index];
      peer_ids.insert(o.peer);
      prefixes.insert(o.prefix);
      auto& seen = routes[{o.prefix, o.path, o.offence.reason}];
      auto [pit, added] = seen.try_emplace(o.peer, o.start, o.end);
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
      AppendJsonString(&j, path < paths.size() ? paths[path] : std::string());
      j += ",\"reason\":";
      j += reason < reasons.size() ? reasons[reason] : std::string("null");
      j += ",\"peers\":[";
      bool first = true;
      std::vector<std::pair<CollectorPeer, std::pair<std::int64_t, std::int64_t>>> sorted;
      for (const auto& [peer, span] : seen) {
        sorted.push_back({peer < peers.size() ? peers[peer] : CollectorPeer{}, span});
      }
      std::sort(sorted.begin(), sorted.end());
      for (const auto& [peer, span] : sorted) {
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
    std::sort(indexes.begin(), indexes.end(), [&](std::uint32_t a, std::uint32_t b) {
      const Occurrence& x = occurrences_[a];
      const Occurrence& y = occurrences_[b];
      return std::tie(x.start, x.end, a) < std::tie(y.start, y.end, b);
    });
    members.clear();
    std::int64_t start = 0, end = 0;
    for (std::uint32_t index : indexes) {
      const Occurrence& o = occurrences_[index];
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
