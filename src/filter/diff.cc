#include "manrs/filter/diff.h"

#include <algorithm>
#include <cmath>
#include <iterator>

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

namespace {

// The guard, on counts: removed of old_size go, added arrive.
Status CheckCounts(std::size_t removed, std::size_t kept, std::size_t added,
                   const ChangeLimits& limits) {
  const std::size_t old_size = removed + kept;
  if (old_size == 0 || removed == 0) return {};
  if (kept == 0 && added == 0) {
    return MakeError(ErrorCode::kBadValue, "the update would remove all " +
                                               std::to_string(old_size) +
                                               " entries of the filter; refusing");
  }
  if (limits.max_removed_share >= 1 || old_size < limits.min_old_size) return {};
  const double share = static_cast<double>(removed) / static_cast<double>(old_size);
  if (share > limits.max_removed_share) {
    return MakeError(
        ErrorCode::kBadValue,
        "the update would remove " + std::to_string(removed) + " of " + std::to_string(old_size) +
            " entries (" + std::to_string(std::lround(share * 100)) + " %), more than the " +
            std::to_string(std::lround(limits.max_removed_share * 100)) + " % allowed; refusing");
  }
  return {};
}

}  // namespace

Status CheckChange(const FilterDiff& diff, const ChangeLimits& limits) {
  return CheckCounts(diff.removed.size(), diff.kept, diff.added.size(), limits);
}

OriginDiff DiffOrigins(std::span<const Asn> old_origins, std::span<const Asn> new_origins) {
  std::vector<Asn> a(old_origins.begin(), old_origins.end());
  std::vector<Asn> b(new_origins.begin(), new_origins.end());
  for (auto* v : {&a, &b}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  OriginDiff diff;
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(diff.added));
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(diff.removed));
  diff.kept = a.size() - diff.removed.size();
  return diff;
}

std::string OriginDiff::ToString() const {
  std::string out;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < removed.size() || j < added.size()) {
    const bool take_removed = j == added.size() || (i < removed.size() && removed[i] < added[j]);
    out += take_removed ? "-AS" : "+AS";
    out += std::to_string(take_removed ? removed[i++] : added[j++]);
    out += '\n';
  }
  return out;
}

Status CheckChange(const OriginDiff& diff, const ChangeLimits& limits) {
  return CheckCounts(diff.removed.size(), diff.kept, diff.added.size(), limits);
}

}  // namespace manrs
