// `manrs irr load`, `manrs irr expand`, `manrs irr serve`: the local IRR
// built from RPSL dumps, set expansion, and the IRRd-compatible whois server.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/cli_support.h"
#include "apps/commands.h"
#include "apps/irr_open.h"
#include "fmt/format.h"
#include "manrs/base/json_string.h"
#include "manrs/daemon/log.h"
#include "manrs/daemon/signals.h"
#include "manrs/irr/database.h"
#include "manrs/irr/dump_loader.h"
#include "manrs/irr/set_expansion.h"
#include "manrs/irr/whois_server.h"
#include "manrs/output/progress.h"

namespace manrs {

namespace {

struct IrrOptions {
  std::string db;
  std::vector<std::string> dumps;
  std::string source;
  std::vector<std::string> order;
  std::uint64_t max_printed = 200;
  bool add = false;
  bool quiet = false;
  bool lenient = false;
  // expand
  std::string name;
  bool v4 = false;
  bool v6 = false;
  bool json = false;
  bool asns = false;
  std::vector<std::string> sources;
  std::string vrps;
  std::string slurm;
  bool roa_routes = false;
  int max_depth = 64;
  // serve
  std::vector<std::string> listen{"127.0.0.1:43043"};
  std::string metrics;
  int threads = 1;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int RunLoad(const IrrOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  const std::string path = o.db.empty() ? DefaultIrrDbPath() : o.db;
  // A real dump can hold many thousands of odd objects: the first ones are
  // printed, the rest counted in the summary line.
  ProblemPrinter printer(o.quiet, o.max_printed);
  ProblemLog& problems = printer.log();
  IrrDatabase db;
  if (o.add && o.source.empty()) {
    // Which sources the dumps replace must be known before reading them.
    std::fprintf(stderr, "manrs: --add needs --source (the source the dumps replace)\n");
    return 2;
  }
  if (o.add && std::filesystem::exists(path)) {
    auto existing = IrrDatabase::Open(path);
    if (!existing) {
      std::fprintf(stderr, "manrs: %s\n", existing.error().message.c_str());
      return 2;
    }
    db = std::move(*existing);
    if (!o.source.empty()) {
      int i = db.SourceIndex(o.source);
      if (i >= 0) db.ClearSource(static_cast<std::uint16_t>(i));
    }
  }
  DumpLoadStats total;
  for (const auto& dump : o.dumps) {
    std::unique_ptr<Progress> bar;
    auto progress = [&](std::uint64_t done, std::uint64_t size) {
      if (!bar) bar = std::make_unique<Progress>(dump, size);
      bar->UpdateRarely(done);
    };
    auto stats = LoadRpslDump(dump, o.source, &db, problems, progress);
    bar.reset();
    if (!stats) {
      PrintFileError(dump, stats.error());
      return 2;
    }
    total.bytes += stats->bytes;
    total.objects += stats->objects;
    total.dropped += stats->dropped;
  }
  db.Finish();
  if (!o.order.empty()) {
    if (auto st = db.Reorder(o.order); !st) {
      std::fprintf(stderr, "manrs: --order: %s\n", st.error().message.c_str());
      return 2;
    }
  }
  if (db.objects().empty()) {
    std::fprintf(stderr, "manrs: no usable object in the dumps; database not written\n");
    return 2;
  }
  const double parse_seconds = Seconds(start);
  if (auto st = db.Save(path); !st) {
    std::fprintf(stderr, "manrs: %s\n", st.error().message.c_str());
    return 2;
  }
  std::size_t routes = db.routes().size();
  std::fprintf(stderr,
               "manrs: %s: %llu objects (%zu route/route6, %zu sets) from %.1f MB in %.2f s "
               "(saved in %.2f s); %llu dropped, %llu problems; sources %s\n",
               path.c_str(), static_cast<unsigned long long>(total.objects), routes,
               db.sets().size(), static_cast<double>(total.bytes) / 1e6, parse_seconds,
               Seconds(start) - parse_seconds, static_cast<unsigned long long>(total.dropped),
               static_cast<unsigned long long>(problems.count()),
               fmt::format("{}", fmt::join(db.sources(), ",")).c_str());
  return problems.count() > 0 && !o.lenient ? 1 : 0;
}

int RunExpand(const IrrOptions& o) {
  auto loaded = OpenIrrForQueries(o.db, o.vrps, o.slurm, o.roa_routes, o.quiet);
  if (!loaded) return 2;
  ExpansionOptions options;
  if (!SelectSources(loaded->db, o.sources, &options)) return 2;
  options.max_depth = o.max_depth;
  options.vrps = loaded->vrps.get();
  options.roa_routes = o.roa_routes ? &loaded->roa_routes : nullptr;
  SetExpander expander(loaded->db, options);
  const auto start = std::chrono::steady_clock::now();
  auto asns = expander.ExpandAsns(o.name);
  std::vector<ExpansionFinding> findings = expander.findings();
  std::vector<PrefixRange> v4, v6;
  bool found = asns.has_value();
  if (!o.asns) {
    const bool both = o.v4 == o.v6;
    if (both || o.v4) {
      auto r = expander.ExpandPrefixes(o.name, Afi::kIpv4);
      if (r) v4 = std::move(*r), found = true;
      findings = expander.findings();
    }
    if (both || o.v6) {
      auto r = expander.ExpandPrefixes(o.name, Afi::kIpv6);
      if (r) v6 = std::move(*r), found = true;
    }
  }
  const double seconds = Seconds(start);
  if (!found) {
    std::fprintf(stderr, "manrs: %s: no such set or AS number in the selected sources\n",
                 o.name.c_str());
    return 1;
  }
  std::string out;
  if (o.json) {
    out += fmt::format("{{\"name\": {}, \"asns\": [", JsonString(o.name));
    if (asns) {
      for (std::size_t i = 0; i < asns->size(); ++i)
        out += fmt::format("{}{}", i ? ", " : "", (*asns)[i]);
    }
    out += "]";
    if (!o.asns) {
      for (auto [key, list] : {std::pair{"ipv4", &v4}, std::pair{"ipv6", &v6}}) {
        out += fmt::format(", \"{}\": [", key);
        for (std::size_t i = 0; i < list->size(); ++i) {
          out += fmt::format("{}\"{}\"", i ? ", " : "", (*list)[i].ToString());
        }
        out += "]";
      }
    }
    out += ", \"findings\": [";
    for (std::size_t i = 0; i < findings.size(); ++i) {
      out += fmt::format("{}{{\"kind\": \"{}\", \"set\": {}, \"detail\": {}}}", i ? ", " : "",
                         ExpansionFindingName(findings[i].kind), JsonString(findings[i].set),
                         JsonString(findings[i].detail));
    }
    out += fmt::format("], \"rpki_invalid_suppressed\": {}}}\n",
                       expander.stats().rpki_invalid_suppressed);
  } else if (o.asns) {
    if (asns) {
      for (Asn a : *asns) out += fmt::format("AS{}\n", a);
    }
  } else {
    for (const auto& r : v4) out += r.ToString() + "\n";
    for (const auto& r : v6) out += r.ToString() + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (!o.quiet) {
    for (const auto& f : findings) {
      std::fprintf(stderr, "manrs: %s: %s: %s\n", ExpansionFindingName(f.kind), f.set.c_str(),
                   f.detail.c_str());
    }
    std::fprintf(stderr, "manrs: %s: %zu ASNs, %zu IPv4 and %zu IPv6 prefixes in %.1f ms\n",
                 o.name.c_str(), asns ? asns->size() : 0, v4.size(), v6.size(), seconds * 1e3);
  }
  return 0;
}

int RunServe(const IrrOptions& o) {
  auto loaded = OpenIrrForQueries(o.db, o.vrps, o.slurm, o.roa_routes, o.quiet);
  if (!loaded) return 2;
  WhoisConfig config;
  config.default_sources = o.sources;
  ExpansionOptions check;
  if (!SelectSources(loaded->db, o.sources, &check)) return 2;
  config.vrps = loaded->vrps.get();
  config.roa_routes = o.roa_routes ? &loaded->roa_routes : nullptr;
  auto db = std::make_shared<const IrrDatabase>(std::move(loaded->db));
  const daemon::Logger log("irr", o.quiet ? daemon::LogLevel::kOff : daemon::LogLevel::kInfo);
  WhoisServer server(db, config, &log);
  // SIGHUP reopens the database file (after a new `manrs irr load`); on
  // failure the server keeps the data it has and /health says so.
  const std::string path = o.db.empty() ? DefaultIrrDbPath() : o.db;
  // Before any server thread starts; destroyed before the server.
  daemon::SignalWatcher signals(
      [&server] { server.Stop(); },
      [&server, &path] {
        server.Reload([&path]() -> Result<std::shared_ptr<const IrrDatabase>> {
          auto fresh = IrrDatabase::Open(path);
          if (!fresh) return Unexpected<Error>(fresh.error());
          return std::make_shared<const IrrDatabase>(std::move(*fresh));
        });
      });
  // Bind everything, then announce.
  for (const auto& where : o.listen) {
    if (auto st = server.Listen(where); !st) {
      std::fprintf(stderr, "manrs: %s\n", st.error().message.c_str());
      return 2;
    }
  }
  if (!o.metrics.empty()) {
    if (auto st = server.ListenMetrics(o.metrics); !st) {
      std::fprintf(stderr, "manrs: --metrics: %s\n", st.error().message.c_str());
      return 2;
    }
  }
  log.Info("irr whois server on {} (port {}): {} objects, sources {}", fmt::join(o.listen, " "),
           server.port(), db->objects().size(), fmt::join(db->sources(), ","));
  if (!o.metrics.empty()) {
    log.Info("metrics on http://{}/metrics (port {})", o.metrics, server.metrics_port());
  }
  db.reset();  // the server holds it now (and drops it on reload)
  server.Run(o.threads);
  log.Info("stopped after {} connections, {} queries", server.connections(), server.queries());
  return 0;
}

}  // namespace

void AddIrrCommands(CLI::App& app, CommandRun* run) {
  auto options = std::make_shared<IrrOptions>();
  auto* irr = app.add_subcommand("irr", "local IRR: load RPSL dumps, expand sets, serve whois");
  irr->require_subcommand(1);

  auto* load =
      irr->add_subcommand("load", "build the local IRR from RPSL dumps (plain or compressed)");
  load->add_option("dumps", options->dumps, "RIPE split dumps, RADB-style .db files")->required();
  load->add_option("--source", options->source,
                   "source of every object (default: each object's source: attribute)");
  load->add_option("--db", options->db,
                   "database file (default $MANRS_IRR_DB or ~/.local/share/manrs/irr.db)");
  load->add_flag("--add", options->add,
                 "keep the other sources of the existing database (replace --source)");
  load->add_option("--order", options->order, "source preference order, e.g. RIPE,RADB")
      ->delimiter(',');
  load->add_flag("-q,--quiet", options->quiet, "do not print each problem");
  load->add_flag("--lenient", options->lenient, "exit 0 even when objects were dropped");
  load->add_option("--max-problems", options->max_printed,
                   "print at most this many problems (default 200; all are counted)");
  load->callback([run, options] { *run = [options] { return RunLoad(*options); }; });

  auto add_query_options = [&](CLI::App* cmd) {
    cmd->add_option("--db", options->db, "database file (default as for irr load)");
    cmd->add_option("--sources", options->sources, "sources to use, e.g. RIPE,RADB")
        ->delimiter(',');
    cmd->add_option("--vrps", options->vrps, "RPKI-aware mode: drop RPKI-invalid route objects")
        ->check(InputFile());
    cmd->add_option("--slurm", options->slurm, "with --vrps: local exceptions (RFC 8416 SLURM)")
        ->check(InputFile());
    cmd->add_flag("--roa-routes", options->roa_routes, "with --vrps: ROAs count as route objects");
    cmd->add_flag("-q,--quiet", options->quiet, "no findings or timing on stderr");
  };
  auto* expand = irr->add_subcommand("expand", "expand an AS-SET, ROUTE-SET or ASN");
  expand->add_option("name", options->name, "AS-FOO, AS1:AS-BAR, RIPE::AS-FOO, RS-FOO, AS64496")
      ->required();
  expand->add_flag("-4", options->v4, "IPv4 prefixes only");
  expand->add_flag("-6", options->v6, "IPv6 prefixes only");
  expand->add_flag("--asns", options->asns, "the AS numbers instead of prefixes");
  expand->add_flag("--json", options->json, "JSON output with findings");
  expand->add_option("--max-depth", options->max_depth, "set nesting limit (default 64)")
      ->check(CLI::Range(0, 1000));
  add_query_options(expand);
  expand->callback([run, options] { *run = [options] { return RunExpand(*options); }; });

  auto* serve = irr->add_subcommand("serve", "IRRd-compatible whois server (bgpq4, bgpq3)");
  serve->add_option(
      "--listen", options->listen,
      "ADDR:PORT, repeatable (default 127.0.0.1:43043; [::1]:43 for IPv6; port 0: any)");
  serve->add_option("--threads", options->threads, "event loop threads (default 1)")
      ->check(CLI::Range(1, 256));
  serve->add_option("--metrics", options->metrics,
                    "ADDR:PORT for HTTP GET /metrics (Prometheus) and /health");
  add_query_options(serve);
  serve->callback([run, options] { *run = [options] { return RunServe(*options); }; });
}

}  // namespace manrs
