// What a filter update changes, and a guard against updates that remove too
// much at once (a half-failed expansion looks like a customer who withdrew
// most of their routes).
#ifndef MANRS_FILTER_DIFF_H_
#define MANRS_FILTER_DIFF_H_

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/rpsl/prefix_range.h"
#include "manrs/net/asn.h"

namespace manrs {

struct FilterDiff {
  std::vector<PrefixRange> added;    // in new, not in old; sorted
  std::vector<PrefixRange> removed;  // in old, not in new; sorted
  std::size_t kept = 0;              // in both
  std::size_t old_size() const { return removed.size() + kept; }
  std::size_t new_size() const { return added.size() + kept; }
  // Unified-diff-like text: "-line" / "+line" in RPSL range notation, sorted.
  std::string ToString() const;
};

// Compares two line lists (as BuildPrefixFilter or ParseFilterText give them;
// order and duplicates do not matter).
FilterDiff DiffFilters(std::span<const PrefixRange> old_lines,
                       std::span<const PrefixRange> new_lines);

struct ChangeLimits {
  // Refuse when more than this share of the old entries would go (0.1 = 10 %).
  // A value >= 1 turns the guard off.
  double max_removed_share = 0.1;
  // Old lists with fewer entries than this are not held to the share (one of
  // three going is normal churn); they are still held to "not all of them".
  std::size_t min_old_size = 10;
};

// OK, or why the change is refused: it removes every entry, or more than the
// allowed share of them.
Status CheckChange(const FilterDiff& diff, const ChangeLimits& limits);

// The same for origin lists (AS-path filters and as-sets), compared as the
// lists of ASNs they were written from (a previous expansion kept by the
// caller; AS-path regexes are not read back).
struct OriginDiff {
  std::vector<Asn> added;
  std::vector<Asn> removed;
  std::size_t kept = 0;
  std::size_t old_size() const { return removed.size() + kept; }
  // "-AS64496" / "+AS64497" lines, by ASN.
  std::string ToString() const;
};
OriginDiff DiffOrigins(std::span<const Asn> old_origins, std::span<const Asn> new_origins);
Status CheckChange(const OriginDiff& diff, const ChangeLimits& limits);

}  // namespace manrs

#endif  // MANRS_FILTER_DIFF_H_
