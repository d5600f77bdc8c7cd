// Reload checks: share of VRPs dropped, age of the data.
#include "manrs/rtr/reload_guard.h"

#include "fmt/format.h"

namespace manrs::rtr {

const char* ReloadResultName(ReloadResult result) {
  switch (result) {
    case ReloadResult::kAccepted:
      return "accepted";
    case ReloadResult::kUnchanged:
      return "unchanged";
    case ReloadResult::kLoadFailed:
      return "load_failed";
    case ReloadResult::kTooManyDropped:
      return "too_many_dropped";
    case ReloadResult::kStale:
      return "stale";
  }
  return "unknown";
}

ReloadVerdict CheckReload(const RpkiPayloads& next, std::size_t current_vrps,
                          const ReloadPolicy& policy, std::int64_t now) {
  if (policy.max_age_seconds > 0 && next.build_time > 0 &&
      now - next.build_time > policy.max_age_seconds) {
    return {ReloadResult::kStale,
            fmt::format("data built {} s ago, more than the {} s allowed (--max-age)",
                        now - next.build_time, policy.max_age_seconds)};
  }
  if (current_vrps > 0) {
    const double kept = static_cast<double>(next.vrps.size()) / static_cast<double>(current_vrps);
    if (kept < 1.0 - policy.max_drop_fraction) {
      return {ReloadResult::kTooManyDropped,
              fmt::format("{} VRPs instead of {}: drops {:.1f} %, more than the {:.1f} % allowed "
                          "(--max-drop)",
                          next.vrps.size(), current_vrps, 100.0 * (1.0 - kept),
                          100.0 * policy.max_drop_fraction)};
    }
  }
  return {};
}

}  // namespace manrs::rtr
