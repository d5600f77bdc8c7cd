// V4Index: the per-/16 flattening of the IPv4 prefixes that answers every
// IPv4 point query of a large PrefixSet. The invariants are stated in
// prefix_set.h; this file keeps them.
#include "manrs/net/prefix_set.h"

namespace manrs {

namespace {

constexpr int kSlotBits = 16;
constexpr std::uint32_t kSlotCount = std::uint32_t{1} << kSlotBits;
constexpr std::uint32_t kSlotSpan = std::uint32_t{1} << (32 - kSlotBits);  // addresses per slot
constexpr std::uint32_t kBitsMask = 0xffff;  // the length bits of a run

std::uint32_t Offset(std::uint32_t run) { return run >> 16; }
std::uint32_t LongBit(int length) { return std::uint32_t{1} << (length - kSlotBits - 1); }

}  // namespace

void PrefixSet::V4Index::Drop() {
  std::vector<Slot>().swap(slots_);
  std::vector<std::uint32_t>().swap(runs_scratch_);
  std::vector<std::uint32_t>().swap(walk_scratch_);
  std::vector<std::uint64_t>().swap(open_scratch_);
}

std::uint64_t PrefixSet::V4Index::Lookup(std::uint32_t address) const {
  const Slot& slot = slots_[address >> (32 - kSlotBits)];
  std::uint64_t lengths = slot.short_lengths;
  if (slot.runs.empty()) return lengths;
  // The last run starting at or before the address; runs[0] starts at 0.
  const std::uint32_t key = (address & (kSlotSpan - 1)) << 16 | kBitsMask;
  const std::uint32_t* base = slot.runs.data();
  std::size_t n = slot.runs.size();
  while (n > 1) {
    const std::size_t half = n / 2;
    base = base[half] <= key ? base + half : base;
    n -= half;
  }
  return lengths | std::uint64_t{*base & kBitsMask} << (kSlotBits + 1);
}

void PrefixSet::V4Index::Emit(std::uint32_t offset, std::uint32_t bits) {
  std::vector<std::uint32_t>& runs = runs_scratch_;
  // A later run at the same offset replaces the earlier one.
  if (!runs.empty() && Offset(runs.back()) == offset) runs.pop_back();
  if (!runs.empty() && (runs.back() & kBitsMask) == bits) return;
  runs.push_back(offset << 16 | bits);
}

void PrefixSet::V4Index::StoreRuns(Slot* slot) {
  if (runs_scratch_.size() == 1 && runs_scratch_[0] == 0) {
    std::vector<std::uint32_t>().swap(slot->runs);  // no long prefix left
  } else {
    slot->runs.assign(runs_scratch_.begin(), runs_scratch_.end());
  }
}

void PrefixSet::V4Index::Build(const Trie& trie) {
  slots_.assign(kSlotCount, Slot{});
  // One preorder walk down to length 16: a stored prefix of length <= 16
  // marks its slots; a node longer than 16 roots a subtree inside one slot,
  // whose runs are built afterwards.
  std::vector<std::uint32_t> long_slots;
  std::vector<std::uint32_t> stack;
  if (trie.root() != kNil) stack.push_back(trie.root());
  while (!stack.empty()) {
    const Trie::Node& n = trie.node(stack.back());
    stack.pop_back();
    const auto first = static_cast<std::uint32_t>(n.hi >> (64 - kSlotBits));
    if (n.length > kSlotBits) {
      // Subtrees inside one slot come one after another in preorder.
      if (long_slots.empty() || long_slots.back() != first) long_slots.push_back(first);
      continue;
    }
    if (n.stored) {
      const std::uint32_t count = std::uint32_t{1} << (kSlotBits - n.length);
      for (std::uint32_t s = first; s < first + count; ++s) {
        slots_[s].short_lengths |= std::uint32_t{1} << n.length;
      }
    }
    if (n.child[1] != kNil) stack.push_back(n.child[1]);
    if (n.child[0] != kNil) stack.push_back(n.child[0]);
  }
  for (std::uint32_t s : long_slots) BuildRuns(trie, s);
}

void PrefixSet::V4Index::BuildRuns(const Trie& trie, std::uint32_t slot) {
  runs_scratch_.clear();
  walk_scratch_.clear();
  open_scratch_.clear();
  const Prefix slot_prefix = Prefix::Normalized(IpAddress::V4(slot << (32 - kSlotBits)), kSlotBits);
  const std::uint32_t top = trie.TopWithin(slot_prefix);
  if (top != kNil) walk_scratch_.push_back(top);
  Emit(0, 0);
  // A sweep over the long prefixes in preorder (by start, covering before
  // covered). open_scratch_ holds the prefixes containing the sweep position,
  // innermost last, as (end offset << 16 | bits of it and the ones around it).
  auto open_bits = [this] {
    return open_scratch_.empty() ? 0 : static_cast<std::uint32_t>(open_scratch_.back() & kBitsMask);
  };
  auto close_until = [&](std::uint32_t offset) {
    while (!open_scratch_.empty() && (open_scratch_.back() >> 16) <= offset) {
      const auto end = static_cast<std::uint32_t>(open_scratch_.back() >> 16);
      open_scratch_.pop_back();
      if (end < kSlotSpan) Emit(end, open_bits());
    }
  };
  while (!walk_scratch_.empty()) {
    const Trie::Node& n = trie.node(walk_scratch_.back());
    walk_scratch_.pop_back();
    if (n.child[1] != kNil) walk_scratch_.push_back(n.child[1]);
    if (n.child[0] != kNil) walk_scratch_.push_back(n.child[0]);
    if (!n.stored || n.length <= kSlotBits) continue;
    const auto start = static_cast<std::uint32_t>(n.hi >> 32) & (kSlotSpan - 1);
    const std::uint32_t end = start + (std::uint32_t{1} << (32 - n.length));
    close_until(start);
    const std::uint32_t bits = open_bits() | LongBit(n.length);
    Emit(start, bits);
    open_scratch_.push_back(std::uint64_t{end} << 16 | bits);  // end may be 65536
  }
  close_until(kSlotSpan);
  StoreRuns(&slots_[slot]);
}

void PrefixSet::V4Index::Update(const Prefix& prefix, bool inserted) {
  const std::uint32_t first = prefix.address().v4() >> (32 - kSlotBits);
  const int length = prefix.length();
  if (length <= kSlotBits) {
    const std::uint32_t count = std::uint32_t{1} << (kSlotBits - length);
    const std::uint32_t bit = std::uint32_t{1} << length;
    for (std::uint32_t s = first; s < first + count; ++s) {
      if (inserted) {
        slots_[s].short_lengths |= bit;
      } else {
        slots_[s].short_lengths &= ~bit;
      }
    }
    return;
  }
  // Rewrite the slot's runs in one pass, splitting the runs that straddle the
  // prefix's start or end and flipping its bit in the runs inside it.
  Slot& slot = slots_[first];
  const std::uint32_t start = prefix.address().v4() & (kSlotSpan - 1);
  const std::uint32_t end = start + (std::uint32_t{1} << (32 - length));
  const std::uint32_t bit = LongBit(length);
  auto flip = [&](std::uint32_t bits) { return inserted ? bits | bit : bits & ~bit; };
  runs_scratch_.clear();
  if (slot.runs.empty()) {
    Emit(0, 0);
    Emit(start, flip(0));
    if (end < kSlotSpan) Emit(end, 0);
  } else {
    for (std::size_t i = 0; i < slot.runs.size(); ++i) {
      const std::uint32_t from = Offset(slot.runs[i]);
      const std::uint32_t to = i + 1 < slot.runs.size() ? Offset(slot.runs[i + 1]) : kSlotSpan;
      const std::uint32_t bits = slot.runs[i] & kBitsMask;
      if (to <= start || from >= end) {  // outside the prefix
        Emit(from, bits);
        continue;
      }
      if (from < start) Emit(from, bits);
      Emit(from < start ? start : from, flip(bits));
      if (to > end) Emit(end, bits);
    }
  }
  StoreRuns(&slot);
}

}  // namespace manrs
