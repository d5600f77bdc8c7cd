// `manrs rov check` and `manrs rov scan`: route origin validation (RFC 6811)
// and ASPA path verification against a relying party's output.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "apps/cli_support.h"
#include "apps/commands.h"
#include "fmt/format.h"
#include "manrs/mrt/element_reader.h"
#include "manrs/output/progress.h"
#include "manrs/output/route_verdict_format.h"
#include "manrs/rpki/aspa_verification.h"
#include "manrs/rpki/payload_loader.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/rpki/slurm.h"
#include "manrs/rpki/vrp_table.h"
#include "manrs/validate/as_relationships.h"
#include "manrs/validate/bogons.h"
#include "manrs/validate/route_checks.h"
#include "manrs/validate/route_leak.h"

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
  // scan
  std::vector<std::string> mrt;
  bool aspa = false;
  std::string direction = "upstream";
  std::string format = "csv";
  std::string asrel;
  std::vector<std::string> bogon_lists;
  std::string role;
};

// The RPKI data a command validates against.
struct Rpki {
  RpkiPayloads payloads;
  VrpTable vrps;
  AspaTable aspas;
};

std::optional<Rpki> LoadRpki(const RovOptions& o, ProblemLog& problems) {
  auto payloads = LoadRpkiPayloads(o.vrps, problems);
  if (!payloads) {
    PrintFileError(o.vrps, payloads.error());
    return std::nullopt;
  }
  if (!o.slurm.empty()) {
    auto slurm = LoadSlurm(o.slurm, problems);
    if (!slurm) {
      PrintFileError(o.slurm, slurm.error());
      return std::nullopt;
    }
    ApplySlurm(*slurm, &*payloads);
  }
  auto table = VrpTable::Build(payloads->vrps);
  if (!table) {
    PrintFileError(o.vrps, table.error());
    return std::nullopt;
  }
  Rpki rpki{std::move(*payloads), std::move(*table), AspaTable()};
  rpki.aspas = AspaTable(rpki.payloads.aspas);
  return rpki;
}

// "64500 64501 {64502,64503}" or "AS64500 AS64501" into an AS_PATH.
bool ParsePath(const std::string& text, AsPath* path) {
  std::string normal = text;
  for (char& c : normal) {
    if (c == ',') c = ' ';
  }
  std::istringstream words(normal);
  std::string word;
  std::vector<Asn> sequence, set;
  bool in_set = false;
  while (words >> word) {
    bool open = word.front() == '{';
    bool close = word.back() == '}';
    if (open) word.erase(0, 1);
    if (close) word.pop_back();
    if (open) {
      if (!sequence.empty()) path->Append(SegmentType::kAsSequence, sequence);
      sequence.clear();
      in_set = true;
    }
    if (!word.empty()) {
      auto asn = ParseAsn(word);
      if (!asn) return false;
      (in_set ? set : sequence).push_back(*asn);
    }
    if (close) {
      path->Append(SegmentType::kAsSet, set);
      set.clear();
      in_set = false;
    }
  }
  if (in_set) return false;
  if (!sequence.empty()) path->Append(SegmentType::kAsSequence, sequence);
  return true;
}

AspaDirection Direction(const RovOptions& o) {
  return o.direction == "downstream" ? AspaDirection::kDownstream : AspaDirection::kUpstream;
}

int RunCheck(const RovOptions& o) {
  ProblemPrinter printer(o.quiet);
  ProblemLog& problems = printer.log();
  auto prefix = Prefix::Parse(o.prefix);
  if (!prefix) {
    std::fprintf(stderr, "manrs: %s\n", prefix.error().message.c_str());
    return 2;
  }
  std::optional<Asn> origin;
  AsPath path;
  if (!o.path.empty()) {
    if (!ParsePath(o.path, &path)) {
      std::fprintf(stderr, "manrs: --path: cannot read '%s'\n", o.path.c_str());
      return 2;
    }
  }
  if (o.asn != "NONE" && o.asn != "none") {
    auto asn = ParseAsn(o.asn);
    if (!asn) {
      std::fprintf(stderr, "manrs: %s\n", asn.error().message.c_str());
      return 2;
    }
    origin = *asn;
  }
  auto rpki = LoadRpki(o, problems);
  if (!rpki) return 2;
  RovResult result = ValidateRoute(rpki->vrps, *prefix, origin);
  fmt::print("route        {} origin {}\n", prefix->ToString(),
             origin ? fmt::format("AS{}", *origin) : std::string("NONE"));
  fmt::print("rov          {} ({})\n", RovStateName(result.state), RovReasonName(result.reason));
  for (const CoveringVrp& c : result.covering) {
    fmt::print("  vrp        {}  {}\n", ToString(c.vrp), VrpMatchName(c.match));
  }
  if (result.covering.empty()) fmt::print("  no vrp covers {}\n", prefix->ToString());
  if (!path.empty()) {
    if (origin && path.OriginAsn() != origin) {
      fmt::print("note         the path's origin differs from AS{}\n", *origin);
    }
    AspaVerdict verdict = VerifyAsPath(rpki->aspas, path, Direction(o));
    fmt::print("aspa         {} ({}, {} ASPAs loaded)\n", ToString(verdict), o.direction,
               rpki->aspas.size());
  }
  return problems.count() && !o.lenient ? 1 : 0;
}

