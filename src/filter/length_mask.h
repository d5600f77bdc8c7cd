// LengthMask: a set of prefix lengths 0..128, one bit each. Internal to the
// filter area (aggregation and its tests).
#ifndef MANRS_SRC_FILTER_LENGTH_MASK_H_
#define MANRS_SRC_FILTER_LENGTH_MASK_H_

#include <bitset>
#include <utility>
#include <vector>

namespace manrs::filter_internal {

using LengthMask = std::bitset<129>;

// Lengths lo..hi (empty when lo > hi).
inline LengthMask Interval(int lo, int hi) {
  if (lo > hi) return LengthMask();
  // hi - lo + 1 ones, moved up to lo.
  return (~LengthMask() >> static_cast<std::size_t>(128 - (hi - lo)))
         << static_cast<std::size_t>(lo);
}

// Calls f(lo, hi) for each maximal run of set bits, shortest lengths first.
template <typename F>
void ForEachRun(const LengthMask& m, F&& f) {
  std::size_t i = m._Find_first();
  while (i < m.size()) {
    std::size_t j = i;
    while (j + 1 < m.size() && m.test(j + 1)) ++j;
    f(static_cast<int>(i), static_cast<int>(j));
    i = m._Find_next(j);
  }
}

}  // namespace manrs::filter_internal

#endif  // MANRS_SRC_FILTER_LENGTH_MASK_H_
