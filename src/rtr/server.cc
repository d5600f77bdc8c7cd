// The RTR cache daemon: Asio event loop, connections, loader thread, HTTP.
#include "manrs/rtr/server.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <fstream>
#include <future>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

#include "fmt/format.h"
#include "manrs/base/atomic_file.h"
#include "manrs/daemon/asio.h"
#include "manrs/daemon/endpoint.h"
#include "manrs/daemon/http_server.h"
#include "manrs/daemon/log.h"
#include "manrs/rtr/cache.h"
#include "manrs/rtr/metrics.h"

namespace manrs::rtr {

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

std::int64_t UnixNow() { return static_cast<std::int64_t>(std::time(nullptr)); }

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
        log("rtr", opt.quiet ? daemon::LogLevel::kOff : daemon::LogLevel::kInfo),
        sweep(io),
        notify_timer(io) {
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
  Status BindAll();
  Status WritePortFile() const;
  void Accept(tcp::acceptor* acceptor, bool tls);
  // An HTTP answer made on the event loop (the metrics live there).
  daemon::HttpReply OnLoop(daemon::HttpReply (Impl::*answer)() const);
  daemon::HttpReply Metrics() const;
  daemon::HttpReply Health() const;
  void ArmSweep();
  void ScheduleNotify();
  void NotifyAll();
  void Remove(ConnectionBase* c);

  ServerOptions opt;
  std::unique_ptr<PayloadSource> source;
  asio::io_context io;
  PayloadCache cache;
  RtrMetrics metrics;
  daemon::Logger log;
  struct Listener {
    Listener(asio::io_context& io, std::string a, bool t)
        : acceptor(io), where(std::move(a)), tls(t) {}
    tcp::acceptor acceptor;
    std::string where;
    bool tls;
  };
  std::list<Listener> listeners;
  std::optional<daemon::HttpServer> http;
  std::optional<asio::ssl::context> ssl;
  std::list<std::shared_ptr<ConnectionBase>> connections;
  asio::steady_timer sweep;
  asio::steady_timer notify_timer;
  std::optional<Clock::time_point> last_notify;
  bool notify_pending = false;
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
      if (session_.close_cause() == Session::CloseCause::kErrorReceived) {
        ++m.error_reports_received;
      }
      server_->log.Info("{}: {}", peer_, session_.close_reason());
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
    if (!why.empty()) server_->log.Info("{}: closed: {}", peer_, why);
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
  if (p.bad_keys) log.Warning("{}: {} router keys unusable, skipped", source->name(), p.bad_keys);
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
    log.Info(
        "serial {}: {} VRPs ({} IPv4, {} IPv6), {} ASPAs, {} router keys; delta and encodings "
        "made in {} ms on the loader thread, installed in {} ms",
        metrics.serial, now.vrps.size(), v4, now.vrps.size() - v4, now.aspas.size(),
        now.router_keys.size(), p.prepare_ms,
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
  } else if (p.verdict.result != ReloadResult::kUnchanged) {
    // Nothing served yet is not "keeping serial 0": say what routers get.
    const std::string keeping = metrics.has_data
                                    ? fmt::format("keeping serial {}", metrics.serial)
                                    : std::string("nothing loaded yet (routers get No Data)");
    log.Warning("{}: reload refused ({}), {}: {}", source->name(),
                ReloadResultName(p.verdict.result), keeping, p.verdict.reason);
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
      log.Warning("{}: {} bad entries skipped, first: {}", source->name(), problems.count(),
                  problems.kept().empty() ? "" : problems.kept()[0].message);
    }
    auto prepared = std::make_shared<Prepared>(Prepare(std::move(*loaded)));
    asio::post(io, [this, prepared] { Install(std::move(*prepared)); });
  }
}

