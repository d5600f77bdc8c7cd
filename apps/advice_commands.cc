// `manrs contacts` and `manrs coverage`: advice for one network, built on
// the observatory's definitions (src/advice, doc/advice.md).
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "apps/cli_support.h"
#include "apps/commands.h"
#include "fmt/format.h"
#include "manrs/advice/contacts.h"
#include "manrs/advice/coverage.h"
#include "manrs/advice/policy_check.h"
#include "manrs/base/text.h"
#include "manrs/bgp/as_path.h"
#include "manrs/irr/database.h"
#include "manrs/irr/set_expansion.h"
#include "manrs/mrt/element_reader.h"
#include "manrs/peeringdb/peeringdb.h"
#include "manrs/rpki/payload_loader.h"

namespace manrs {

namespace {

struct ContactsCliOptions {
  std::string asn, irr, peeringdb, format = "text";
  bool check_mail = false, quiet = false;
  int stale_years = 2;
};

int Fatal(const std::string& what, const std::string& message) {
  std::fprintf(stderr, "manrs: %s%s%s\n", what.c_str(), what.empty() ? "" : ": ", message.c_str());
  return 2;
}

bool WriteStdout(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "manrs: writing to stdout failed\n");
    return false;
  }
  return true;
}

// The IRR snapshot, or nullopt (not given). Exits through *code on failure.
bool OpenIrr(const std::string& path, std::optional<IrrDatabase>* irr) {
  if (path.empty()) return true;
  auto db = IrrDatabase::Open(path);
  if (!db) {
    Fatal(path, db.error().message);
    return false;
  }
  irr->emplace(std::move(*db));
  return true;
}

int RunContacts(const ContactsCliOptions& o) {
  auto asn = ParseAsn(o.asn);
  if (!asn) return Fatal(o.asn, asn.error().message);
  ProblemLog problems(o.quiet ? nullptr : PrintProblem);
  std::optional<IrrDatabase> irr;
  if (!OpenIrr(o.irr, &irr)) return 2;
  std::optional<PeeringDb> pdb;
  if (!o.peeringdb.empty()) {
    auto p = PeeringDb::Load(o.peeringdb, problems);
    if (!p) return Fatal(o.peeringdb, p.error().message);
    pdb = std::move(*p);
  }
  ContactsOptions options;
  options.now = static_cast<std::int64_t>(std::time(nullptr));
  options.stale_years = o.stale_years;
  if (o.check_mail) options.mx_lookup = SystemMxLookup;
  ContactsReport report =
      CheckContacts(irr ? &*irr : nullptr, pdb ? &*pdb : nullptr, *asn, options);
  if (!WriteStdout(o.format == "json" ? ContactsJson(report) : ContactsText(report))) return 2;
  bool all_ok = problems.count() == 0;
  for (const ContactFinding& f : report.findings) all_ok = all_ok && f.ok;
  return all_ok ? 0 : 1;
}

