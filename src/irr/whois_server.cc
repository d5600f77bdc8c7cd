#include "manrs/irr/whois_server.h"

#include <array>
#include <atomic>
#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "manrs/daemon/asio.h"
#include "manrs/daemon/endpoint.h"
#include "manrs/daemon/health.h"
#include "manrs/daemon/http_server.h"
#include "manrs/daemon/prometheus.h"

namespace manrs {

namespace {

constexpr std::size_t kMaxLine = 1 << 20;  // a longer line closes the connection

// One client. The socket and the timer share one strand (the socket is
// accepted onto it), so with several event loop threads the read completion
// and the idle timeout of a connection never run at the same time.
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
    // An idle client is dropped after the session's timeout (IRRd's !t). A
    // wait that expired just as data arrived completes after the read
    // handler cancelled it: waiting_ tells it that the client is no longer
    // idle (both handlers run on the strand, so it needs no lock).
    waiting_ = true;
    timer_.expires_after(std::chrono::seconds(session_.timeout_seconds()));
    timer_.async_wait([this, self](asio::error_code ec) {
      if (!ec && waiting_) Close();
    });
    socket_.async_read_some(asio::buffer(chunk_), [this, self](asio::error_code ec, std::size_t n) {
      waiting_ = false;
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
  bool waiting_ = false;  // a read is pending and the idle timer runs
  std::array<char, 16384> chunk_{};
  std::string pending_;
  std::string out_;
};

}  // namespace

struct WhoisServer::Impl {
  Impl(std::shared_ptr<const IrrDatabase> d, const WhoisConfig& c, const daemon::Logger* l)
      : db(std::move(d)), config(c), log(l) {}

  std::string Metrics() {
    auto current = Current();
    using daemon::MetricType;
    daemon::PrometheusText m;
    m.Single("manrs_irr_connections_total", MetricType::kCounter, "Whois connections accepted.",
             connections.load());
    m.Single("manrs_irr_queries_total", MetricType::kCounter, "Whois query lines answered.",
             queries.load());
    m.Single("manrs_irr_objects", MetricType::kGauge, "RPSL objects served.",
             current->objects().size());
    m.Single("manrs_irr_routes", MetricType::kGauge, "Route and route6 objects served.",
             current->routes().size());
    m.Family("manrs_irr_reloads_total", MetricType::kCounter, "Database reloads by result.");
    m.Sample("manrs_irr_reloads_total", {{"result", "ok"}}, reloads.load());
    m.Sample("manrs_irr_reloads_total", {{"result", "failed"}}, failed_reloads.load());
    m.Single("manrs_irr_last_reload_success", MetricType::kGauge,
             "0 when the last reload failed (the previous data is still served), else 1.",
             ReloadFailure().empty() ? 1 : 0);
    return m.Take();
  }

  // The shape of `rtr serve`'s /health: ready, or degraded with the reason
  // when the last reload failed and older data is served.
  daemon::HttpReply Health() {
    auto current = Current();
    const std::string failure = ReloadFailure();
    const char* last = failure.empty() ? (reloads.load() ? "ok" : "none") : "failed";
    return {failure.empty() ? 200 : 503, "application/json",
            daemon::RenderHealth(
                {failure.empty() ? "ready" : "degraded",
                 {{"objects", current->objects().size()}, {"routes", current->routes().size()}},
                 last,
                 failure})};
  }

  std::string ReloadFailure() {
    std::lock_guard<std::mutex> lock(mutex);
    return reload_failure;
  }

  std::shared_ptr<const IrrDatabase> Current() {
    std::lock_guard<std::mutex> lock(mutex);
    return db;
  }

  void Accept(asio::ip::tcp::acceptor* acceptor) {
    // Each connection gets a strand of its own (see Connection).
    acceptor->async_accept(
        asio::make_strand(io), [this, acceptor](asio::error_code ec, asio::ip::tcp::socket socket) {
          if (ec) {
            if (ec == asio::error::operation_aborted) return;
          } else {
            connections.fetch_add(1, std::memory_order_relaxed);
            std::make_shared<Connection>(std::move(socket), Current(), config, &queries)->Start();
          }
          Accept(acceptor);
        });
  }

