// The checks a reload of the payload input must pass before the cache serves
// it. A reload that fails to load, drops a suspicious share of the VRPs, the
// ASPAs or the router keys (a relying party that lost a trust anchor or ran
// out of disk writes a short file), or carries stale data (its build time is too old: the relying
// party stopped) is refused, and the cache keeps its last good set.
#ifndef MANRS_RTR_RELOAD_GUARD_H_
#define MANRS_RTR_RELOAD_GUARD_H_

#include <cstdint>
#include <string>

#include "manrs/rpki/vrp.h"
#include "manrs/rtr/payload_delta.h"

namespace manrs::rtr {

struct ReloadPolicy {
  // Refuse a set with fewer than (1 - max_drop_fraction) times the VRPs of
  // the current one, and the same for ASPAs and router keys; 1 accepts
  // anything.
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

// What the cache serves now, for the drop checks.
struct PayloadCounts {
  std::size_t vrps = 0;
  std::size_t aspas = 0;
  std::size_t router_keys = 0;

  static PayloadCounts Of(const PayloadSet& set) {
    return {set.vrps.size(), set.aspas.size(), set.router_keys.size()};
  }
};

// Checks next against the policy. current: what the cache serves now (all 0
// when it has no data yet: any set passes the drop checks; a kind the cache
// has none of passes its own). now: unix seconds.
ReloadVerdict CheckReload(const RpkiPayloads& next, const PayloadCounts& current,
                          const ReloadPolicy& policy, std::int64_t now);

}  // namespace manrs::rtr

#endif  // MANRS_RTR_RELOAD_GUARD_H_
