// `manrs mrt dump` and `manrs mrt summary`.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "apps/cli_support.h"
#include "apps/commands.h"
#include "fmt/format.h"
#include "manrs/base/quote.h"
#include "manrs/base/time_text.h"
#include "manrs/mrt/element_filter.h"
#include "manrs/mrt/element_reader.h"
#include "manrs/mrt/parallel_reader.h"
#include "manrs/output/element_format.h"
#include "manrs/output/progress.h"

namespace manrs {

namespace {

struct MrtOptions {
  std::vector<std::string> files;
  bool lenient = false;
  bool quiet = false;
  int threads = 0;
  // dump
  bool machine = false;
  bool human = false;
  bool json = false;
  bool session_messages = false;
  std::vector<std::string> prefixes;
  bool more_specific = false;
  std::vector<std::string> origins;
  std::vector<std::string> peers;
  std::string start, end;
  std::vector<std::string> types;
};

// Parses the filter options; returns false after printing why.
bool BuildFilter(const MrtOptions& o, ElementFilter* filter) {
  for (const auto& text : o.prefixes) {
    auto p = Prefix::Parse(text);
    if (!p) {
      std::fprintf(stderr, "manrs: --prefix: %s\n", p.error().message.c_str());
      return false;
    }
    filter->prefixes.push_back(*p);
  }
  if (o.more_specific) filter->prefix_match = ElementFilter::PrefixMatch::kMoreSpecific;
  for (const auto& text : o.origins) {
    auto asn = ParseAsn(text);
    if (!asn) {
      std::fprintf(stderr, "manrs: --origin: %s\n", asn.error().message.c_str());
      return false;
    }
    filter->origin_asns.push_back(*asn);
  }
  for (const auto& text : o.peers) {
    if (auto ip = IpAddress::Parse(text)) {
      filter->peer_ips.push_back(*ip);
    } else if (auto asn = ParseAsn(text)) {
      filter->peer_asns.push_back(*asn);
    } else {
      std::fprintf(stderr, "manrs: --peer: '%s' is neither an address nor an AS\n", text.c_str());
      return false;
    }
  }
  // MRT timestamps are 32-bit Unix seconds.
  auto time = [](const char* option, const std::string& text, std::optional<std::uint32_t>* out) {
    if (text.empty()) return true;
    auto t = ParseTimeText(text);
    if (t && *t > 0xffffffffLL) {
      t = MakeError(ErrorCode::kParse, "time " + QuoteForMessage(text) + " is past 2106");
    }
    if (!t) {
      std::fprintf(stderr, "manrs: %s: %s\n", option, t.error().message.c_str());
      return false;
    }
    *out = static_cast<std::uint32_t>(*t);
    return true;
  };
  if (!time("--start", o.start, &filter->start_time) || !time("--end", o.end, &filter->end_time)) {
    return false;
  }
  if (filter->start_time && filter->end_time && *filter->end_time <= *filter->start_time) {
    std::fprintf(stderr, "manrs: --end (exclusive) must come after --start\n");
    return false;
  }
  for (const auto& t : o.types) {
    if (t == "rib") {
      filter->types.push_back(ElementType::kRibEntry);
    } else if (t == "announce") {
      filter->types.push_back(ElementType::kAnnounce);
    } else if (t == "withdraw") {
      filter->types.push_back(ElementType::kWithdraw);
    } else if (t == "state") {
      filter->types.push_back(ElementType::kStateChange);
    } else if (t == "table_dump") {
      filter->mrt_types.push_back(kMrtTableDump);
    } else if (t == "table_dump_v2") {
      filter->mrt_types.push_back(kMrtTableDumpV2);
    } else if (t == "bgp4mp") {
      filter->mrt_types.push_back(kMrtBgp4mp);
      filter->mrt_types.push_back(kMrtBgp4mpEt);
    } else if (t == "bgp") {
      filter->mrt_types.push_back(kMrtBgp);
    } else {
      std::fprintf(stderr, "manrs: --type: unknown '%s'\n", t.c_str());
      return false;
    }
  }
  return true;
}

int ExitCode(const ProblemLog& problems, const MrtOptions& o) {
  return problems.count() > 0 && !o.lenient ? 1 : 0;
}

int RunDump(const MrtOptions& o) {
  if (!CheckInputFiles(o.files, /*allow_stdin=*/true)) return 2;
  ElementFilter filter;
  if (!BuildFilter(o, &filter)) return 2;
  auto format = MakeElementFormat(o.json ? "json" : o.human ? "bgpdump-M" : "bgpdump-m");
  ProblemPrinter printer(o.quiet);
  ProblemLog& problems = printer.log();
  std::string out;
  out.reserve(1 << 21);
  auto flush = [&] {
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
  };
  int unusable = 0;
  // A bar on stderr only when the lines themselves go to a file or a pipe.
  std::optional<Progress> progress;
  if (!isatty(STDOUT_FILENO)) progress.emplace("reading", TotalSize(o.files));
  std::uint64_t done_before = 0;
  for (const auto& file : o.files) {
    auto reader = ElementReader::Open(file, problems);
    if (!reader) {
      PrintFileError(file, reader.error());
      ++unusable;
      continue;
    }
    (*reader)->set_session_messages(o.session_messages);
    bool filtered = !filter.empty();
    ElementReader& r = **reader;
    r.ForEachRecord([&](const RawRecord&, std::span<const Element> batch) {
      for (const Element& e : batch) {
        if (filtered && !filter.Matches(e)) continue;
        format->Append(e, &out);
      }
      if (out.size() > (1 << 20)) {
        flush();
        if (progress) progress->UpdateRarely(done_before + r.input().consumed());
      }
    });
    done_before += r.input().file_size();
  }
  if (progress) progress->Finish();
  flush();
  std::fflush(stdout);
  if (unusable) return 2;
  return ExitCode(problems, o);
}

struct PrefixHash {
  std::size_t operator()(const Prefix& p) const {
    std::uint64_t h = p.address().hi() * 0x9E3779B97F4A7C15ULL ^ p.address().lo() ^
                      static_cast<std::uint64_t>(p.length());
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

// What one decoding thread has seen; merged once the file is done.
struct SummaryCounts {
  std::uint64_t elements = 0;
  std::uint64_t by_type[5] = {};
  std::unordered_set<std::uint64_t> peers;
  std::unordered_set<Prefix, PrefixHash> v4, v6;
  std::unordered_set<Asn> origins;

  void Add(const Element& e) {
    ++elements;
    ++by_type[static_cast<int>(e.type)];
    peers.insert(e.peer_ip.hi() ^ e.peer_ip.lo() ^ (std::uint64_t{e.peer_asn} << 7));
    if (e.type == ElementType::kStateChange || e.type == ElementType::kMessage) return;
    (e.prefix.is_v4() ? v4 : v6).insert(e.prefix);
    if (e.attributes) {
      if (auto origin = e.attributes->path().OriginAsn()) origins.insert(*origin);
    }
  }
  void Merge(SummaryCounts& other) {
    elements += other.elements;
    for (int i = 0; i < 5; ++i) by_type[i] += other.by_type[i];
    peers.merge(other.peers);
    v4.merge(other.v4);
    v6.merge(other.v6);
    origins.merge(other.origins);
  }
};

int RunSummary(const MrtOptions& o) {
  if (!CheckInputFiles(o.files, /*allow_stdin=*/true)) return 2;
  ProblemPrinter printer(o.quiet);
  ProblemLog& problems = printer.log();
  Progress progress("reading", TotalSize(o.files));
  std::uint64_t done_before = 0;
  int workers = o.threads > 0 ? o.threads
                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<SummaryCounts> per_worker(static_cast<std::size_t>(workers));
  DecodeStats stats;
  int unusable = 0;
  for (const auto& file : o.files) {
    auto file_stats = DecodeFileParallel(
        file, workers, problems,
        [&](int w, std::span<const Element> batch) {
          SummaryCounts& counts = per_worker[static_cast<std::size_t>(w)];
          for (const Element& e : batch) counts.Add(e);
        },
        [&](const ParallelProgress& p) { progress.UpdateRarely(done_before + p.consumed); });
    if (!file_stats) {
      PrintFileError(file, file_stats.error());
      ++unusable;
      continue;
    }
    done_before += TotalSize({file});
    stats.Merge(*file_stats);
  }
  progress.Finish();
  SummaryCounts total;
  for (SummaryCounts& counts : per_worker) total.Merge(counts);
  const std::uint64_t elements = total.elements;
  const auto& by_type = total.by_type;
  const auto& peers = total.peers;
  const auto& v4 = total.v4;
  const auto& v6 = total.v6;
  const auto& origins = total.origins;

  fmt::print("files             {}\n", o.files.size());
  fmt::print("records           {}\n", stats.records);
  fmt::print("elements          {}\n", elements);
  fmt::print("  rib entries     {}\n", by_type[0]);
  fmt::print("  announcements   {}\n", by_type[1]);
  fmt::print("  withdrawals     {}\n", by_type[2]);
  fmt::print("  state changes   {}\n", by_type[3]);
  fmt::print("peers             {}\n", peers.size());
  fmt::print("ipv4 prefixes     {}\n", v4.size());
  fmt::print("ipv6 prefixes     {}\n", v6.size());
  fmt::print("origin ases       {}\n", origins.size());
  // Names as wide as the widest, and always a space before the count.
  std::size_t width = 23;
  for (const auto& [key, count] : stats.records_by_type) {
    width = std::max(width, MrtTypeName(key.first, key.second).size());
  }
  fmt::print("records by type\n");
  for (const auto& [key, count] : stats.records_by_type) {
    fmt::print("  {:<{}} {}\n", MrtTypeName(key.first, key.second), width, count);
  }
  static const char* kMessageNames[] = {"",          "open",         "update", "notification",
                                        "keepalive", "route-refresh"};
  fmt::print("bgp messages\n");
  for (int t = 1; t <= 5; ++t) {
    if (stats.bgp_messages[static_cast<std::size_t>(t)]) {
      fmt::print("  {:<{}} {}\n", kMessageNames[t], width,
                 stats.bgp_messages[static_cast<std::size_t>(t)]);
    }
  }
  fmt::print("unknown afi/safi  {}\n", stats.unknown_afi_safi);
  fmt::print("decode problems   {}\n", problems.count());
  std::fflush(stdout);
  if (unusable) return 2;
  return ExitCode(problems, o);
}

void AddCommonOptions(CLI::App* cmd, MrtOptions* o) {
  cmd->add_option("files", o->files, "MRT files (gzip, bzip2, zstd, xz or plain)")->required();
  cmd->add_flag("--lenient", o->lenient, "exit 0 even if the input had problems");
  cmd->add_flag("-q,--quiet", o->quiet, "do not print each input problem");
}

}  // namespace

void AddMrtCommands(CLI::App& app, CommandRun* run) {
  auto options = std::make_shared<MrtOptions>();
  CLI::App* mrt = app.add_subcommand("mrt", "read MRT routing data (RFC 6396)");
  mrt->require_subcommand(1);

  CLI::App* dump = mrt->add_subcommand("dump", "print routes as bgpdump -m lines or JSON");
  AddCommonOptions(dump, options.get());
  auto* m = dump->add_flag("-m", options->machine, "bgpdump -m lines (the default)");
  auto* big_m = dump->add_flag("-M", options->human, "bgpdump -M lines (human-readable time)");
  auto* json = dump->add_flag("--json", options->json, "one JSON object per element");
  m->excludes(big_m)->excludes(json);
  big_m->excludes(json);
  dump->add_flag("--session-messages", options->session_messages,
                 "with --json, also OPEN, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH");
  dump->add_option("--prefix", options->prefixes, "keep routes for this prefix");
  dump->add_flag("--more-specific", options->more_specific,
                 "--prefix also matches more-specific prefixes");
  dump->add_option("--origin", options->origins, "keep routes originated by this AS");
  dump->add_option("--peer", options->peers, "keep routes from this peer (address or AS)");
  dump->add_option("--start", options->start,
                   "keep elements at or after this time (Unix seconds or ISO 8601, UTC)");
  dump->add_option("--end", options->end, "keep elements before this time (as --start)");
  dump->add_option("--type", options->types,
                   "rib, announce, withdraw, state, table_dump, table_dump_v2, bgp4mp, bgp");
  dump->callback([options, run] { *run = [options] { return RunDump(*options); }; });

  CLI::App* summary = mrt->add_subcommand("summary", "count what MRT files hold");
  AddCommonOptions(summary, options.get());
  summary->add_option("--threads", options->threads, "decoding threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  summary->callback([options, run] { *run = [options] { return RunSummary(*options); }; });
}

}  // namespace manrs
