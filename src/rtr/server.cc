// The RTR cache daemon: Asio event loop, connections, loader thread, HTTP.
#include "manrs/rtr/server.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

#include "fmt/format.h"
#include "manrs/base/atomic_file.h"
#include "manrs/rtr/cache.h"
#include "manrs/rtr/metrics.h"
#include "rtr/asio_config.h"

namespace manrs::rtr {

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

std::int64_t UnixNow() { return static_cast<std::int64_t>(std::time(nullptr)); }

template <typename... Args>
void Log(bool quiet, fmt::format_string<Args...> format, Args&&... args) {
  if (quiet) return;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string line =
      fmt::format("manrs rtr {} {}\n", stamp, fmt::format(format, std::forward<Args>(args)...));
  std::fputs(line.c_str(), stderr);
}

// Output is handed to the socket in slices of at most this many bytes, so
// one router's full sync does not hold the loop for long.
constexpr std::size_t kWriteSlice = 1 << 20;
// A router is read from only while less than this is queued for it:
// pipelined queries wait in the kernel (TCP flow control), not in memory.
constexpr std::size_t kReadWhenPendingBelow = 64 * 1024;

}  // namespace

class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  virtual void Notify() = 0;
  virtual void Sweep(Clock::time_point now) = 0;
  virtual void Abort() = 0;
};

class RtrServer::Impl {
 public:
  Impl(ServerOptions options, std::unique_ptr<PayloadSource> payload_source)
      : opt(std::move(options)),
        source(std::move(payload_source)),
        cache(RandomSessionId(), opt.history, SerialNumber(0)),
        sweep(io),
        notify_timer(io),
        signals(io, SIGINT, SIGTERM) {
    metrics.session_id = cache.session_id();
  }

  static std::uint16_t RandomSessionId() {
    auto t = static_cast<std::uint64_t>(Clock::now().time_since_epoch().count());
    return static_cast<std::uint16_t>((t ^ (t >> 16) ^ (t >> 32)) & 0xffff);
  }

  Status Start();
  void Run();
  void Stop();
  // A reload in two steps: Prepare checks the guards, builds the set, the
  // delta from the last accepted set and the encodings (on the loader thread,
  // or before the loop starts); Install hands them to the cache on the loop.
  struct Prepared {
    ReloadVerdict verdict;
    std::shared_ptr<const PayloadSet> set;  // set when there is a new serial
    std::shared_ptr<const PayloadDelta> delta;
    std::array<std::shared_ptr<const std::string>, kMaxVersion + 1> full;
    std::int64_t build_time = 0;
    std::size_t bad_keys = 0;
    std::int64_t prepare_ms = 0;
  };
  Prepared Prepare(Result<RpkiPayloads> loaded);
  void Install(Prepared prepared);
  void LoaderLoop();
  Status Listen(const std::string& where, bool tls, std::vector<std::string>* port_lines);
  void Accept(tcp::acceptor* acceptor, bool tls);
  void AcceptHttp();
  void ArmSweep();
  void ScheduleNotify();
  void NotifyAll();
  void Remove(ConnectionBase* c);

  ServerOptions opt;
  std::unique_ptr<PayloadSource> source;
  asio::io_context io;
  PayloadCache cache;
  RtrMetrics metrics;
  std::list<tcp::acceptor> acceptors;
  std::optional<tcp::acceptor> http_acceptor;
  std::optional<asio::ssl::context> ssl;
  std::list<std::shared_ptr<ConnectionBase>> connections;
  asio::steady_timer sweep;
  asio::steady_timer notify_timer;
  std::optional<Clock::time_point> last_notify;
  bool notify_pending = false;
  asio::signal_set signals;
  std::thread loader;
  // The last set Prepare accepted: what the cache holds once the loop has
  // installed everything posted. Touched by Prepare only.
  std::shared_ptr<const PayloadSet> base;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
};

namespace {

using TlsStream = asio::ssl::stream<tcp::socket>;

tcp::socket& Socket(tcp::socket& s) { return s; }
tcp::socket& Socket(TlsStream& s) { return s.next_layer(); }

}  // namespace

template <typename Stream>
class Connection : public ConnectionBase, public std::enable_shared_from_this<Connection<Stream>> {
 public:
  Connection(RtrServer::Impl* server, Stream stream)
      : server_(server),
        stream_(std::move(stream)),
        session_(&server->cache, server->opt.timers, server->opt.limits),
        started_(Clock::now()) {
    std::error_code ignored;
    Socket(stream_).set_option(tcp::no_delay(true), ignored);
    peer_ = fmt::format("{}", Socket(stream_).remote_endpoint(ignored).address().to_string());
  }