struct CoverageCliOptions {
  std::string asn, vrps, irr, format = "text";
  std::vector<std::string> mrt;
  int min_peers = kDefaultMinPeers;
  bool preview = false, quiet = false, lenient = false, timings = false;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int RunCoverage(const CoverageCliOptions& o) {
  auto asn = ParseAsn(o.asn);
  if (!asn) return Fatal(o.asn, asn.error().message);
  ProblemLog problems(o.quiet ? nullptr : PrintProblem);
  auto t0 = std::chrono::steady_clock::now();
  auto payloads = LoadRpkiPayloads(o.vrps, problems);
  if (!payloads) return Fatal(o.vrps, payloads.error().message);
  auto table = VrpTable::Build(payloads->vrps);
  if (!table) return Fatal(o.vrps, table.error().message);
  std::optional<IrrDatabase> irr;
  if (!OpenIrr(o.irr, &irr)) return 2;
  const double load_rpki_irr = SecondsSince(t0);
  t0 = std::chrono::steady_clock::now();
  auto view = ReadRouteView(o.mrt, *asn, problems);
  if (!view) return Fatal("", view.error().message);
  const double read_mrt = SecondsSince(t0);
  t0 = std::chrono::steady_clock::now();
  const BogonPrefixes bogons = BogonPrefixes::BuiltIn();
  CoverageInputs in;
  in.vrps = &*table;
  in.vrp_list = payloads->vrps;
  in.irr = irr ? &*irr : nullptr;
  in.bogons = &bogons;
  CoverageReport report = AnalyzeCoverage(*view, o.min_peers, in);
  if (o.timings) {
    std::fprintf(stderr,
                 "manrs: VRPs and IRR loaded in %.3f s, MRT read in %.3f s (%llu routes), "
                 "coverage of AS%u (%zu prefixes) in %.3f s\n",
                 load_rpki_irr, read_mrt, static_cast<unsigned long long>(view->elements), *asn,
                 report.prefixes.size(), SecondsSince(t0));
  }
  std::string out;
  if (o.format == "json") {
    out = CoverageJson(report);
  } else if (o.format == "rpsl") {
    out = CoverageRpsl(report);
  } else if (o.format == "roa-csv") {
    out = CoverageRoaCsv(report);
  } else {
    out = CoverageText(report, o.preview);
  }
  if (!WriteStdout(out)) return 2;
  if (report.prefixes.empty()) {
    std::fprintf(stderr, "manrs: AS%u announces no prefix seen by %d peer(s) in the MRT data\n",
                 *asn, o.min_peers);
    return 1;
  }
  if (problems.count() && !o.lenient) return 1;
  return report.summary.conflicts || !report.roas.empty() || !report.irr_objects.empty() ? 1 : 0;
}

struct PolicyCliOptions {
  std::string mrt, peers, as_set, irr, vrps, format = "text";
  bool summary = false, quiet = false, lenient = false, timings = false;
};

int RunPolicyCheck(const PolicyCliOptions& o) {
  std::vector<Asn> peers;
  for (const std::string& p : SplitList(o.peers, ',')) {
    auto asn = ParseAsn(p);
    if (!asn) return Fatal("--peer " + p, asn.error().message);
    peers.push_back(*asn);
  }
  if (!o.as_set.empty() && o.irr.empty()) return Fatal("--as-set", "needs --irr");
  ProblemLog problems(o.quiet ? nullptr : PrintProblem);
  auto t0 = std::chrono::steady_clock::now();
  std::optional<RpkiPayloads> payloads;
  std::optional<VrpTable> table;
  std::optional<AspaTable> aspas;
  PolicyConfig config;
  const BogonPrefixes bogons = BogonPrefixes::BuiltIn();
  config.checks.bogons = &bogons;
  config.checks.too_specific = false;
  for (Asn a : DefaultTransitFreeAsns()) config.transit_free.insert(a);
  if (!o.vrps.empty()) {
    auto p = LoadRpkiPayloads(o.vrps, problems);
    if (!p) return Fatal(o.vrps, p.error().message);
    payloads = std::move(*p);
    auto t = VrpTable::Build(payloads->vrps);
    if (!t) return Fatal(o.vrps, t.error().message);
    table = std::move(*t);
    config.checks.vrps = &*table;
    if (!payloads->aspas.empty()) {
      aspas.emplace(payloads->aspas);
      config.checks.aspas = &*aspas;
    }
  }
  std::optional<IrrDatabase> irr;
  if (!OpenIrr(o.irr, &irr)) return 2;
  std::unordered_set<Asn> origins;
  if (irr) {
    config.irr = &*irr;
    if (!o.as_set.empty()) {
      SetExpander expander(*irr, ExpansionOptions{});
      auto asns = expander.ExpandAsns(o.as_set);
      if (!asns) return Fatal(o.as_set, "no such set in the IRR");
      for (const ExpansionFinding& f : expander.findings()) {
        std::fprintf(stderr, "manrs: %s: %s in %s: %s\n", o.as_set.c_str(),
                     ExpansionFindingName(f.kind), f.set.c_str(), f.detail.c_str());
      }
      origins.insert(asns->begin(), asns->end());
      config.as_set_origins = &origins;
    }
  }
  PolicyChecker checker(std::move(config));
  const double loaded = SecondsSince(t0);
  t0 = std::chrono::steady_clock::now();
  std::vector<NeighbourSummary> summaries(peers.size());
  for (std::size_t i = 0; i < peers.size(); ++i) summaries[i].asn = peers[i];
  auto reader = ElementReader::Open(o.mrt, problems);
  if (!reader) return Fatal(o.mrt, reader.error().message);
  std::string out, path;
  bool json_first = true;
  if (o.format == "json") out = "{\"routes\":[";
  bool write_ok = true;
  (*reader)->ForEach([&](const Element& e) {
    if (!e.attributes || e.type != ElementType::kRibEntry) return;
    std::size_t k = 0;
    while (k < peers.size() && peers[k] != e.peer_asn) ++k;
    if (k == peers.size()) return;
    const RouteDecision d = checker.Check(e);
    summaries[k].Count(d);
    if (o.summary) return;
    path.clear();
    e.attributes->path().AppendTo(&path);
    if (o.format == "json") {
      out += json_first ? "" : ",";
      json_first = false;
      out += fmt::format(
          "{{\"peer\":{},\"prefix\":\"{}\",\"path\":\"{}\",\"accept\":{},"
          "\"reasons\":{}}}",
          e.peer_asn, e.prefix.ToString(), path, d.accepted ? "true" : "false",
          ReasonJson(d.reasons));
    } else {
      out += fmt::format("{} AS{} {} {} {}\n", d.accepted ? "accept" : "reject", e.peer_asn,
                         e.prefix.ToString(), path, ReasonList(d.reasons));
    }
    if (out.size() > (1 << 20)) {
      write_ok = write_ok && WriteStdout(out);
      out.clear();
    }
  });
  if (o.format == "json") {
    out += "],\"neighbours\":" + SummaryJson(summaries) + "}\n";
  } else {
    out += SummaryText(summaries);
  }
  if (!write_ok || !WriteStdout(out)) return 2;
  bool silent = false;
  for (const NeighbourSummary& s : summaries) {
    if (s.routes == 0) {
      std::fprintf(stderr, "manrs: AS%u is not a peer in %s: no route from it\n", s.asn,
                   o.mrt.c_str());
      silent = true;
    }
  }
  if (o.timings) {
    std::fprintf(stderr, "manrs: inputs loaded in %.3f s, routes read and checked in %.3f s\n",
                 loaded, SecondsSince(t0));
  }
  return silent || (problems.count() && !o.lenient) ? 1 : 0;
}

}  // namespace