  std::mutex mutex;  // guards db and reload_failure
  std::shared_ptr<const IrrDatabase> db;
  std::string reload_failure;  // the last reload's error; empty when it worked
  const WhoisConfig& config;
  const daemon::Logger* log;
  asio::io_context io;
  std::list<asio::ip::tcp::acceptor> acceptors;
  std::optional<daemon::HttpServer> http;
  std::atomic<std::uint64_t> reloads{0};
  std::atomic<std::uint64_t> failed_reloads{0};
  std::atomic<std::uint64_t> connections{0};
  std::atomic<std::uint64_t> queries{0};
};

WhoisServer::WhoisServer(std::shared_ptr<const IrrDatabase> db, const WhoisConfig& config,
                         const daemon::Logger* log)
    : impl_(std::make_unique<Impl>(std::move(db), config, log)) {}

WhoisServer::~WhoisServer() {
  if (impl_->http) impl_->http->Stop();
}

void WhoisServer::Replace(std::shared_ptr<const IrrDatabase> db) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->db = std::move(db);
}

void WhoisServer::Reload(const Reloader& reload) {
  auto fresh = reload();
  if (fresh) {
    const std::size_t objects = (*fresh)->objects().size();
    {
      std::lock_guard<std::mutex> lock(impl_->mutex);
      impl_->db = std::move(*fresh);
      impl_->reload_failure.clear();
    }
    impl_->reloads.fetch_add(1);
    if (impl_->log) impl_->log->Info("reloaded: {} objects", objects);
  } else {
    {
      std::lock_guard<std::mutex> lock(impl_->mutex);
      impl_->reload_failure = fresh.error().message;
    }
    impl_->failed_reloads.fetch_add(1);
    if (impl_->log) {
      impl_->log->Warning("reload failed, still serving the previous data: {}",
                          fresh.error().message);
    }
  }
}

Status WhoisServer::Listen(const std::string& address) {
  auto& acceptor = impl_->acceptors.emplace_back(impl_->io);
  if (auto bound = daemon::Listen(address, &acceptor); !bound) {
    impl_->acceptors.pop_back();
    return bound;
  }
  impl_->Accept(&acceptor);
  return {};
}

Status WhoisServer::ListenMetrics(const std::string& address, const daemon::HttpOptions& options) {
  impl_->http.emplace(options);
  MANRS_TRY(impl_->http->Bind(address));
  impl_->http->Get("/metrics", [this](const daemon::HttpRequest&) {
    return daemon::HttpReply{200, "text/plain; version=0.0.4", impl_->Metrics()};
  });
  impl_->http->Get("/health", [this](const daemon::HttpRequest&) { return impl_->Health(); });
  impl_->http->Start();
  return {};
}

std::uint16_t WhoisServer::metrics_port() const {
  return impl_->http ? impl_->http->ports()[0] : 0;
}

std::uint16_t WhoisServer::port() const {
  if (impl_->acceptors.empty()) return 0;
  asio::error_code ec;
  auto endpoint = impl_->acceptors.front().local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void WhoisServer::Run(int threads) {
  std::vector<std::thread> extra;
  for (int i = 1; i < threads; ++i) extra.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : extra) t.join();
  if (impl_->http) impl_->http->Stop();
}

void WhoisServer::Stop() { impl_->io.stop(); }

std::uint64_t WhoisServer::connections() const { return impl_->connections.load(); }
std::uint64_t WhoisServer::queries() const { return impl_->queries.load(); }
std::uint64_t WhoisServer::reloads() const { return impl_->reloads.load(); }
std::uint64_t WhoisServer::failed_reloads() const { return impl_->failed_reloads.load(); }

}  // namespace manrs
