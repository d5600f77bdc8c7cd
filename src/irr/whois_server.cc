#include "manrs/irr/whois_server.h"

#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

#include "asio.hpp"
#include "fmt/format.h"

namespace manrs {

namespace {

constexpr std::size_t kMaxLine = 1 << 20;  // a longer line closes the connection

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::ip::tcp::socket socket, std::shared_ptr<const IrrDatabase> db,
             const WhoisConfig& config, std::atomic<std::uint64_t>* queries)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        db_(std::move(db)),
        session_(*db_, config),
        queries_(queries) {}

  void Start() {
    asio::error_code ec;
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    Read();
  }

 private:
  void Read() {
    auto self = shared_from_this();
    // An idle client is dropped after the session's timeout (IRRd's !t).
    timer_.expires_after(std::chrono::seconds(session_.timeout_seconds()));
    timer_.async_wait([this, self](asio::error_code ec) {
      if (!ec) Close();
    });
    socket_.async_read_some(asio::buffer(chunk_), [this, self](asio::error_code ec, std::size_t n) {
      timer_.cancel();
      if (ec) return;
      pending_.append(chunk_.data(), n);
      std::string reply;
      bool keep = true;
      std::size_t start = 0;
      while (keep) {
        auto nl = pending_.find('\n', start);
        if (nl == std::string::npos) break;
        std::string_view line(pending_.data() + start, nl - start);
        start = nl + 1;
        queries_->fetch_add(1, std::memory_order_relaxed);
        keep = session_.Handle(line, &reply);
      }
      pending_.erase(0, start);
      if (pending_.size() > kMaxLine) keep = false;
      Write(std::move(reply), keep);
    });
  }

  void Write(std::string reply, bool keep) {
    if (reply.empty()) {
      if (keep) {
        Read();
      } else {
        Close();
      }
      return;
    }
    out_ = std::move(reply);
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(out_),
                      [this, self, keep](asio::error_code ec, std::size_t) {
                        if (ec) return;
                        if (keep) {
                          Read();
                        } else {
                          Close();
                        }
                      });
  }

  void Close() {
    asio::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  std::shared_ptr<const IrrDatabase> db_;  // before session_, which refers to it
  WhoisSession session_;
  std::atomic<std::uint64_t>* queries_;
  std::array<char, 16384> chunk_{};
  std::string pending_;
  std::string out_;
};

}  // namespace

namespace {

// "HOST:PORT" or "[V6]:PORT" into an endpoint.
Result<asio::ip::tcp::endpoint> ParseEndpoint(const std::string& address) {
  auto colon = address.rfind(':');
  if (colon == std::string::npos) {
    return MakeError(ErrorCode::kBadValue, fmt::format("listen address '{}' has no port", address));
  }
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "::";
  unsigned port = 0;
  const std::string port_text = address.substr(colon + 1);
  auto [end, perr] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (perr != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return MakeError(ErrorCode::kBadValue, fmt::format("bad port in '{}'", address));
  }
  asio::error_code ec;
  auto ip = asio::ip::make_address(host, ec);
  if (ec) return MakeError(ErrorCode::kBadValue, fmt::format("bad listen address '{}'", host));
  return asio::ip::tcp::endpoint(ip, static_cast<std::uint16_t>(port));
}

Status Bind(asio::ip::tcp::acceptor& acceptor, const std::string& address) {
  auto endpoint = ParseEndpoint(address);
  if (!endpoint) return Unexpected<Error>(endpoint.error());
  asio::error_code ec;
  acceptor.open(endpoint->protocol(), ec);
  if (!ec) acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(*endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return MakeError(ErrorCode::kIo, fmt::format("{}: {}", address, ec.message()));
  return {};
}

// One HTTP/1.0 exchange: read the request head, answer, close.
class MetricsConnection : public std::enable_shared_from_this<MetricsConnection> {
 public:
  MetricsConnection(asio::ip::tcp::socket socket, std::function<std::string()> metrics)
      : socket_(std::move(socket)), metrics_(std::move(metrics)) {}

  void Start() {
    auto self = shared_from_this();
    asio::async_read_until(socket_, asio::dynamic_buffer(request_, 8192), "\r\n\r\n",
                           [this, self](asio::error_code ec, std::size_t) {
                             if (ec) return;
                             Answer();
                           });
  }

 private:
  void Answer() {
    std::string status = "200 OK";
    std::string body;
    if (request_.rfind("GET /metrics", 0) == 0) {
      body = metrics_();
    } else if (request_.rfind("GET /health", 0) == 0) {
      body = "ok\n";
    } else {
      status = "404 Not Found";
      body = "not found\n";
    }
    response_ = fmt::format(
        "HTTP/1.0 {}\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\n"
        "Connection: close\r\n\r\n{}",
        status, body.size(), body);
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(response_),
                      [this, self](asio::error_code, std::size_t) {
                        asio::error_code ignored;
                        socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
                      });
  }

  asio::ip::tcp::socket socket_;
  std::function<std::string()> metrics_;
  std::string request_;
  std::string response_;
};

}  // namespace

struct WhoisServer::Impl {
  Impl(std::shared_ptr<const IrrDatabase> d, const WhoisConfig& c)
      : db(std::move(d)), config(c), acceptor(io), metrics_acceptor(io), signals(io) {}

