#include "manrs/net/prefix_set.h"

#include <algorithm>
#include <bit>

namespace manrs {

namespace {

bool Valid(const Prefix& prefix) { return prefix.length() <= MaxPrefixLength(prefix.afi()); }

// Number of leading bits on which the two keys agree, at most cap.
int CommonLength(std::uint64_t ahi, std::uint64_t alo, std::uint64_t bhi, std::uint64_t blo,
                 int cap) {
  int common = 128;
  if (ahi != bhi) {
    common = std::countl_zero(ahi ^ bhi);
  } else if (alo != blo) {
    common = 64 + std::countl_zero(alo ^ blo);
  }
  return std::min(common, cap);
}

std::uint64_t MaskHi(int length) {
  return length <= 0 ? 0 : length >= 64 ? ~std::uint64_t{0} : ~std::uint64_t{0} << (64 - length);
}

std::uint64_t MaskLo(int length) {
  return length <= 64 ? 0 : length >= 128 ? ~std::uint64_t{0} : ~std::uint64_t{0} << (128 - length);
}

int Bit(std::uint64_t hi, std::uint64_t lo, int i) {
  return static_cast<int>(i < 64 ? (hi >> (63 - i)) & 1 : (lo >> (127 - i)) & 1);
}

// True when (hi, lo) agrees with the node's key on its first length bits.
template <typename Node>
bool Matches(const Node& node, std::uint64_t hi, std::uint64_t lo) {
  return (hi & MaskHi(node.length)) == node.hi && (lo & MaskLo(node.length)) == node.lo;
}

}  // namespace

int PrefixSet::Lengths::Longest() const {
  for (int w = 2; w >= 0; --w) {
    if (words[w] != 0) return 64 * w + 63 - std::countl_zero(words[w]);
  }
  return -1;
}

// ---- Trie ----

std::uint32_t PrefixSet::Trie::NewNode(std::uint64_t hi, std::uint64_t lo, int length,
                                       bool stored) {
  Node node;
  node.hi = hi;
  node.lo = lo;
  node.length = static_cast<std::uint8_t>(length);
  node.stored = stored;
  if (!free_.empty()) {
    std::uint32_t i = free_.back();
    free_.pop_back();
    nodes_[i] = node;
    return i;
  }
  nodes_.push_back(node);
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void PrefixSet::Trie::FreeNode(std::uint32_t i) {
  nodes_[i] = Node{};
  free_.push_back(i);
}

void PrefixSet::Trie::Relink(std::uint32_t parent, int side, std::uint32_t target) {
  if (parent == kNil) {
    root_ = target;
  } else {
    nodes_[parent].child[side] = target;
  }
}

void PrefixSet::Trie::Clear() {
  nodes_.clear();
  free_.clear();
  root_ = kNil;
  size_ = 0;
}

bool PrefixSet::Trie::Insert(const Prefix& prefix) {
  const std::uint64_t hi = prefix.address().hi();
  const std::uint64_t lo = prefix.address().lo();
  const int length = prefix.length();
  std::uint32_t parent = kNil;
  int side = 0;
  std::uint32_t i = root_;
  while (i != kNil) {
    // Copies, not references: NewNode below may reallocate nodes_.
    const Node n = nodes_[i];
    const int common = CommonLength(n.hi, n.lo, hi, lo, std::min<int>(n.length, length));
    if (common == n.length) {
      if (n.length == length) {
        if (n.stored) return false;
        nodes_[i].stored = true;  // a branch node becomes a stored prefix
        ++size_;
        return true;
      }
      parent = i;
      side = Bit(hi, lo, n.length);
      i = n.child[side];
      continue;
    }
    // The new prefix and n part at bit common < n.length.
    const int n_side = Bit(n.hi, n.lo, common);
    if (common == length) {
      // The new prefix covers n: it goes between n and its parent.
      std::uint32_t fresh = NewNode(hi, lo, length, true);
      nodes_[fresh].child[n_side] = i;
      Relink(parent, side, fresh);
    } else {
      // Neither covers the other: a branch node at the parting bit.
      std::uint32_t leaf = NewNode(hi, lo, length, true);
      std::uint32_t branch = NewNode(hi & MaskHi(common), lo & MaskLo(common), common, false);
      nodes_[branch].child[n_side] = i;
      nodes_[branch].child[1 - n_side] = leaf;
      Relink(parent, side, branch);
    }
    ++size_;
    return true;
  }
  Relink(parent, side, NewNode(hi, lo, length, true));
  ++size_;
  return true;
}

bool PrefixSet::Trie::Erase(const Prefix& prefix) {
  const std::uint64_t hi = prefix.address().hi();
  const std::uint64_t lo = prefix.address().lo();
  const int length = prefix.length();
  std::uint32_t grandparent = kNil, parent = kNil;
  int grandparent_side = 0, side = 0;
  std::uint32_t i = root_;
  while (i != kNil) {
    const Node& n = nodes_[i];
    if (n.length > length || !Matches(n, hi, lo)) return false;
    if (n.length == length) break;
    grandparent = parent;
    grandparent_side = side;
    parent = i;
    side = Bit(hi, lo, n.length);
    i = n.child[side];
  }
  if (i == kNil || !nodes_[i].stored) return false;
  --size_;
  Node& n = nodes_[i];
  n.stored = false;
  const std::uint32_t left = n.child[0], right = n.child[1];
  if (left != kNil && right != kNil) return true;  // stays as a branch node
  if (left != kNil || right != kNil) {
    Relink(parent, side, left != kNil ? left : right);
    FreeNode(i);
  } else {
    Relink(parent, side, kNil);
    FreeNode(i);
    // A branch parent now has one child: splice it out.
    if (parent != kNil && !nodes_[parent].stored) {
      Relink(grandparent, grandparent_side, nodes_[parent].child[1 - side]);
      FreeNode(parent);
    }
  }
  if (root_ == kNil) Clear();  // release the free list
  return true;
}

PrefixSet::Lengths PrefixSet::Trie::CoveringLengths(std::uint64_t hi, std::uint64_t lo,
                                                    int length) const {
  Lengths lengths;
  for (std::uint32_t i = root_; i != kNil;) {
    const Node& n = nodes_[i];
    if (n.length > length || !Matches(n, hi, lo)) break;
    if (n.stored) lengths.Set(n.length);
    if (n.length == length) break;
    i = n.child[Bit(hi, lo, n.length)];
  }
  return lengths;
}

std::uint32_t PrefixSet::Trie::TopWithin(const Prefix& prefix) const {
  const std::uint64_t hi = prefix.address().hi();
  const std::uint64_t lo = prefix.address().lo();
  const int length = prefix.length();
  for (std::uint32_t i = root_; i != kNil;) {
    const Node& n = nodes_[i];
    if (n.length >= length) {
      bool inside = (n.hi & MaskHi(length)) == hi && (n.lo & MaskLo(length)) == lo;
      return inside ? i : kNil;
    }
    if (!Matches(n, hi, lo)) return kNil;
    i = n.child[Bit(hi, lo, n.length)];
  }
  return kNil;
}

Prefix PrefixSet::Trie::ToPrefix(const Node& node) const {
  IpAddress address = afi_ == Afi::kIpv4 ? IpAddress::V4(static_cast<std::uint32_t>(node.hi >> 32))
                                         : IpAddress::V6(node.hi, node.lo);
  return Prefix::Normalized(address, node.length);
}

void PrefixSet::Trie::AppendSubtree(std::uint32_t node, std::vector<Prefix>* out) const {
  if (node == kNil) return;
  // Depth-first with an explicit stack: at most one pending right child per
  // level, so it never holds more than 129 entries.
  std::vector<std::uint32_t> stack{node};
  while (!stack.empty()) {
    const Node& n = nodes_[stack.back()];
    stack.pop_back();
    if (n.stored) out->push_back(ToPrefix(n));
    if (n.child[1] != kNil) stack.push_back(n.child[1]);
    if (n.child[0] != kNil) stack.push_back(n.child[0]);
  }
}

void PrefixSet::Trie::AppendAggregate(std::uint32_t node, std::vector<Prefix>* out) const {
  // Recursion depth is bounded by the trie depth, at most 129.
  if (node == kNil) return;
  const Node& n = nodes_[node];
  if (n.stored) {
    out->push_back(ToPrefix(n));  // covers its whole subtree
    return;
  }
  const std::size_t mark = out->size();
  AppendAggregate(n.child[0], out);
  AppendAggregate(n.child[1], out);
  // Children lie on opposite sides of bit n.length, so two results of length
  // n.length + 1 are the two halves of n: merge them.
  if (out->size() == mark + 2 && (*out)[mark].length() == n.length + 1 &&
      (*out)[mark + 1].length() == n.length + 1) {
    out->resize(mark);
    out->push_back(ToPrefix(n));
  }
}

// ---- PrefixSet ----

bool PrefixSet::Insert(const Prefix& prefix) {
  if (!Valid(prefix) || !TrieFor(prefix.afi()).Insert(prefix)) return false;
  if (prefix.is_v4()) {
    if (v4_index_.built()) {
      v4_index_.Update(prefix, /*inserted=*/true);
    } else if (v4_.size() >= kIndexMinSize) {
      v4_index_.Build(v4_);
    }
  }
  return true;
}

bool PrefixSet::Erase(const Prefix& prefix) {
  if (!Valid(prefix) || !TrieFor(prefix.afi()).Erase(prefix)) return false;
  if (prefix.is_v4() && v4_index_.built()) {
    if (v4_.size() < kIndexMinSize / 2) {
      v4_index_.Drop();
    } else {
      v4_index_.Update(prefix, /*inserted=*/false);
    }
  }
  return true;
}

void PrefixSet::Clear() {
  v4_.Clear();
  v6_.Clear();
  v4_index_.Drop();
}

PrefixSet::Lengths PrefixSet::CoveringLengths(const Prefix& prefix) const {
  Lengths lengths;
  if (!Valid(prefix)) return lengths;
  const IpAddress& address = prefix.address();
  if (address.is_v4() && v4_index_.built()) {
    // The stored prefixes no longer than prefix that contain its first
    // address are exactly those covering it.
    const int length = prefix.length();
    const std::uint64_t upto = length >= 63 ? ~std::uint64_t{0} : (std::uint64_t{2} << length) - 1;
    lengths.words[0] = v4_index_.Lookup(address.v4()) & upto;
    return lengths;
  }
  return TrieFor(address.afi()).CoveringLengths(address.hi(), address.lo(), prefix.length());
}

PrefixSet::Lengths PrefixSet::CoveringLengths(const IpAddress& address) const {
  if (address.is_v4() && v4_index_.built()) {
    Lengths lengths;
    lengths.words[0] = v4_index_.Lookup(address.v4());
    return lengths;
  }
  return TrieFor(address.afi())
      .CoveringLengths(address.hi(), address.lo(), MaxPrefixLength(address.afi()));
}

bool PrefixSet::Contains(const Prefix& prefix) const {
  return Valid(prefix) && CoveringLengths(prefix).Has(prefix.length());
}

std::optional<Prefix> PrefixSet::LongestMatch(const IpAddress& address) const {
  const int length = CoveringLengths(address).Longest();
  if (length < 0) return std::nullopt;
  return Prefix::Normalized(address, length);
}

std::optional<Prefix> PrefixSet::LongestMatch(const Prefix& prefix) const {
  const int length = CoveringLengths(prefix).Longest();
  if (length < 0) return std::nullopt;
  return Prefix::Normalized(prefix.address(), length);
}

bool PrefixSet::CoveredBy(const Prefix& prefix) const {
  return CoveringLengths(prefix).Longest() >= 0;
}

std::vector<Prefix> PrefixSet::Covering(const Prefix& prefix) const {
  std::vector<Prefix> out;
  ForEachCovering(prefix, [&out](const Prefix& p) { out.push_back(p); });
  return out;
}

std::vector<Prefix> PrefixSet::Within(const Prefix& prefix) const {
  std::vector<Prefix> out;
  if (!Valid(prefix)) return out;
  const Trie& trie = TrieFor(prefix.afi());
  trie.AppendSubtree(trie.TopWithin(prefix), &out);
  return out;
}

std::vector<Prefix> PrefixSet::Prefixes() const {
  std::vector<Prefix> out;
  out.reserve(size());
  v4_.AppendSubtree(v4_.root(), &out);
  v6_.AppendSubtree(v6_.root(), &out);
  return out;
}

std::vector<Prefix> PrefixSet::Aggregate() const {
  std::vector<Prefix> out;
  v4_.AppendAggregate(v4_.root(), &out);
  v6_.AppendAggregate(v6_.root(), &out);
  return out;
}

}  // namespace manrs
