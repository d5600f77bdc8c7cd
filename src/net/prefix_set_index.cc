// V4Index: the per-/16 flattening of the IPv4 trie used by
// PrefixSet::LongestMatch(IpAddress). The invariants are stated in
// prefix_set.h; this file keeps them.
#include "manrs/net/prefix_set.h"

namespace manrs {

namespace {

constexpr int kSlotBits = 16;
constexpr std::uint32_t kSlotCount = std::uint32_t{1} << kSlotBits;
constexpr std::uint32_t kSlotSpan = std::uint32_t{1} << (32 - kSlotBits);  // addresses per slot

}  // namespace

void PrefixSet::V4Index::Drop() {
  std::vector<Slot>().swap(slots_);
  std::vector<std::uint32_t>().swap(runs_scratch_);
  std::vector<std::uint32_t>().swap(walk_scratch_);
  std::vector<std::uint32_t>().swap(open_scratch_);
}

void PrefixSet::V4Index::Build(const Trie& trie) {
  slots_.assign(kSlotCount, Slot{});
  // One preorder walk down to length 16: a stored prefix of length <= 16
  // writes its length over its slots, and since the walk reaches ancestors
  // before descendants the most specific one is written last. A node longer
  // than 16 roots a subtree inside one slot, whose runs are built afterwards.
  std::vector<std::uint32_t> long_slots;
  std::vector<std::uint32_t> stack;
  if (trie.root() != kNil) stack.push_back(trie.root());
  while (!stack.empty()) {
    const Trie::Node& n = trie.node(stack.back());
    stack.pop_back();
    const std::uint32_t first = static_cast<std::uint32_t>(n.hi >> (64 - kSlotBits));
    if (n.length > kSlotBits) {
      // Subtrees inside one slot come one after another in preorder.
      if (long_slots.empty() || long_slots.back() != first) long_slots.push_back(first);
      continue;
    }
    if (n.stored) {
      const std::uint32_t count = std::uint32_t{1} << (kSlotBits - n.length);
      for (std::uint32_t s = first; s < first + count; ++s) slots_[s].short_length = n.length;
    }
    if (n.child[1] != kNil) stack.push_back(n.child[1]);
    if (n.child[0] != kNil) stack.push_back(n.child[0]);
  }
  for (std::uint32_t s : long_slots) RebuildRuns(trie, s);
}

void PrefixSet::V4Index::Update(const Trie& trie, const Prefix& prefix, bool inserted) {
  const std::uint32_t first = prefix.address().v4() >> (32 - kSlotBits);
  const int length = prefix.length();
  if (length > kSlotBits) {
    RebuildRuns(trie, first);
    return;
  }
  const std::uint32_t count = std::uint32_t{1} << (kSlotBits - length);
  const auto len8 = static_cast<std::uint8_t>(length);
  if (inserted) {
    for (std::uint32_t s = first; s < first + count; ++s) {
      std::uint8_t& current = slots_[s].short_length;
      if (current == kNoMatch || current < len8) current = len8;
    }
    return;
  }
  // Slots that matched the erased prefix now match the longest stored prefix
  // covering it, which is shorter; slots matching something more specific
  // inside it keep that.
  const int parent = trie.LongestMatchLength(prefix.address().hi(), prefix.address().lo(), length);
  const std::uint8_t replacement = parent < 0 ? kNoMatch : static_cast<std::uint8_t>(parent);
  for (std::uint32_t s = first; s < first + count; ++s) {
    std::uint8_t& current = slots_[s].short_length;
    if (current == len8) current = replacement;
  }
}

void PrefixSet::V4Index::Emit(std::uint32_t position, std::uint8_t length) {
  if (position >= kSlotSpan) return;
  std::vector<std::uint32_t>& runs = runs_scratch_;
  // A later run at the same position replaces the earlier one.
  if (!runs.empty() && (runs.back() >> 8) == position) runs.pop_back();
  if (!runs.empty() && (runs.back() & 0xff) == length) return;
  runs.push_back(position << 8 | length);
}

void PrefixSet::V4Index::RebuildRuns(const Trie& trie, std::uint32_t slot) {
  runs_scratch_.clear();
  walk_scratch_.clear();
  open_scratch_.clear();
  const Prefix slot_prefix = Prefix::Normalized(IpAddress::V4(slot << (32 - kSlotBits)), kSlotBits);
  const std::uint32_t top = trie.TopWithin(slot_prefix);
  if (top != kNil) walk_scratch_.push_back(top);
  Emit(0, kNoMatch);
  // A sweep over the long prefixes in preorder (by start, covering before
  // covered). open_scratch_ holds the prefixes covering the sweep position,
  // innermost last, as (end << 8 | length); the run length at any position is
  // that of the innermost one.
  auto close_until = [this](std::uint32_t position) {
    while (!open_scratch_.empty() && (open_scratch_.back() >> 8) <= position) {
      const std::uint32_t end = open_scratch_.back() >> 8;
      open_scratch_.pop_back();
      Emit(end, open_scratch_.empty() ? kNoMatch
                                      : static_cast<std::uint8_t>(open_scratch_.back() & 0xff));
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
    Emit(start, n.length);
    open_scratch_.push_back(end << 8 | n.length);
  }
  close_until(kSlotSpan);
  std::vector<std::uint32_t>& runs = slots_[slot].runs;
  if (runs_scratch_.size() == 1 && (runs_scratch_[0] & 0xff) == kNoMatch) {
    std::vector<std::uint32_t>().swap(runs);  // no long prefix in this slot
  } else {
    std::vector<std::uint32_t>(runs_scratch_).swap(runs);
  }
}

std::uint8_t PrefixSet::V4Index::Lookup(std::uint32_t address) const {
  const Slot& slot = slots_[address >> (32 - kSlotBits)];
  if (slot.runs.empty()) return slot.short_length;
  // The last run starting at or before the address; runs[0] starts at 0.
  const std::uint32_t key = (address & (kSlotSpan - 1)) << 8 | 0xff;
  const std::uint32_t* base = slot.runs.data();
  std::size_t n = slot.runs.size();
  while (n > 1) {
    const std::size_t half = n / 2;
    base = base[half] <= key ? base + half : base;
    n -= half;
  }
  const auto length = static_cast<std::uint8_t>(*base & 0xff);
  return length == kNoMatch ? slot.short_length : length;
}

}  // namespace manrs
