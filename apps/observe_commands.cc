// `manrs observe` (measure one period into the store) and `manrs report`
// (read it back as JSON, JSONL, CSV, HTML or a table).
#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "apps/cli_support.h"
#include "apps/commands.h"
#include "fmt/format.h"
#include "manrs/irr/database.h"
#include "manrs/mrt/parallel_reader.h"
#include "manrs/observe/clickhouse_store.h"
#include "manrs/observe/observer.h"
#include "manrs/observe/overview.h"
#include "manrs/observe/report_format.h"
#include "manrs/observe/sav_results.h"
#include "manrs/observe/store.h"
#include "manrs/output/progress.h"
#include "manrs/peeringdb/peeringdb.h"
#include "manrs/rpki/payload_loader.h"

namespace manrs {

namespace {

struct ObserveOptions {
  std::vector<std::string> mrt;
  std::string vrps, irr, asrel, peeringdb, period;
  std::vector<std::string> bogons;
  std::vector<std::string> sav_results;
  int min_peers = kDefaultMinPeers;
  int min_incident_peers = 1;
  int threads = 0;  // 0: one per hardware thread
  bool leaks_count = false;
  std::string store = std::string("sqlite:") + kDefaultStorePath;
  bool quiet = false, lenient = false, timings = false;
  bool init = false, no_finish = false;  // ClickHouse: --init, --no-finish
  std::string finish;                    // ClickHouse: --finish PERIOD
  std::string collector;                 // ClickHouse: --collector NAME
};

struct ReportOptions {
  std::string asn;
  bool all = false;
  std::string store = std::string("sqlite:") + kDefaultStorePath;
  std::string period;
  std::string format;
  std::string output;
};

// --timings: the wall time of each stage since the previous one, on stderr.
class StageTimer {
 public:
  explicit StageTimer(bool on) : on_(on) {}
  void Stage(const char* name) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "manrs: %-28s %7.3f s\n", name,
                 std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// The big tables (the observer's shards, the period's reports, the VRPs) are
// not freed one allocation at a time when the command ends: the process exits
// right after (0.1 s of the jinx RIB's 2 s went to freeing them). Held from a
// static, so leak checkers see them as reachable.
template <typename T>
T* KeepUntilExit(std::unique_ptr<T> p) {
  static auto* kept = new std::vector<const void*>();
  kept->push_back(p.get());
  return p.release();
}

int Fatal(const std::string& what, const Error& e) {
  std::fprintf(stderr, "manrs: %s%s%s\n", what.c_str(), what.empty() ? "" : ": ",
               e.message.c_str());
  return 2;
}

// --init alone, and --finish PERIOD (doc/clickhouse.md).
int RunStoreOnly(const ObserveOptions& o) {
  if (!o.finish.empty()) {
    auto p = ParsePeriod(o.finish);
    if (!p) return Fatal("--finish", p.error());
    if (auto s = FinishClickHousePeriod(o.store, *p); !s) return Fatal("", s.error());
    std::fprintf(stderr, "finished period %s in %s\n", ToString(*p).c_str(), o.store.c_str());
    return 0;
  }
  auto store = OpenStore(o.store, StoreAccess::kReadWrite);
  if (!store) return Fatal("", store.error());
  std::fprintf(stderr, "store %s is ready\n", o.store.c_str());
  return 0;
}

int RunObserve(const ObserveOptions& o) {
  const bool clickhouse = o.store.rfind("clickhouse://", 0) == 0;
  if ((o.no_finish || !o.finish.empty()) && !clickhouse) {
    std::fprintf(stderr, "manrs: --no-finish and --finish need a clickhouse:// store\n");
    return 2;
  }
  if (!o.finish.empty() && (o.no_finish || !o.mrt.empty())) {
    std::fprintf(stderr,
                 "manrs: --finish PERIOD is a step of its own (no --mrt, no --no-finish)\n");
    return 2;
  }
  if (!o.collector.empty() && !clickhouse) {
    std::fprintf(stderr, "manrs: --collector needs a clickhouse:// store\n");
    return 2;
  }
  if (!o.finish.empty() || (o.init && o.mrt.empty() && o.vrps.empty())) return RunStoreOnly(o);
  if (o.mrt.empty() || o.vrps.empty()) {
    std::fprintf(stderr, "manrs: observe needs --mrt and --vrps (or --init alone)\n");
    return 2;
  }
  ProblemLog problems(o.quiet ? nullptr : PrintProblem);
  std::optional<Period> period;
  if (!o.period.empty()) {
    auto p = ParsePeriod(o.period);
    if (!p) return Fatal("--period", p.error());
    period = *p;
  }
  // The store first: a locked, read-only or too new store fails before the work.
  auto store = OpenStore(o.store, StoreAccess::kReadWrite);
  if (!store) return Fatal("", store.error());

  StageTimer timer(o.timings);
  // The observer's tables and the VRP parser's buffers grow by doubling to
  // hundreds of MB. glibc maps each block over 128 kB-32 MB freshly and
  // gives freed ones back at once, so every doubling page-faults its new
  // copy in; keeping freed memory for reuse saves 0.1 s of the jinx RIB's
  // 2.7 s of CPU (BENCHMARKS.md).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  ObservationSummary inputs;
  // The VRPs (the biggest input) load on a thread while the rest loads here.
  struct LoadedRpki {
    ProblemLog problems;
    Result<RpkiPayloads> payloads = MakeError(ErrorCode::kIo, "not loaded");
    Result<VrpTable> table = MakeError(ErrorCode::kIo, "not loaded");
  };
  auto rpki_future = std::async(std::launch::async, [&o] {
    auto loaded = std::make_unique<LoadedRpki>();
    loaded->payloads = LoadRpkiPayloads(o.vrps, loaded->problems);
    if (loaded->payloads) loaded->table = VrpTable::Build(loaded->payloads->vrps);
    return loaded;
  });
  std::optional<IrrDatabase> irr;
  if (!o.irr.empty()) {
    auto db = IrrDatabase::Open(o.irr);
    if (!db) return Fatal(o.irr, db.error());
    irr = std::move(*db);
    inputs.inputs.push_back("irr:" + o.irr);
  }
  std::optional<AsRelationships> rel;
  if (!o.asrel.empty()) {
    auto r = AsRelationships::Load(o.asrel, problems);
    if (!r) return Fatal(o.asrel, r.error());
    rel = std::move(*r);
    inputs.inputs.push_back("asrel:" + o.asrel);
  }
  BogonPrefixes bogons = BogonPrefixes::BuiltIn();
  for (const std::string& list : o.bogons) {
    auto added = bogons.LoadList(list, problems);
    if (!added) return Fatal(list, added.error());
    inputs.inputs.push_back("bogons:" + list);
  }
  std::optional<PeeringDb> pdb;
  if (!o.peeringdb.empty()) {
    auto p = PeeringDb::Load(o.peeringdb, problems);
    if (!p) return Fatal(o.peeringdb, p.error());
    pdb = std::move(*p);
    inputs.inputs.push_back("peeringdb:" + o.peeringdb);
  }

  std::vector<SavInterfaceResult> sav;
  for (const std::string& file : o.sav_results) {
    auto r = LoadSavResults(file);
    if (!r) return Fatal("", r.error());
    sav.insert(sav.end(), r->begin(), r->end());
    inputs.inputs.push_back("sav:" + file);
  }
  const std::map<Asn, AntiSpoofing> anti_spoofing = SavResultsByAs(sav);

  timer.Stage("IRR, asrel, bogons, PeeringDB");
  ObserveInputs in;
  in.irr = irr ? &*irr : nullptr;
  in.relationships = rel ? &*rel : nullptr;
  in.bogons = &bogons;
  in.peeringdb = pdb ? &*pdb : nullptr;
  in.anti_spoofing = o.sav_results.empty() ? nullptr : &anti_spoofing;
  // The MRT files are read while the VRPs still load: the observer's
  // workers wait for them (without VRPs, when the load failed, it drops
  // everything and the failure is reported below).
  std::unique_ptr<LoadedRpki> rpki;
  std::optional<AspaTable> aspas;
  std::shared_future<ObserveInputs> loaded =
      std::async(std::launch::async, [&rpki_future, &rpki, &aspas, in]() mutable {
        rpki = rpki_future.get();
        if (rpki->payloads && rpki->table) {
          aspas.emplace(rpki->payloads->aspas);
          in.vrps = &*rpki->table;
          in.aspas = &*aspas;
        }
        return in;
      }).share();
  ObserveConfig config;
  config.min_peers = o.min_peers;
  config.incidents.min_peers = o.min_incident_peers;
  config.leaks_count = o.leaks_count;
  config.threads = o.threads > 0
                       ? o.threads
                       : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // A cluster may join this ingest to an earlier one of the same peers (one
  // shard: the route-level facts are read from it).
  config.record_route_facts = clickhouse;
  auto observer = std::make_unique<Observer>(loaded, config);

  std::optional<Progress> progress;
  if (isatty(STDERR_FILENO)) progress.emplace("observing", TotalSize(o.mrt));
  std::uint64_t done_before = 0;
  int unusable = 0;
  for (const std::string& file : o.mrt) {
    // One thread decompresses and frames, one decodes and observes: with a
    // single decoding worker the elements arrive in file order.
    auto stats = DecodeFileParallel(
        file, 1, problems,
        [&](int, std::span<const Element> batch) {
          for (const Element& e : batch) {
            if (period && e.type != ElementType::kRibEntry &&
                (e.timestamp < period->start || e.timestamp > period->end)) {
              continue;
            }
            observer->Add(e);
          }
        },
        [&](const ParallelProgress& p) {
          if (progress) progress->UpdateRarely(done_before + p.consumed);
        });
    if (!stats) {
      Fatal(file, stats.error());
      ++unusable;
      continue;
    }
    inputs.inputs.push_back("mrt:" + file);
    done_before += TotalSize({file});
    timer.Stage("MRT file observed");
  }
  if (progress) progress->Finish();
  loaded.wait();
  timer.Stage("VRPs (waited for)");
  for (const Problem& p : rpki->problems.kept()) problems.Report(p.source, p.offset, p.message);
  if (rpki->problems.count() > rpki->problems.kept().size()) {
    problems.Report(
        o.vrps, 0,
        fmt::format("and {} more problems", rpki->problems.count() - rpki->problems.kept().size()));
  }
  if (!rpki->payloads) return Fatal(o.vrps, rpki->payloads.error());
  if (!rpki->table) return Fatal(o.vrps, rpki->table.error());
  inputs.inputs.insert(inputs.inputs.begin(), "vrps:" + o.vrps);
  if (unusable == static_cast<int>(o.mrt.size())) {
    std::fprintf(stderr, "manrs: no MRT file could be read; the store is unchanged\n");
    return 2;
  }
  PeriodResult result;
  if (clickhouse) {
    // The route-level facts go to the cluster; the finish step merges every
    // ingest of the period (doc/clickhouse.md).
    observer->Flush();
    const ObserverStats& st = observer->stats();
    result.period = period ? *period : Period{st.first_time, st.last_time};
    ObservationSummary summary;
    summary.inputs = std::move(inputs.inputs);
    summary.problems = problems.count();
    summary.elements = st.elements;
    summary.as_set_routes = st.as_set_routes;
    summary.peers = observer->peers().size();
    summary.min_peers = config.min_peers;
    // The collector the routes and peers carry: --collector, else the name
    // of the first MRT file.
    const std::string collector = !o.collector.empty()
                                      ? o.collector
                                      : std::filesystem::path(o.mrt.front()).filename().string();
    Status s =
        StageClickHouseObservation(o.store, *observer, result.period, summary, config, collector);
    if (s && !o.no_finish) {
      auto finished = FinishClickHousePeriod(o.store, result.period);
      if (finished) {
        result = std::move(*finished);
      } else {
        s = Unexpected<Error>(finished.error());
      }
    }
    if (!s) {
      std::fprintf(stderr, "manrs: %s; the store keeps what it had\n", s.error().message.c_str());
      return 2;
    }
    if (o.no_finish) result.summary = std::move(summary);
  } else {
    result = observer->Finish(period);
    timer.Stage("period finished");
    result.summary.inputs = std::move(inputs.inputs);
    result.summary.problems = problems.count();
    if (auto s = (*store)->WritePeriod(result); !s) {
      std::fprintf(stderr, "manrs: %s; the store keeps what it had\n", s.error().message.c_str());
      return 2;
    }
    timer.Stage("store written");
  }
  if (!o.no_finish) {
    PeriodOverview overview(5);
    for (const AsReport& r : result.ases) overview.Add(r);
    std::fputs(overview.RenderText(result.period, result.summary).c_str(), stderr);
  }
  if (o.no_finish) {
    std::fprintf(stderr, "staged period %s in %s (%zu elements); --finish %s makes it visible\n",
                 ToString(result.period).c_str(), o.store.c_str(),
                 static_cast<std::size_t>(result.summary.elements),
                 ToString(result.period).c_str());
    if (!period) {
      std::fprintf(stderr,
                   "note: without --period the period is this ingest's own span; ingests "
                   "merged into one period need the same --period\n");
    }
  } else {
    std::fprintf(stderr, "stored period %s in %s (%zu ASes)\n", ToString(result.period).c_str(),
                 o.store.c_str(), result.ases.size());
  }
  // The big tables are left to the exit (freeing them takes longer than the store write).
  KeepUntilExit(std::make_unique<PeriodResult>(std::move(result)));
  KeepUntilExit(std::move(observer));
  KeepUntilExit(std::move(rpki));
  if (unusable) return 2;
  return problems.count() && !o.lenient ? 1 : 0;
}

// Writes text to path ("" or "-": stdout), through a temporary file renamed
// into place so a failed write never leaves a half report.
bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
      std::fprintf(stderr, "manrs: writing the report to stdout failed\n");
      return false;
    }
    return true;
  }
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    std::perror(("manrs: " + tmp).c_str());
    return false;
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::perror(("manrs: " + path).c_str());
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

int RunReport(const ReportOptions& o) {
  if (o.all == !o.asn.empty()) {
    std::fprintf(stderr, "manrs: give an ASN or --all\n");
    return 2;
  }
  std::string format = o.format.empty() ? (o.all ? "jsonl" : "json") : o.format;
  if (o.all && format != "jsonl" && format != "csv" && format != "table") {
    std::fprintf(stderr, "manrs: report --all takes --format jsonl, csv or table\n");
    return 2;
  }
  if (!o.all && format != "json" && format != "html") {
    std::fprintf(stderr, "manrs: report ASN takes --format json or html\n");
    return 2;
  }
  auto store = OpenStore(o.store, StoreAccess::kReadOnly);
  if (!store) return Fatal("", store.error());
  Period period;
  if (!o.period.empty()) {
    auto p = ParsePeriod(o.period);
    if (!p) return Fatal("--period", p.error());
    period = *p;
  } else {
    auto periods = (*store)->Periods();
    if (!periods) return Fatal("", periods.error());
    if (periods->empty()) {
      std::fprintf(stderr, "manrs: %s holds no period yet; run manrs observe\n", o.store.c_str());
      return 2;
    }
    period = periods->back();
  }
  std::string out;
  if (o.all) {
    PeriodOverview overview(10);
    if (format == "csv") AppendReportCsvHeader(&out);
    Status s = (*store)->ForEachReport(period, [&](const AsReport& r) -> Status {
      if (format == "jsonl") {
        AppendReportJson(r, &out);
        out += '\n';
      } else if (format == "csv") {
        AppendReportCsv(r, &out);
      } else {
        overview.Add(r);
      }
      return {};
    });
    if (!s) return Fatal("", s.error());
    if (format == "table") {
      auto summary = (*store)->Summary(period);
      if (!summary) return Fatal("", summary.error());
      out = overview.RenderText(period, *summary);
    }
    return WriteOutput(o.output, out) ? 0 : 2;
  }
  auto asn = ParseAsn(o.asn);
  if (!asn) return Fatal(o.asn, asn.error());
  auto report = (*store)->Report(period, *asn);
  if (!report) return Fatal("", report.error());
  if (!*report) {
    std::fprintf(stderr, "manrs: AS%u was not measured in period %s\n", *asn,
                 ToString(period).c_str());
    return 1;
  }
  if (format == "json") {
    AppendReportJson(**report, &out);
    out += '\n';
  } else {
    auto history = (*store)->History(*asn);
    if (!history) return Fatal("", history.error());
    out = RenderReportHtml(**report, *history);
  }
  return WriteOutput(o.output, out) ? 0 : 2;
}

}  // namespace

