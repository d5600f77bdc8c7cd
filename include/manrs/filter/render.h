// Rendering prefix and AS-path filters in a router dialect, with the guards
// that keep a broken expansion from reaching a router.
//
// Where bgpq4 1.9 has the dialect, the text is byte for byte what bgpq4
// prints for the same lines and flags (testdata/filter/bgpq4/ holds the
// proof). Unlike bgpq4, an empty list is an error unless allow_empty is set:
// its "deny everything" (or, for BIRD, nothing at all) would silently cut a
// customer off.
#ifndef MANRS_FILTER_RENDER_H_
#define MANRS_FILTER_RENDER_H_

#include <span>
#include <string>

#include "manrs/base/result.h"
#include "manrs/filter/dialect.h"
#include "manrs/filter/prefix_filter.h"
#include "manrs/net/asn.h"

namespace manrs {

struct RenderOptions {
  Dialect dialect = Dialect::kCiscoIos;
  std::string name = "NN";        // -l; for kJunosPolicyStatement "POLICY/TERM" adds a term
  bool sequence = false;          // -s: sequence numbers in Cisco IOS prefix-lists
  std::string format;             // -F: the user format (kFormat), backslash escapes included
  std::string match;              // -M: extra match condition for Junos route-filters
  Asn asn = 0;                    // -a (OpenBGPD: "deny from AS" for an empty list);
                                  // -f/-G: the AS whose neighbours the filter is for
  int as_width = -1;              // -W: ASNs per AS-path line; -1 = the dialect's default, 0 = all
  bool allow_empty = false;       // write an empty filter (bgpq4's text) instead of failing
  bool allow_permit_all = false;  // accept a line that permits every route (0/0 le max)
};

// Writes the prefix filter. Errors: empty without allow_empty; a line accepting
// every route without allow_permit_all; ranges in a dialect that has none
// (Junos prefix-list); a bad user format.
Result<std::string> RenderPrefixFilter(const PrefixFilter& filter, const RenderOptions& options);

// AS-path filters over an origin list (as bgpq4 -f, -G, -t produce them).
enum class AsPathKind : std::uint8_t {
  kInput,   // -f ASN: paths received from `asn`, ending in one of the origins
  kOutput,  // -G ASN: paths we send, ending in one of the origins
  kAsSet,   // -t: the origins as an as-set (BIRD, OpenBGPD, JSON, CSV)
  kAsList,  // -H ASN: a Junos as-list-group for as-path-origin (Junos 21.3R1+)
};

// True for the ASNs bgpq4 drops unless run with -p: the documentation and
// private ranges 64496-65551 and everything from 4200000000 on.
bool IsPrivateOrDocumentationAsn(Asn asn);

// Sorts and de-duplicates origins and, unless keep_private, drops what
// IsPrivateOrDocumentationAsn names (bgpq4 without -p).
std::vector<Asn> PrepareOrigins(std::span<const Asn> origins, bool keep_private);

// REQUIRES: origins as PrepareOrigins returns them. Errors: empty without
// allow_empty; a kind the dialect does not have.
Result<std::string> RenderAsPathFilter(std::span<const Asn> origins, AsPathKind kind,
                                       const RenderOptions& options);

}  // namespace manrs

#endif  // MANRS_FILTER_RENDER_H_
