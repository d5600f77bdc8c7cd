// `manrs rtr serve` (an RPKI-to-Router cache) and `manrs rtr dump` (an RTR
// client printing what a router receives).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "apps/commands.h"
#include "fmt/format.h"
#include "manrs/daemon/signals.h"
#include "manrs/rtr/client.h"
#include "manrs/rtr/server.h"

namespace manrs {

namespace {

struct RtrOptions {
  rtr::ServerOptions server;
  std::string vrps;
  std::string slurm;
  double max_drop_percent = 10.0;
  // dump
  std::string address;
  int version = rtr::kMaxVersion;
  std::string format = "text";
  bool tls = false;
  std::string tls_ca;
  int timeout = 120;
  bool timing = false;
};

int RunServe(RtrOptions& o) {
  if (o.server.listen.empty() && o.server.tls_listen.empty()) {
    o.server.listen.push_back("127.0.0.1:8282");
  }
  if (!o.server.tls_listen.empty() && (o.server.tls_cert.empty() || o.server.tls_key.empty())) {
    std::fprintf(stderr, "manrs: --tls-listen needs --tls-cert and --tls-key\n");
    return 2;
  }
  o.server.reload.max_drop_fraction = o.max_drop_percent / 100.0;
  rtr::RtrServer server(o.server, rtr::MakePayloadSource(o.vrps, o.slurm));
  // Before Start() runs any thread; destroyed before the server.
  daemon::SignalWatcher signals([&server] { server.Stop(); });
  if (auto started = server.Start(); !started) {
    std::fprintf(stderr, "manrs: %s\n", started.error().message.c_str());
    return 2;
  }
  server.Run();
  return 0;
}

int RunDump(const RtrOptions& o) {
  if (o.format != "text" && o.format != "json") {
    std::fprintf(stderr, "manrs: --format must be text or json\n");
    return 2;
  }
  rtr::ClientOptions client;
  client.address = o.address;
  client.version = static_cast<std::uint8_t>(o.version);
  client.tls = o.tls;
  client.tls_ca = o.tls_ca;
  client.timeout_seconds = o.timeout;
  auto dump = rtr::DumpCache(client);
  if (!dump) {
    std::fprintf(stderr, "manrs: %s\n", dump.error().message.c_str());
    return 2;  // the command could not run (README)
  }
  std::string out = o.format == "json" ? rtr::FormatDumpJson(*dump) : rtr::FormatDumpText(*dump);
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (o.timing) {
    std::fprintf(stderr,
                 "manrs: version %d, session %u, serial %u: %zu VRPs, %zu ASPAs, %zu router keys; "
                 "end of data after %.3f s\n",
                 dump->version, dump->session_id, dump->serial, dump->payloads.vrps.size(),
                 dump->payloads.aspas.size(), dump->payloads.router_keys.size(),
                 dump->seconds_to_end_of_data);
  }
  return 0;
}

}  // namespace

void AddRtrCommands(CLI::App& app, CommandRun* run) {
  auto o = std::make_shared<RtrOptions>();
  CLI::App* rtr = app.add_subcommand("rtr", "RPKI-to-Router protocol (RFC 6810, 8210, 8210bis)");
  rtr->require_subcommand(1);

  CLI::App* serve = rtr->add_subcommand("serve", "serve VRPs, ASPAs and router keys to routers");
  serve->add_option("--vrps", o->vrps, "relying-party output: file (watched) or http(s) URL")
      ->required();
  serve->add_option("--slurm", o->slurm, "SLURM file (RFC 8416) applied to every load");
  serve->add_option("--listen", o->server.listen, "ADDR:PORT for RTR over TCP (127.0.0.1:8282)");
  serve->add_option("--tls-listen", o->server.tls_listen, "ADDR:PORT for RTR over TLS");
  serve->add_option("--tls-cert", o->server.tls_cert, "PEM certificate chain for --tls-listen");
  serve->add_option("--tls-key", o->server.tls_key, "PEM private key for --tls-listen");
  serve->add_option("--http-listen", o->server.http_listen,
                    "ADDR:PORT for /metrics (Prometheus) and /health, repeatable");
  serve->add_option("--port-file", o->server.port_file,
                    "write the bound ports here (\"rtr PORT\", \"http PORT\"), for port 0");
  serve->add_option("--refresh", o->server.timers.refresh, "End of Data refresh interval, s")
      ->capture_default_str();
  serve->add_option("--retry", o->server.timers.retry, "End of Data retry interval, s")
      ->capture_default_str();
  serve->add_option("--expire", o->server.timers.expire, "End of Data expire interval, s")
      ->capture_default_str();
  serve->add_option("--poll", o->server.poll_seconds, "check the input every N s")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  serve
      ->add_option("--notify-interval", o->server.notify_interval_seconds,
                   "at most one Serial Notify round per N s (RFC 8210 8.2: 60)")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  serve->add_option("--history", o->server.history, "serials kept for incremental updates")
      ->capture_default_str();
  serve
      ->add_option("--max-drop", o->max_drop_percent,
                   "refuse a reload that drops more than this % of the VRPs, ASPAs or router keys "
                   "(100: off)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 100.0));
  serve
      ->add_option("--max-age", o->server.reload.max_age_seconds,
                   "refuse data built more than N s ago (0: off)")
      ->capture_default_str();
  serve->add_option("--max-clients", o->server.max_clients, "refuse connections beyond this")
      ->capture_default_str();
  serve
      ->add_option("--first-query-timeout", o->server.first_query_timeout_seconds,
                   "close a router that sends no query for N s (0: never)")
      ->capture_default_str();
  serve
      ->add_option("--write-timeout", o->server.write_timeout_seconds,
                   "close a router that reads nothing for N s while output waits (0: never)")
      ->capture_default_str();
  serve
      ->add_option("--max-output", o->server.limits.max_pending_output,
                   "bytes queued per router before it is dropped")
      ->capture_default_str();
  serve->add_flag("--quiet", o->server.quiet, "no log lines");
  serve->callback([o, run] { *run = [o] { return RunServe(*o); }; });

  CLI::App* dump = rtr->add_subcommand("dump", "print what a router receives from a cache");
  dump->add_option("address", o->address, "HOST:PORT of the cache")->required();
  dump->add_option("--version", o->version, "protocol version to ask for (0, 1, 2)")
      ->capture_default_str()
      ->check(CLI::Range(0, 2));
  dump->add_option("--format", o->format, "text (sorted lines, default) or json");
  dump->add_flag("--tls", o->tls, "RTR over TLS");
  dump->add_option("--tls-ca", o->tls_ca, "PEM file of the CA that signed the cache's certificate");
  dump->add_option("--timeout", o->timeout, "give up after N s")->capture_default_str();
  dump->add_flag("--timing", o->timing, "print version, counts and time to End of Data on stderr");
  dump->callback([o, run] { *run = [o] { return RunDump(*o); }; });
}

}  // namespace manrs