  void Start() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      auto self = this->shared_from_this();
      stream_.async_handshake(asio::ssl::stream_base::server, [self](const std::error_code& error) {
        if (error) {
          self->Finish(fmt::format("tls handshake: {}", error.message()));
          return;
        }
        self->Read();
      });
    } else {
      Read();
    }
  }

  void Notify() override {
    if (closed_) return;
    bool had = session_.HasOutput();
    session_.NotifyNewSerial();
    if (!had && session_.HasOutput()) ++server_->metrics.notifies;
    Pump();
  }

  void Sweep(Clock::time_point now) override {
    if (closed_) return;
    const auto first_query = std::chrono::seconds(server_->opt.first_query_timeout_seconds);
    const auto write_stall = std::chrono::seconds(server_->opt.write_timeout_seconds);
    if (!session_.version() && server_->opt.first_query_timeout_seconds > 0 &&
        now - started_ > first_query) {
      ++server_->metrics.clients_timed_out;
      Finish("no query within the first-query timeout");
    } else if (writing_ && server_->opt.write_timeout_seconds > 0 &&
               now - write_progress_ > write_stall) {
      ++server_->metrics.clients_timed_out;
      Finish("router stopped reading (write timeout)");
    }
  }

  void Abort() override { Finish("server stopping"); }

 private:
  void Read() {
    if (closed_ || reading_ || session_.closing()) return;
    if (session_.pending_bytes() >= kReadWhenPendingBelow) return;
    reading_ = true;
    auto self = this->shared_from_this();
    stream_.async_read_some(
        asio::buffer(buffer_), [self](const std::error_code& error, std::size_t n) {
          self->reading_ = false;
          if (self->closed_) return;
          if (error) {
            self->Finish(error == asio::error::eof ? std::string("router closed the connection")
                                                   : "read: " + error.message());
            return;
          }
          self->OnData(n);
        });
  }

  void OnData(std::size_t n) {
    RtrMetrics& m = server_->metrics;
    const auto full = session_.full_syncs(), incremental = session_.incremental_syncs();
    const auto errors = session_.errors_sent();
    session_.Receive(AsBytes(buffer_.data(), n));
    m.full_syncs += session_.full_syncs() - full;
    m.incremental_syncs += session_.incremental_syncs() - incremental;
    for (std::size_t i = 0; i < errors.size(); ++i) {
      m.error_reports_sent[i] += session_.errors_sent()[i] - errors[i];
    }
    if (session_.closing()) {
      if (session_.close_reason().rfind("router sent", 0) == 0) ++m.error_reports_received;
      Log(server_->opt.quiet, "{}: {}", peer_, session_.close_reason());
    }
    Pump();
    Read();
  }

  void Pump() {
    if (closed_ || writing_) return;
    if (!session_.HasOutput()) {
      if (session_.closing()) {
        Finish("");
      } else {
        Read();
      }
      return;
    }
    Bytes out = session_.PendingOutput();
    if (out.size() > kWriteSlice) out = out.first(kWriteSlice);
    writing_ = true;
    write_progress_ = Clock::now();
    auto self = this->shared_from_this();
    stream_.async_write_some(asio::buffer(out.data(), out.size()),
                             [self](const std::error_code& error, std::size_t n) {
                               self->writing_ = false;
                               if (self->closed_) return;
                               if (error) {
                                 self->Finish("write: " + error.message());
                                 return;
                               }
                               self->server_->metrics.bytes_sent += n;
                               self->session_.ConsumeOutput(n);
                               self->Pump();
                             });
  }

  void Finish(const std::string& why) {
    if (closed_) return;
    closed_ = true;
    if (!why.empty()) Log(server_->opt.quiet, "{}: closed: {}", peer_, why);
    std::error_code ignored;
    Socket(stream_).shutdown(tcp::socket::shutdown_both, ignored);
    Socket(stream_).close(ignored);
    server_->Remove(this);
  }

  RtrServer::Impl* server_;
  Stream stream_;
  Session session_;
  std::array<char, 4096> buffer_;
  std::string peer_;
  Clock::time_point started_;
  Clock::time_point write_progress_;
  bool reading_ = false;
  bool writing_ = false;
  bool closed_ = false;
};

