// PrefixSet: a set of IPv4 and IPv6 prefixes with exact, covering (longest
// match) and covered queries and aggregation. It backs bogon lists, route
// filters and anti-spoofing allow-lists, and is meant to carry a VRP table, so
// lookups are built for speed: about 2-3 memory reads per IPv4 address lookup
// on a full routing table (see bench/prefix_set_bench.cc).
#ifndef MANRS_NET_PREFIX_SET_H_
#define MANRS_NET_PREFIX_SET_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "manrs/net/ip_address.h"
#include "manrs/net/prefix.h"

namespace manrs {

// A prefix whose length exceeds its family's maximum (only Prefix::Normalized
// can make one) is never stored, and as a query it matches nothing.
//
// Const members do not modify the set, so any number of threads may query a
// set that no thread is modifying.
class PrefixSet {
 public:
  PrefixSet() = default;

  // Adds prefix. Returns false, changing nothing, when it is already stored or
  // its length is out of range. O(128) plus, for an IPv4 set of more than
  // kIndexMinSize prefixes, the index update described at V4Index.
  bool Insert(const Prefix& prefix);
  // Removes prefix. Returns false when it was not stored.
  bool Erase(const Prefix& prefix);
  void Clear();
  void CompactForTest() { v4_.Compact(); v6_.Compact(); }

  // Exact membership.
  bool Contains(const Prefix& prefix) const;
  std::size_t size() const { return v4_.size() + v6_.size(); }
  bool empty() const { return size() == 0; }

  // The most specific stored prefix containing address, if any.
  std::optional<Prefix> LongestMatch(const IpAddress& address) const;
  // The most specific stored prefix covering prefix (prefix itself counts).
  std::optional<Prefix> LongestMatch(const Prefix& prefix) const;
  // True when some stored prefix covers prefix (prefix itself counts).
  bool CoveredBy(const Prefix& prefix) const;

  // Every stored prefix covering prefix (prefix itself counts), shortest first.
  std::vector<Prefix> Covering(const Prefix& prefix) const;
  // Calls f(const Prefix&) for each prefix Covering() would return, in the
  // same order, without allocating.
  template <typename F>
  void ForEachCovering(const Prefix& prefix, F&& f) const;
  // Every stored prefix inside prefix (prefix itself counts), sorted.
  std::vector<Prefix> Within(const Prefix& prefix) const;

  // All stored prefixes, IPv4 first, then by address, then shorter first.
  std::vector<Prefix> Prefixes() const;
  // The minimal list of prefixes whose union is the union of the set: covered
  // prefixes are dropped and sibling pairs merged, repeatedly. Sorted as
  // Prefixes() is; no two results are siblings and none covers another.
  std::vector<Prefix> Aggregate() const;

  // IPv4 sets at least this large keep the V4Index; smaller ones answer
  // address lookups from the trie, which then fits in cache anyway.
  static constexpr std::size_t kIndexMinSize = 1024;

 private:
  static constexpr std::uint32_t kNil = 0xffffffff;

  // Trie: the prefixes of one family in a path-compressed binary trie whose
  // nodes live in one vector and link by index.
  //
  // Invariants:
  //  - key bits at positions >= length are zero; a key is left-aligned in
  //    (hi, lo) as in IpAddress.
  //  - a child c on side b of node n has c.length > n.length, agrees with n on
  //    its first n.length bits and has bit n.length equal to b.
  //  - a node with stored == false (a branch) has two children, so there are
  //    fewer than 2 * size() nodes and a node exists for a prefix P iff P is
  //    stored or the stored prefixes inside P branch exactly at P's length.
  //  - stored nodes are exactly the prefixes of the set; size_ counts them.
  //  - a node not reachable from root_ is on free_ and is reused first.
  // A preorder walk taking child 0 before child 1 visits the prefixes in
  // address order, shorter first, which is the order every list result uses.
  class Trie {
   public:
    struct Node {
      std::uint64_t hi = 0;
      std::uint64_t lo = 0;
      std::uint32_t child[2] = {kNil, kNil};
      std::uint8_t length = 0;
      bool stored = false;
    };

    explicit Trie(Afi afi) : afi_(afi) {}

    bool Insert(const Prefix& prefix);
    bool Erase(const Prefix& prefix);
    void Clear();
    void Compact();
    std::size_t size() const { return size_; }
    bool Contains(const Prefix& prefix) const;
    // Length of the longest stored prefix covering (hi, lo, length), or -1.
    int LongestMatchLength(std::uint64_t hi, std::uint64_t lo, int length) const;
    // The topmost node inside prefix (all stored prefixes inside prefix are in
    // its subtree), or kNil.
    std::uint32_t TopWithin(const Prefix& prefix) const;
    // Appends the stored prefixes of the subtree at node in preorder.
    void AppendSubtree(std::uint32_t node, std::vector<Prefix>* out) const;
    void AppendAggregate(std::uint32_t node, std::vector<Prefix>* out) const;
    Prefix ToPrefix(const Node& node) const;
    const Node& node(std::uint32_t i) const { return nodes_[i]; }
    std::uint32_t root() const { return root_; }

