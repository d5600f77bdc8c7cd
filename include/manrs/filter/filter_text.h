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
#include "manrs/rpsl/prefix_range.h"
#include "manrs/net/asn.h"

namespace manrs {

// Returns the permitted lines, sorted and de-duplicated. Errors name the byte
// offset of a range that does not fit its prefix (e.g. "le 12" on a /16).
Result<std::vector<PrefixRange>> ParseFilterText(std::string_view text, Dialect dialect);

// The same for one named filter in a larger text (a router's whole
// configuration): only the statements of filter `name` are read. Dialects
// that repeat the name on every line (Cisco IOS, FRR, VyOS, Huawei, MikroTik,
// SR Linux, CSV) keep those lines; the others keep the block that starts at the
// line naming the filter: its indented lines (IOS XR, EOS, Nokia classic,
// Huawei XPL, Cisco access-lists) or up to its closing bracket (Junos, Nokia
// MD-CLI, BIRD, OpenBGPD, JSON). For a Junos "POLICY/TERM" the policy is
// looked for. Error when no line names the filter.
Result<std::vector<PrefixRange>> ParseFilterText(std::string_view text, Dialect dialect,
                                                 std::string_view name);

// The origin ASNs of an AS-path filter, as-list group or as-set we wrote, for DiffOrigins:
// the alternatives of its regexes ("(a|b)", Nokia "[a b]"), the AS of an
// owner-only line when there is one ("^O(_O)*$", "O+"), the members of an
// as-set or list (BIRD, JSON, OpenBGPD, CSV), the second AS of OpenBGPD
// "allow from/to AS O AS x" rules. Sorted, unique; deny lines give nothing.
Result<std::vector<Asn>> ParseAsPathText(std::string_view text, Dialect dialect);

}  // namespace manrs

#endif  // MANRS_FILTER_FILTER_TEXT_H_
