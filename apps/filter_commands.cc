// `manrs filter`: a router filter from the local IRR, in one step. The words
// are bgpq4's (so existing scripts move over by changing the program name),
// plus the options that choose the database and guard the update:
//
//   manrs filter -J -l AS-FOO-IN AS-FOO
//   manrs filter --format frr -A AS-FOO --diff current.conf -o next.conf
//
// The set is expanded by the irr area (set_expansion.h), the text written by
// the filter area (filter_request.h); this file only joins them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "apps/cli_support.h"
#include "apps/commands.h"
#include "apps/irr_open.h"
#include "fmt/format.h"
#include "manrs/base/atomic_file.h"
#include "manrs/base/input.h"
#include "manrs/base/text.h"
#include "manrs/filter/dialect.h"
#include "manrs/filter/diff.h"
#include "manrs/filter/filter_request.h"
#include "manrs/filter/filter_text.h"
#include "manrs/irr/set_expansion.h"

namespace manrs {

namespace {

constexpr int kExitRefused = 1;  // nothing written: expansion failed, empty, bad old filter
constexpr int kExitUsage = 2;
constexpr int kExitGuard = 3;  // the update would remove too much of the old filter

constexpr const char* kUsage = R"(Usage: manrs filter [bgpq4 options] [manrs options] OBJECT...

OBJECT is an AS-SET (AS-FOO, AS1:AS-FOO, RIPE::AS-FOO), an ASN (AS64496) or a
ROUTE-SET, expanded from the local IRR that `manrs irr load` built.

bgpq4 options, with bgpq4's meaning (`man bgpq4`):
  -4 -6             address family (default IPv4)
  -A                aggregate: fewest lines accepting exactly the same routes
  -m LEN            drop prefixes longer than LEN      -R LEN / -r LEN  refine
  -l NAME           filter name                        -s  sequence numbers
  -b -B -e -F FMT -j -J -K -K7 -n -N -u -U -X -E -z   output dialect (default Cisco IOS)
  -f ASN / -G ASN / -t  AS-path filter / output filter / as-set instead of prefixes
  -a ASN -M MATCH -W LEN -p   as in bgpq4; -w keeps only origins with route objects
  -S SOURCES        sources in order of preference, e.g. RIPE,RADB
  -L DEPTH          levels of sets to expand (default 65: 64 below the named set)
manrs options:
  --format NAME     any dialect by name (frr, vyos, srlinux, mikrotik7, csv, ...;
                    `manrs filter --format list` prints them)
  --db PATH         the IRR database (default as for `manrs irr load`)
  --vrps FILE       RPKI-aware: leave out RPKI-invalid route objects
  --slurm FILE      with --vrps: local exceptions (RFC 8416 SLURM file)
  --roa-routes      with --vrps: ROAs count as route objects
  --allow-empty     write an empty filter instead of refusing
  --diff OLD        print what changes against the filter in OLD (a filter or a
                    whole router configuration); refuse when too much would go
  --max-change PCT  with --diff: the largest share of OLD's entries that may go
                    (default 10; 100 turns the guard off)
  -o FILE           write the filter to FILE (atomically; not at all when refused)
  -q                no findings or summary on stderr
Exit status: 0 written, 1 refused (failed or empty expansion, damaged OLD),
2 usage or database error (also a missing or unreadable file), 3 refused by the
--max-change guard.
)";

struct FilterCommandOptions {
  std::string db;
  std::vector<std::string> sources;
  int max_depth = 65;  // bgpq4 -L: levels of sets (our max_depth + 1)
  std::string vrps;
  std::string slurm;
  bool roa_routes = false;
  bool validate_origins = false;  // -w
  std::string diff;
  double max_change_percent = 10.0;
  std::string output;
  bool quiet = false;
  bool list_formats = false;
  std::vector<std::string> bgpq4_args;  // everything else, for ParseBgpq4Arguments
};

// Takes our own options out of args; the rest stays for ParseBgpq4Arguments.
bool ParseCommandOptions(const std::vector<std::string>& args, FilterCommandOptions* o) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* target) {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "manrs filter: option %s needs a value\n", a.c_str());
        return false;
      }
      *target = args[++i];
      return true;
    };
    auto number = [&](double* target) {
      std::string text;
      if (!value(&text)) return false;
      try {
        std::size_t used = 0;
        *target = std::stod(text, &used);
        if (used == text.size() && *target >= 0) return true;
      } catch (const std::exception&) {
      }
      std::fprintf(stderr, "manrs filter: option %s needs a number, not '%s'\n", a.c_str(),
                   text.c_str());
      return false;
    };
    std::string text;
    double n = 0;
    if (a == "--") continue;
    if (a == "--db") {
      if (!value(&o->db)) return false;
    } else if (a == "-S" || a == "--sources") {
      if (!value(&text)) return false;
      o->sources = SplitList(text, ',');
    } else if (a == "-L" || a == "--max-depth") {
      if (!number(&n)) return false;
      o->max_depth = static_cast<int>(n);
    } else if (a == "--vrps") {
      if (!value(&o->vrps)) return false;
    } else if (a == "--slurm") {
      if (!value(&o->slurm)) return false;
    } else if (a == "--roa-routes") {
      o->roa_routes = true;
    } else if (a == "-w") {
      o->validate_origins = true;
    } else if (a == "--diff") {
      if (!value(&o->diff)) return false;
    } else if (a == "--max-change") {
      if (!number(&o->max_change_percent)) return false;
    } else if (a == "-o" || a == "--output") {
      if (!value(&o->output)) return false;
    } else if (a == "-q" || a == "--quiet") {
      o->quiet = true;
    } else if (a == "-T" || a == "-d") {
      // bgpq4's "no pipelining" and "debug": about talking to a whois server,
      // which the local database does not need.
    } else if (a == "-h") {
      std::fprintf(stderr,
                   "manrs filter: -h HOST: this command reads the local IRR (--db); for a "
                   "remote IRR server run bgpq4 -h HOST\n");
      return false;
    } else if (a == "--format" && i + 1 < args.size() && args[i + 1] == "list") {
      o->list_formats = true;
      ++i;
    } else {
      o->bgpq4_args.push_back(a);
    }
  }
  return true;
}

