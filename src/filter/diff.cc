#include "manrs/filter/diff.h"

#include <algorithm>
#include <cmath>

namespace manrs {

FilterDiff DiffFilters(std::span<const PrefixRange> old_lines,
                       std::span<const PrefixRange> new_lines) {
  std::vector<PrefixRange> a(old_lines.begin(), old_lines.end());
  std::vector<PrefixRange> b(new_lines.begin(), new_lines.end());
  for (auto* v : {&a, &b}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  FilterDiff diff;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i] < b[j])) {
      diff.removed.push_back(a[i++]);
    } else if (i == a.size() || b[j] < a[i]) {
      diff.added.push_back(b[j++]);
    } else {
      ++diff.kept;
      ++i;
      ++j;
    }
  }
  return diff;
}

std::string FilterDiff::ToString() const {
  std::string out;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < removed.size() || j < added.size()) {
    if (j == added.size() || (i < removed.size() && removed[i] < added[j])) {
      out += '-';
      out += removed[i++].ToString();
      out += '\n';
    } else {
      out += '+';
      out += added[j++].ToString();
      out += '\n';
    }
  }
  return out;
}

Status CheckChange(const FilterDiff& diff, const ChangeLimits& limits) {
  const std::size_t old_size = diff.old_size();
  if (old_size == 0 || diff.removed.empty()) return {};
  if (diff.kept == 0 && diff.added.empty()) {
    return MakeError(ErrorCode::kBadValue, "the update would remove all " +
                                               std::to_string(old_size) +
                                               " entries of the filter; refusing");
  }
  if (limits.max_removed_share >= 1 || old_size < limits.min_old_size) return {};
  const double share = static_cast<double>(diff.removed.size()) / static_cast<double>(old_size);
  if (share > limits.max_removed_share) {
    return MakeError(ErrorCode::kBadValue,
                     "the update would remove " + std::to_string(diff.removed.size()) + " of " +
                         std::to_string(old_size) + " entries (" +
                         std::to_string(std::lround(share * 100)) + " %), more than the " +
                         std::to_string(std::lround(limits.max_removed_share * 100)) +
                         " % allowed; refusing");
  }
  return {};
}

}  // namespace manrs
