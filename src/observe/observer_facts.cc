// The route-level facts of an observer (one shard's) a merging store reads
// (merge.h, clickhouse_store.cc).
#include "observe/observer_shard.h"

namespace manrs {

using observe_internal::OriginFacts;

const ObserveInputs& Observer::inputs() const { return shards_[0]->in; }

const std::vector<CollectorPeer>& Observer::peers() const { return shards_[0]->table.peers(); }

void Observer::ForEachOriginFact(const std::function<void(const OriginFact&)>& f) const {
  const Shard& m = *shards_[0];
  m.table.ForEach([&](const Prefix& prefix, Asn origin, const AnnouncementTable::Entry& e) {
    const OriginFacts& x = m.facts[e.tag];
    f(OriginFact{prefix, origin, x.rov, x.irr,
                 static_cast<std::uint8_t>(!x.bogon                 ? 0
                                           : x.bogon_administrative ? 2
                                                                    : 1),
                 e.peers, e.tag});
  });
}

std::optional<Observer::RouteSeenFact> Observer::RouteSeen(std::uint32_t origin_id,
                                                           std::uint32_t peer) const {
  const Shard& m = *shards_[0];
  const auto seen = m.route_log.Find(origin_id, peer);
  if (!seen || seen->path >= m.path_keys.size()) return std::nullopt;
  return RouteSeenFact{
      m.path_keys[seen->path].a, m.path_keys[seen->path].b,
      m.in.aspas ? static_cast<std::int8_t>(m.path_aspa[seen->path]) : std::int8_t{-1}, seen->first,
      seen->last};
}

void Observer::ForEachPathFact(const std::function<void(const PathFact&)>& f) const {
  const Shard& m = *shards_[0];
  for (std::size_t i = 0; i < m.path_origins.size(); ++i) {
    const std::uint32_t text = m.paths[i].text;
    f(PathFact{
        m.path_origins[i], m.path_keys[i].a, m.path_keys[i].b,
        m.in.aspas ? static_cast<std::int8_t>(m.path_aspa[i]) : std::int8_t{-1},
        text < m.path_texts.size() ? std::string_view(m.path_texts[text]) : std::string_view()});
  }
}

void Observer::ForEachFirstEvent(const std::function<void(const FirstEventFact&)>& f) const {
  const auto& fe = shards_[0]->first_events;
  for (const auto& r : fe.records()) {
    f(FirstEventFact{fe.peers()[r.peer], r.prefix, r.seq, r.time, r.begin, r.end});
  }
}

void Observer::ForEachPeerDown(const std::function<void(const PeerDownFact&)>& f) const {
  const auto& fe = shards_[0]->first_events;
  for (const auto& d : fe.downs()) f(PeerDownFact{fe.peers()[d.peer], d.seq, d.time});
}

void Observer::ForEachOccurrenceFact(const std::function<void(const OccurrenceFact&)>& f) const {
  const Shard& m = *shards_[0];
  const AsRelationships* rel = m.in.relationships;
  std::uint32_t index = 0;
  m.tracker.ForEachRecord([&](const Offence& o, const Prefix& prefix, std::uint32_t peer,
                              std::uint32_t path, std::int64_t start, std::int64_t end) {
    const bool customer = o.accomplice != 0 && rel &&
                          rel->RelationOf(o.accomplice, o.culprit) == AsRelation::kCustomer;
    const std::string_view reason =
        o.reason < m.reasons.size() ? std::string_view(m.reasons[o.reason]) : std::string_view();
    const std::string_view text =
        path < m.path_texts.size() ? std::string_view(m.path_texts[path]) : std::string_view();
    f(OccurrenceFact{o, customer, reason, text, prefix, m.table.peers()[peer], start,
                     end == INT64_MAX ? std::nullopt : std::optional<std::int64_t>(end), index++});
  });
}

}  // namespace manrs
