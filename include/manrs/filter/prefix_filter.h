// Building the lines of a prefix filter from an expanded IRR list: the
// bgpq4 options -4/-6, -m, -R, -r and -A, with bgpq4's semantics.
//
// Without aggregation the lines are exactly those bgpq4 1.9 prints for the same
// list and flags: every member expanded (range operators enumerate their more
// specifics), each refined by -R/-r, and lines that an enclosing refined line
// already accepts left out. With aggregation the lines are a minimal set
// accepting exactly the same routes (see aggregate.h and doc/filter.md).
#ifndef MANRS_FILTER_PREFIX_FILTER_H_
#define MANRS_FILTER_PREFIX_FILTER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/rpsl/prefix_range.h"

namespace manrs {

struct PrefixFilterOptions {
  Afi afi = Afi::kIpv4;    // -4 / -6: members of the other family are skipped
  int max_length = 0;      // -m: members (after range expansion) longer than this are
                           // dropped; 0 = no limit
  int refine_up_to = 0;    // -R: a prefix shorter than this also accepts its more
                           // specifics up to this length; 0 = off
  int refine_from = 0;     // -r: ... starting at this length (the prefix itself is
                           // then only accepted if it is at least this long); 0 = off
  bool aggregate = false;  // -A: fewest lines accepting exactly the same routes
  // For dialects without length ranges (Junos prefix-list: set it to
  // !InfoOf(dialect).ranges): -A then only removes duplicates, and -R/-r are
  // an error, as in bgpq4.
  bool exact_lines_only = false;
  // Without aggregation a range operator is enumerated as bgpq4 does; refuse
  // lists that would grow past this many lines.
  std::size_t max_lines = std::size_t{1} << 20;
};

// Checks the options as bgpq4 does: lengths within the family, -r <= -R.
Status ValidatePrefixFilterOptions(const PrefixFilterOptions& options);

struct PrefixFilter {
  Afi afi = Afi::kIpv4;
  // Sorted by prefix (address, then length); no duplicates.
  std::vector<PrefixRange> lines;
  std::size_t skipped_other_family = 0;  // members of the other family
  std::size_t skipped_too_long = 0;      // members left with no length under -m
};

// Builds the filter for `members` (prefixes with optional RPSL range
// operators, as a route-set or an !a / !g expansion gives them).
Result<PrefixFilter> BuildPrefixFilter(std::span<const PrefixRange> members,
                                       const PrefixFilterOptions& options);

}  // namespace manrs

#endif  // MANRS_FILTER_PREFIX_FILTER_H_
