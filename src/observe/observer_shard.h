// Observer::Shard, the observer's per-shard state and work (observer_shard.cc),
// and the facts it keeps per (prefix, origin) and per AS path: shared by the
// pipeline (observer.cc), Finish (observer_finish.cc) and the route-level fact
// exports (observer_facts.cc).
#ifndef MANRS_SRC_OBSERVE_OBSERVER_SHARD_H_
#define MANRS_SRC_OBSERVE_OBSERVER_SHARD_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "manrs/observe/observer.h"
#include "manrs/rpki/route_origin_validation.h"
#include "observe/first_events.h"

namespace manrs {
namespace observe_internal {

constexpr std::uint32_t kNone = ~std::uint32_t{0};

// Facts about one (prefix, origin): computed once, when first seen.
struct OriginFacts {
  RovState rov = RovState::kNotFound;
  IrrState irr = IrrState::kUnmeasured;
  bool hijack = false;
  bool hijack_low = false;  // a possible hijack (lower confidence)
  std::uint32_t hijack_reason = kNone;
  std::uint32_t hijack_reason_upstream = kNone;  // the same, holder on the path
  std::vector<Asn> holders;                      // the ASes the VRPs or route objects name
  bool bogon = false;
  bool bogon_administrative = false;
  std::uint32_t bogon_reason = kNone;
};

// Facts about one distinct AS path: small, as there are millions.
struct PathFacts {
  std::uint32_t text = kNone;       // into path_texts, made when an offence needs it
  Asn origin_neighbor = 0;          // the AS after the origin towards the collector (0: none)
  std::uint32_t bogon_asn = kNone;  // into path_offences
  std::uint32_t leak = kNone;       // into path_offences
};

// The compressed sequence of a path (prepends collapsed, confederation
// segments skipped), and whether it holds a set or a loop.
struct PathShape {
  std::vector<Asn> sequence;
  std::vector<Asn> sorted;  // scratch
  bool has_set = false;
  bool loop = false;

  void Fill(const AsPath& path) {
    sequence.clear();
    has_set = false;
    for (std::size_t s = 0; s < path.segment_count(); ++s) {
      const AsPathSegment seg = path.segment(s);
      if (seg.type == SegmentType::kConfedSequence) continue;
      if (seg.type == SegmentType::kAsSet || seg.type == SegmentType::kConfedSet) {
        has_set = true;
        continue;
      }
      for (Asn a : seg.asns) {
        if (sequence.empty() || sequence.back() != a) sequence.push_back(a);
      }
    }
    sorted = sequence;
    std::sort(sorted.begin(), sorted.end());
    loop = std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
  }
};

// A 128-bit identity of an AS path (two independent 64-bit hashes of its
// segments): paths are told apart without keeping them.
struct PathKey {
  std::uint64_t a = 0, b = 0;
  bool operator==(const PathKey&) const = default;
};

// What the observer reads of one element: a view of an Element, or of the
// copy a shard's batch holds.
struct RouteEvent {
  ElementType type = ElementType::kRibEntry;
  std::uint16_t new_state = 0;
  std::int64_t time = 0;
  CollectorPeer peer;
  Prefix prefix;
  const AsPath* path = nullptr;  // null: no attributes
  Asn otc = 0;                   // the OTC attribute (0: none)
};

// With ObserveConfig::record_route_facts: of each route, an (announcement
// table entry, peer), the AS path it had last and the first and last time
// an element announced it (Unix seconds, clamped to 32 bits: a route is one
// slot of 20 bytes, and a full table has tens of millions).
//
// Invariant: keys_ and the three value arrays have the same size, a power of
// two (or 0), at most 2/3 full; keys_[i] is 0 (empty) or the key + 1.
class RouteLog {
 public:
  struct Seen {
    std::uint32_t path = 0;  // into the shard's paths
    std::uint32_t first = 0, last = 0;
  };
  void Note(std::uint32_t entry, std::uint32_t peer, std::uint32_t path, std::int64_t time);
  // nullopt: the route was never noted.
  std::optional<Seen> Find(std::uint32_t entry, std::uint32_t peer) const;

