// Minimal aggregation: a dynamic programme over the compressed binary trie of
// the line prefixes. See doc/filter.md for the argument; the names here follow it.
//
//   A(n)        lengths accepted at n by lines at n or above it (>= |n|)
//   F(n)        lengths l at which n is full: every prefix of length l inside n
//               is accepted. F(n) = A(n) + (F(side 0) & F(side 1) above |n|),
//               where a side without a child exactly one bit down is full
//               only at A(n).
//   required(n) lengths that only a line at n (or above) can cover: |n| if n is
//               accepted, and all of A(n) above |n| when a side of n has no
//               child one bit down (a line at a node that is not in the trie
//               is never better than the same line at its trie parent).
//   Solve(n, C) fewest lines in n's subtree given that lines above already
//               cover the lengths C (C is a subset of F(n)). A line at n
//               covers a whole maximal run of F(n) (a shorter one never helps);
//               runs touching required - C must be emitted, others may be.
#include "manrs/filter/aggregate.h"

#include <algorithm>
#include <bit>
#include <cstdint>

#include "filter/length_mask.h"

namespace manrs {
namespace {

using filter_internal::ForEachRun;
using filter_internal::Interval;
using filter_internal::LengthMask;

constexpr std::uint32_t kNil = 0xffffffff;
constexpr std::size_t kMaxChoices = 10;
// Work budget: past this many (node, covered) states the programme stops
// trying optional runs, so a crafted list (route-set members are anyone's to
// register) cannot make it run for long. Real lists use about one state a node.
constexpr std::size_t kMaxStates = std::size_t{1} << 21;

// Number of leading bits a and b share, at most max.
int CommonLength(const IpAddress& a, const IpAddress& b, int max) {
  std::uint64_t x = a.hi() ^ b.hi();
  int common = x != 0 ? std::countl_zero(x) : 64 + std::countl_zero(a.lo() ^ b.lo());
  if (x == 0 && a.lo() == b.lo()) common = 128;
  return std::min(common, max);
}

class Aggregator {
 public:
  explicit Aggregator(std::span<const PrefixRange> lines) : afi_(lines.front().afi()) {
    std::vector<PrefixRange> sorted(lines.begin(), lines.end());
    std::sort(sorted.begin(), sorted.end());
    max_ = MaxPrefixLength(afi_);
    Build(sorted);
  }

  std::vector<PrefixRange> Run(AggregateStats* stats) {
    ComputeA(root_, LengthMask());
    ComputeF(root_);
    memo_.resize(nodes_.size());
    Solve(root_, LengthMask());
    std::vector<PrefixRange> out;
    Emit(root_, LengthMask(), &out);
    std::sort(out.begin(), out.end());
    if (stats != nullptr) {
      stats->trie_nodes = nodes_.size();
      stats->states = states_;
      stats->capped_nodes = capped_;
    }
    return out;
  }

 private:
  struct Node {
    Prefix prefix;
    LengthMask own;  // union of the input lines at exactly this prefix
    LengthMask a;
    LengthMask f;
    LengthMask required;
    std::uint32_t child[2] = {kNil, kNil};
  };
  struct Memo {
    LengthMask covered;
    LengthMask emitted;
    std::size_t cost;
  };

  std::uint32_t NewNode(const Prefix& p) {
    nodes_.push_back(Node{p, {}, {}, {}, {}, {kNil, kNil}});
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }
  int Side(std::uint32_t parent, std::uint32_t child) const {
    return nodes_[child].prefix.address().bit(nodes_[parent].prefix.length()) ? 1 : 0;
  }
  void Attach(std::uint32_t parent, std::uint32_t child) {
    nodes_[parent].child[Side(parent, child)] = child;
  }

  // Builds the compressed trie from lines sorted in prefix order (a preorder).
  void Build(const std::vector<PrefixRange>& sorted) {
    root_ = NewNode(Prefix::Normalized(IpAddress(), 0));
    if (afi_ == Afi::kIpv6) nodes_[root_].prefix = Prefix::Normalized(IpAddress::V6(0, 0), 0);
    std::vector<std::uint32_t> stack = {root_};
    for (const PrefixRange& line : sorted) {
      const Prefix& p = line.prefix;
      if (nodes_[stack.back()].prefix == p) {
        nodes_[stack.back()].own |= Interval(line.min_length, line.max_length);
        continue;
      }
      std::uint32_t popped = kNil;
      while (!nodes_[stack.back()].prefix.Contains(p)) {
        popped = stack.back();
        stack.pop_back();
      }
      std::uint32_t parent = stack.back();
      if (popped != kNil) {
        const Prefix& q = nodes_[popped].prefix;
        int common = CommonLength(q.address(), p.address(), std::min(q.length(), p.length()));
        if (common > nodes_[parent].prefix.length()) {
          std::uint32_t branch = NewNode(Prefix::Normalized(p.address(), common));
          Attach(parent, branch);
          Attach(branch, popped);
          stack.push_back(branch);
          parent = branch;
        }
      }
      std::uint32_t node = NewNode(p);
      nodes_[node].own = Interval(line.min_length, line.max_length);
      Attach(parent, node);
      stack.push_back(node);
    }
  }

