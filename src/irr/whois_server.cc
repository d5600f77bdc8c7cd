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

struct WhoisServer::Impl {
  Impl(std::shared_ptr<const IrrDatabase> d, const WhoisConfig& c)
      : db(std::move(d)), config(c), acceptor(io), signals(io) {}

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
          log(fmt::format("reloaded: {} objects", Current()->objects().size()));
        } else {
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
  asio::signal_set signals;
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
  auto colon = address.rfind(':');
  if (colon == std::string::npos) {
    return MakeError(ErrorCode::kBadValue, fmt::format("listen address '{}' has no port", address));
  }
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "::";
  unsigned port = 0;
  const std::string port_text = address.substr(colon + 1);
  auto [end, perr] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (perr != std::errc() || end != port_text.data() + port_text.size() || port > 65535)
    return MakeError(ErrorCode::kBadValue, fmt::format("bad port in '{}'", address));
  asio::error_code ec;
  auto ip = asio::ip::make_address(host, ec);
  if (ec) return MakeError(ErrorCode::kBadValue, fmt::format("bad listen address '{}'", host));
  asio::ip::tcp::endpoint endpoint(ip, static_cast<std::uint16_t>(port));
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return MakeError(ErrorCode::kIo, fmt::format("{}: {}", address, ec.message()));
  impl_->Accept();
  return {};
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

}  // namespace manrs
