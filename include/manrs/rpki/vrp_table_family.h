// The engine of VrpTable (vrp_table.h): the VRPs of one address family laid
// out for lookups that touch as little memory as possible. Internal: use
// VrpTable. In a header only so that lookups inline into their callers.
#ifndef MANRS_RPKI_VRP_TABLE_FAMILY_H_
#define MANRS_RPKI_VRP_TABLE_FAMILY_H_

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/net/asn.h"
#include "manrs/net/ip_address.h"
#include "manrs/rpki/vrp.h"

namespace manrs {
namespace vrp_table_internal {

// Address keys of one family, left-aligned like IpAddress: bit 0 is the most
// significant. V4Keys holds 32 bits, V6Keys 128.
struct V4Keys {
  using Key = std::uint32_t;
  static constexpr int kBits = 32;
  static Key FromAddress(const IpAddress& a) { return a.v4(); }
  static IpAddress ToAddress(Key k) { return IpAddress::V4(k); }
  static Key Load(const std::uint32_t* w) { return w[0]; }
  static void Store(Key k, std::uint32_t* w) { w[0] = k; }
  static constexpr Key Masked(Key k, int length) {
    return length <= 0 ? 0 : k & (~Key{0} << (32 - length));
  }
  // Bits [from, from + count) of k as a number; count <= 31.
  static constexpr std::uint32_t Window(Key k, int from, int count) {
    return count == 0 ? 0 : (k << from) >> (32 - count);
  }
};

struct Key128 {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  friend constexpr auto operator<=>(const Key128&, const Key128&) = default;
};

struct V6Keys {
  using Key = Key128;
  static constexpr int kBits = 128;
  static Key FromAddress(const IpAddress& a) { return {a.hi(), a.lo()}; }
  static IpAddress ToAddress(Key k) { return IpAddress::V6(k.hi, k.lo); }
  static Key Load(const std::uint32_t* w) {
    return {std::uint64_t{w[0]} << 32 | w[1], std::uint64_t{w[2]} << 32 | w[3]};
  }
  static void Store(Key k, std::uint32_t* w) {
    w[0] = static_cast<std::uint32_t>(k.hi >> 32);
    w[1] = static_cast<std::uint32_t>(k.hi);
    w[2] = static_cast<std::uint32_t>(k.lo >> 32);
    w[3] = static_cast<std::uint32_t>(k.lo);
  }
  static constexpr Key Masked(Key k, int length) {
    const IpAddress m = IpAddress::V6(k.hi, k.lo).Masked(length);
    return {m.hi(), m.lo()};
  }
  static constexpr std::uint32_t Window(Key k, int from, int count) {
    if (count == 0) return 0;
    std::uint64_t top = from >= 64  ? k.lo << (from - 64)
                        : from == 0 ? k.hi
                                    : (k.hi << from) | (k.lo >> (64 - from));
    return static_cast<std::uint32_t>(top >> (64 - count));
  }
};

// Calls f(args...); a visitor returning void always continues, one returning
// bool continues while it returns true.
template <typename F, typename... Args>
inline bool Visit(F& f, Args&&... args) {
  if constexpr (std::is_void_v<std::invoke_result_t<F&, Args...>>) {
    f(std::forward<Args>(args)...);
    return true;
  } else {
    return static_cast<bool>(f(std::forward<Args>(args)...));
  }
}

// The VRPs of one address family.
//
// Invariants (after Build):
//  - records_ holds one record per distinct VRP prefix, in preorder: by
//    address, then shorter first, so a prefix precedes every prefix inside
//    it. A record is 32-bit words (see Record): its parent's offset, the VRP
//    count and prefix length, the prefix address, then (ASN, max length) per
//    VRP, sorted and unique. Records lie back to back from offset 0 and
//    fill records_; 1 <= count < 2^24.
//  - a record's parent is the record of the longest VRP prefix strictly
//    containing it, or kNone; it lies at a lower offset.
//  - intervals_ partitions the family's address space: intervals_[0].start
//    is 0, starts strictly increase, and interval i runs from its start to
//    the next one's (the last to the top of the space). Every address of
//    interval i is contained in exactly the prefixes on the parent chain of
//    record intervals_[i].record (none when it is kNone); neighbouring
//    intervals differ in record.
//  - every VRP prefix lies inside the span prefix (span_address_,
//    span_length_), the longest prefix containing them all. The index has
//    2^index_bits_ slots, index_bits_ = min(kIndexBits, kBits -
//    span_length_): slot s is the addresses of the span whose next
//    index_bits_ bits equal s, and slots_[s] is the interval holding the
//    first of them; slots_[2^index_bits_] is the last interval. So the
//    interval holding an address of slot s lies in [slots_[s], slots_[s+1]].
//  - block_starts_[j] == intervals_[kBlock * j].start for every such j: a
//    sample small enough to stay in cache, so that the search reads only
//    one block of intervals_ from memory.
// An empty family has no records and no intervals; every lookup finds nothing.
//
// A lookup thus reads one slot and a few block starts (together under 1 MiB
// for 723 k VRPs, so they stay in cache), one block of intervals, then the
// records on the chain, each usually one cache line holding all the VRPs of
// its prefix: two cache misses for a typical route.
template <typename Keys>
class VrpFamily {
 public:
  using Key = typename Keys::Key;
  static constexpr std::uint32_t kNone = 0xffffffff;
  static constexpr int kIndexBits = 16;
  static constexpr std::uint32_t kBlock = 8;  // intervals per block_starts_ entry
  static constexpr std::uint32_t kAddressWords = sizeof(Key) / 4;
  static constexpr std::uint32_t kHeaderWords = 2 + kAddressWords;

