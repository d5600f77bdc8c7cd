// `manrs coverage`: has an AS published what others need to validate its
// routes (MANRS action 4), and does it match what the AS announces? For every
// prefix the AS announces (the observatory's definition, announcements.h) its
// RPKI state with the covering VRPs, its IRR state (registration.h's rule,
// refined), the conflicts IRRexplorer names, and proposals a person can
// submit: ROAs with a tight maxLength (RFC 9319) for prefixes RPKI does not
// cover or allows only shorter (never where another origin's ROA holds), route objects, deletions
// of stale RPKI-invalid route objects, and an ASPA from the upstreams seen. doc/advice.md defines
// every state, conflict and proposal.
//
// Invariants of a CoverageReport: prefixes are sorted and distinct; every
// proposed ROA has been previewed against every route seen (any origin) under
// the visibility rule, and no proposed ROA turns a seen route invalid (those
// that would are in withheld_roas with the routes they would break).
#ifndef MANRS_ADVICE_COVERAGE_H_
#define MANRS_ADVICE_COVERAGE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/irr/database.h"
#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/observe/announcements.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/rpki/vrp.h"
#include "manrs/rpki/vrp_table.h"
#include "manrs/validate/bogons.h"

namespace manrs {

// What the MRT files show: every (prefix, origin) with the peers that saw it
// (the observatory's AnnouncementTable), and for one AS the neighbours seen
// next to it in paths it originated.
struct RouteView {
  AnnouncementTable table;
  Asn asn = 0;
  std::map<Asn, std::uint64_t> upstreams;  // AS left of asn -> distinct routes
  std::uint64_t elements = 0;
};

// Reads MRT files (RIBs and updates) into a RouteView for asn. Damaged
// records go to problems; a file that cannot be opened is an error.
Result<RouteView> ReadRouteView(const std::vector<std::string>& mrt_files, Asn asn,
                                ProblemLog& problems);

enum class CoverageIrr : std::uint8_t {
  kRegistered,        // a route object (prefix, asn) in an authoritative source
  kCovered,           // only a less-specific route object with asn, authoritative
  kNotRegistered,     // no route object for asn, and none for another origin
  kOtherOrigin,       // route objects for the prefix (or less-specific) name other origins only
  kNonAuthoritative,  // registered or covered only in non-authoritative sources (RADB, ...)
  kUnmeasured,        // no IRR loaded
};
const char* CoverageIrrName(CoverageIrr s);  // "registered", ..., "non-authoritative"

// Sources run by an RIR (route objects there are checked against the
// address holder): RIPE, ARIN, APNIC, AFRINIC, LACNIC, and the NIRs' JPIRR,
// IDNIC, TWNIC. Everything else (RADB, ALTDB, NTTCOM, *-NONAUTH) is not.
bool AuthoritativeSource(std::string_view name);

struct CoverageConflict {
  std::string kind;    // doc/advice.md: "irr-origin-differs", "rpki-origin-differs", ...
  std::string detail;  // the evidence
};

struct PrefixCoverage {
  Prefix prefix;
  std::uint32_t peers = 0;
  RovState rpki = RovState::kNotFound;
  RovReason rpki_reason = RovReason::kNotCovered;
  std::vector<CoveringVrp> covering;  // the VRPs covering the prefix
  CoverageIrr irr = CoverageIrr::kUnmeasured;
  std::vector<std::string> route_objects;  // "P ASn SOURCE" for the prefix and less-specifics
  std::vector<CoverageConflict> conflicts;
  std::vector<std::string> proposals;  // "roa P-L", "route-object", ...
};

// A route seen in BGP whose RPKI state a proposed ROA changes.
struct RouteChange {
  Prefix prefix;
  Asn origin = 0;
  RovState before = RovState::kNotFound, after = RovState::kNotFound;
};

struct RoaProposal {
  Vrp roa;                           // prefix, max_length, asn
  std::vector<RouteChange> changes;  // the preview: seen routes whose state changes
};

struct IrrObjectProposal {
  std::string action;  // "create" or "delete"
  Prefix prefix;
  Asn origin = 0;
  std::string source;  // where to submit (create) or where it is (delete)
  std::string reason;
};

struct CoverageSummary {
  std::uint64_t prefixes = 0;
  std::uint64_t rpki_valid = 0, rpki_invalid = 0, rpki_not_found = 0;
  std::uint64_t irr_registered = 0, irr_covered = 0, irr_not_registered = 0, irr_other_origin = 0,
                irr_non_authoritative = 0;
  std::uint64_t conflicts = 0;
};

struct CoverageReport {
  Asn asn = 0;
  int min_peers = kDefaultMinPeers;
  bool irr_loaded = false;
  std::vector<PrefixCoverage> prefixes;
  // AS-level conflicts: route objects and ROAs of asn for prefixes not seen
  // in BGP, RPKI-invalid route objects.
  std::vector<CoverageConflict> conflicts;
  std::vector<RoaProposal> roas;           // to create: nothing seen turns invalid
  std::vector<RoaProposal> withheld_roas;  // would turn seen routes invalid: not proposed
  std::vector<IrrObjectProposal> irr_objects;
  std::vector<Asn> aspa_providers;  // upstream candidates seen in paths
  std::string mnt_by;               // for the route objects: the aut-num's, else empty
  CoverageSummary summary;
};

struct CoverageInputs {
  const VrpTable* vrps = nullptr;         // required
  std::span<const Vrp> vrp_list;          // the same VRPs as a list (for ROAs of asn)
  const IrrDatabase* irr = nullptr;       // optional
  const BogonPrefixes* bogons = nullptr;  // optional: special-use space
};

// The whole analysis for view.asn. Cost: one pass over the table's keys and
// one ROV per seen route inside the proposed ROAs.
CoverageReport AnalyzeCoverage(const RouteView& view, int min_peers, const CoverageInputs& in);

// RFC 9319 section 5: the ROAs that authorise exactly the announced
// prefixes: one per prefix with maxLength equal to its length, except that
// a prefix whose more-specifics are all announced down to some length L (every
// one of the 2^(L-len) at each level) gets one ROA with maxLength L instead.
std::vector<Vrp> TightRoas(std::vector<Prefix> announced, Asn asn);

std::string CoverageJson(const CoverageReport& report);
std::string CoverageText(const CoverageReport& report, bool preview);
// Route objects to create and delete, as RPSL (deletions with "delete:").
std::string CoverageRpsl(const CoverageReport& report);
// The ROAs to create: "ASN,IP Prefix,Max Length" (the RIPE NCC dashboard's
// CSV import; Krill's bulk ROA import takes the same columns).
std::string CoverageRoaCsv(const CoverageReport& report);

}  // namespace manrs

#endif  // MANRS_ADVICE_COVERAGE_H_
