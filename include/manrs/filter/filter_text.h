// Reading a filter back: the lines of a prefix filter in any dialect we write
// (the old filter of a --diff, as it sits in a router configuration).
//
// The reader is token based, not a full parser of each router's grammar: it
// finds every prefix (or, for Huawei, address and length), reads the range
// words that follow it up to the next prefix (ge/le, greater-equal/less-equal,
// upto, prefix-length-range, prefixlen, prefix-length=, dst-len in,
// mask-length-range, start-/end-/through-length, BIRD {lo,hi}, CSV columns,
// JSON keys), and leaves out entries marked deny or reject (the guard lines
// of an empty list). For the user format dialect only prefixes are read.
#ifndef MANRS_FILTER_FILTER_TEXT_H_
#define MANRS_FILTER_FILTER_TEXT_H_

#include <string_view>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/filter/dialect.h"
#include "manrs/filter/prefix_range.h"

namespace manrs {

// Returns the permitted lines, sorted and de-duplicated. Errors name the byte
// offset of a range that does not fit its prefix (e.g. "le 12" on a /16).
Result<std::vector<PrefixRange>> ParseFilterText(std::string_view text, Dialect dialect);

}  // namespace manrs

#endif  // MANRS_FILTER_FILTER_TEXT_H_