// Binds every listener before anything is announced: a port that cannot be
// bound fails the start, and no "listening" line is logged for it or before.
Status RtrServer::Impl::BindAll() {
  for (const auto& where : opt.listen) listeners.emplace_back(io, where, false);
  for (const auto& where : opt.tls_listen) listeners.emplace_back(io, where, true);
  for (Listener& l : listeners) MANRS_TRY(daemon::Listen(l.where, &l.acceptor));
  if (!opt.http_listen.empty()) {
    http.emplace();
    for (const auto& where : opt.http_listen) MANRS_TRY(http->Bind(where));
  }
  return {};
}

Status RtrServer::Impl::WritePortFile() const {
  if (opt.port_file.empty()) return {};
  std::string text;
  for (const Listener& l : listeners) {
    text += fmt::format("{} {}\n", l.tls ? "tls" : "rtr", l.acceptor.local_endpoint().port());
  }
  if (http) {
    for (std::uint16_t port : http->ports()) text += fmt::format("http {}\n", port);
  }
  return WriteFileAtomically(opt.port_file, text);
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
      log.Error("accept: {}", error.message());
      auto pause = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(200));
      pause->async_wait([this, acceptor, tls, pause](const std::error_code& e) {
        if (!e) Accept(acceptor, tls);
      });
      return;
    }
    Accept(acceptor, tls);
  });
}

daemon::HttpReply RtrServer::Impl::OnLoop(daemon::HttpReply (Impl::*answer)() const) {
  auto promise = std::make_shared<std::promise<daemon::HttpReply>>();
  auto reply = promise->get_future();
  asio::post(io, [this, answer, promise] { promise->set_value((this->*answer)()); });
  // The loop is stopping (or stuck): say so rather than hold the client.
  if (reply.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {
    return {503, "text/plain; charset=utf-8", "cache event loop not answering\n"};
  }
  return reply.get();
}

daemon::HttpReply RtrServer::Impl::Metrics() const {
  return {200, "text/plain; version=0.0.4", RenderPrometheus(metrics)};
}

daemon::HttpReply RtrServer::Impl::Health() const {
  return {metrics.has_data ? 200 : 503, "application/json", RenderHealth(metrics)};
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
    log.Warning("{}: {} bad entries skipped, first: {}", source->name(), problems.count(),
                problems.kept().empty() ? "" : problems.kept()[0].message);
  }
  if (first) {
    Install(Prepare(std::move(*first)));
    if (!metrics.has_data && !IsUrl(source->name())) {
      return MakeError(ErrorCode::kBadValue, fmt::format("{}: not served: {}", source->name(),
                                                         metrics.last_reload_reason));
    }
  }
  // Bind everything, serve, write the port file (what tests wait for), and
  // only then announce.
  MANRS_TRY(BindAll());
  for (Listener& l : listeners) Accept(&l.acceptor, l.tls);
  if (http) {
    http->Get("/metrics", [this](const daemon::HttpRequest&) { return OnLoop(&Impl::Metrics); });
    for (const char* path : {"/health", "/"}) {
      http->Get(path, [this](const daemon::HttpRequest&) { return OnLoop(&Impl::Health); });
    }
    http->Start();
  }
  MANRS_TRY(WritePortFile());
  for (const Listener& l : listeners) {
    log.Info("listening for RTR{} on {} port {}", l.tls ? " over TLS" : "", l.where,
             l.acceptor.local_endpoint().port());
  }
  for (std::size_t i = 0; http && i < opt.http_listen.size(); ++i) {
    log.Info("metrics and health on http {} port {}", opt.http_listen[i], http->ports()[i]);
  }
  ArmSweep();
  loader = std::thread([this] { LoaderLoop(); });
  return {};
}

void RtrServer::Impl::Run() {
  io.run();
  if (http) http->Stop();
}

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
  if (impl_->http) impl_->http->Stop();  // no handler may wait on the loop past here
  impl_->Stop();
  if (impl_->loader.joinable()) impl_->loader.join();
}

Status RtrServer::Start() { return impl_->Start(); }
void RtrServer::Run() { impl_->Run(); }
void RtrServer::Stop() { impl_->Stop(); }

}  // namespace manrs::rtr