  // A view of one record.
  class Record {
   public:
    explicit Record(const std::uint32_t* words) : w_(words) {}
    std::uint32_t parent() const { return w_[0]; }
    std::uint32_t count() const { return w_[1] >> 8; }
    int length() const { return static_cast<int>(w_[1] & 0xff); }
    Key address() const { return Keys::Load(w_ + 2); }
    Asn asn(std::uint32_t i) const { return w_[kHeaderWords + 2 * i]; }
    int max_length(std::uint32_t i) const { return static_cast<int>(w_[kHeaderWords + 2 * i + 1]); }
    std::uint32_t words() const { return kHeaderWords + 2 * count(); }

   private:
    const std::uint32_t* w_;
  };

  struct Interval {
    Key start;
    std::uint32_t record;
  };

  // Builds from vrps of this family, sorted by (prefix, max_length, asn) and
  // unique, each keeping Vrp's invariant. Fails, leaving the family empty,
  // only when the records outgrow 32-bit offsets (or 2^24 VRPs share a
  // prefix).
  Status Build(std::span<const Vrp> vrps);

  // Calls visit(const Record&, Asn asn, int max_length) for every VRP
  // covering the prefix (key, length), most specific prefix first.
  // REQUIRES: key has no bits set past length. Returns false iff visit
  // stopped the walk.
  template <typename F>
  bool ForEachCovering(Key key, int length, F& visit) const {
    return ForEachCoveringFrom(Deepest(key), length, visit);
  }

