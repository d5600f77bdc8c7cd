// Set expansion (RFC 2622 section 5): as-sets into AS numbers, and as-sets,
// AS numbers and route-sets into prefix ranges per address family. This is
// the library API the filter generator calls; the whois server and
// `manrs irr expand` use it too.
//
// - as-set members are AS numbers or as-sets, recursively; route-set members
//   are prefix ranges, route-sets, as-sets and AS numbers, each with an
//   optional range operator applied to everything it stands for (5.3).
// - mbrs-by-ref: a route or aut-num joins a set that lists its maintainer
//   (or ANY) in mbrs-by-ref when it names the set in member-of (5.1, 5.2).
// - Hierarchical names ("AS1:AS-FOO") are plain keys; "SOURCE::NAME" limits
//   the lookup of NAME (and everything below it) to that source.
// - A set seen again on the current path is a loop, a path longer than
//   max_depth is cut, an unknown set or a bad member is skipped: each is a
//   finding, and the rest is expanded. Nothing here throws or aborts.
// - RPKI-aware mode (as IRRd 4): with VRPs, route objects whose (prefix,
//   origin) is RPKI Invalid (RFC 6811) are left out of every expansion;
//   optionally every VRP also counts as a route object of its AS.
#ifndef MANRS_IRR_SET_EXPANSION_H_
#define MANRS_IRR_SET_EXPANSION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "manrs/irr/database.h"
#include "manrs/rpki/vrp.h"
#include "manrs/rpki/vrp_table.h"
#include "manrs/rpsl/range_operator.h"

namespace manrs {

struct ExpansionFinding {
  enum class Kind : std::uint8_t { kLoop, kDepthLimit, kNotFound, kBadMember };
  Kind kind;
  std::string set;     // the set where it was found
  std::string detail;  // the member, or the path of the loop
};
const char* ExpansionFindingName(ExpansionFinding::Kind kind);

struct ExpansionOptions {
  SourceMask sources = kAllSources;
  // Preference among the selected sources when a set exists in several
  // (bgpq4 -S RADB,RIPE: "in the specified order"); empty: the database's.
  std::vector<std::uint16_t> source_order;
  int max_depth = 64;
  // "SOURCE::NAME": false, NAME and everything below it come from SOURCE;
  // true, only NAME itself does and its members are looked up in all the
  // selected sources (bgpq4's reading: it sends !sSOURCE for NAME alone).
  bool source_scope_named_set_only = false;
  // RPKI-aware mode: VRPs to check route objects against (not owned).
  const VrpTable* vrps = nullptr;
  // When set, these VRPs also count as route objects (prefix, asn); sorted by asn.
  const std::vector<Vrp>* roa_routes = nullptr;
};

struct ExpansionStats {
  std::uint64_t sets_visited = 0;
  std::uint64_t routes_seen = 0;
  std::uint64_t rpki_invalid_suppressed = 0;
  std::uint64_t roa_routes_added = 0;
};

class SetExpander {
 public:
  // db must outlive the expander.
  SetExpander(const IrrDatabase& db, ExpansionOptions options)
      : db_(db), options_(options), mask_(options.sources), root_mask_(options.sources) {}

  // The AS numbers of an as-set (or of an AS number: itself), sorted and
  // unique. For a route-set, the AS numbers among its members. nullopt when
  // name is no AS number and no such set exists.
  std::optional<std::vector<Asn>> ExpandAsns(std::string_view name);

  // The prefix ranges of family afi: for an AS number its route objects; for
  // an as-set those of all its AS numbers; for a route-set its members, range
  // operators kept. Sorted and unique. nullopt when the set does not exist.
  std::optional<std::vector<PrefixRange>> ExpandPrefixes(std::string_view name, Afi afi);

  // The members of one set as written (with those that joined by
  // mbrs-by-ref), without recursion; nullopt when it does not exist.
  std::optional<std::vector<std::string>> DirectMembers(std::string_view name);

  // The route-object prefixes of one origin AS, after the RPKI filter.
  void AppendRoutesOf(Asn asn, Afi afi, std::vector<PrefixRange>* out);

  const std::vector<ExpansionFinding>& findings() const { return findings_; }
  const ExpansionStats& stats() const { return stats_; }

 private:
  void CollectAsns(const std::string& name, int depth, std::vector<Asn>* out);
  void CollectPrefixes(const std::string& name, Afi afi, RangeOperator op, int depth,
                       std::vector<PrefixRange>* out);
  // Applies "SOURCE::" of text to the masks; false when the source is unknown.
  bool ScopeTo(std::string_view text, std::string* name);
  // Starts a walk from text: scope, fresh state; false when it names neither
  // an AS number nor a set of the selected sources.
  bool Begin(std::string_view text, std::string* name);
  const IrrSet* Find(const std::string& name);
  // False, with a loop or depth finding, when name may not be expanded here.
  bool MayEnter(const std::string& name, int depth);
  // Find, with a not-found finding against the current parent.
  const IrrSet* FindOrReport(const std::string& name);
  void Finding(ExpansionFinding::Kind kind, const std::string& set, std::string detail);
  bool RefAllowed(const IrrSet& set, const IrrMembership& claim) const;

  const IrrDatabase& db_;
  ExpansionOptions options_;
  SourceMask mask_ = kAllSources;  // options_.sources, narrowed by "SOURCE::"
  SourceMask root_mask_ = kAllSources;  // for the named set itself
  std::vector<std::string> path_;  // sets on the current path (loop detection)
  std::unordered_set<std::string> done_;
  std::vector<ExpansionFinding> findings_;
  ExpansionStats stats_;
};

// Everything a filter needs about one name, in one call: the entry point
// for the filter generator.
struct SetExpansion {
  std::string name;                     // as asked ("RIPE::AS-FOO")
  std::vector<Asn> asns;                // sorted, unique
  std::vector<PrefixRange> ipv4, ipv6;  // sorted, unique, range operators kept
  std::vector<ExpansionFinding> findings;
  ExpansionStats stats;
};

// Expands name (AS-SET, ROUTE-SET, ASN, with an optional "SOURCE::") into
// its ASNs and both families' prefixes. A name that is neither an ASN nor a
// set of the selected sources is an error (kBadValue), never an empty
// expansion, so a caller cannot build an empty filter by mistake. An
// existing set that expands to nothing is a success with empty lists: the
// caller decides (bgpq4 writes a deny-all list then).
Result<SetExpansion> ExpandSet(const IrrDatabase& db, std::string_view name,
                               const ExpansionOptions& options);

// Sorts and removes duplicates.
void SortUnique(std::vector<Asn>* asns);
void SortUnique(std::vector<PrefixRange>* ranges);

}  // namespace manrs

#endif  // MANRS_IRR_SET_EXPANSION_H_