  std::string Metrics() {
    auto current = Current();
    return fmt::format(
        "# HELP manrs_irr_connections_total Whois connections accepted.\n"
        "# TYPE manrs_irr_connections_total counter\n"
        "manrs_irr_connections_total {}\n"
        "# HELP manrs_irr_queries_total Whois query lines answered.\n"
        "# TYPE manrs_irr_queries_total counter\n"
        "manrs_irr_queries_total {}\n"
        "# HELP manrs_irr_objects RPSL objects served.\n"
        "# TYPE manrs_irr_objects gauge\n"
        "manrs_irr_objects {}\n"
        "# HELP manrs_irr_routes Route and route6 objects served.\n"
        "# TYPE manrs_irr_routes gauge\n"
        "manrs_irr_routes {}\n"
        "# HELP manrs_irr_reloads_total Database reloads (SIGHUP) by result.\n"
        "# TYPE manrs_irr_reloads_total counter\n"
        "manrs_irr_reloads_total{{result=\"ok\"}} {}\n"
        "manrs_irr_reloads_total{{result=\"failed\"}} {}\n",
        connections.load(), queries.load(), current->objects().size(), current->routes().size(),
        reloads.load(), failed_reloads.load());
  }

  void AcceptMetrics() {
    metrics_acceptor.async_accept([this](asio::error_code ec, asio::ip::tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        std::make_shared<MetricsConnection>(std::move(socket), [this] {
          return Metrics();
        })->Start();
      }
      AcceptMetrics();
    });
  }

  std::shared_ptr<const IrrDatabase> Current() {
    std::lock_guard<std::mutex> lock(mutex);
    return db;
  }

  void WaitSignal() {
    signals.async_wait([this](asio::error_code ec, int signal) {
      if (ec) return;
      if (signal == SIGHUP) {
        auto fresh = reload();
        if (fresh) {
          {
            std::lock_guard<std::mutex> lock(mutex);
            db = std::move(*fresh);
          }
          reloads.fetch_add(1);
          log(fmt::format("reloaded: {} objects", Current()->objects().size()));
        } else {
          failed_reloads.fetch_add(1);
          log(fmt::format("reload failed, still serving the previous data: {}",
                          fresh.error().message));
        }
        WaitSignal();
        return;
      }
      log(fmt::format("signal {}: stopping", signal));
      io.stop();
    });
  }

  void Accept() {
    acceptor.async_accept([this](asio::error_code ec, asio::ip::tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted) return;
      } else {
        connections.fetch_add(1, std::memory_order_relaxed);
        std::make_shared<Connection>(std::move(socket), Current(), config, &queries)->Start();
      }
      Accept();
    });
  }

  std::mutex mutex;  // guards db
  std::shared_ptr<const IrrDatabase> db;
  const WhoisConfig& config;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor;
  asio::ip::tcp::acceptor metrics_acceptor;
  asio::signal_set signals;
  std::atomic<std::uint64_t> reloads{0};
  std::atomic<std::uint64_t> failed_reloads{0};
  Reloader reload;
  std::function<void(const std::string&)> log;
  std::atomic<std::uint64_t> connections{0};
  std::atomic<std::uint64_t> queries{0};
};

WhoisServer::WhoisServer(std::shared_ptr<const IrrDatabase> db, const WhoisConfig& config)
    : impl_(std::make_unique<Impl>(std::move(db), config)) {}

WhoisServer::~WhoisServer() = default;

void WhoisServer::Replace(std::shared_ptr<const IrrDatabase> db) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->db = std::move(db);
}

void WhoisServer::HandleSignals(Reloader reload, std::function<void(const std::string&)> log) {
  impl_->reload = std::move(reload);
  impl_->log = std::move(log);
  asio::error_code ec;
  impl_->signals.add(SIGINT, ec);
  impl_->signals.add(SIGTERM, ec);
  impl_->signals.add(SIGHUP, ec);
  impl_->WaitSignal();
}

Status WhoisServer::Listen(const std::string& address) {
  MANRS_TRY(Bind(impl_->acceptor, address));
  impl_->Accept();
  return {};
}

Status WhoisServer::ListenMetrics(const std::string& address) {
  MANRS_TRY(Bind(impl_->metrics_acceptor, address));
  impl_->AcceptMetrics();
  return {};
}

std::uint16_t WhoisServer::metrics_port() const {
  asio::error_code ec;
  auto endpoint = impl_->metrics_acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

std::uint16_t WhoisServer::port() const {
  asio::error_code ec;
  auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void WhoisServer::Run(int threads) {
  std::vector<std::thread> extra;
  for (int i = 1; i < threads; ++i) extra.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : extra) t.join();
}

void WhoisServer::Stop() { impl_->io.stop(); }

std::uint64_t WhoisServer::connections() const { return impl_->connections.load(); }
std::uint64_t WhoisServer::queries() const { return impl_->queries.load(); }
std::uint64_t WhoisServer::reloads() const { return impl_->reloads.load(); }
std::uint64_t WhoisServer::failed_reloads() const { return impl_->failed_reloads.load(); }

}  // namespace manrs