  // The same in three steps, for lookups in batches (VrpTable's
  // ForEachCoveringAuthorizationBatch): the two reads that miss the cache, a
  // block of intervals and then the deepest record, are prefetched for a
  // group of keys before any of them is used, so that their misses overlap.
  // 1. The block that may hold key (null: outside the span), prefetched.
  const Interval* PrefetchBlock(Key key, std::uint32_t* n) const {
    const Interval* base = Block(key, n);
    if (base != nullptr) {
      __builtin_prefetch(base);
      if constexpr (sizeof(Interval) * kBlock > 64) __builtin_prefetch(base + kBlock - 1);
    }
    return base;
  }
  // 2. The deepest record containing key, from its block, prefetched.
  std::uint32_t PrefetchDeepest(const Interval* base, std::uint32_t n, Key key) const {
    if (base == nullptr) return kNone;
    const std::uint32_t offset = DeepestIn(base, n, key);
    if (offset != kNone) __builtin_prefetch(&records_[offset]);
    return offset;
  }
  // 3. The walk of ForEachCovering from that record.
  template <typename F>
  bool ForEachCoveringFrom(std::uint32_t offset, int length, F& visit) const {
    while (offset != kNone && Record(&records_[offset]).length() > length) {
      offset = Record(&records_[offset]).parent();
    }
    while (offset != kNone) {
      const Record record(&records_[offset]);
      for (std::uint32_t i = 0, n = record.count(); i < n; ++i) {
        if (!Visit(visit, record, record.asn(i), record.max_length(i))) return false;
      }
      offset = record.parent();
    }
    return true;
  }

  std::size_t size() const { return size_; }
  std::size_t prefix_count() const { return prefix_count_; }
  std::size_t interval_count() const { return intervals_.size(); }
  std::size_t MemoryBytes() const;
  // Appends every VRP, sorted.
  void AppendVrps(std::vector<Vrp>* out) const;

 private:
  // The intervals that may hold key: *n of them from the returned one, the
  // first starting at or before key; null when key is outside the span.
  // Reads only the index and block_starts_, which stay in cache.
  const Interval* Block(Key key, std::uint32_t* n) const {
    if (records_.empty() || Keys::Masked(key, span_length_) != span_address_) return nullptr;
    const std::uint32_t slot = Keys::Window(key, span_length_, index_bits_);
    const std::uint32_t lo = slots_[slot];
    const std::uint32_t hi = slots_[slot + 1];
    // The interval holding key is the last in [lo, hi] starting at or before
    // it; it lies in the last block (of kBlock intervals) in [lo / kBlock,
    // hi / kBlock] that starts at or before key.
    const Key* block = block_starts_.data() + lo / kBlock;
    for (std::uint32_t m = hi / kBlock - lo / kBlock + 1; m > 1;) {
      const std::uint32_t half = m / 2;
      block = block[half] <= key ? block + half : block;
      m -= half;
    }
    const auto first = static_cast<std::uint32_t>(block - block_starts_.data()) * kBlock;
    *n = std::min(hi, first + kBlock - 1) - std::max(lo, first) + 1;
    return intervals_.data() + std::max(lo, first);
  }

  // The record of the longest VRP prefix containing key, or kNone. Reads one
  // block of intervals: a single cache line for IPv4.
  std::uint32_t Deepest(Key key) const {
    std::uint32_t n;
    const Interval* base = Block(key, &n);
    return base == nullptr ? kNone : DeepestIn(base, n, key);
  }

  // The record of the interval holding key among the n from base.
  static std::uint32_t DeepestIn(const Interval* base, std::uint32_t n, Key key) {
    for (; n > 1;) {
      const std::uint32_t half = n / 2;
      base = base[half].start <= key ? base + half : base;
      n -= half;
    }
    return base->record;
  }

  void Clear();
  // The last address of the prefix of the record at offset.
  Key LastOf(std::uint32_t offset) const;
  void BuildIntervals();
  void BuildIndex();

  std::vector<std::uint32_t> records_;
  std::vector<Interval> intervals_;
  std::vector<Key> block_starts_;
  std::vector<std::uint32_t> slots_;
  std::size_t size_ = 0;
  std::size_t prefix_count_ = 0;
  Key span_address_{};
  int span_length_ = 0;
  int index_bits_ = 0;
};

}  // namespace vrp_table_internal

}  // namespace manrs

#endif  // MANRS_RPKI_VRP_TABLE_FAMILY_H_
