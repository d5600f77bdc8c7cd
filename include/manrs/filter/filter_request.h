// One call from an expanded list to filter text, and bgpq4's command line as
// a way to say which: what `manrs filter` needs between the IRR expansion and
// stdout.
//
//   auto request = ParseBgpq4Arguments({"-J", "-E", "-A", "-l", "AS-FOO-IN", "AS-FOO"});
//   // request->objects == {"AS-FOO"}: expand it with the irr area, then
//   auto text = GenerateFilter(*request, members, origins);
#ifndef MANRS_FILTER_FILTER_REQUEST_H_
#define MANRS_FILTER_FILTER_REQUEST_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/filter/prefix_filter.h"
#include "manrs/filter/render.h"

namespace manrs {

struct FilterRequest {
  PrefixFilterOptions prefixes;
  RenderOptions render;
  bool as_path = false;  // -f, -G, -H or -t: an AS-path filter / as-set from the origins
  AsPathKind as_path_kind = AsPathKind::kInput;
  bool keep_private = false;         // -p
  std::vector<std::string> objects;  // the words that are not options (AS-SETs, ASNs, route-sets)
};

// Reads bgpq4 1.9's options: -4 -6 -A -b -B -e -E -j -J -K -K7 -n -N -p -s -t -u -U -X -z,
// -a ASN, -f ASN, -H ASN, -F FMT, -G ASN, -l NAME, -m LEN, -M MATCH, -r LEN, -R LEN, -W LEN; and
// our own --format NAME (any name ParseDialect takes) and --allow-empty. Options that only
// concern the IRR query (-h, -S, -L, -T, -w, -d) are rejected: they belong to the
// expansion. Errors name the option.
Result<FilterRequest> ParseBgpq4Arguments(std::span<const std::string_view> args);

// Builds and renders: the prefix filter of `members`, or (as_path) the AS-path
// filter of `origins` after PrepareOrigins(keep_private). For a dialect
// without ranges exact_lines_only is set. Errors: those of BuildPrefixFilter,
// RenderPrefixFilter and RenderAsPathFilter (empty lists among them).
Result<std::string> GenerateFilter(const FilterRequest& request,
                                   std::span<const PrefixRange> members,
                                   std::span<const Asn> origins);

// The same for an expansion that may have failed (server unreachable, set not
// found, timeout): a failed expansion is refused even with allow_empty, since
// what it left says nothing about what the customer registered. The error
// carries the expansion's own message.
Result<std::string> GenerateFilter(const FilterRequest& request, const Status& expansion,
                                   std::span<const PrefixRange> members,
                                   std::span<const Asn> origins);

}  // namespace manrs

#endif  // MANRS_FILTER_FILTER_REQUEST_H_
