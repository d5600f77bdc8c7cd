// Bogons: prefixes and AS numbers that must not appear in the global routing
// table (MANRS action 1, RFC 7454 sections 6.1.1 and 11).
//
// Prefixes come from two places. Built in: the IANA IPv4 and IPv6
// Special-Purpose Address Registries (RFC 6890 and the RFCs that update them)
// plus the blocks of the IANA address-space registries that are not unicast
// (IPv4 multicast and class E, IPv6 outside 2000::/3), each with its RFC and
// the registry's "Globally Reachable" flag. Loaded: Team Cymru bogon lists,
// "traditional" or "full" (the latter adds the space IANA or the RIRs have
// not allocated, and changes daily). A route is a bogon when its prefix lies
// inside a bogon block; a route that only covers bogon space (0.0.0.0/0) is
// not one.
//
// AS numbers come from the IANA "Special-Purpose AS Numbers" registry and the
// reserved blocks of the "Autonomous System (AS) Numbers" registry.
#ifndef MANRS_VALIDATE_BOGONS_H_
#define MANRS_VALIDATE_BOGONS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/bgp/as_path.h"
#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/net/prefix_set.h"

namespace manrs {

// One row of the built-in prefix table.
struct SpecialPurposeBlock {
  const char* prefix;  // "10.0.0.0/8"
  const char* name;    // "Private-Use"
  const char* rfc;     // "RFC 1918"
  // The registry's "Globally Reachable" column: true blocks are exceptions
  // carved out of a non-reachable block (64:ff9b::/96, 192.31.196.0/24, ...)
  // and make the prefixes inside them routable.
  bool globally_reachable;
};

// The built-in table, IPv4 first. Every prefix parses strictly.
std::span<const SpecialPurposeBlock> SpecialPurposeBlocks();

enum class BogonSource : std::uint8_t {
  kSpecialPurpose,  // the built-in IANA table
  kList,            // a loaded list (Team Cymru)
};

struct BogonPrefixMatch {
  Prefix block;  // the bogon block the route lies in
  BogonSource source = BogonSource::kList;
  const SpecialPurposeBlock* special = nullptr;  // set for kSpecialPurpose
};

// The bogon prefix lists. Const members may be called from many threads.
class BogonPrefixes {
 public:
  // No blocks at all.
  BogonPrefixes() = default;

  // The built-in IANA table alone.
  static BogonPrefixes BuiltIn();

  // Adds the prefixes of a Team Cymru bogon list: one prefix per line, "#"
  // starts a comment, blank lines are skipped. Each bad line is reported to
  // problems with its line and byte offset and skipped; a file cut
  // short is read in part (see the as-rel loader). Returns the number of
  // prefixes added (those already present do not count). A file that cannot be read, or holds no
  // prefix at all, is an error: an empty list must not silently turn filtering off.
  Result<std::size_t> LoadList(const std::string& path, ProblemLog& problems);
  Result<std::size_t> ParseList(std::string_view text, const std::string& source,
                                ProblemLog& problems);

  // The bogon block route lies in, preferring the built-in table; nullopt
  // when route is not a bogon.
  std::optional<BogonPrefixMatch> Match(const Prefix& route) const;
  bool IsBogon(const Prefix& route) const { return Match(route).has_value(); }

  std::size_t list_size() const { return listed_.size(); }

 private:
  PrefixSet special_;    // not globally reachable
  PrefixSet reachable_;  // globally reachable exceptions
  PrefixSet listed_;
};

// The longest prefixes that are generally accepted between networks
// (RFC 7454 section 6.1.3): /24 for IPv4, /48 for IPv6.
inline constexpr int kMaxAcceptedIpv4Length = 24;
inline constexpr int kMaxAcceptedIpv6Length = 48;

// True when route is longer than /24 (IPv4) or /48 (IPv6).
bool TooSpecific(const Prefix& route);

enum class BogonAsnKind : std::uint8_t {
  kReservedZero,   // AS 0, RFC 7607
  kAsTransAsn,     // 23456, RFC 6793
  kDocumentation,  // 64496-64511, 65536-65551, RFC 5398
  kPrivateUse,     // 64512-65534, 4200000000-4294967294, RFC 6996
  kLastReserved,   // 65535, 4294967295, RFC 7300
  kIanaReserved,   // 65552-131071, reserved in the IANA AS number registry
};

// "reserved-zero", "as-trans", "documentation", "private-use",
// "last-reserved", "iana-reserved".
const char* BogonAsnKindName(BogonAsnKind kind);

struct BogonAsnRange {
  Asn first;
  Asn last;
  BogonAsnKind kind;
  const char* rfc;  // "RFC 6996", or "IANA" for the registry's reserved block
};

// The ranges, ascending and disjoint.
std::span<const BogonAsnRange> BogonAsnRanges();

// The range asn falls in, or null.
const BogonAsnRange* ClassifyBogonAsn(Asn asn);

// One bogon AS in a path.
struct BogonAsnHit {
  std::size_t index = 0;  // in AsPath::asns(), counting every segment
  Asn asn = 0;
  const BogonAsnRange* range = nullptr;
};

// Every bogon AS of path in AS_PATH order (sets included), prepends counted
// once per occurrence. Confederation segments are skipped: they hold member
// AS numbers, private by design (RFC 5065, RFC 6996), and never
// leave the confederation.
std::vector<BogonAsnHit> FindBogonAsns(const AsPath& path);
// The same into *hits (cleared first), reusing its storage.
void FindBogonAsns(const AsPath& path, std::vector<BogonAsnHit>* hits);
// The first of them.
std::optional<BogonAsnHit> FindBogonAsn(const AsPath& path);

}  // namespace manrs

#endif  // MANRS_VALIDATE_BOGONS_H_
