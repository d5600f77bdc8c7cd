// `manrs rov check` and `manrs rov scan`: route origin validation (RFC 6811)
// and ASPA path verification against a relying party's output.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "apps/cli_support.h"
#include "apps/commands.h"
#include "fmt/format.h"
#include "manrs/bgp/as_path.h"
#include "manrs/mrt/element_reader.h"
#include "manrs/output/progress.h"
#include "manrs/output/route_verdict_format.h"
#include "manrs/output/scan_summary_format.h"
#include "manrs/rpki/aspa_verification.h"
#include "manrs/rpki/load.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/validate/as_relationships.h"
#include "manrs/validate/bogons.h"
#include "manrs/validate/route_checks.h"
#include "manrs/validate/route_leak.h"
#include "manrs/validate/scan_summary.h"

namespace manrs {

namespace {

struct RovOptions {
  std::string vrps;
  std::string slurm;
  bool quiet = false;
  bool lenient = false;
  // check
  std::string prefix;
  std::string asn;
  std::string path;
  std::string check_format = "text";
  // scan
  std::vector<std::string> mrt;
  bool aspa = false;
  std::string direction = "upstream";
  std::string format = "csv";
  std::string asrel;
  std::vector<std::string> bogon_lists;
  std::string role;
};

Result<LoadedRpki> Load(const RovOptions& o, ProblemLog& problems) {
  return LoadRpki(o.vrps, o.slurm, problems);
}

AspaDirection Direction(const RovOptions& o) {
  return o.direction == "downstream" ? AspaDirection::kDownstream : AspaDirection::kUpstream;
}

int RunCheck(const RovOptions& o) {
  ProblemPrinter printer(o.quiet);
  ProblemLog& problems = printer.log();
  if (o.check_format != "text" && o.check_format != "json") {
    std::fprintf(stderr, "manrs: --format must be text or json\n");
    return 2;
  }
  auto prefix = Prefix::Parse(o.prefix);
  if (!prefix) {
    std::fprintf(stderr, "manrs: %s\n", prefix.error().message.c_str());
    return 2;
  }
  AsPath path;
  if (!o.path.empty()) {
    auto parsed = AsPath::Parse(o.path);
    if (!parsed) {
      std::fprintf(stderr, "manrs: --path: %s\n", parsed.error().message.c_str());
      return 2;
    }
    path = std::move(*parsed);
  }
  std::optional<Asn> origin;
  if (o.asn != "NONE" && o.asn != "none") {
    auto asn = ParseAsn(o.asn);
    if (!asn) {
      std::fprintf(stderr, "manrs: %s\n", asn.error().message.c_str());
      return 2;
    }
    origin = *asn;
  }
  auto rpki = Load(o, problems);
  if (!rpki) {
    std::fprintf(stderr, "manrs: %s\n", rpki.error().message.c_str());
    return 2;
  }
  const RovResult result = ValidateRoute(rpki->vrps, *prefix, origin);
  const std::vector<RovReason> reasons = InvalidReasons(result, prefix->length());
  std::optional<AspaVerdict> aspa;
  if (!path.empty()) aspa = VerifyAsPath(rpki->aspas, path, Direction(o));
  if (o.check_format == "json") {
    std::string out;
    AppendRouteCheckJson(*prefix, origin, result, reasons, aspa ? &*aspa : nullptr, &out);
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    std::string why = RovReasonName(result.reason);
    for (std::size_t i = 1; i < reasons.size(); ++i)
      why += std::string(", ") + RovReasonName(reasons[i]);
    fmt::print("route        {} origin {}\n", prefix->ToString(),
               origin ? fmt::format("AS{}", *origin) : std::string("NONE"));
    fmt::print("rov          {} ({})\n", RovStateName(result.state), why);
    for (const CoveringVrp& c : result.covering) {
      fmt::print("  vrp        {}  {}\n", ToString(c.vrp), VrpMatchName(c.match));
    }
    if (result.covering.empty()) fmt::print("  no vrp covers {}\n", prefix->ToString());
    if (aspa) {
      if (origin && path.OriginAsn() != origin) {
        fmt::print("note         the path's origin differs from AS{}\n", *origin);
      }
      fmt::print("aspa         {} ({}, {} ASPAs loaded)\n", ToString(*aspa), o.direction,
                 rpki->aspas.size());
    }
  }
  // An invalid route is a finding, as a problem in the input is.
  const bool invalid =
      result.state == RovState::kInvalid || (aspa && aspa->state == AspaState::kInvalid);
  return invalid || (problems.count() && !o.lenient) ? 1 : 0;
}

// The tables a scan checks against besides the RPKI data.
struct ScanTables {
  BogonPrefixes bogons = BogonPrefixes::BuiltIn();
  std::optional<AsRelationships> relationships;
};

// g++ 12 at -O3 sees a false -Wfree-nonheap-object in the destructor of the
// Result<AsRelationships> below (a known std::variant false positive).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"
#endif
bool LoadScanTables(const RovOptions& o, ProblemLog& problems, ScanTables* t) {
  for (const std::string& list : o.bogon_lists) {
    auto added = t->bogons.LoadList(list, problems);
    if (!added) {
      PrintFileError(list, added.error());
      return false;
    }
  }
  if (!o.asrel.empty()) {
    auto rel = AsRelationships::Load(o.asrel, problems);
    if (!rel) {
      PrintFileError(o.asrel, rel.error());
      return false;
    }
    t->relationships = std::move(*rel);
  }
  return true;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

int RunScan(const RovOptions& o) {
  ProblemPrinter printer(o.quiet);
  ProblemLog& problems = printer.log();
  if (o.format != "csv" && o.format != "json") {
    std::fprintf(stderr, "manrs: --format must be csv or json\n");
    return 2;
  }
  auto rpki = Load(o, problems);
  if (!rpki) {
    std::fprintf(stderr, "manrs: %s\n", rpki.error().message.c_str());
    return 2;
  }
  ScanTables tables;
  if (!LoadScanTables(o, problems, &tables)) return 2;
  RouteCheckConfig config;
  config.vrps = &rpki->vrps;
  if (o.aspa) config.aspas = &rpki->aspas;
  config.aspa_direction = Direction(o);
  config.bogons = &tables.bogons;
  if (tables.relationships) config.relationships = &*tables.relationships;
  if (!o.role.empty()) config.receiver_role = ParseBgpRole(o.role);
  const RouteChecker checker(config);
  const bool json = o.format == "json";
  std::string out;
  out.reserve(1 << 21);
  if (!json) AppendVerdictCsvHeader(config, &out);
  ScanSummary summary;
  RouteVerdict verdict;
  std::optional<Progress> progress;
  if (!isatty(STDOUT_FILENO)) progress.emplace("validating", TotalSize(o.mrt));
  std::uint64_t done_before = 0;
  int unusable = 0;
  for (const auto& file : o.mrt) {
    auto reader = ElementReader::Open(file, problems);
    if (!reader) {
      PrintFileError(file, reader.error());
      ++unusable;
      continue;
    }
    ElementReader& r = **reader;
    r.ForEachRecord([&](const RawRecord&, std::span<const Element> batch) {
      for (const Element& e : batch) {
        if (!e.attributes) continue;  // withdrawals, state changes
        checker.Check(e.prefix, e.safi, *e.attributes, e.peer_asn, &verdict);
        summary.Add(verdict, e.peer_ip, e.peer_asn);
        const VerdictRoute route{e.prefix, e.peer_ip, e.peer_asn};
        if (json) {
          AppendVerdictJson(config, route, verdict, &out);
        } else {
          AppendVerdictCsv(config, route, verdict, &out);
        }
      }
      if (out.size() > (1 << 20)) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
        if (progress) progress->UpdateRarely(done_before + r.input().consumed());
      }
    });
    done_before += r.input().file_size();
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (progress) progress->Finish();

  // The summary goes to stderr so the verdict lines stay machine-readable.
  std::string text;
  AppendScanSummaryText(summary, {config, rpki->vrps.size(), rpki->aspas.size()}, &text);
  std::fputs(text.c_str(), stderr);
  if (unusable) return 2;
  return problems.count() && !o.lenient ? 1 : 0;
}

void AddRpkiOptions(CLI::App* cmd, RovOptions* o) {
  cmd->add_option("--vrps", o->vrps,
                  "rpki-client / Routinator / StayRTR output (JSON or CSV, maybe compressed)")
      ->required()
      ->check(InputFile());
  cmd->add_option("--slurm", o->slurm, "local exceptions (RFC 8416 SLURM file)")
      ->check(InputFile());
  cmd->add_flag("--lenient", o->lenient, "exit 0 even if the input had problems");
  cmd->add_flag("-q,--quiet", o->quiet, "do not print each input problem");
  cmd->add_option("--aspa-direction", o->direction, "upstream (default) or downstream")
      ->check(CLI::IsMember({"upstream", "downstream"}));
}

}  // namespace

void AddRovCommands(CLI::App& app, CommandRun* run) {
  auto options = std::make_shared<RovOptions>();
  CLI::App* rov = app.add_subcommand("rov", "route origin validation and ASPA verification");
  rov->require_subcommand(1);

  CLI::App* check = rov->add_subcommand("check", "validate one route and explain the verdict");
  check->add_option("prefix", options->prefix, "the route's prefix")->required();
  check->add_option("asn", options->asn, "its origin AS (NONE for an AS_SET origin)")->required();
  check->add_option("--path", options->path, "the AS path, neighbour first, e.g. \"3356 13335\"");
  check->add_option("--format", options->check_format, "text (default) or json");
  AddRpkiOptions(check, options.get());
  check->callback([options, run] { *run = [options] { return RunCheck(*options); }; });

  CLI::App* scan = rov->add_subcommand("scan", "validate every route of MRT files");
  scan->add_option("--mrt", options->mrt, "MRT files (RIBs or updates)")
      ->required()
      ->check(InputFile());
  scan->add_flag("--aspa", options->aspa, "also verify each AS path with ASPA");
  scan->add_option("--format", options->format, "csv (default) or json");
  scan->add_option("--asrel", options->asrel,
                   "AS relationships (CAIDA as-rel) for a valley-free check of each path")
      ->check(InputFile());
  scan->add_option("--bogons", options->bogon_lists,
                   "bogon prefix lists (Team Cymru) besides the built-in IANA registries")
      ->check(InputFile());
  scan->add_option("--role", options->role,
                   "apply the RFC 9234 OTC ingress rules as an AS with this role towards "
                   "each peer: provider, rs, rs-client, customer or peer")
      ->check(CLI::IsMember({"provider", "rs", "rs-client", "customer", "peer"}));
  AddRpkiOptions(scan, options.get());
  scan->callback([options, run] { *run = [options] { return RunScan(*options); }; });
}

}  // namespace manrs
