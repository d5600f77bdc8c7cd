// Minimal aggregation of prefix-filter lines.
//
// A line (P, ge, le) accepts every prefix inside P whose length is in
// [ge, le]. Given lines whose union accepts a set S of prefixes, Aggregate
// returns the fewest lines whose union accepts exactly S (no route more, none
// less). doc/filter.md gives the algorithm and why it is minimal: a dynamic
// programme over the binary trie of the line prefixes, in which a node may
// only emit whole maximal runs of the lengths at which its subtree is full.
#ifndef MANRS_FILTER_AGGREGATE_H_
#define MANRS_FILTER_AGGREGATE_H_

#include <cstddef>
#include <span>
#include <vector>

#include "manrs/rpsl/prefix_range.h"

namespace manrs {

struct AggregateStats {
  std::size_t trie_nodes = 0;
  std::size_t states = 0;  // (node, covered lengths) pairs the programme visited
  // Nodes where more than 10 optional runs met, or that came after the work
  // budget (2^21 states) was spent: the programme then leaves those runs to
  // the children (still exact, possibly not minimal). Zero for every
  // real-world list we have seen; only crafted lists get there.
  std::size_t capped_nodes = 0;
};

// REQUIRES: every line is of one family and satisfies PrefixRange's invariant.
// Returns lines sorted by prefix, then range.
std::vector<PrefixRange> Aggregate(std::span<const PrefixRange> lines,
                                   AggregateStats* stats = nullptr);

}  // namespace manrs

#endif  // MANRS_FILTER_AGGREGATE_H_
