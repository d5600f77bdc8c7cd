// What the RTR server exposes on its HTTP endpoint: counters and gauges in
// the Prometheus text format (/metrics) and a health answer (/health).
// Updated and read on the server's event loop only.
#ifndef MANRS_RTR_METRICS_H_
#define MANRS_RTR_METRICS_H_

#include <array>
#include <cstdint>
#include <string>

#include "manrs/rtr/pdu.h"
#include "manrs/rtr/reload_guard.h"

namespace manrs::rtr {

struct RtrMetrics {
  // The data served.
  bool has_data = false;
  std::uint64_t vrps_ipv4 = 0;
  std::uint64_t vrps_ipv6 = 0;
  std::uint64_t aspas = 0;
  std::uint64_t router_keys = 0;
  std::uint32_t serial = 0;
  std::uint16_t session_id = 0;
  std::int64_t data_build_time = 0;
  // Reloads.
  std::int64_t last_reload_time = 0;
  ReloadResult last_reload_result = ReloadResult::kAccepted;
  std::string last_reload_reason;
  std::array<std::uint64_t, 5> reloads{};  // by ReloadResult
  // Routers.
  std::uint64_t clients = 0;
  std::uint64_t clients_accepted = 0;
  std::uint64_t clients_refused = 0;  // over --max-clients
  std::uint64_t clients_timed_out = 0;
  std::uint64_t full_syncs = 0;
  std::uint64_t incremental_syncs = 0;
  std::uint64_t notifies = 0;
  std::uint64_t bytes_sent = 0;
  std::array<std::uint64_t, 10> error_reports_sent{};  // by ReportCode
  std::uint64_t error_reports_received = 0;
};

// The Prometheus text exposition (version 0.0.4).
std::string RenderPrometheus(const RtrMetrics& m);
// One line of JSON for /health: ready when there is data to serve.
std::string RenderHealth(const RtrMetrics& m);

}  // namespace manrs::rtr

#endif  // MANRS_RTR_METRICS_H_