void RtrServer::Impl::Remove(ConnectionBase* c) {
  for (auto it = connections.begin(); it != connections.end(); ++it) {
    if (it->get() == c) {
      // Keep the object alive until the handlers holding it have run.
      asio::post(io, [keep = *it] {});
      connections.erase(it);
      break;
    }
  }
  metrics.clients = connections.size();
}

RtrServer::Impl::Prepared RtrServer::Impl::Prepare(Result<RpkiPayloads> loaded) {
  const auto started = Clock::now();
  Prepared p;
  if (!loaded) {
    p.verdict = {ReloadResult::kLoadFailed, loaded.error().message};
    return p;
  }
  p.verdict = CheckReload(*loaded, base ? PayloadCounts::Of(*base) : PayloadCounts{}, opt.reload,
                          UnixNow());
  if (p.verdict.result != ReloadResult::kAccepted) return p;
  p.build_time = loaded->build_time;
  auto set = std::make_shared<const PayloadSet>(MakePayloadSet(*loaded, &p.bad_keys));
  if (base && *set == *base) {
    p.verdict.result = ReloadResult::kUnchanged;
    return p;
  }
  if (base) p.delta = std::make_shared<const PayloadDelta>(ComputeDelta(*base, *set));
  // Encode now what routers ask for first (rtrlib and BIRD speak 1).
  for (std::uint8_t version = 1; version <= kMaxVersion; ++version) {
    auto body = std::make_shared<std::string>();
    EncodePayloads(*set, version, body.get());
    p.full[version] = std::move(body);
  }
  p.set = set;
  base = std::move(set);
  p.prepare_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  return p;
}

void RtrServer::Impl::Install(Prepared p) {
  metrics.last_reload_time = UnixNow();
  if (p.bad_keys)
    Log(opt.quiet, "{}: {} router keys unusable, skipped", source->name(), p.bad_keys);
  if (p.verdict.result == ReloadResult::kAccepted || p.verdict.result == ReloadResult::kUnchanged) {
    metrics.data_build_time = p.build_time;
  }
  if (p.set) {
    const auto started = Clock::now();
    cache.Install(p.set, p.delta, p.full);
    const PayloadSet& now = *p.set;
    std::uint64_t v4 = 0;
    for (const Vrp& v : now.vrps) v4 += v.prefix.is_v4() ? 1 : 0;
    metrics.has_data = true;
    metrics.vrps_ipv4 = v4;
    metrics.vrps_ipv6 = now.vrps.size() - v4;
    metrics.aspas = now.aspas.size();
    metrics.router_keys = now.router_keys.size();
    metrics.serial = cache.serial()->value();
    if (!connections.empty()) ScheduleNotify();  // no one to tell at start-up
    Log(opt.quiet,
        "serial {}: {} VRPs ({} IPv4, {} IPv6), {} ASPAs, {} router keys; delta and encodings "
        "made in {} ms on the loader thread, installed in {} ms",
        metrics.serial, now.vrps.size(), v4, now.vrps.size() - v4, now.aspas.size(),
        now.router_keys.size(), p.prepare_ms,
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
  } else if (p.verdict.result != ReloadResult::kUnchanged) {
    Log(opt.quiet, "{}: reload refused ({}), keeping serial {}: {}", source->name(),
        ReloadResultName(p.verdict.result), metrics.serial, p.verdict.reason);
  }
  metrics.last_reload_result = p.verdict.result;
  metrics.last_reload_reason = p.verdict.reason;
  ++metrics.reloads[static_cast<std::size_t>(p.verdict.result)];
}

void RtrServer::Impl::NotifyAll() {
  last_notify = Clock::now();
  for (auto& c : connections) c->Notify();
}

void RtrServer::Impl::ScheduleNotify() {
  const auto interval = std::chrono::seconds(opt.notify_interval_seconds);
  if (!last_notify || Clock::now() >= *last_notify + interval) {
    NotifyAll();
    return;
  }
  if (notify_pending) return;  // the round already scheduled announces this serial too
  notify_pending = true;
  notify_timer.expires_at(*last_notify + interval);
  notify_timer.async_wait([this](const std::error_code& error) {
    if (error) return;
    notify_pending = false;
    NotifyAll();
  });
}

void RtrServer::Impl::LoaderLoop() {
  while (true) {
    {
      std::unique_lock lock(mu);
      if (cv.wait_for(lock, std::chrono::seconds(opt.poll_seconds), [this] { return stopping; })) {
        return;
      }
    }
    ProblemLog problems(nullptr, 5);
    auto loaded = source->Poll(problems);
    if (!loaded) continue;
    if (problems.count()) {
      Log(opt.quiet, "{}: {} bad entries skipped, first: {}", source->name(), problems.count(),
          problems.kept().empty() ? "" : problems.kept()[0].message);
    }
    auto prepared = std::make_shared<Prepared>(Prepare(std::move(*loaded)));
    asio::post(io, [this, prepared] { Install(std::move(*prepared)); });
  }
}

Status RtrServer::Impl::Listen(const std::string& where, bool tls,
                               std::vector<std::string>* port_lines) {
  auto endpoint = internal::ParseEndpoint(where);
  if (!endpoint) return Unexpected<Error>(endpoint.error());
  std::error_code error;
  tcp::acceptor& acceptor = acceptors.emplace_back(io);
  acceptor.open(endpoint->protocol(), error);
  if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor.bind(*endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return MakeError(ErrorCode::kIo, fmt::format("listen on {}: {}", where, error.message()));
  }
  const unsigned port = acceptor.local_endpoint().port();
  port_lines->push_back(fmt::format("{} {}", tls ? "tls" : "rtr", port));
  Log(opt.quiet, "listening for RTR{} on {} port {}", tls ? " over TLS" : "", where, port);
  Accept(&acceptor, tls);
  return {};
}

void RtrServer::Impl::Accept(tcp::acceptor* acceptor, bool tls) {
  acceptor->async_accept([this, acceptor, tls](const std::error_code& error, tcp::socket socket) {
    if (error == asio::error::operation_aborted) return;
    if (!error) {
      if (connections.size() >= opt.max_clients) {
        ++metrics.clients_refused;
        std::error_code ignored;
        socket.close(ignored);
      } else {
        ++metrics.clients_accepted;
        if (tls) {
          auto c =
              std::make_shared<Connection<TlsStream>>(this, TlsStream(std::move(socket), *ssl));
          connections.push_back(c);
          c->Start();
        } else {
          auto c = std::make_shared<Connection<tcp::socket>>(this, std::move(socket));
          connections.push_back(c);
          c->Start();
        }
        metrics.clients = connections.size();
      }
    } else {
      // Out of descriptors or memory: pause instead of spinning on the error.
      Log(opt.quiet, "accept: {}", error.message());
      auto pause = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(200));
      pause->async_wait([this, acceptor, tls, pause](const std::error_code& e) {
        if (!e) Accept(acceptor, tls);
      });
      return;
    }
    Accept(acceptor, tls);
  });
}

