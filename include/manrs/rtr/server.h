// RtrServer: the RTR cache daemon around the per-connection Session state
// machine. One event loop (standalone Asio) serves every router: reads feed
// the sessions, writes drain them, one sweep timer closes routers that never
// query or stop reading. A loader thread polls the PayloadSource; accepted
// reloads become a new serial and a Serial Notify to every router. A separate
// HTTP listener (daemon/http_server.h) answers /metrics (Prometheus) and
// /health; its handlers read the metrics on the event loop.
#ifndef MANRS_RTR_SERVER_H_
#define MANRS_RTR_SERVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/rtr/payload_source.h"
#include "manrs/rtr/pdu.h"
#include "manrs/rtr/reload_guard.h"
#include "manrs/rtr/session.h"

namespace manrs::rtr {

struct ServerOptions {
  std::vector<std::string> listen;       // "127.0.0.1:8282", "[::1]:8282"; port 0 picks one
  std::vector<std::string> tls_listen;   // the same, RTR over TLS (RFC 8210 section 9)
  std::string tls_cert;                  // PEM certificate chain for tls_listen
  std::string tls_key;                   // PEM private key
  std::vector<std::string> http_listen;  // metrics and health; empty: none
  std::string port_file;  // "rtr PORT" / "tls PORT" / "http PORT" lines, one per listener
  Timers timers;
  SessionLimits limits;
  ReloadPolicy reload;
  std::size_t history = 64;              // serial steps kept for incremental updates
  int poll_seconds = 10;                 // how often the input is checked
  int first_query_timeout_seconds = 60;  // close a router that never queries
  // RFC 8210 section 8.2: Serial Notifies at most once per minute; changes
  // in between are announced together when the minute is up. Below 60 only
  // for tests.
  int notify_interval_seconds = 60;
  int write_timeout_seconds = 60;  // close a router that stops reading
  std::size_t max_clients = 10000;
  bool quiet = false;  // no log lines on stderr
};

class RtrServer {
 public:
  RtrServer(ServerOptions options, std::unique_ptr<PayloadSource> source);
  ~RtrServer();

  // Loads the input once, binds every listener and writes the port file.
  // Fails when a listener cannot bind, or the first load of a file fails or
  // is refused (a URL keeps being polled: the cache answers No Data
  // Available until it arrives).
  Status Start();
  // Serves until Stop(). The server installs no signal handlers: the app
  // owns them (daemon/signals.h) and calls Stop().
  void Run();
  // Thread-safe; Run() returns soon after.
  void Stop();

  class Impl;  // in server.cc; public so that its connection classes can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace manrs::rtr

#endif  // MANRS_RTR_SERVER_H_