  void ComputeA(std::uint32_t n, LengthMask above) {
    Node& node = nodes_[n];
    node.a = (above | node.own) & Interval(node.prefix.length(), max_);
    for (std::uint32_t c : node.child) {
      if (c != kNil) ComputeA(c, node.a);
    }
  }

  void ComputeF(std::uint32_t n) {
    for (std::uint32_t c : nodes_[n].child) {
      if (c != kNil) ComputeF(c);
    }
    Node& node = nodes_[n];
    const int len = node.prefix.length();
    const LengthMask deeper = Interval(len + 1, max_);
    LengthMask both = deeper;
    bool open_side = false;
    for (std::uint32_t c : node.child) {
      if (c != kNil && nodes_[c].prefix.length() == len + 1) {
        both &= nodes_[c].f;
      } else {
        both &= node.a;
        open_side = true;
      }
    }
    node.f = node.a | both;
    if (len == max_) node.f = node.a;
    node.required = node.a & Interval(len, len);
    if (open_side && len < max_) node.required |= node.a & deeper;
  }

  std::size_t Solve(std::uint32_t n, const LengthMask& covered) {
    for (const Memo& m : memo_[n]) {
      if (m.covered == covered) return m.cost;
    }
    ++states_;
    const Node& node = nodes_[n];
    const LengthMask open_required = node.required & ~covered;
    LengthMask forced;
    std::size_t forced_count = 0;
    std::vector<LengthMask> optional;
    ForEachRun(node.f, [&](int lo, int hi) {
      LengthMask run = Interval(lo, hi);
      if ((run & open_required).any()) {
        forced |= run;
        ++forced_count;
      } else if ((run & ~covered).any()) {
        optional.push_back(run);
      }
    });
    if (optional.size() > kMaxChoices || (!optional.empty() && states_ > kMaxStates)) {
      ++capped_;
      optional.clear();
    }
    std::size_t best = SIZE_MAX;
    LengthMask best_emitted;
    const std::size_t choices = std::size_t{1} << optional.size();
    for (std::size_t subset = 0; subset < choices; ++subset) {
      LengthMask emitted = forced;
      std::size_t cost = forced_count;
      for (std::size_t i = 0; i < optional.size(); ++i) {
        if ((subset >> i & 1) != 0) {
          emitted |= optional[i];
          ++cost;
        }
      }
      const LengthMask now = covered | emitted;
      for (std::uint32_t c : node.child) {
        if (c != kNil && cost < best) cost += Solve(c, now & nodes_[c].f);
      }
      if (cost < best) {
        best = cost;
        best_emitted = emitted;
      }
    }
    memo_[n].push_back(Memo{covered, best_emitted, best});
    return best;
  }

  void Emit(std::uint32_t n, const LengthMask& covered, std::vector<PrefixRange>* out) {
    const Memo* memo = nullptr;
    for (const Memo& m : memo_[n]) {
      if (m.covered == covered) memo = &m;
    }
    const Node& node = nodes_[n];
    ForEachRun(memo->emitted,
               [&](int lo, int hi) { out->push_back(PrefixRange::Make(node.prefix, lo, hi)); });
    const LengthMask now = covered | memo->emitted;
    for (std::uint32_t c : node.child) {
      if (c != kNil) Emit(c, now & nodes_[c].f, out);
    }
  }

  Afi afi_;
  int max_ = 32;
  std::vector<Node> nodes_;
  std::uint32_t root_ = kNil;
  std::vector<std::vector<Memo>> memo_;
  std::size_t states_ = 0;
  std::size_t capped_ = 0;
};

}  // namespace

std::vector<PrefixRange> Aggregate(std::span<const PrefixRange> lines, AggregateStats* stats) {
  if (lines.empty()) return {};
  return Aggregator(lines).Run(stats);
}

}  // namespace manrs