 private:
  static std::uint64_t Key(std::uint32_t entry, std::uint32_t peer) {
    return (std::uint64_t{entry} << 32 | peer) + 1;
  }
  // The routes of one entry (its peers) in neighbouring slots: elements come
  // by prefix (a RIB) and the store reads by entry, so both stay in cache.
  static std::size_t Slot(std::uint64_t key, std::size_t mask) {
    const std::uint64_t entry = key >> 32;
    std::uint64_t h = entry * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 29;
    return static_cast<std::size_t>(h * 64 + (key & 0xffffffff)) & mask;
  }
  void Grow();

  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> paths_, firsts_, lasts_;
  std::size_t size_ = 0;
};

}  // namespace observe_internal

// One shard of the observer's state: every (prefix, origin), incident and AS
// path of the prefixes hashed to it (all of them with one shard). Shards
// share nothing; Observer::Finish merges them.
struct Observer::Shard {
  ObserveInputs in;
  ObserveConfig config;
  AnnouncementTable table;
  std::vector<observe_internal::OriginFacts> facts;
  IncidentTracker tracker;
  std::vector<std::string> reasons;
  std::vector<std::string> path_texts;
  // Distinct paths: open addressing over path_slots (1 + index, 0 empty).
  std::vector<std::uint32_t> path_slots;
  std::vector<observe_internal::PathKey> path_keys;
  std::vector<observe_internal::PathFacts> paths;
  std::vector<Asn> path_origins;        // parallel to paths
  std::vector<std::uint8_t> path_aspa;  // parallel to paths: AspaState (with ASPAs)
  std::vector<Offence> path_offences;
  observe_internal::PathShape shape;  // scratch
  RovResult rov;                      // scratch
  ObserverStats stats;
  std::uint64_t events = 0;                    // elements seen, for first_events' order
  observe_internal::FirstEvents first_events;  // with config.record_route_facts only
  observe_internal::RouteLog route_log;        // with config.record_route_facts only

  std::uint32_t AddReason(std::string text) {
    reasons.push_back(std::move(text));
    return static_cast<std::uint32_t>(reasons.size() - 1);
  }

  std::string RelationText(Asn a, Asn b) const {
    if (!in.relationships) return "unknown";
    return AsRelationName(in.relationships->RelationOf(a, b));
  }
  bool Related(Asn a, Asn b) const {
    if (!in.relationships) return false;
    auto r = in.relationships->RelationOf(a, b);
    return r == AsRelation::kCustomer || r == AsRelation::kProvider || r == AsRelation::kSibling;
  }

  observe_internal::OriginFacts ComputeFacts(const Prefix& prefix, Asn origin);
  observe_internal::PathFacts ComputePath(const AsPath& path, Asn origin);
  void AppendAspa(const AsPath& path, std::string* j);
  // RFC 9234 OTC: after the AS named in OTC, the route may only go down to
  // customers (egress rule 2); the first AS that sends it to a provider or
  // peer leaked it.
  std::optional<Offence> OtcLeak(const AsPath& path, Asn otc);
  std::uint32_t PathFor(const AsPath& path, Asn origin);
  bool HasPath(const observe_internal::PathKey& key) const;
  void GrowPaths();
  std::uint32_t PathText(std::uint32_t id, const AsPath& path);

  void SeenTime(std::int64_t time) {
    if (stats.first_time == 0 || time < stats.first_time) stats.first_time = time;
    stats.last_time = std::max(stats.last_time, time);
  }

  void Add(const observe_internal::RouteEvent& e);
};

}  // namespace manrs

#endif  // MANRS_SRC_OBSERVE_OBSERVER_SHARD_H_
