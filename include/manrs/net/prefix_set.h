// PrefixSet: a set of IPv4 and IPv6 prefixes with exact, covering (longest
// match) and covered queries and aggregation. It backs bogon lists, route
// filters and anti-spoofing allow-lists, and is meant to carry a VRP table.
//
// The prefixes live in a path-compressed binary trie per family, which answers
// everything. A large IPv4 set also keeps a V4Index, a flattening of the trie
// into one slot per /16, from which every IPv4 point query (Contains,
// LongestMatch, CoveredBy, Covering) is answered in 2-3 memory reads instead of
// a 20-odd-node walk: >15 M lookups/s on a 1 M-prefix table on one core (see
// bench/prefix_set_bench.cc). Lists (Within, Prefixes, Aggregate) and IPv6
// queries walk the trie.
#ifndef MANRS_NET_PREFIX_SET_H_
#define MANRS_NET_PREFIX_SET_H_

#include <bit>
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
  // its length is out of range. Cost: a trie descent, plus for an indexed
  // IPv4 set the V4Index update described below.
  bool Insert(const Prefix& prefix);
  // Removes prefix. Returns false when it was not stored.
  bool Erase(const Prefix& prefix);
  void Clear();

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

  // IPv4 sets at least this large keep a V4Index; smaller ones answer from
  // the trie, which then fits in cache anyway.
  static constexpr std::size_t kIndexMinSize = 1024;

 private:
  static constexpr std::uint32_t kNil = 0xffffffff;

  // The lengths of the stored prefixes covering a query: bit l of the
  // 129-bit mask is set when the prefix of length l containing the query is
  // stored. Every point query is answered from one of these.
  struct Lengths {
    std::uint64_t words[3] = {0, 0, 0};
    void Set(int length) { words[length / 64] |= std::uint64_t{1} << (length % 64); }
    bool Has(int length) const { return (words[length / 64] >> (length % 64) & 1) != 0; }
    int Longest() const;  // -1 when empty
  };
  Lengths CoveringLengths(const Prefix& prefix) const;
  Lengths CoveringLengths(const IpAddress& address) const;

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
  //    stored or the stored prefixes inside P part exactly at P's length.
  //  - stored nodes are exactly the prefixes of the set; size_ counts them.
  //  - a slot of nodes_ not reachable from root_ is on free_, reused first.
  //    Indices are 32-bit with kNil reserved, so a family holds fewer than
  //    2^31 prefixes (64 GiB of nodes).
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
    std::size_t size() const { return size_; }
    // Lengths of the stored prefixes covering the first `length` bits of
    // (hi, lo).
    Lengths CoveringLengths(std::uint64_t hi, std::uint64_t lo, int length) const;
    // The topmost node inside prefix (all stored prefixes inside prefix are in
    // its subtree), or kNil.
    std::uint32_t TopWithin(const Prefix& prefix) const;
    // Appends the stored prefixes of the subtree at node, in preorder.
    void AppendSubtree(std::uint32_t node, std::vector<Prefix>* out) const;
    void AppendAggregate(std::uint32_t node, std::vector<Prefix>* out) const;
    Prefix ToPrefix(const Node& node) const;
    const Node& node(std::uint32_t i) const { return nodes_[i]; }
    std::uint32_t root() const { return root_; }

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

  // V4Index: for every IPv4 address, the lengths of the stored prefixes
  // containing it, flattened into one slot per /16 so that a query reads a
  // slot and binary-searches a short array.
  //
  // Invariants (while built, i.e. slots_.size() == 65536):
  //  - bit l (0 <= l <= 16) of slots_[s].short_lengths is set iff the prefix
  //    of length l containing the /16 numbered s is stored.
  //  - slots_[s].runs covers that /16 with runs of addresses that the same
  //    stored prefixes longer than 16 contain. A run is (offset of its first
  //    address in the /16) << 16 | (bit l - 17 set iff the stored prefix of
  //    length l contains the run). Runs are sorted by offset, the first
  //    starts at 0, neighbours differ in their bits, and the array is empty
  //    when the /16 holds no prefix longer than 16.
  //  - it is built while the IPv4 trie holds >= kIndexMinSize prefixes and
  //    dropped when that falls below kIndexMinSize / 2.
  // Updates do not touch the trie: a prefix of length l <= 16 flips one bit
  // in 2^(16 - l) slots; a longer one rewrites one slot's runs, O(runs).
  class V4Index {
   public:
    bool built() const { return !slots_.empty(); }
    void Build(const Trie& trie);
    void Drop();
    void Update(const Prefix& prefix, bool inserted);
    // Bit l (0 <= l <= 32) set iff the prefix of length l containing address
    // is stored.
    std::uint64_t Lookup(std::uint32_t address) const;

   private:
    struct Slot {
      std::vector<std::uint32_t> runs;
      std::uint32_t short_lengths = 0;
    };
    // Appends a run to runs_scratch_, keeping the invariants on neighbours.
    void Emit(std::uint32_t offset, std::uint32_t bits);
    // Moves runs_scratch_ into the slot's runs.
    void StoreRuns(Slot* slot);
    void BuildRuns(const Trie& trie, std::uint32_t slot);

    std::vector<Slot> slots_;
    // Scratch space, kept to save allocations; holds nothing between calls.
    std::vector<std::uint32_t> runs_scratch_;
    std::vector<std::uint32_t> walk_scratch_;
    std::vector<std::uint64_t> open_scratch_;
  };

  Trie& TrieFor(Afi afi) { return afi == Afi::kIpv4 ? v4_ : v6_; }
  const Trie& TrieFor(Afi afi) const { return afi == Afi::kIpv4 ? v4_ : v6_; }

  Trie v4_{Afi::kIpv4};
  Trie v6_{Afi::kIpv6};
  V4Index v4_index_;
};

template <typename F>
void PrefixSet::ForEachCovering(const Prefix& prefix, F&& f) const {
  const Lengths lengths = CoveringLengths(prefix);
  for (int w = 0; w < 3; ++w) {
    for (std::uint64_t bits = lengths.words[w]; bits != 0; bits &= bits - 1) {
      f(Prefix::Normalized(prefix.address(), 64 * w + std::countr_zero(bits)));
    }
  }
}

}  // namespace manrs

#endif  // MANRS_NET_PREFIX_SET_H_