namespace {

// One HTTP/1.0 exchange: read the request head, answer, close.
struct HttpExchange : std::enable_shared_from_this<HttpExchange> {
  HttpExchange(tcp::socket s, RtrServer::Impl* owner)
      : socket(std::move(s)), server(owner), deadline(socket.get_executor()) {}
  void Start() {
    auto self = shared_from_this();
    // A scraper that connects and says nothing is cut off after 10 s.
    deadline.expires_after(std::chrono::seconds(10));
    deadline.async_wait([self](const std::error_code& error) {
      if (error) return;
      std::error_code ignored;
      self->socket.close(ignored);
    });
    asio::async_read_until(socket, request, "\r\n\r\n",
                           [self](const std::error_code& error, std::size_t) {
                             if (error) {
                               self->deadline.cancel();
                               return;
                             }
                             self->Answer();
                           });
  }
  void Answer();
  tcp::socket socket;
  RtrServer::Impl* server;
  asio::steady_timer deadline;
  asio::streambuf request{8192};
  std::string response;
};

}  // namespace

void HttpExchange::Answer() {
  std::istream in(&request);
  std::string method, path;
  in >> method >> path;
  std::string body, type = "text/plain; version=0.0.4";
  int status = 200;
  if (method != "GET") {
    status = 405;
    body = "method not allowed\n";
  } else if (path == "/metrics") {
    body = RenderPrometheus(server->metrics);
  } else if (path == "/health" || path == "/") {
    body = RenderHealth(server->metrics);
    type = "application/json";
    if (!server->metrics.has_data) status = 503;
  } else {
    status = 404;
    body = "not found\n";
  }
  const char* reason = status == 200   ? "OK"
                       : status == 503 ? "Service Unavailable"
                       : status == 404 ? "Not Found"
                                       : "Method Not Allowed";
  response = fmt::format(
      "HTTP/1.0 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
      status, reason, type, body.size(), body);
  auto self = shared_from_this();
  asio::async_write(socket, asio::buffer(response), [self](const std::error_code&, std::size_t) {
    self->deadline.cancel();
    std::error_code ignored;
    self->socket.shutdown(tcp::socket::shutdown_both, ignored);
  });
}

