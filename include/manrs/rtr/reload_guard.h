// The checks a reload of the payload input must pass before the cache serves
// it. A reload that fails to load, drops a suspicious share of the VRPs
// (a relying party that lost a trust anchor or ran out of disk writes a
// short file), or carries stale data (its build time is too old: the relying
// party stopped) is refused, and the cache keeps its last good set.
#ifndef MANRS_RTR_RELOAD_GUARD_H_
#define MANRS_RTR_RELOAD_GUARD_H_

#include <cstdint>
#include <string>

#include "manrs/rpki/vrp.h"

namespace manrs::rtr {

struct ReloadPolicy {
  // Refuse a set with fewer than (1 - max_drop_fraction) times the VRPs of
  // the current one; 1 accepts anything.
  double max_drop_fraction = 0.10;
  // Refuse data whose build time is older than this many seconds; 0 turns
  // the check off (a file without a build time passes).
  std::int64_t max_age_seconds = 24 * 3600;
};

enum class ReloadResult : std::uint8_t {
  kAccepted,
  kUnchanged,  // loaded fine, same payloads: no new serial
  kLoadFailed,
  kTooManyDropped,
  kStale,
};
const char* ReloadResultName(ReloadResult result);  // "accepted", "load_failed", ...

struct ReloadVerdict {
  ReloadResult result = ReloadResult::kAccepted;
  std::string reason;  // for the log, empty when accepted
};

// Checks next against the policy. current_vrps: how many VRPs the cache
// serves now (0 when it has no data yet: any non-empty set passes the drop
// check). now: unix seconds.
ReloadVerdict CheckReload(const RpkiPayloads& next, std::size_t current_vrps,
                          const ReloadPolicy& policy, std::int64_t now);

}  // namespace manrs::rtr

#endif  // MANRS_RTR_RELOAD_GUARD_H_
