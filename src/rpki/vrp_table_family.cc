// Building one family of a VrpTable: group the sorted VRPs by prefix into
// records linked to their parents, sweep the records once to cut the address
// space into intervals of constant longest covering prefix, then index the
// intervals by the address bits that follow the span prefix.
#include "manrs/rpki/vrp_table_family.h"

#include <algorithm>
#include <bit>

#include "fmt/format.h"

namespace manrs {
namespace vrp_table_internal {
namespace {

constexpr std::uint32_t kMaxCount = (std::uint32_t{1} << 24) - 1;

// The last address of the prefix (k, length).
std::uint32_t Last(std::uint32_t k, int length) {
  return length >= 32 ? k : k | (~std::uint32_t{0} >> length);
}
Key128 Last(Key128 k, int length) {
  const std::uint64_t ones = ~std::uint64_t{0};
  return {length >= 64 ? k.hi : k.hi | (ones >> length), length <= 64 ? ones
                                                         : length >= 128
                                                             ? k.lo
                                                             : k.lo | (ones >> (length - 64))};
}

bool IsMax(std::uint32_t k) { return k == ~std::uint32_t{0}; }
bool IsMax(Key128 k) { return k.hi == ~std::uint64_t{0} && k.lo == ~std::uint64_t{0}; }

std::uint32_t Next(std::uint32_t k) { return k + 1; }
Key128 Next(Key128 k) { return {k.lo == ~std::uint64_t{0} ? k.hi + 1 : k.hi, k.lo + 1}; }

// The number of leading bits a and b share.
int CommonLength(std::uint32_t a, std::uint32_t b) { return std::countl_zero(a ^ b); }
int CommonLength(Key128 a, Key128 b) {
  return a.hi != b.hi ? std::countl_zero(a.hi ^ b.hi) : 64 + std::countl_zero(a.lo ^ b.lo);
}

// base with bits [from, from + count) set to value (those bits being zero).
std::uint32_t WithWindow(std::uint32_t base, int from, int count, std::uint32_t value) {
  return count == 0 ? base : base | (value << (32 - from - count));
}
Key128 WithWindow(Key128 base, int from, int count, std::uint32_t value) {
  if (count == 0) return base;
  const int shift = 128 - from - count;
  const std::uint64_t v = value;
  if (shift >= 64) return {base.hi | (v << (shift - 64)), base.lo};
  return {shift > 0 && shift + count > 64 ? base.hi | (v >> (64 - shift)) : base.hi,
          base.lo | (v << shift)};
}

}  // namespace

template <typename Keys>
void VrpFamily<Keys>::Clear() {
  records_.clear();
  intervals_.clear();
  block_starts_.clear();
  slots_.clear();
  size_ = 0;
  prefix_count_ = 0;
  span_address_ = Key{};
  span_length_ = 0;
  index_bits_ = 0;
}

template <typename Keys>
Status VrpFamily<Keys>::Build(std::span<const Vrp> vrps) {
  Clear();
  if (vrps.empty()) return {};
  // Words needed: a header per prefix (at most one per VRP) plus two per VRP.
  const std::size_t words_bound = vrps.size() * (kHeaderWords + 2);
  if (words_bound >= kNone) {
    return MakeError(ErrorCode::kBadValue, fmt::format("{} vrps in one family", vrps.size()));
  }
  std::vector<std::uint32_t> open;  // the chain of records containing the current one
  std::uint32_t current = kNone;
  for (std::size_t i = 0; i < vrps.size(); ++i) {
    const Vrp& vrp = vrps[i];
    if (i == 0 || vrp.prefix != vrps[i - 1].prefix) {
      const Key key = Keys::FromAddress(vrp.prefix.address());
      while (!open.empty() && LastOf(open.back()) < key) open.pop_back();
      current = static_cast<std::uint32_t>(records_.size());
      records_.resize(records_.size() + kHeaderWords);
      records_[current] = open.empty() ? kNone : open.back();
      records_[current + 1] = static_cast<std::uint32_t>(vrp.prefix.length());
      Keys::Store(key, &records_[current + 2]);
      open.push_back(current);
      ++prefix_count_;
    }
    if (Record(&records_[current]).count() == kMaxCount) {
      Clear();
      return MakeError(ErrorCode::kBadValue,
                       fmt::format("over {} vrps for {}", kMaxCount, vrp.prefix.ToString()));
    }
    records_[current + 1] += std::uint32_t{1} << 8;
    records_.push_back(vrp.asn);
    records_.push_back(vrp.max_length);
  }
  size_ = vrps.size();
  BuildIntervals();
  BuildIndex();
  // The vectors grew by doubling; a table lives long, so give the slack back.
  records_.shrink_to_fit();
  intervals_.shrink_to_fit();
  return {};
}

template <typename Keys>
typename VrpFamily<Keys>::Key VrpFamily<Keys>::LastOf(std::uint32_t offset) const {
  const Record record(&records_[offset]);
  return Last(record.address(), record.length());
}

template <typename Keys>
void VrpFamily<Keys>::BuildIntervals() {
  // Emits the interval starting at start whose deepest record is value.
  // Events come in address order; a later one at the same address is the
  // deeper state, so it replaces the earlier. Equal neighbours merge.
  auto emit = [this](Key start, std::uint32_t value) {
    if (!intervals_.empty() && intervals_.back().start == start) {
      intervals_.back().record = value;
      const std::size_t n = intervals_.size();
      if (n >= 2 && intervals_[n - 2].record == value) intervals_.pop_back();
      return;
    }
    if (!intervals_.empty() && intervals_.back().record == value) return;
    intervals_.push_back({start, value});
  };
  // Leaves the record on top of open: the addresses after it belong to its parent.
  std::vector<std::uint32_t> open;
  auto close = [&] {
    const Key last = LastOf(open.back());
    open.pop_back();
    if (!IsMax(last)) emit(Next(last), open.empty() ? kNone : open.back());
  };
  emit(Key{}, kNone);
  for (std::uint32_t r = 0; r < records_.size(); r += Record(&records_[r]).words()) {
    const Key start = Record(&records_[r]).address();
    while (!open.empty() && LastOf(open.back()) < start) close();
    emit(start, r);
    open.push_back(r);
  }
  while (!open.empty()) close();
}

template <typename Keys>
void VrpFamily<Keys>::BuildIndex() {
  const Key first = Record(&records_[0]).address();
  Key top = LastOf(0);
  for (std::uint32_t r = 0; r < records_.size(); r += Record(&records_[r]).words()) {
    top = std::max(top, LastOf(r));
  }
  span_length_ = CommonLength(first, top);
  span_address_ = Keys::Masked(first, span_length_);
  index_bits_ = std::min(kIndexBits, Keys::kBits - span_length_);
  const std::uint32_t slot_count = std::uint32_t{1} << index_bits_;
  slots_.resize(std::size_t{slot_count} + 1);
  std::uint32_t i = 0;
  for (std::uint32_t s = 0; s < slot_count; ++s) {
    const Key slot_start = WithWindow(span_address_, span_length_, index_bits_, s);
    while (i + 1 < intervals_.size() && intervals_[i + 1].start <= slot_start) ++i;
    slots_[s] = i;
  }
  slots_[slot_count] = static_cast<std::uint32_t>(intervals_.size() - 1);
  block_starts_.clear();
  for (std::size_t j = 0; j < intervals_.size(); j += kBlock) {
    block_starts_.push_back(intervals_[j].start);
  }
  block_starts_.shrink_to_fit();
}

template <typename Keys>
std::size_t VrpFamily<Keys>::MemoryBytes() const {
  return records_.capacity() * sizeof(std::uint32_t) + intervals_.capacity() * sizeof(Interval) +
         block_starts_.capacity() * sizeof(Key) + slots_.capacity() * sizeof(std::uint32_t);
}

template <typename Keys>
void VrpFamily<Keys>::AppendVrps(std::vector<Vrp>* out) const {
  for (std::uint32_t r = 0; r < records_.size(); r += Record(&records_[r]).words()) {
    const Record record(&records_[r]);
    const Prefix prefix = Prefix::Normalized(Keys::ToAddress(record.address()), record.length());
    for (std::uint32_t i = 0; i < record.count(); ++i) {
      out->push_back(Vrp{prefix, static_cast<std::uint8_t>(record.max_length(i)), record.asn(i)});
    }
  }
}

template class VrpFamily<V4Keys>;
template class VrpFamily<V6Keys>;

}  // namespace vrp_table_internal

}  // namespace manrs