// The union of every object's expansion. A failed object makes the whole
// expansion fail: a filter missing one customer set is not a smaller filter,
// it is a wrong one.
struct Expanded {
  Status status;
  std::vector<Asn> asns;
  std::vector<PrefixRange> prefixes;
  std::vector<ExpansionFinding> findings;
  ExpansionStats stats;
};

Expanded ExpandObjects(const OpenedIrr& irr, const ExpansionOptions& options,
                       const std::vector<std::string>& objects, Afi afi) {
  Expanded out;
  for (const auto& name : objects) {
    auto e = ExpandSet(irr.db, name, options);
    if (!e) {
      out.status = MakeError(e.error().code, e.error().message);
      return out;
    }
    out.asns.insert(out.asns.end(), e->asns.begin(), e->asns.end());
    const auto& list = afi == Afi::kIpv4 ? e->ipv4 : e->ipv6;
    out.prefixes.insert(out.prefixes.end(), list.begin(), list.end());
    out.findings.insert(out.findings.end(), e->findings.begin(), e->findings.end());
    out.stats.sets_visited += e->stats.sets_visited;
    out.stats.routes_seen += e->stats.routes_seen;
    out.stats.rpki_invalid_suppressed += e->stats.rpki_invalid_suppressed;
    out.stats.roa_routes_added += e->stats.roa_routes_added;
  }
  SortUnique(&out.asns);
  SortUnique(&out.prefixes);
  return out;
}

