// Names of RPSL sets (RFC 2622 section 5): as-set names start with "AS-",
// route-set names with "RS-"; hierarchical names (section 5, "set names can be
// hierarchical") join components with ':' where at least one component is a
// set name and the others may be AS numbers ("AS1:AS-FOO:AS-BAR"). IRRd and
// bgpq4 also accept a source in front: "RIPE::AS-FOO".
#ifndef MANRS_RPSL_SET_NAME_H_
#define MANRS_RPSL_SET_NAME_H_

#include <string>
#include <string_view>

namespace manrs {

enum class SetKind { kNone, kAsSet, kRouteSet, kOther };

// The kind of set a name denotes (by its last set component), or kNone when
// it is no set name (e.g. "AS64496"). Case-insensitive.
SetKind ClassifySetName(std::string_view name);

// "RIPE::AS-FOO" -> source "RIPE", name "AS-FOO"; without "::" the source is
// empty. Both parts upper-cased.
struct ScopedName {
  std::string source;
  std::string name;
};
ScopedName SplitSourceScope(std::string_view text);

}  // namespace manrs

#endif  // MANRS_RPSL_SET_NAME_H_
