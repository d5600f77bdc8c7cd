// `manrs serve`: the web observatory and participant registry (doc/web.md).
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "apps/commands.h"
#include "fmt/format.h"
#include "fmt/ranges.h"
#include "manrs/daemon/http_server.h"
#include "manrs/daemon/log.h"
#include "manrs/daemon/signals.h"
#include "manrs/observe/store.h"
#include "manrs/web/site.h"

namespace manrs {
namespace {

struct ServeOptions {
  std::string store = std::string("sqlite:") + kDefaultStorePath;
  std::string irr;
  std::string peeringdb;
  std::string accounts;
  std::string assets;
  std::string rule = "manrs-2014";
  std::vector<std::string> listen{"127.0.0.1:8080"};
  std::size_t threads = 256;
  std::size_t max_body = 64 * 1024;
  int timeout = 10;
  int request_timeout = 10;
  std::size_t cache_mb = 256;
  std::string tls_cert, tls_key;
  bool secure_cookies = false;
  bool quiet = false;
};

// The registry beside the store: observatory.sqlite -> observatory.accounts.sqlite.
std::string DefaultAccountsPath(const std::string& store) {
  std::string path = store.rfind("sqlite:", 0) == 0 ? store.substr(7) : store;
  if (path.find("://") != std::string::npos) return "manrs-accounts.sqlite";
  const std::size_t dot = path.rfind(".sqlite");
  if (dot != std::string::npos && dot + 7 == path.size()) path.resize(dot);
  return path + ".accounts.sqlite";
}

// The built front end: --assets, else $MANRS_WEB_ASSETS, else beside the
// binary's install prefix (share/manrs/web), else the source tree's web/dist.
std::string FindAssets(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("MANRS_WEB_ASSETS")) return env;
#ifdef MANRS_WEB_ASSETS_DIR
  return MANRS_WEB_ASSETS_DIR;
#else
  return "";
#endif
}

int RunServe(const ServeOptions& o) {
  const daemon::Logger log("serve", o.quiet ? daemon::LogLevel::kOff : daemon::LogLevel::kInfo);
  web::SiteOptions options;
  options.store_spec = o.store;
  options.irr_path = o.irr;
  options.peeringdb_path = o.peeringdb;
  options.accounts_path = o.accounts.empty() ? DefaultAccountsPath(o.store) : o.accounts;
  options.assets_dir = FindAssets(o.assets);
  options.secure_cookies = o.secure_cookies || !o.tls_cert.empty();
  options.quiet = o.quiet;
  options.cache_bytes = o.cache_mb << 20;
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    std::fprintf(stderr, "manrs: --tls-cert and --tls-key go together\n");
    return 2;
  }
  auto rule = web::ParseProgrammeRule(o.rule);
  if (!rule) {
    std::fprintf(stderr, "manrs: --rule: %s is not manrs-2014 or manrs-2025\n", o.rule.c_str());
    return 2;
  }
  options.rule = *rule;
  auto site = web::Site::Open(options);
  if (!site) {
    std::fprintf(stderr, "manrs: %s\n", site.error().message.c_str());
    return 2;
  }
  daemon::HttpOptions http;
  http.threads = o.threads;
  http.max_body_bytes = o.max_body;
  http.read_timeout_seconds = o.timeout;
  http.write_timeout_seconds = o.timeout;
  http.request_timeout_seconds = o.request_timeout;
  daemon::HttpServer server(http);
  web::Site* s = site->get();
  server.Get("/health", [s](const daemon::HttpRequest&) { return s->Health(); });
  server.Fallback([s](const daemon::HttpRequest& request) { return s->Handle(request); });

  std::mutex mu;
  std::condition_variable stopped;
  bool stop = false;
  // Before the server's threads start; the store and IRR are re-read on
  // their own, so SIGHUP has nothing more to do.
  daemon::SignalWatcher signals([&] {
    std::lock_guard lock(mu);
    stop = true;
    stopped.notify_all();
  });
  for (const auto& where : o.listen) {
    auto st =
        o.tls_cert.empty() ? server.Bind(where) : server.BindTls(where, o.tls_cert, o.tls_key);
    if (!st) {
      std::fprintf(stderr, "manrs: %s\n", st.error().message.c_str());
      return 2;
    }
  }
  server.Start();
  log.Info("web observatory on {} (port {}), store {}, accounts {}, assets {}",
           fmt::join(o.listen, " "), server.ports().front(), o.store, options.accounts_path,
           options.assets_dir.empty() ? "none" : options.assets_dir);
  {
    std::unique_lock lock(mu);
    stopped.wait(lock, [&] { return stop; });
  }
  server.Stop();
  log.Info("stopped");
  return 0;
}

}  // namespace

void AddServeCommands(CLI::App& app, CommandRun* run) {
  auto o = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand(
      "serve", "web observatory and MANRS participant registry (pages, JSON API, accounts)");
  serve->add_option("--store", o->store,
                    "observatory store: sqlite:PATH (default sqlite:manrs-observatory.sqlite) or "
                    "clickhouse://HOST:PORT/DATABASE?cluster=NAME");
  serve->add_option("--irr", o->irr, "local IRR snapshot (manrs irr load); reopened when replaced");
  serve->add_option("--peeringdb", o->peeringdb,
                    "PeeringDB JSON (names and countries for search, notes for verification); "
                    "re-read when replaced");
  serve->add_option("--accounts", o->accounts, "registry SQLite file (default beside the store)");
  serve->add_option("--assets", o->assets,
                    "built front end directory (default: the installed one)");
  serve->add_option("--rule", o->rule, "programme rule: manrs-2014 (default) or manrs-2025");
  serve->add_option("--listen", o->listen,
                    "ADDR:PORT to listen on, repeatable (default 127.0.0.1:8080)");
  serve->add_option("--threads", o->threads,
                    "connections served at once per listener (default 256)");
  serve->add_option("--max-body", o->max_body,
                    "largest request body in bytes (default 65536; 413 past it)");
  serve->add_option("--timeout", o->timeout,
                    "seconds a client may take to send a request or read a reply (default 10)");
  serve->add_option("--request-timeout", o->request_timeout,
                    "seconds a whole request (head and body) may take to arrive; the connection "
                    "is cut past it (default 10; 0: only the per-read --timeout)");
  serve->add_option("--cache-mb", o->cache_mb,
                    "memory for rendered per-AS pages and JSON, in MiB (default 256; 0: none)");
  serve->add_option("--tls-cert", o->tls_cert, "serve HTTPS: the certificate chain (PEM)");
  serve->add_option("--tls-key", o->tls_key, "serve HTTPS: the private key (PEM)");
  serve->add_flag("--secure-cookies", o->secure_cookies,
                  "mark session cookies Secure (behind a TLS-terminating proxy)");
  serve->add_flag("-q,--quiet", o->quiet, "no log lines");
  serve->callback([o, run] { *run = [o] { return RunServe(*o); }; });
}

}  // namespace manrs
