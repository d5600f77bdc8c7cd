// HttpServer on cpp-httplib: one httplib::Server per listener, each with its
// own accept thread and worker pool.
#include "manrs/daemon/http_server.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <regex>
#include <thread>

#include "daemon/request_watchdog.h"
#include "fmt/format.h"
#include "httplib.h"
#include "manrs/daemon/endpoint.h"

namespace manrs::daemon {

struct HttpServer::Impl {
  HttpOptions options;
  std::vector<std::pair<std::string, HttpHandler>> routes;
  HttpHandler fallback;
  std::vector<std::unique_ptr<httplib::Server>> servers;
  std::vector<std::uint16_t> ports;
  std::vector<std::thread> threads;
  std::unique_ptr<RequestWatchdog> watchdog;  // null without request_timeout_seconds
  std::mutex stop_mu;
  bool stopped = false;
};

namespace {

std::string RegexEscape(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (std::strchr(".^$|()[]{}*+?\\", c) != nullptr) out += '\\';
    out += c;
  }
  return out;
}

// Calls handler with the request and reply in our narrow form.
httplib::Server::Handler Adapt(HttpHandler handler) {
  return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    RequestWatchdog::RequestRead();
    HttpRequest request;
    request.method = req.method;
    request.path = req.path;
    request.params.insert(req.params.begin(), req.params.end());
    request.headers.insert(req.headers.begin(), req.headers.end());
    request.body = req.body;
    request.remote_addr = req.remote_addr;
    HttpReply reply = handler(request);
    res.status = reply.status;
    for (const auto& [name, value] : reply.headers) res.set_header(name, value);
    res.set_content(std::move(reply.body), reply.content_type.c_str());
  };
}

// The socket address a listener is bound to, for the watchdog.
sockaddr_storage SocketAddress(const asio::ip::address& address, int port) {
  sockaddr_storage out{};
  if (address.is_v4()) {
    auto& in = reinterpret_cast<sockaddr_in&>(out);
    in.sin_family = AF_INET;
    in.sin_port = htons(static_cast<std::uint16_t>(port));
    const auto bytes = address.to_v4().to_bytes();
    std::memcpy(&in.sin_addr, bytes.data(), bytes.size());
  } else {
    auto& in6 = reinterpret_cast<sockaddr_in6&>(out);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(static_cast<std::uint16_t>(port));
    const auto bytes = address.to_v6().to_bytes();
    std::memcpy(&in6.sin6_addr, bytes.data(), bytes.size());
  }
  return out;
}

}  // namespace

std::string HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return "";
}

HttpServer::HttpServer(HttpOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  if (options.request_timeout_seconds > 0) {
    impl_->watchdog = std::make_unique<RequestWatchdog>(options.request_timeout_seconds,
                                                        options.keep_alive_seconds);
  }
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Get(std::string path, HttpHandler handler) {
  impl_->routes.emplace_back(std::move(path), std::move(handler));
}

void HttpServer::Fallback(HttpHandler handler) { impl_->fallback = std::move(handler); }

Status HttpServer::Bind(std::string_view where) {
  return BindServer(where, std::make_unique<httplib::Server>());
}

Status HttpServer::BindTls(std::string_view where, const std::string& cert_file,
                           const std::string& key_file) {
  auto tls = std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str());
  if (!tls->is_valid()) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("listen on {}: cannot load the TLS certificate {} and key {}",
                                 where, cert_file, key_file));
  }
  return BindServer(where, std::move(tls));
}

Status HttpServer::BindServer(std::string_view where, std::unique_ptr<httplib::Server> server) {
  auto endpoint = ParseEndpoint(where);
  if (!endpoint) return Unexpected<Error>(endpoint.error());
  const HttpOptions& o = impl_->options;
  server->set_read_timeout(o.read_timeout_seconds, 0);
  server->set_write_timeout(o.write_timeout_seconds, 0);
  server->set_keep_alive_timeout(o.keep_alive_seconds);
  server->set_keep_alive_max_count(o.keep_alive_max_requests);
  server->set_payload_max_length(o.max_body_bytes);
  server->set_tcp_nodelay(true);
  // httplib's default is SO_REUSEPORT, which would let a second daemon bind
  // the same port silently; SO_REUSEADDR only allows a restart over
  // connections in TIME_WAIT.
  server->set_socket_options([](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  const std::size_t threads = o.threads == 0 ? 1 : o.threads;
  const std::string host = endpoint->address().to_string();
  errno = 0;
  int port = endpoint->port();
  if (port == 0) {
    port = server->bind_to_any_port(host);
  } else if (!server->bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    const int error = errno;
    return MakeError(ErrorCode::kIo, fmt::format("listen on {}: {}", where,
                                                 error ? std::strerror(error) : "cannot bind"));
  }
  if (RequestWatchdog* watchdog = impl_->watchdog.get()) {
    const sockaddr_storage local = SocketAddress(endpoint->address(), port);
    server->new_task_queue = [threads, watchdog, local] {
      return new WatchedPool(threads, watchdog, local);
    };
    server->set_logger(
        [](const httplib::Request&, const httplib::Response&) { RequestWatchdog::AnswerSent(); });
  } else {
    server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  }
  impl_->servers.push_back(std::move(server));
  impl_->ports.push_back(static_cast<std::uint16_t>(port));
  return {};
}

std::vector<std::uint16_t> HttpServer::ports() const { return impl_->ports; }

std::uint64_t HttpServer::requests_cut() const {
  return impl_->watchdog ? impl_->watchdog->cut() : 0;
}

void HttpServer::Start() {
  if (impl_->watchdog) impl_->watchdog->Start();
  for (auto& server : impl_->servers) {
    for (const auto& [path, handler] : impl_->routes) {
      server->Get(RegexEscape(path), Adapt(handler));
    }
    if (impl_->fallback) {
      const std::string any = ".*";
      server->Get(any, Adapt(impl_->fallback));
      server->Post(any, Adapt(impl_->fallback));
      server->Put(any, Adapt(impl_->fallback));
      server->Delete(any, Adapt(impl_->fallback));
      server->Patch(any, Adapt(impl_->fallback));
    }
    server->set_error_handler([](const httplib::Request&, httplib::Response& res) {
      RequestWatchdog::RequestRead();
      if (res.body.empty()) res.set_content(fmt::format("{}\n", res.status), "text/plain");
    });
    httplib::Server* s = server.get();
    impl_->threads.emplace_back([s] { s->listen_after_bind(); });
    // stop() before the loop runs would be lost: wait until it runs.
    for (int i = 0; i < 5000 && !s->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
}

void HttpServer::Stop() {
  std::lock_guard lock(impl_->stop_mu);
  if (impl_->stopped) return;
  impl_->stopped = true;
  for (auto& server : impl_->servers) server->stop();
  for (auto& thread : impl_->threads) thread.join();
  if (impl_->watchdog) impl_->watchdog->Stop();
}

}  // namespace manrs::daemon