// bgpq4 -w: only origins that have route objects in the family asked for.
void KeepOriginsWithRoutes(const OpenedIrr& irr, const ExpansionOptions& options, Afi afi,
                           std::vector<Asn>* asns) {
  SetExpander expander(irr.db, options);
  std::vector<PrefixRange> routes;
  std::erase_if(*asns, [&](Asn asn) {
    routes.clear();
    expander.AppendRoutesOf(asn, afi, &routes);
    return routes.empty();
  });
}

// The diff of the new filter against OLD, both read back by the same reader
// so that dialect details cancel out. Returns the exit status.
int DiffAndGuard(const FilterCommandOptions& o, const FilterRequest& request,
                 const std::string& new_text, bool named) {
  auto old_text = ReadWholeInput(o.diff);
  if (!old_text) {
    std::fprintf(stderr, "manrs filter: --diff: %s\n", old_text.error().message.c_str());
    return kExitRefused;
  }
  const Dialect dialect = request.render.dialect;
  ChangeLimits limits;
  limits.max_removed_share = o.max_change_percent / 100.0;
  std::string diff_text;
  std::size_t added = 0, removed = 0, kept = 0;
  Status verdict;
  if (request.as_path) {
    auto old_origins = ParseAsPathText(*old_text, dialect);
    auto new_origins = ParseAsPathText(new_text, dialect);
    if (!old_origins || !new_origins) {
      std::fprintf(stderr, "manrs filter: %s: %s\n", o.diff.c_str(),
                   (!old_origins ? old_origins : new_origins).error().message.c_str());
      return kExitRefused;
    }
    const OriginDiff diff = DiffOrigins(*old_origins, *new_origins);
    diff_text = diff.ToString();
    added = diff.added.size(), removed = diff.removed.size(), kept = diff.kept;
    verdict = CheckChange(diff, limits);
  } else {
    auto parse = [&](std::string_view text) {
      return named ? ParseFilterText(text, dialect, request.render.name)
                   : ParseFilterText(text, dialect);
    };
    auto old_lines = parse(*old_text);
    if (!old_lines) {
      std::fprintf(stderr, "manrs filter: %s: %s\n", o.diff.c_str(),
                   old_lines.error().message.c_str());
      return kExitRefused;
    }
    auto new_lines = parse(new_text);
    if (!new_lines) {
      std::fprintf(stderr, "manrs filter: reading back the new filter: %s\n",
                   new_lines.error().message.c_str());
      return kExitRefused;
    }
    const FilterDiff diff = DiffFilters(*old_lines, *new_lines);
    diff_text = diff.ToString();
    added = diff.added.size(), removed = diff.removed.size(), kept = diff.kept;
    verdict = CheckChange(diff, limits);
  }
  std::fwrite(diff_text.data(), 1, diff_text.size(), stdout);
  if (!o.quiet) {
    std::fprintf(stderr, "manrs filter: %s: %zu added, %zu removed, %zu kept\n",
                 request.render.name.c_str(), added, removed, kept);
  }
  if (!verdict) {
    std::fprintf(stderr, "manrs filter: refusing the update of %s: %s (--max-change %g)\n",
                 request.render.name.c_str(), verdict.error().message.c_str(),
                 o.max_change_percent);
    return kExitGuard;
  }
  return 0;
}

