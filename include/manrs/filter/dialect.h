// Router dialects the filter generator writes, and what each can express.
// One file per dialect in src/filter/, one dispatch table (dialect_table.cc).
#ifndef MANRS_FILTER_DIALECT_H_
#define MANRS_FILTER_DIALECT_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "manrs/base/result.h"

namespace manrs {

enum class Dialect : std::uint8_t {
  kCiscoIos,              // bgpq4 (default)
  kCiscoIosXr,            // bgpq4 -X
  kJunosPrefixList,       // bgpq4 -J
  kJunosPolicyStatement,  // bgpq4 -J -E (route-filters in a policy-statement)
  kJunosRouteFilterList,  // bgpq4 -J -z
  kAristaEos,             // bgpq4 -e
  kBird,                  // bgpq4 -b
  kOpenBgpd,              // bgpq4 -B
  kOpenBgpdPrefixSet,     // bgpq4 -B -E
  kFrr,                   // ours
  kVyos,                  // ours
  kNokiaClassic,          // bgpq4 -N
  kNokiaMdCli,            // bgpq4 -n
  kSrLinux,               // ours
  kHuawei,                // bgpq4 -U
  kHuaweiXpl,             // bgpq4 -u
  kMikrotik6,             // bgpq4 -K
  kMikrotik7,             // bgpq4 -K7
  kJson,                  // bgpq4 -j
  kCsv,                   // ours
  kFormat,                // bgpq4 -F (user format string)
  // Address match lists (packet filters more than route filters):
  kCiscoExtendedAcl,     // bgpq4 -E, -e -E (IPv4 only)
  kNokiaIpPrefixList,    // bgpq4 -N -E (filter match-list)
  kNokiaMdIpPrefixList,  // bgpq4 -n -E
};

struct DialectInfo {
  Dialect dialect;
  std::string_view name;         // the --format name, e.g. "junos-route-filter-list"
  std::string_view bgpq4_flags;  // the bgpq4 flags giving the same output; empty if none
  bool ranges;                   // a line can carry a length range (ge/le)
  bool as_path;                  // AS-path filters (-f/-G) are written
  bool as_set;                   // as-sets (-t) are written
};

// Every dialect, in the order of the enum.
std::span<const DialectInfo> Dialects();
const DialectInfo& InfoOf(Dialect dialect);
// By name ("cisco", "ios", "junos", "bird", ...); aliases are listed in
// doc/filter.md.
Result<Dialect> ParseDialect(std::string_view name);

}  // namespace manrs

#endif  // MANRS_FILTER_DIALECT_H_
