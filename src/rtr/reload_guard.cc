// Reload checks: share of VRPs dropped, age of the data.
#include "manrs/rtr/reload_guard.h"

#include <optional>

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

namespace {

// The verdict on one kind of payload: refused when fewer than (1 - max drop)
// times the current count remain.
std::optional<ReloadVerdict> CheckDrop(const char* what, std::size_t next, std::size_t current,
                                       const ReloadPolicy& policy) {
  if (current == 0) return std::nullopt;
  const double kept = static_cast<double>(next) / static_cast<double>(current);
  if (kept >= 1.0 - policy.max_drop_fraction) return std::nullopt;
  return ReloadVerdict{
      ReloadResult::kTooManyDropped,
      fmt::format("{} {} instead of {}: drops {:.1f} %, more than the {:.1f} % allowed "
                  "(--max-drop)",
                  next, what, current, 100.0 * (1.0 - kept), 100.0 * policy.max_drop_fraction)};
}

}  // namespace

ReloadVerdict CheckReload(const RpkiPayloads& next, const PayloadCounts& current,
                          const ReloadPolicy& policy, std::int64_t now) {
  if (policy.max_age_seconds > 0 && next.build_time > 0 &&
      now - next.build_time > policy.max_age_seconds) {
    return {ReloadResult::kStale,
            fmt::format("data built {} s ago, more than the {} s allowed (--max-age)",
                        now - next.build_time, policy.max_age_seconds)};
  }
  for (auto verdict :
       {CheckDrop("VRPs", next.vrps.size(), current.vrps, policy),
        CheckDrop("ASPAs", next.aspas.size(), current.aspas, policy),
        CheckDrop("router keys", next.router_keys.size(), current.router_keys, policy)}) {
    if (verdict) return *verdict;
  }
  return {};
}

}  // namespace manrs::rtr
