// What the observatory measures for one AS in one period, as `manrs report`
// prints it and the store keeps it. doc/observatory.md defines every field
// and names the source each definition follows (the MANRS Observatory's
// metrics M1-M8, RFC 6811, RFC 9234, the ASPA drafts).
//
// Invariants: times are unix seconds (UTC); a Period has start <= end; an
// Incident's end, when set, is >= its start; counts over prefixes are over
// the AS's distinct announced prefixes (announcements.h), so
// rpki.valid + rpki.invalid + rpki.not_found == prefixes.size() of the report.
#ifndef MANRS_OBSERVE_REPORT_H_
#define MANRS_OBSERVE_REPORT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/rpki/route_origin_validation.h"

namespace manrs {

struct Period {
  std::int64_t start = 0;
  std::int64_t end = 0;
  friend auto operator<=>(const Period&, const Period&) = default;
};

// "2014-05-30T22:00:00Z".
std::string IsoTime(std::int64_t unix_seconds);
// Parses "2014-05-30T22:00:00Z" (also without seconds or without the Z, and a
// bare date "2014-05-30", meaning its midnight UTC).
Result<std::int64_t> ParseIsoTime(std::string_view text);
// Parses "START/END" of two ISO 8601 UTC times; END must not be before START.
Result<Period> ParsePeriod(std::string_view text);
// "START/END".
std::string ToString(const Period& period);

enum class IncidentKind : std::uint8_t { kHijack, kLeak, kBogonPrefix, kBogonAsn };
inline constexpr int kIncidentKinds = 4;
const char* IncidentKindName(IncidentKind kind);  // "hijack", "leak", "bogon_prefix", "bogon_asn"
std::optional<IncidentKind> ParseIncidentKind(std::string_view name);

enum class IncidentRole : std::uint8_t { kCulprit, kAccomplice };
const char* IncidentRoleName(IncidentRole role);  // "culprit", "accomplice"

// The score of one (merged) incident by its duration, the Observatory's rule:
// under 30 minutes 0.5, under 24 hours 1, otherwise floor(hours / 24) + 1.
double IncidentScore(std::int64_t duration_seconds);

struct Incident {
  IncidentKind kind = IncidentKind::kHijack;
  IncidentRole role = IncidentRole::kCulprit;
  Asn asn = 0;      // whose incident this is (the culprit, or the accomplice)
  Asn culprit = 0;  // == asn for the culprit's record
  std::int64_t start = 0;
  std::optional<std::int64_t> end;  // nullopt: still seen when the period ended
  double score = 0;
  // "high", or "low" for what the definitions call a possible incident
  // (a more-specific of another AS's registered prefix, a leak whose leaker
  // is not certain). Low-confidence incidents do not count in the metrics.
  std::string confidence = "high";
  // Administrative bogons (reserved or unallocated, not special-purpose) are
  // "administrative"; everything else "full". Only full ones count.
  std::string bogon_class;
  std::uint64_t prefix_count = 0;
  std::uint64_t route_count = 0;  // distinct (peer, prefix, path) occurrences
  std::uint64_t peer_count = 0;
  std::string evidence_json;  // {"routes": [...], ...}: see doc/observatory.md
};

enum class IrrState : std::uint8_t {
  kRegistered,     // a route object for (P, X)
  kCovered,        // a route object for a less-specific of P with origin X
  kNotRegistered,  // no route object for P or a less-specific with origin X
  kUnmeasured,     // no IRR loaded
};
const char* IrrStateName(IrrState s);  // "registered", "covered", "not-registered", "unmeasured"

struct PrefixState {
  Prefix prefix;
  RovState rpki = RovState::kNotFound;
  IrrState irr = IrrState::kUnmeasured;
  std::uint32_t peers = 0;  // distinct peers that saw (P, X)
  bool bogon = false;
};

struct Contact {
  std::string source;  // "irr" or "peeringdb"
  std::string object;  // "role NOC-HDL" / "person X-RIPE" / "poc 123"
  std::string role;    // "admin-c", "tech-c", or the PeeringDB POC role
  std::string email;
  std::string phone;
};

enum class ReadinessLabel : std::uint8_t { kReady, kAspiring, kLagging, kUnmeasured };
const char* ReadinessLabelName(ReadinessLabel l);  // "ready", "aspiring", "lagging", "unmeasured"

// The inverses of the names above, as the stores read them back: an unknown
// name is kUnmeasured. RovStateFromStoredName takes "valid" and "invalid";
// anything else is not found.
ReadinessLabel ReadinessLabelFromName(std::string_view name);
IrrState IrrStateFromName(std::string_view name);
RovState RovStateFromStoredName(std::string_view name);

struct Readiness {
  std::optional<double> score;  // 0-100
  ReadinessLabel label = ReadinessLabel::kUnmeasured;
};

// The four MANRS actions, in the programme's order.
enum class Action : std::uint8_t { kFiltering, kAntiSpoofing, kCoordination, kGlobalValidation };
inline constexpr int kActions = 4;
const char* ActionName(
    Action a);  // "filtering", "anti_spoofing", "coordination", "global_validation"

// Action 2, from `manrs sav audit|collect --format json` reports loaded with
// `manrs observe --sav-results` (sav_results.h): the packets that came in from
// this AS's interfaces, and how many had a source it should have dropped.
struct AntiSpoofing {
  std::uint64_t packets = 0, spoofed_packets = 0;
  std::uint64_t martian = 0, bogon = 0, not_allowed = 0;  // spoofed, by reason
  std::vector<std::string> files;                         // the reports it came from
};

struct AsMetrics {
  Asn asn = 0;
  std::uint64_t prefixes = 0;  // distinct announced prefixes
  std::uint64_t rpki_valid = 0, rpki_invalid = 0, rpki_not_found = 0;
  bool irr_measured = false;
  std::uint64_t irr_registered = 0, irr_not_registered = 0;
  // M3/M4 (full), and the administrative ones apart.
  std::uint64_t bogon_prefixes = 0, bogon_prefixes_administrative = 0;
  std::uint64_t bogon_asns = 0, bogon_asns_administrative = 0;
  // M3C/M4C: the same for routes of X's customers that X passed on.
  bool customers_measured = false;
  std::uint64_t customer_bogon_prefixes = 0, customer_bogon_asns = 0;
  std::optional<bool> policy_registered;    // M6; nullopt: no IRR loaded
  std::optional<bool> contacts_registered;  // M8; nullopt: neither IRR nor PeeringDB loaded
  std::vector<Contact> contacts;
  bool aspa_measured = false;
  bool has_aspa = false;
  std::uint64_t aspa_valid = 0, aspa_invalid = 0, aspa_unknown = 0;  // X's distinct paths
  // Incident metrics: the sum of the scores of X's high-confidence incidents,
  // [kind][role]; M1 leak, M2 hijack, M3 bogon prefix, M4 bogon ASN.
  std::array<std::array<double, 2>, kIncidentKinds> incident_score{};
  std::optional<AntiSpoofing> anti_spoofing;  // nullopt: no audit result covers this AS
  std::array<Readiness, kActions> actions{};

  // M7 RPKI: share valid - 10 x share invalid; nullopt with no prefix.
  std::optional<double> RpkiScore() const;
  // M7 IRR: share of prefixes registered or covered; nullopt when unmeasured.
  std::optional<double> IrrShare() const;
};

// One AS's report: the object `manrs report ASN --format json` prints.
struct AsReport {
  Period period;
  AsMetrics metrics;
  std::vector<Incident> incidents;    // X's, as culprit and as accomplice, by start
  std::vector<PrefixState> prefixes;  // sorted
};

// What one observation found besides the per-AS reports.
struct ObservationSummary {
  std::vector<std::string> inputs;  // the files read, "kind:path"
  std::uint64_t elements = 0;       // route elements read
  std::uint64_t as_set_routes = 0;  // paths ending in an AS_SET: never attributed
  std::uint64_t peers = 0;
  std::uint64_t prefixes = 0;  // distinct (prefix, origin) pairs seen
  std::uint64_t problems = 0;  // input problems reported
  int min_peers = 0;
};

struct PeriodResult {
  Period period;
  ObservationSummary summary;
  std::vector<AsReport> ases;  // sorted by ASN
};

}  // namespace manrs

#endif  // MANRS_OBSERVE_REPORT_H_