void RtrServer::Impl::AcceptHttp() {
  http_acceptor->async_accept([this](const std::error_code& error, tcp::socket socket) {
    if (error == asio::error::operation_aborted) return;
    if (!error) std::make_shared<HttpExchange>(std::move(socket), this)->Start();
    AcceptHttp();
  });
}

void RtrServer::Impl::ArmSweep() {
  sweep.expires_after(std::chrono::seconds(1));
  sweep.async_wait([this](const std::error_code& error) {
    if (error) return;
    const auto now = Clock::now();
    // Sweep may close connections: iterate over a copy.
    std::vector<std::shared_ptr<ConnectionBase>> all(connections.begin(), connections.end());
    for (auto& c : all) c->Sweep(now);
    ArmSweep();
  });
}

Status RtrServer::Impl::Start() {
  MANRS_TRY(CheckTimers(opt.timers));
  if (!opt.tls_listen.empty()) {
    ssl.emplace(asio::ssl::context::tls_server);
    std::error_code error;
    ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1,
                     error);
    ssl->use_certificate_chain_file(opt.tls_cert, error);
    if (error) {
      return MakeError(ErrorCode::kIo, fmt::format("{}: {}", opt.tls_cert, error.message()));
    }
    ssl->use_private_key_file(opt.tls_key, asio::ssl::context::pem, error);
    if (error) {
      return MakeError(ErrorCode::kIo, fmt::format("{}: {}", opt.tls_key, error.message()));
    }
  }
  // The first load, before any router can connect.
  ProblemLog problems(nullptr, 5);
  auto first = source->Poll(problems);
  if (problems.count()) {
    Log(opt.quiet, "{}: {} bad entries skipped, first: {}", source->name(), problems.count(),
        problems.kept().empty() ? "" : problems.kept()[0].message);
  }
  if (first) {
    Install(Prepare(std::move(*first)));
    if (!metrics.has_data && !IsUrl(source->name())) {
      return MakeError(ErrorCode::kBadValue, fmt::format("{}: not served: {}", source->name(),
                                                         metrics.last_reload_reason));
    }
  }
  std::vector<std::string> port_lines;
  for (const auto& where : opt.listen) MANRS_TRY(Listen(where, false, &port_lines));
  for (const auto& where : opt.tls_listen) MANRS_TRY(Listen(where, true, &port_lines));
  if (!opt.http_listen.empty()) {
    auto endpoint = internal::ParseEndpoint(opt.http_listen);
    if (!endpoint) return Unexpected<Error>(endpoint.error());
    std::error_code error;
    http_acceptor.emplace(io);
    http_acceptor->open(endpoint->protocol(), error);
    if (!error) http_acceptor->set_option(tcp::acceptor::reuse_address(true), error);
    if (!error) http_acceptor->bind(*endpoint, error);
    if (!error) http_acceptor->listen(64, error);
    if (error) {
      return MakeError(ErrorCode::kIo,
                       fmt::format("listen on {}: {}", opt.http_listen, error.message()));
    }
    port_lines.push_back(fmt::format("http {}", http_acceptor->local_endpoint().port()));
    AcceptHttp();
  }
  if (!opt.port_file.empty()) {
    std::string text;
    for (const auto& line : port_lines) text += line + '\n';
    MANRS_TRY(WriteFileAtomically(opt.port_file, text));
  }
  ArmSweep();
  signals.async_wait([this](const std::error_code& error, int) {
    if (!error) Stop();
  });
  loader = std::thread([this] { LoaderLoop(); });
  return {};
}

void RtrServer::Impl::Run() { io.run(); }

void RtrServer::Impl::Stop() {
  {
    std::lock_guard lock(mu);
    stopping = true;
  }
  cv.notify_all();
  io.stop();
}

RtrServer::RtrServer(ServerOptions options, std::unique_ptr<PayloadSource> source)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(source))) {}

RtrServer::~RtrServer() {
  impl_->Stop();
  if (impl_->loader.joinable()) impl_->loader.join();
}

Status RtrServer::Start() { return impl_->Start(); }
void RtrServer::Run() { impl_->Run(); }
void RtrServer::Stop() { impl_->Stop(); }

}  // namespace manrs::rtr
