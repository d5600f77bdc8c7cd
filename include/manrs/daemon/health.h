// The /health answer every daemon gives: one line of JSON,
//   {"status":"ready","serial":7,"vrps":3,"last_reload":"accepted","last_reload_reason":""}
// status first, then the daemon's counts in its order, then the last
// reload's result and reason (JSON-escaped, control characters dropped).
#ifndef MANRS_DAEMON_HEALTH_H_
#define MANRS_DAEMON_HEALTH_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace manrs::daemon {

struct HealthReport {
  std::string status;  // "ready", "degraded", "no_data"
  std::vector<std::pair<std::string, std::uint64_t>> counts;
  std::string last_reload;  // the result's name ("accepted", "ok", "failed", ...)
  std::string last_reload_reason;
};

std::string RenderHealth(const HealthReport& report);

}  // namespace manrs::daemon

#endif  // MANRS_DAEMON_HEALTH_H_
