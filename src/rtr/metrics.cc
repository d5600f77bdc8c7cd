// Prometheus and health rendering of the server's metrics.
#include "manrs/rtr/metrics.h"

#include <iterator>

#include "fmt/format.h"

namespace manrs::rtr {

namespace {

void Metric(std::string* out, const char* name, const char* type, const char* help) {
  fmt::format_to(std::back_inserter(*out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

std::string RenderPrometheus(const RtrMetrics& m) {
  std::string o;
  auto out = std::back_inserter(o);
  Metric(&o, "manrs_rtr_vrps", "gauge", "VRPs served, by address family.");
  fmt::format_to(out, "manrs_rtr_vrps{{afi=\"ipv4\"}} {}\nmanrs_rtr_vrps{{afi=\"ipv6\"}} {}\n",
                 m.vrps_ipv4, m.vrps_ipv6);
  Metric(&o, "manrs_rtr_aspas", "gauge", "ASPA records served (version 2 sessions).");
  fmt::format_to(out, "manrs_rtr_aspas {}\n", m.aspas);
  Metric(&o, "manrs_rtr_router_keys", "gauge", "BGPsec router keys served (version 1 and 2).");
  fmt::format_to(out, "manrs_rtr_router_keys {}\n", m.router_keys);
  Metric(&o, "manrs_rtr_has_data", "gauge", "1 when the cache has data to serve.");
  fmt::format_to(out, "manrs_rtr_has_data {}\n", m.has_data ? 1 : 0);
  Metric(&o, "manrs_rtr_serial", "gauge", "Current serial number.");
  fmt::format_to(out, "manrs_rtr_serial {}\n", m.serial);
  Metric(&o, "manrs_rtr_session_id", "gauge", "Session id of this cache run.");
  fmt::format_to(out, "manrs_rtr_session_id {}\n", m.session_id);
  Metric(&o, "manrs_rtr_data_build_time_seconds", "gauge", "Build time of the data served.");
  fmt::format_to(out, "manrs_rtr_data_build_time_seconds {}\n", m.data_build_time);
  Metric(&o, "manrs_rtr_last_reload_time_seconds", "gauge", "When the input was last loaded.");
  fmt::format_to(out, "manrs_rtr_last_reload_time_seconds {}\n", m.last_reload_time);
  Metric(&o, "manrs_rtr_last_reload_success", "gauge",
         "1 when the last reload was accepted or unchanged, 0 when it was refused.");
  const bool ok = m.last_reload_result == ReloadResult::kAccepted ||
                  m.last_reload_result == ReloadResult::kUnchanged;
  fmt::format_to(out, "manrs_rtr_last_reload_success{{result=\"{}\"}} {}\n",
                 ReloadResultName(m.last_reload_result), ok ? 1 : 0);
  Metric(&o, "manrs_rtr_reloads_total", "counter", "Reloads by result.");
  for (std::size_t i = 0; i < m.reloads.size(); ++i) {
    fmt::format_to(out, "manrs_rtr_reloads_total{{result=\"{}\"}} {}\n",
                   ReloadResultName(static_cast<ReloadResult>(i)), m.reloads[i]);
  }
  Metric(&o, "manrs_rtr_clients", "gauge", "Routers connected now.");
  fmt::format_to(out, "manrs_rtr_clients {}\n", m.clients);
  Metric(&o, "manrs_rtr_clients_accepted_total", "counter", "Connections accepted.");
  fmt::format_to(out, "manrs_rtr_clients_accepted_total {}\n", m.clients_accepted);
  Metric(&o, "manrs_rtr_clients_refused_total", "counter", "Connections refused (--max-clients).");
  fmt::format_to(out, "manrs_rtr_clients_refused_total {}\n", m.clients_refused);
  Metric(&o, "manrs_rtr_clients_timed_out_total", "counter",
         "Connections closed for a missing first query or a stalled write.");
  fmt::format_to(out, "manrs_rtr_clients_timed_out_total {}\n", m.clients_timed_out);
  Metric(&o, "manrs_rtr_syncs_total", "counter", "Cache responses sent, by kind.");
  fmt::format_to(out,
                 "manrs_rtr_syncs_total{{kind=\"full\"}} "
                 "{}\nmanrs_rtr_syncs_total{{kind=\"incremental\"}} {}\n",
                 m.full_syncs, m.incremental_syncs);
  Metric(&o, "manrs_rtr_serial_notifies_total", "counter", "Serial Notify PDUs queued.");
  fmt::format_to(out, "manrs_rtr_serial_notifies_total {}\n", m.notifies);
  Metric(&o, "manrs_rtr_sent_bytes_total", "counter", "Bytes written to routers.");
  fmt::format_to(out, "manrs_rtr_sent_bytes_total {}\n", m.bytes_sent);
  Metric(&o, "manrs_rtr_error_reports_sent_total", "counter", "Error Reports sent, by code.");
  for (std::size_t i = 0; i < m.error_reports_sent.size(); ++i) {
    fmt::format_to(out, "manrs_rtr_error_reports_sent_total{{code=\"{}\"}} {}\n", i,
                   m.error_reports_sent[i]);
  }
  Metric(&o, "manrs_rtr_error_reports_received_total", "counter", "Error Reports from routers.");
  fmt::format_to(out, "manrs_rtr_error_reports_received_total {}\n", m.error_reports_received);
  return o;
}

std::string RenderHealth(const RtrMetrics& m) {
  std::string reason;
  for (char c : m.last_reload_reason) {
    if (c == '"' || c == '\\') reason.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) reason.push_back(c);
  }
  return fmt::format(
      "{{\"status\":\"{}\",\"serial\":{},\"vrps\":{},\"aspas\":{},\"clients\":{},"
      "\"last_reload\":\"{}\",\"last_reload_reason\":\"{}\"}}\n",
      m.has_data ? "ready" : "no_data", m.serial, m.vrps_ipv4 + m.vrps_ipv6, m.aspas, m.clients,
      ReloadResultName(m.last_reload_result), reason);
}

}  // namespace manrs::rtr
