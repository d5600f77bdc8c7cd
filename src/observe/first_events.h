// The first UPDATE event of each (collector peer, prefix) and the first
// session-down of each peer in one observation: what a store needs to join
// an observation to the one before it in time (an occurrence the earlier one
// left open ends, or continues, at the later one's first event for its route;
// doc/clickhouse.md "Several ingesters into one period").
//
// Invariant: records_ holds each (peer, prefix) once, ids_ maps it there;
// downs_ holds each peer once.
#ifndef MANRS_SRC_OBSERVE_FIRST_EVENTS_H_
#define MANRS_SRC_OBSERVE_FIRST_EVENTS_H_

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "manrs/observe/announcements.h"

namespace manrs::observe_internal {

class FirstEvents {
 public:
  static constexpr std::size_t kNotFirst = ~std::size_t{0};
  struct Record {
    std::uint32_t peer = 0;  // into peers()
    Prefix prefix;
    std::uint64_t seq = 0;  // the element's position in the observation
    std::int64_t time = 0;
    // The occurrences the event opened: [begin, end) in the IncidentTracker.
    std::uint32_t begin = 0, end = 0;
  };
  struct Down {
    std::uint32_t peer = 0;
    std::uint64_t seq = 0;
    std::int64_t time = 0;
  };

  // Returns the record's index when this is the first event of (peer,
  // prefix), else kNotFirst.
  std::size_t Note(const CollectorPeer& peer, const Prefix& prefix, std::uint64_t seq,
                   std::int64_t time) {
    const std::uint32_t id = PeerId(peer);
    auto [it, added] = ids_.try_emplace(Key{id, prefix}, records_.size());
    if (!added) return kNotFirst;
    records_.push_back(Record{id, prefix, seq, time, 0, 0});
    return records_.size() - 1;
  }
  void SetOccurrences(std::size_t record, std::size_t begin, std::size_t end) {
    if (record == kNotFirst) return;
    records_[record].begin = static_cast<std::uint32_t>(begin);
    records_[record].end = static_cast<std::uint32_t>(end);
  }
  void NoteDown(const CollectorPeer& peer, std::uint64_t seq, std::int64_t time) {
    const std::uint32_t id = PeerId(peer);
    if (id >= down_seen_.size()) down_seen_.resize(id + 1, false);
    if (down_seen_[id]) return;
    down_seen_[id] = true;
    downs_.push_back(Down{id, seq, time});
  }

  const std::vector<CollectorPeer>& peers() const { return peers_; }
  const std::vector<Record>& records() const { return records_; }
  const std::vector<Down>& downs() const { return downs_; }

 private:
  struct Key {
    std::uint32_t peer;
    Prefix prefix;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      std::uint64_t h =
          k.prefix.address().hi() * 0x9e3779b97f4a7c15ULL ^
          k.prefix.address().lo() * 0xc2b2ae3d27d4eb4fULL ^
          (std::uint64_t{k.peer} << 8 | static_cast<std::uint64_t>(k.prefix.length()));
      h ^= h >> 31;
      return static_cast<std::size_t>(h * 0xff51afd7ed558ccdULL);
    }
  };
  std::uint32_t PeerId(const CollectorPeer& peer) {
    auto [it, added] = peer_ids_.try_emplace(peer, static_cast<std::uint32_t>(peers_.size()));
    if (added) peers_.push_back(peer);
    return it->second;
  }

  std::vector<CollectorPeer> peers_;
  std::map<CollectorPeer, std::uint32_t> peer_ids_;
  std::unordered_map<Key, std::size_t, KeyHash> ids_;
  std::vector<Record> records_;
  std::vector<Down> downs_;
  std::vector<bool> down_seen_;
};

}  // namespace manrs::observe_internal

#endif  // MANRS_SRC_OBSERVE_FIRST_EVENTS_H_
