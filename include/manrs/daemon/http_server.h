// The HTTP/1.1 responder of every daemon: /metrics and /health, and the
// web observatory (`manrs serve`). Built on cpp-httplib (Debian's
// libcpp-httplib-dev; doc/daemon.md says why): keep-alive, a deadline on
// every read and write (a client that connects and says nothing is dropped
// after read_timeout_seconds), a deadline on each whole request (a client
// that trickles its head or body is cut off after request_timeout_seconds),
// a cap on request bodies, and a fixed pool of threads per listener.
//
// Handlers run on the server's own threads, several at once: what they read
// must be thread-safe (post to the daemon's event loop, or take a lock).
#ifndef MANRS_DAEMON_HTTP_SERVER_H_
#define MANRS_DAEMON_HTTP_SERVER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace manrs::daemon {

struct HttpOptions {
  int read_timeout_seconds = 5;   // for the request head and body, and a silent client
  int write_timeout_seconds = 5;  // for a client that stops reading the reply
  int keep_alive_seconds = 5;     // idle time allowed between two requests
  std::size_t keep_alive_max_requests = 100;
  std::size_t max_body_bytes = 64 * 1024;  // larger request bodies get 413
  // Connections served at once, per listener: a keep-alive connection holds
  // its thread while it is open (doc/daemon.md).
  std::size_t threads = 2;
  // The time a whole request (head and body) may take to arrive; the socket
  // is shut down past it. Counted from the start of the connection's
  // service, or for the next request on a keep-alive connection from the
  // end of the wait for it (at most keep_alive_seconds after the previous
  // answer). 0: no such deadline (only the per-read one).
  int request_timeout_seconds = 10;
};

struct HttpRequest {
  std::string method;                               // "GET", "HEAD"
  std::string path;                                 // without the query
  std::multimap<std::string, std::string> params;   // the decoded query
  std::multimap<std::string, std::string> headers;  // names as the client sent them
  std::string body;
  std::string remote_addr;  // the peer's address, from the socket (not a header)

  // The first value of header name (compared without case), or "".
  std::string Header(std::string_view name) const;
};

struct HttpReply {
  HttpReply() = default;
  HttpReply(int status_code, std::string type, std::string text,
            std::vector<std::pair<std::string, std::string>> more_headers = {})
      : status(status_code),
        content_type(std::move(type)),
        body(std::move(text)),
        headers(std::move(more_headers)) {}

  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // more headers, e.g. ETag
};

using HttpHandler = std::function<HttpReply(const HttpRequest&)>;

class HttpServer {
 public:
  explicit HttpServer(HttpOptions options = {});
  ~HttpServer();  // Stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Answers GET (and HEAD) of exactly path. Other paths get 404.
  // REQUIRES: before Start().
  void Get(std::string path, HttpHandler handler);
  // Answers every request (any method: GET, HEAD, POST, PUT, DELETE, PATCH)
  // that no Get path matched: for a daemon that routes itself (the web
  // observatory). Form bodies (application/x-www-form-urlencoded) are
  // decoded into params. REQUIRES: before Start().
  void Fallback(HttpHandler handler);

  // Binds one more listener on where (HOST:PORT, see endpoint.h).
  // REQUIRES: before Start(). Errors name where and the system's reason.
  Status Bind(std::string_view where);
  // The same for HTTPS (OpenSSL, through cpp-httplib): cert_file and key_file
  // are PEM files of the certificate chain and its private key; an error
  // names them when they do not load.
  Status BindTls(std::string_view where, const std::string& cert_file, const std::string& key_file);
  // The bound ports, in the order of Bind.
  std::vector<std::uint16_t> ports() const;
  // Requests cut off at request_timeout_seconds so far.
  std::uint64_t requests_cut() const;

  // Serves every listener on threads of its own; returns at once.
  void Start();
  // Stops accepting and joins the threads: a connection being served is
  // finished first, so this takes at most the read, write or keep-alive
  // timeout. Thread-safe, idempotent.
  void Stop();

 private:
  Status BindServer(std::string_view where, std::unique_ptr<httplib::Server> server);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace manrs::daemon

#endif  // MANRS_DAEMON_HTTP_SERVER_H_