    template <typename F>
    void ForEachCovering(std::uint64_t hi, std::uint64_t lo, int length, F& f) const {
      for (std::uint32_t i = root_; i != kNil;) {
        const Node& n = nodes_[i];
        if (n.length > length || !Matches(n, hi, lo)) return;
        if (n.stored) f(n);
        if (n.length == length) return;
        i = n.child[Bit(hi, lo, n.length)];
      }
    }

    // Masks keeping the first length bits of the hi and lo words.
    static std::uint64_t MaskHi(int length) {
      return length <= 0 ? 0 : length >= 64 ? ~std::uint64_t{0} : ~std::uint64_t{0} << (64 - length);
    }
    static std::uint64_t MaskLo(int length) {
      return length <= 64 ? 0 : length >= 128 ? ~std::uint64_t{0} : ~std::uint64_t{0} << (128 - length);
    }
    // True when (hi, lo) agrees with node on its first node.length bits.
    static bool Matches(const Node& node, std::uint64_t hi, std::uint64_t lo) {
      return (hi & MaskHi(node.length)) == node.hi && (lo & MaskLo(node.length)) == node.lo;
    }
    static int Bit(std::uint64_t hi, std::uint64_t lo, int i) {
      return static_cast<int>(i < 64 ? (hi >> (63 - i)) & 1 : (lo >> (127 - i)) & 1);
    }

   private:
    std::uint32_t NewNode(std::uint64_t hi, std::uint64_t lo, int length, bool stored);
    void FreeNode(std::uint32_t i);
    // Points the link to a child (or root_ when parent is kNil) at target.
    void Relink(std::uint32_t parent, int side, std::uint32_t target);

    std::vector<Node> nodes_;
    std::vector<std::uint32_t> free_;
    std::uint32_t root_ = kNil;
    std::size_t size_ = 0;
    Afi afi_;
  };

  // V4Index: the IPv4 longest-match lengths flattened into one slot per /16,
  // so an address lookup reads a slot and binary-searches a short array.
  //
  // Invariants (while built, i.e. slots_.size() == 65536):
  //  - slots_[s].short_length is the length of the longest stored prefix of
  //    length <= 16 covering the /16 numbered s, or kNoMatch.
  //  - slots_[s].runs describes the stored prefixes longer than 16 inside
  //    that /16: each run is (first address low 16 bits) << 8 | length, the
  //    length of the longest such prefix covering the run's addresses, or
  //    kNoMatch where none does. Runs are sorted, the first starts at 0,
  //    neighbours differ in length, and the array is empty when the /16
  //    holds no long prefix.
  //  - the index is built while the IPv4 trie holds >= kIndexMinSize
  //    prefixes and dropped once it falls below kIndexMinSize / 2.
  // Inserting or erasing a prefix longer than 16 rebuilds one slot's runs
  // from the trie (O(prefixes in that /16)); a prefix of length l <= 16
  // rewrites 2^(16 - l) short_length bytes.
  class V4Index {
   public:
    static constexpr std::uint8_t kNoMatch = 0xff;

    bool built() const { return !slots_.empty(); }
    void Build(const Trie& trie);
    void Drop();
    // Brings the index up to date after prefix was inserted into or erased
    // from trie.
    void Update(const Trie& trie, const Prefix& prefix, bool inserted);
    // Length of the longest stored prefix containing address, or kNoMatch.
    std::uint8_t Lookup(std::uint32_t address) const;

   private:
    struct Slot {
      std::vector<std::uint32_t> runs;
      std::uint8_t short_length = kNoMatch;
    };
    void RebuildRuns(const Trie& trie, std::uint32_t slot);
    // Appends a run to runs_scratch_, keeping neighbours distinct.
    void Emit(std::uint32_t position, std::uint8_t length);

    std::vector<Slot> slots_;
    // Scratch space for RebuildRuns, kept to save allocations; holds nothing
    // between calls.
    std::vector<std::uint32_t> runs_scratch_;
    std::vector<std::uint32_t> walk_scratch_;
    std::vector<std::uint32_t> open_scratch_;
  };

  Trie& TrieFor(Afi afi) { return afi == Afi::kIpv4 ? v4_ : v6_; }
  const Trie& TrieFor(Afi afi) const { return afi == Afi::kIpv4 ? v4_ : v6_; }

  Trie v4_{Afi::kIpv4};
  Trie v6_{Afi::kIpv6};
  V4Index v4_index_;
};

template <typename F>
void PrefixSet::ForEachCovering(const Prefix& prefix, F&& f) const {
  if (prefix.length() > MaxPrefixLength(prefix.afi())) return;
  const Trie& trie = TrieFor(prefix.afi());
  auto visit = [&](const Trie::Node& node) { f(trie.ToPrefix(node)); };
  trie.ForEachCovering(prefix.address().hi(), prefix.address().lo(), prefix.length(), visit);
}

}  // namespace manrs

#endif  // MANRS_NET_PREFIX_SET_H_