void AddAdviceCommands(CLI::App& app, CommandRun* run) {
  auto c = std::make_shared<ContactsCliOptions>();
  CLI::App* contacts = app.add_subcommand(
      "contacts", "check that others can reach an AS (MANRS action 3): RPSL and PeeringDB");
  contacts->add_option("asn", c->asn, "the AS (64500 or AS64500)")->required();
  contacts->add_option("--irr", c->irr, "IRR snapshot made by `manrs irr load`")
      ->check(CLI::ExistingFile);
  contacts
      ->add_option("--peeringdb", c->peeringdb, "PeeringDB JSON (net, poc, netixlan, netfac, fac)")
      ->check(CLI::ExistingFile);
  contacts->add_option("--format", c->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  contacts
      ->add_option("--stale-years", c->stale_years,
                   "objects unchanged this long are stale (default 2)")
      ->check(CLI::Range(1, 100));
  contacts->add_flag("--check-mail", c->check_mail,
                     "look up the MX records of every e-mail domain (system resolver)");
  contacts->add_flag("-q,--quiet", c->quiet, "do not print each input problem");
  contacts->callback([c, run] { *run = [c] { return RunContacts(*c); }; });

  auto v = std::make_shared<CoverageCliOptions>();
  CLI::App* coverage = app.add_subcommand(
      "coverage", "RPKI and IRR coverage of what an AS announces (MANRS action 4), with proposals");
  coverage->add_option("asn", v->asn, "the AS (64500 or AS64500)")->required();
  coverage->add_option("--mrt", v->mrt, "MRT files (RIBs, updates)")
      ->required()
      ->check(CLI::ExistingFile);
  coverage->add_option("--vrps", v->vrps, "relying-party output (rpki-client JSON, CSV, ...)")
      ->required()
      ->check(CLI::ExistingFile);
  coverage->add_option("--irr", v->irr, "IRR snapshot made by `manrs irr load`")
      ->check(CLI::ExistingFile);
  coverage->add_option("--min-peers", v->min_peers, "peers that must see a route (default 5)")
      ->check(CLI::Range(1, 1 << 20));
  coverage->add_option("--format", v->format, "text (default), json, rpsl or roa-csv")
      ->check(CLI::IsMember({"text", "json", "rpsl", "roa-csv"}));
  coverage->add_flag("--preview", v->preview,
                     "show the seen routes each proposed ROA makes valid or invalid");
  coverage->add_flag("--timings", v->timings, "print the time of each stage on stderr");
  coverage->add_flag("-q,--quiet", v->quiet, "do not print each input problem");
  coverage->add_flag("--lenient", v->lenient, "exit 0 even if the input had problems");
  coverage->callback([v, run] { *run = [v] { return RunCoverage(*v); }; });

  auto pc = std::make_shared<PolicyCliOptions>();
  CLI::App* policy = app.add_subcommand("policy", "routing policy checks (MANRS action 1)");
  policy->require_subcommand(1);
  CLI::App* check = policy->add_subcommand(
      "check", "accept or reject every route a neighbour sent, with every reason");
  check->add_option("--mrt", pc->mrt, "a RIB dump holding the neighbours' routes")
      ->required()
      ->check(CLI::ExistingFile);
  check->add_option("--peer", pc->peers, "the neighbours: ASN[,ASN...]")->required();
  check->add_option("--as-set", pc->as_set, "the neighbours' AS-SET (origin-not-in-as-set)");
  check->add_option("--irr", pc->irr, "IRR snapshot (prefix-not-registered, --as-set)")
      ->check(CLI::ExistingFile);
  check->add_option("--vrps", pc->vrps, "VRPs and ASPAs (rpki-invalid, aspa-invalid)")
      ->check(CLI::ExistingFile);
  check->add_option("--format", pc->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  check->add_flag("--summary", pc->summary, "only the summary per neighbour");
  check->add_flag("--timings", pc->timings, "print the time of each stage on stderr");
  check->add_flag("-q,--quiet", pc->quiet, "do not print each input problem");
  check->add_flag("--lenient", pc->lenient, "exit 0 even if the input had problems");
  check->callback([pc, run] { *run = [pc] { return RunPolicyCheck(*pc); }; });
}

}  // namespace manrs
