// WhoisServer: the whois query language (whois_query.h) on TCP, with
// standalone Asio. One session per connection; persistent connections with
// "!!" and pipelining: every complete line in the read buffer is answered,
// and all the replies of one read go out in a single write (bgpq4 reads some
// replies with one read(2)). TCP_NODELAY is set on every connection, so
// pipelined replies do not wait for Nagle's algorithm.
#ifndef MANRS_IRR_WHOIS_SERVER_H_
#define MANRS_IRR_WHOIS_SERVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "manrs/base/result.h"
#include "manrs/daemon/http_server.h"
#include "manrs/daemon/log.h"
#include "manrs/irr/database.h"
#include "manrs/irr/whois_query.h"

namespace manrs {

class WhoisServer {
 public:
  // config must outlive the server; each connection keeps the database it
  // started with, so a replaced database goes away with its last connection.
  // log (optional, must outlive the server) receives reload events.
  WhoisServer(std::shared_ptr<const IrrDatabase> db, const WhoisConfig& config,
              const daemon::Logger* log = nullptr);
  ~WhoisServer();

  // Serves db to connections accepted from now on (thread-safe).
  void Replace(std::shared_ptr<const IrrDatabase> db);

  // Calls reload and serves what it returns; when it fails, keeps serving
  // the current data, and /health says "degraded" (503) with the reason
  // until a reload succeeds. Thread-safe (the app calls it on SIGHUP). The
  // server installs no signal handlers: the app owns them (daemon/signals.h).
  using Reloader = std::function<Result<std::shared_ptr<const IrrDatabase>>()>;
  void Reload(const Reloader& reload);

  // Binds "HOST:PORT" ("127.0.0.1:43043", "[::1]:43", port 0 = any free);
  // may be called for several addresses.
  Status Listen(const std::string& address);
  // The port of the first listener.
  std::uint16_t port() const;
  // Also serves HTTP (daemon/http_server.h) on address: GET /metrics
  // (Prometheus text: connections, queries, objects, reloads) and GET
  // /health (JSON as `rtr serve` writes it: 200 "ready", 503 "degraded"
  // after a failed reload).
  Status ListenMetrics(const std::string& address, const daemon::HttpOptions& options = {});
  std::uint16_t metrics_port() const;
  // Serves until Stop(); threads >= 1 run the event loop (each connection
  // on a strand of its own).
  void Run(int threads = 1);
  // Stops Run() (thread-safe).
  void Stop();

  std::uint64_t connections() const;
  std::uint64_t queries() const;
  std::uint64_t reloads() const;
  std::uint64_t failed_reloads() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace manrs

#endif  // MANRS_IRR_WHOIS_SERVER_H_