struct StateCounts {
  std::uint64_t counts[3] = {};
  std::uint64_t total() const { return counts[0] + counts[1] + counts[2]; }
};

// The tables a scan checks against besides the RPKI data.
struct ScanTables {
  BogonPrefixes bogons = BogonPrefixes::BuiltIn();
  std::optional<AsRelationships> relationships;
};

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

// Routes with each kind of finding besides ROV and ASPA.
struct FindingCounts {
  std::uint64_t bogon_prefix = 0;
  std::uint64_t bogon_asn = 0;
  std::uint64_t too_specific = 0;
  std::uint64_t valley_free[3] = {};
  std::uint64_t otc = 0;
  std::uint64_t otc_leak = 0;

  void Add(const RouteVerdict& v) {
    bogon_prefix += v.bogon_prefix.has_value();
    bogon_asn += !v.bogon_asns.empty();
    too_specific += v.too_specific;
    if (v.valley_free) ++valley_free[static_cast<std::size_t>(v.valley_free->state)];
    otc += v.otc.has_value();
    otc_leak += v.otc_ingress && v.otc_ingress->leak;
  }
};

int RunScan(const RovOptions& o) {
  ProblemPrinter printer(o.quiet);
  ProblemLog& problems = printer.log();
  if (o.format != "csv" && o.format != "json") {
    std::fprintf(stderr, "manrs: --format must be csv or json\n");
    return 2;
  }
  auto rpki = LoadRpki(o, problems);
  if (!rpki) return 2;
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
  StateCounts by_state;
  std::map<std::pair<IpAddress, Asn>, StateCounts> by_peer;
  std::unordered_map<Asn, StateCounts> by_origin;
  std::uint64_t aspa_counts[3] = {};
  FindingCounts findings;
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
        auto state = static_cast<std::size_t>(verdict.rov->state);
        ++by_state.counts[state];
        ++by_peer[{e.peer_ip, e.peer_asn}].counts[state];
        if (verdict.origin) ++by_origin[*verdict.origin].counts[state];
        if (verdict.aspa) ++aspa_counts[static_cast<std::size_t>(verdict.aspa->state)];
        findings.Add(verdict);
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
  auto line = [](const std::string& label, const StateCounts& c) {
    double total = static_cast<double>(std::max<std::uint64_t>(c.total(), 1));
    std::fprintf(stderr, "%-44s %10llu  valid %5.1f%%  invalid %5.1f%%  not-found %5.1f%%\n",
                 label.c_str(), static_cast<unsigned long long>(c.total()),
                 100.0 * static_cast<double>(c.counts[0]) / total,
                 100.0 * static_cast<double>(c.counts[2]) / total,
                 100.0 * static_cast<double>(c.counts[1]) / total);
  };
  std::fprintf(stderr, "routes by state: valid %llu, invalid %llu, not-found %llu (%zu VRPs)\n",
               static_cast<unsigned long long>(by_state.counts[0]),
               static_cast<unsigned long long>(by_state.counts[2]),
               static_cast<unsigned long long>(by_state.counts[1]), rpki->vrps.size());
  if (o.aspa) {
    std::fprintf(stderr, "aspa (%s, %zu ASPAs): valid %llu, invalid %llu, unknown %llu\n",
                 o.direction.c_str(), rpki->aspas.size(),
                 static_cast<unsigned long long>(aspa_counts[0]),
                 static_cast<unsigned long long>(aspa_counts[1]),
                 static_cast<unsigned long long>(aspa_counts[2]));
  }
  auto count = [](std::uint64_t n) { return static_cast<unsigned long long>(n); };
  std::fprintf(stderr,
               "bogons: %llu routes with a bogon prefix, %llu with a bogon AS in the path; "
               "%llu longer than /24 or /48\n",
               count(findings.bogon_prefix), count(findings.bogon_asn),
               count(findings.too_specific));
  if (config.relationships) {
    std::fprintf(stderr, "valley-free (%zu AS links): valid %llu, leak %llu, unknown %llu\n",
                 config.relationships->link_count(), count(findings.valley_free[0]),
                 count(findings.valley_free[1]), count(findings.valley_free[2]));
  }
  if (config.receiver_role) {
    std::fprintf(stderr, "otc (received as %s): %llu routes carry OTC, %llu leaks\n",
                 BgpRoleName(*config.receiver_role), count(findings.otc), count(findings.otc_leak));
  }
  std::fprintf(stderr, "per peer:\n");
  for (const auto& [peer, counts] : by_peer) {
    line(fmt::format("  {} AS{}", peer.first.ToString(), peer.second), counts);
  }
  std::vector<std::pair<Asn, StateCounts>> origins(by_origin.begin(), by_origin.end());
  std::sort(origins.begin(), origins.end(), [](const auto& a, const auto& b) {
    return a.second.counts[2] != b.second.counts[2] ? a.second.counts[2] > b.second.counts[2]
                                                    : a.first < b.first;
  });
  std::fprintf(stderr, "origin ASes with the most invalid routes (of %zu origins):\n",
               origins.size());
  for (std::size_t i = 0; i < origins.size() && i < 20 && origins[i].second.counts[2]; ++i) {
    line(fmt::format("  AS{}", origins[i].first), origins[i].second);
  }
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