void AddObserveCommands(CLI::App& app, CommandRun* run) {
  auto o = std::make_shared<ObserveOptions>();
  CLI::App* observe = app.add_subcommand(
      "observe", "measure MANRS conformance of every AS for one period into the store");
  observe->add_option("--mrt", o->mrt, "MRT files: RIBs first, then updates in time order")
      ->check(CLI::ExistingFile);
  observe->add_option("--vrps", o->vrps, "relying-party output (rpki-client JSON, ...)")
      ->check(CLI::ExistingFile);
  observe->add_option("--irr", o->irr, "IRR snapshot made by `manrs irr load`")
      ->check(CLI::ExistingFile);
  observe->add_option("--asrel", o->asrel, "AS relationships (CAIDA as-rel)")
      ->check(CLI::ExistingFile);
  observe->add_option("--peeringdb", o->peeringdb, "PeeringDB JSON (net, poc objects)")
      ->check(CLI::ExistingFile);
  observe->add_option("--bogons", o->bogons, "bogon lists (Team Cymru) beside the IANA registries")
      ->check(CLI::ExistingFile);
  observe
      ->add_option("--sav-results", o->sav_results,
                   "`manrs sav audit|collect --format json` reports: anti-spoofing (Action 2) of "
                   "each interface's peer AS")
      ->check(CLI::ExistingFile);
  observe->add_option("--period", o->period, "START/END in ISO 8601 UTC (default: the MRT span)");
  observe->add_option("--min-peers", o->min_peers, "peers that must see a route (default 5)")
      ->check(CLI::Range(1, 1 << 20));
  observe
      ->add_option("--min-incident-peers", o->min_incident_peers,
                   "peers that must see an incident (default 1)")
      ->check(CLI::Range(1, 1 << 20));
  observe
      ->add_option("--threads", o->threads,
                   "observer threads, the state sharded by prefix (default: one per hardware "
                   "thread; the result is the same for any number)")
      ->check(CLI::Range(1, 256));
  observe->add_flag("--leaks-count", o->leaks_count,
                    "count leaks in the filtering score (the Observatory stopped in 2024)");
  observe->add_option("--store", o->store,
                      "sqlite:PATH (default sqlite:manrs-observatory.sqlite) or "
                      "clickhouse://HOST:PORT/DATABASE?cluster=NAME");
  observe->add_flag("--init", o->init,
                    "create the store's schema (idempotent); alone or with --mrt");
  observe->add_flag("--no-finish", o->no_finish,
                    "ClickHouse: stage the rows; `--finish PERIOD` makes the period visible");
  observe->add_option("--finish", o->finish, "ClickHouse: finish a staged PERIOD (START/END)");
  observe->add_option("--collector", o->collector,
                      "ClickHouse: the collector name the ingest's routes carry (default: the "
                      "first MRT file's name)");
  observe->add_flag("-q,--quiet", o->quiet, "do not print each input problem");
  observe->add_flag("--lenient", o->lenient, "exit 0 even if the input had problems");
  observe->add_flag("--timings", o->timings, "print the time of each stage on stderr");
  observe->callback([o, run] { *run = [o] { return RunObserve(*o); }; });

  auto r = std::make_shared<ReportOptions>();
  CLI::App* report = app.add_subcommand("report", "print a stored AS report, or every AS's");
  report->add_option("asn", r->asn, "the AS (64500 or AS64500)");
  report->add_flag("--all", r->all, "every AS of the period");
  report->add_option("--store", r->store,
                     "sqlite:PATH (default sqlite:manrs-observatory.sqlite) or clickhouse://...");
  report->add_option("--period", r->period, "START/END (default: the latest stored)");
  report
      ->add_option("--format", r->format, "json or html for one AS; jsonl, csv or table for --all")
      ->check(CLI::IsMember({"json", "html", "jsonl", "csv", "table"}));
  report->add_option("-o,--output", r->output, "write to this file instead of stdout");
  report->callback([r, run] { *run = [r] { return RunReport(*r); }; });
}

}  // namespace manrs