int RunFilter(const std::vector<std::string>& args) {
  FilterCommandOptions o;
  if (!ParseCommandOptions(args, &o)) return kExitUsage;
  if (o.list_formats) {
    for (const DialectInfo& info : Dialects()) {
      const std::string same = info.dialect == Dialect::kCiscoIos ? "bgpq4 (its default)"
                               : info.bgpq4_flags.empty()
                                   ? "(manrs only)"
                                   : "bgpq4 " + std::string(info.bgpq4_flags);
      std::printf("%-28s %s\n", std::string(info.name).c_str(), same.c_str());
    }
    return 0;
  }
  std::vector<std::string_view> words(o.bgpq4_args.begin(), o.bgpq4_args.end());
  auto request = ParseBgpq4Arguments(words);
  if (!request) {
    std::fprintf(stderr, "manrs filter: %s\n", request.error().message.c_str());
    return kExitUsage;
  }
  if (request->objects.empty()) {
    std::fprintf(stderr, "manrs filter: name an AS-SET, ASN or ROUTE-SET (--help for usage)\n");
    return kExitUsage;
  }
  const bool named = std::find(words.begin(), words.end(), "-l") != words.end();
  if (!CheckInputFile(o.diff) || !CheckInputFile(o.vrps) || !CheckInputFile(o.slurm)) {
    return kExitUsage;
  }

  auto irr = OpenIrrForQueries(o.db, o.vrps, o.slurm, o.roa_routes, o.quiet);
  if (!irr) return kExitUsage;
  ExpansionOptions options;
  if (!SelectSources(irr->db, o.sources, &options)) return kExitUsage;
  // bgpq4 -L N expands N levels of sets: the named set's own members are
  // level 1, which is our depth 0.
  options.max_depth = o.max_depth > 0 ? o.max_depth - 1 : 0;
  options.source_scope_named_set_only = true;  // "RIPE::AS-FOO" as bgpq4 reads it
  options.vrps = irr->vrps.get();
  options.roa_routes = o.roa_routes ? &irr->roa_routes : nullptr;

  const auto start = std::chrono::steady_clock::now();
  const Afi afi = request->prefixes.afi;
  Expanded expanded = ExpandObjects(*irr, options, request->objects, afi);
  if (expanded.status && request->as_path && o.validate_origins) {
    KeepOriginsWithRoutes(*irr, options, afi, &expanded.asns);
  }
  auto text = GenerateFilter(*request, expanded.status, expanded.prefixes, expanded.asns);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!o.quiet) {
    for (const auto& f : expanded.findings) {
      std::fprintf(stderr, "manrs filter: %s: %s: %s\n", ExpansionFindingName(f.kind),
                   f.set.c_str(), f.detail.c_str());
    }
    if (expanded.stats.rpki_invalid_suppressed > 0) {
      std::fprintf(stderr, "manrs filter: %llu RPKI-invalid route objects left out\n",
                   static_cast<unsigned long long>(expanded.stats.rpki_invalid_suppressed));
    }
  }
  if (!text) {
    std::fprintf(stderr, "manrs filter: %s\n", text.error().message.c_str());
    return kExitRefused;
  }
  if (!o.quiet) {
    std::fprintf(stderr, "manrs filter: %s: %zu ASNs, %zu IPv%c prefixes, %.1f ms\n",
                 fmt::format("{}", fmt::join(request->objects, " ")).c_str(), expanded.asns.size(),
                 expanded.prefixes.size(), afi == Afi::kIpv4 ? '4' : '6', ms);
  }
  if (!o.diff.empty()) {
    const int status = DiffAndGuard(o, *request, *text, named);
    if (status != 0) return status;
  }
  if (!o.output.empty()) {
    // Atomically, so a router never reads half a filter.
    if (auto written = WriteFileAtomically(o.output, *text); !written) {
      std::fprintf(stderr, "manrs filter: -o: %s\n", written.error().message.c_str());
      return kExitRefused;
    }
    return 0;
  }
  if (o.diff.empty()) std::fwrite(text->data(), 1, text->size(), stdout);
  return 0;
}

}  // namespace

void AddFilterCommands(CLI::App& app, CommandRun* run) {
  auto* filter = app.add_subcommand(
      "filter", "router filter (prefix list, AS-path filter) from the local IRR, bgpq4's flags");
  // bgpq4's single-dash words (-K7, -h, -A ...) are not CLI11's: take them all
  // and read them here.
  filter->prefix_command();
  filter->set_help_flag("--help", "usage of manrs filter");
  filter->footer(kUsage);
  filter->callback(
      [run, filter] { *run = [args = filter->remaining()] { return RunFilter(args); }; });
}

}  // namespace manrs
