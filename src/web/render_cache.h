// What the web server renders once and serves many times: a per-AS answer
// of one stored period (the report JSON, the per-AS page without its
// per-request parts) is the same until a new period, IRR snapshot or
// PeeringDB file is loaded. RenderCache keeps such values by (period, ASN)
// under a generation (the loads so far); a value of an older generation is
// never returned, and the first Put of a new generation drops the rest.
// Least recently used values leave first once the byte budget is spent.
// Sharded by ASN, one lock per shard, so 200 concurrent readers rarely wait
// for one another. Thread-safe.
//
// Invariants (per shard): every key in index_ is in lru_ exactly once, and
// bytes_ is the sum of the sizes of the values in lru_.
#ifndef MANRS_SRC_WEB_RENDER_CACHE_H_
#define MANRS_SRC_WEB_RENDER_CACHE_H_

#include <array>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "manrs/net/asn.h"
#include "manrs/observe/report.h"

namespace manrs::web {

struct RenderKey {
  std::int64_t start = 0, end = 0;  // the period
  Asn asn = 0;
  bool operator==(const RenderKey& o) const {
    return start == o.start && end == o.end && asn == o.asn;
  }
};

struct RenderKeyHash {
  std::size_t operator()(const RenderKey& k) const {
    std::uint64_t h = static_cast<std::uint64_t>(k.start) * 0x9E3779B97F4A7C15ULL;
    h ^= static_cast<std::uint64_t>(k.end) + 0x7F4A7C159E3779B9ULL + (h << 6) + (h >> 2);
    h ^= static_cast<std::uint64_t>(k.asn) + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return static_cast<std::size_t>(h);
  }
};

inline RenderKey MakeRenderKey(const Period& period, Asn asn) {
  return RenderKey{period.start, period.end, asn};
}

// V must have `std::size_t bytes() const`.
template <typename V>
class RenderCache {
 public:
  explicit RenderCache(std::size_t budget_bytes) : shard_budget_(budget_bytes / kShards) {}

  // The value of key in generation, or null.
  std::shared_ptr<const V> Get(std::uint64_t generation, const RenderKey& key) {
    Shard& s = ShardOf(key);
    std::lock_guard lock(s.mu);
    if (s.generation != generation) return nullptr;
    auto it = s.index.find(key);
    if (it == s.index.end()) return nullptr;
    s.lru.splice(s.lru.begin(), s.lru, it->second);  // most recently used first
    return it->second->second;
  }

  // Keeps value for key in generation (a newer generation drops the rest).
  void Put(std::uint64_t generation, const RenderKey& key, std::shared_ptr<const V> value) {
    Shard& s = ShardOf(key);
    std::lock_guard lock(s.mu);
    if (generation < s.generation) return;  // rendered from data already replaced
    if (generation > s.generation) {
      s.lru.clear();
      s.index.clear();
      s.bytes = 0;
      s.generation = generation;
    }
    const std::size_t size = value->bytes();
    if (size > shard_budget_) return;
    if (auto it = s.index.find(key); it != s.index.end()) {
      s.bytes -= it->second->second->bytes();
      s.lru.erase(it->second);
      s.index.erase(it);
    }
    s.lru.emplace_front(key, std::move(value));
    s.index.emplace(key, s.lru.begin());
    s.bytes += size;
    while (s.bytes > shard_budget_ && !s.lru.empty()) {
      s.bytes -= s.lru.back().second->bytes();
      s.index.erase(s.lru.back().first);
      s.lru.pop_back();
    }
  }

 private:
  static constexpr std::size_t kShards = 16;
  struct Shard {
    std::mutex mu;
    std::uint64_t generation = 0;
    std::list<std::pair<RenderKey, std::shared_ptr<const V>>> lru;
    std::unordered_map<RenderKey, typename decltype(lru)::iterator, RenderKeyHash> index;
    std::size_t bytes = 0;
  };
  Shard& ShardOf(const RenderKey& key) { return shards_[key.asn % kShards]; }

  const std::size_t shard_budget_;
  std::array<Shard, kShards> shards_;
};

}  // namespace manrs::web

#endif  // MANRS_SRC_WEB_RENDER_CACHE_H_
