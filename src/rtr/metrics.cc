// Prometheus and health rendering of the server's metrics.
#include "manrs/rtr/metrics.h"

#include "fmt/format.h"
#include "manrs/daemon/health.h"
#include "manrs/daemon/prometheus.h"

namespace manrs::rtr {

std::string RenderPrometheus(const RtrMetrics& m) {
  using daemon::MetricType;
  daemon::PrometheusText o;
  o.Family("manrs_rtr_vrps", MetricType::kGauge, "VRPs served, by address family.");
  o.Sample("manrs_rtr_vrps", {{"afi", "ipv4"}}, m.vrps_ipv4);
  o.Sample("manrs_rtr_vrps", {{"afi", "ipv6"}}, m.vrps_ipv6);
  o.Single("manrs_rtr_aspas", MetricType::kGauge, "ASPA records served (version 2 sessions).",
           m.aspas);
  o.Single("manrs_rtr_router_keys", MetricType::kGauge,
           "BGPsec router keys served (version 1 and 2).", m.router_keys);
  o.Single("manrs_rtr_has_data", MetricType::kGauge, "1 when the cache has data to serve.",
           m.has_data ? 1 : 0);
  o.Single("manrs_rtr_serial", MetricType::kGauge, "Current serial number.", m.serial);
  o.Single("manrs_rtr_session_id", MetricType::kGauge, "Session id of this cache run.",
           m.session_id);
  o.Single("manrs_rtr_data_build_time_seconds", MetricType::kGauge,
           "Build time of the data served.", m.data_build_time);
  o.Single("manrs_rtr_last_reload_time_seconds", MetricType::kGauge,
           "When the input was last loaded.", m.last_reload_time);
  o.Family("manrs_rtr_last_reload_success", MetricType::kGauge,
           "1 when the last reload was accepted or unchanged, 0 when it was refused.");
  const bool ok = m.last_reload_result == ReloadResult::kAccepted ||
                  m.last_reload_result == ReloadResult::kUnchanged;
  o.Sample("manrs_rtr_last_reload_success", {{"result", ReloadResultName(m.last_reload_result)}},
           ok ? 1 : 0);
  o.Family("manrs_rtr_reloads_total", MetricType::kCounter, "Reloads by result.");
  for (std::size_t i = 0; i < m.reloads.size(); ++i) {
    o.Sample("manrs_rtr_reloads_total",
             {{"result", ReloadResultName(static_cast<ReloadResult>(i))}}, m.reloads[i]);
  }
  o.Single("manrs_rtr_clients", MetricType::kGauge, "Routers connected now.", m.clients);
  o.Single("manrs_rtr_clients_accepted_total", MetricType::kCounter, "Connections accepted.",
           m.clients_accepted);
  o.Single("manrs_rtr_clients_refused_total", MetricType::kCounter,
           "Connections refused (--max-clients).", m.clients_refused);
  o.Single("manrs_rtr_clients_timed_out_total", MetricType::kCounter,
           "Connections closed for a missing first query or a stalled write.", m.clients_timed_out);
  o.Family("manrs_rtr_syncs_total", MetricType::kCounter, "Cache responses sent, by kind.");
  o.Sample("manrs_rtr_syncs_total", {{"kind", "full"}}, m.full_syncs);
  o.Sample("manrs_rtr_syncs_total", {{"kind", "incremental"}}, m.incremental_syncs);
  o.Single("manrs_rtr_serial_notifies_total", MetricType::kCounter, "Serial Notify PDUs queued.",
           m.notifies);
  o.Single("manrs_rtr_sent_bytes_total", MetricType::kCounter, "Bytes written to routers.",
           m.bytes_sent);
  o.Family("manrs_rtr_error_reports_sent_total", MetricType::kCounter,
           "Error Reports sent, by code.");
  for (std::size_t i = 0; i < m.error_reports_sent.size(); ++i) {
    const std::string code = fmt::format("{}", i);
    o.Sample("manrs_rtr_error_reports_sent_total", {{"code", code}}, m.error_reports_sent[i]);
  }
  o.Single("manrs_rtr_error_reports_received_total", MetricType::kCounter,
           "Error Reports from routers.", m.error_reports_received);
  return o.Take();
}

std::string RenderHealth(const RtrMetrics& m) {
  return daemon::RenderHealth({m.has_data ? "ready" : "no_data",
                               {{"serial", m.serial},
                                {"vrps", m.vrps_ipv4 + m.vrps_ipv6},
                                {"aspas", m.aspas},
                                {"clients", m.clients}},
                               ReloadResultName(m.last_reload_result),
                               m.last_reload_reason});
}

}  // namespace manrs::rtr
