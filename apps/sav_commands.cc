// `manrs sav`: source-address-validation (MANRS Action 2).
//
//   manrs sav acl --mode efp-a --rib rib.mrt --customers 64496,64497 --format nftables -o sav.nft
//
// The lists are computed by the sav area (allow_list.h) and written by
// acl_render.h; this file parses arguments, finds the customer interfaces and
// picks exit codes: 0 written, 1 refused (guards, unreadable OLD), 2 usage or
// unusable input, 3 refused by the --max-change guard.
#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/cli_support.h"
#include "apps/commands.h"
#include "apps/irr_open.h"
#include "fmt/format.h"
#include "manrs/base/atomic_file.h"
#include "manrs/irr/set_expansion.h"
#include "manrs/rpki/payload_loader.h"
#include "manrs/sav/acl_diff.h"
#include "manrs/sav/acl_render.h"
#include "manrs/sav/allow_list.h"
#include "manrs/sav/audit.h"
#include "manrs/sav/audit_input.h"
#include "manrs/sav/flow_audit.h"
#include "manrs/sav/flow_collector.h"
#include "manrs/sav/pcap_audit.h"
#include "manrs/sav/rib.h"
#include "manrs/sav/source_origin.h"
#include "manrs/validate/bogons.h"

namespace manrs {

namespace {

constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;
constexpr int kExitGuard = 3;

struct AclOptions {
  std::string mode = "efp-a";
  std::string rib;
  std::string customers;  // ASNs or peer addresses, comma separated
  std::string customer_set;
  std::string irr;
  std::string vrps;
  std::string format = "json";
  std::string output;
  std::string diff;
  double max_change = 10.0;
  bool allow_empty = false;
  bool allow_permit_all = false;
  std::vector<std::string> ifnames;  // PEER_IP=IFNAME
  bool quiet = false;
};

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    if (end > start) out.push_back(text.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// As `manrs filter -o`: base/atomic_file.h (temp file, fsync, rename, fsync
// of the directory; through symlinks; never onto a device or a directory).
bool WriteAtomically(const std::string& path, const std::string& text) {
  if (auto written = WriteFileAtomically(path, text); !written) {
    std::fprintf(stderr, "manrs sav: %s\n", written.error().message.c_str());
    return false;
  }
  return true;
}

// The customer interfaces: peers whose ASN is listed (or in the set), or
// whose address is listed. Prints what does not match; nullopt on error.
std::optional<std::vector<std::uint32_t>> FindCustomers(const AclOptions& o, const SavRib& rib) {
  std::vector<Asn> asns;
  std::vector<IpAddress> addresses;
  for (const std::string& word : SplitCommas(o.customers)) {
    if (auto a = IpAddress::Parse(word)) {
      addresses.push_back(*a);
    } else if (auto asn = ParseAsn(word)) {
      asns.push_back(*asn);
    } else {
      std::fprintf(stderr, "manrs sav acl: --customers: '%s' is neither an ASN nor an address\n",
                   word.c_str());
      return std::nullopt;
    }
  }
  if (!o.customer_set.empty()) {
    auto irr = OpenIrrForQueries(o.irr, "", "", false, o.quiet);
    if (!irr) return std::nullopt;
    auto e = ExpandSet(irr->db, o.customer_set, ExpansionOptions{});
    if (!e) {
      std::fprintf(stderr, "manrs sav acl: %s: %s\n", o.customer_set.c_str(),
                   e.error().message.c_str());
      return std::nullopt;
    }
    asns.insert(asns.end(), e->asns.begin(), e->asns.end());
  }
  std::vector<std::uint32_t> out;
  std::vector<bool> used_asn(asns.size()), used_addr(addresses.size());
  for (std::uint32_t i = 0; i < rib.interfaces().size(); ++i) {
    const SavInterface& f = rib.interfaces()[i];
    bool hit = false;
    for (std::size_t k = 0; k < asns.size(); ++k) {
      if (asns[k] == f.peer_asn) hit = used_asn[k] = true;
    }
    for (std::size_t k = 0; k < addresses.size(); ++k) {
      if (addresses[k] == f.peer_ip) hit = used_addr[k] = true;
    }
    if (hit) out.push_back(i);
  }
  if (!o.quiet) {
    for (std::size_t k = 0; k < asns.size(); ++k) {
      if (!used_asn[k] && o.customer_set.empty()) {
        std::fprintf(stderr, "manrs sav acl: no peer AS%u in %s\n", asns[k], o.rib.c_str());
      }
    }
    for (std::size_t k = 0; k < addresses.size(); ++k) {
      if (!used_addr[k]) {
        std::fprintf(stderr, "manrs sav acl: no peer %s in %s\n", addresses[k].ToString().c_str(),
                     o.rib.c_str());
      }
    }
  }
  return out;
}

int DiffAndGuard(const AclOptions& o, const std::string& new_text) {
  auto old_text = ReadWholeFile(o.diff);
  if (!old_text) {
    std::fprintf(stderr, "manrs sav acl: cannot read %s\n", o.diff.c_str());
    return kExitRefused;
  }
  auto old_lists = ReadSavListText(*old_text);
  if (!old_lists) {
    std::fprintf(stderr, "manrs sav acl: %s: offset %llu: %s\n", o.diff.c_str(),
                 static_cast<unsigned long long>(old_lists.error().offset),
                 old_lists.error().message.c_str());
    return kExitRefused;
  }
  auto new_lists = ReadSavListText(new_text);
  if (!new_lists) {
    std::fprintf(stderr, "manrs sav acl: reading back the new lists: %s\n",
                 new_lists.error().message.c_str());
    return kExitRefused;
  }
  const SavDiff diff = DiffSavLists(*old_lists, *new_lists);
  const std::string text = diff.ToString();
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!o.quiet) {
    std::fprintf(stderr, "manrs sav acl: %zu lists change, %zu unchanged\n", diff.lists.size(),
                 diff.kept_lists);
  }
  ChangeLimits limits;
  limits.max_removed_share = o.max_change / 100.0;
  auto verdict = CheckSavChange(diff, limits);
  if (!verdict) {
    std::fprintf(stderr, "manrs sav acl: refusing the update: %s (--max-change %g)\n",
                 verdict.error().message.c_str(), o.max_change);
    return kExitGuard;
  }
  return 0;
}

int RunAcl(const AclOptions& o) {
  auto mode = ParseSavMode(o.mode);
  auto format = ParseSavFormat(o.format);
  if (!mode || !format) {
    std::fprintf(stderr, "manrs sav acl: %s\n",
                 (!mode ? mode.error() : format.error()).message.c_str());
    return kExitUsage;
  }
  if (!o.customer_set.empty() && o.irr.empty() && !o.quiet) {
    std::fprintf(stderr,
                 "manrs sav acl: --customer-set without --irr: using the default IRR "
                 "database\n");
  }
  SavRenderOptions render;
  render.mode = *mode;
  render.allow_empty = o.allow_empty;
  render.allow_permit_all = o.allow_permit_all;
  for (const std::string& m : o.ifnames) {
    const auto eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
      std::fprintf(stderr, "manrs sav acl: --ifname wants PEER_IP=IFNAME, not '%s'\n", m.c_str());
      return kExitUsage;
    }
    auto a = IpAddress::Parse(m.substr(0, eq));
    if (!a) {
      std::fprintf(stderr, "manrs sav acl: --ifname: bad address in '%s'\n", m.c_str());
      return kExitUsage;
    }
    for (char c : m.substr(eq + 1)) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
        std::fprintf(stderr, "manrs sav acl: --ifname: '%s' is not an interface name\n",
                     m.substr(eq + 1).c_str());
        return kExitUsage;
      }
    }
    render.ifnames[a->ToString()] = m.substr(eq + 1);
  }

  ProblemLog problems(o.quiet ? nullptr : PrintProblem);
  SavRibStats stats;
  auto rib = LoadSavRib(o.rib, problems, &stats);
  if (!rib) {
    std::fprintf(stderr, "manrs sav acl: %s\n", rib.error().message.c_str());
    return kExitUsage;
  }
  auto customers = FindCustomers(o, *rib);
  if (!customers) return kExitUsage;
  SavInputs in;
  in.rib = &*rib;
  in.customers = *customers;
  RpkiPayloads payloads;
  if (!o.vrps.empty()) {
    auto loaded = LoadRpkiPayloads(o.vrps, problems);
    if (!loaded) {
      std::fprintf(stderr, "manrs sav acl: %s: %s\n", o.vrps.c_str(),
                   loaded.error().message.c_str());
      return kExitUsage;
    }
    payloads = std::move(*loaded);
    in.vrps = payloads.vrps;
    in.aspas = payloads.aspas;
  } else if (*mode == SavMode::kBarSav && !o.quiet) {
    std::fprintf(stderr,
                 "manrs sav acl: bar-sav without --vrps: no ASPAs or ROAs, the cone is "
                 "the customers' paths alone\n");
  }
  auto lists = ComputeAllowLists(*mode, in);
  if (!lists) {
    std::fprintf(stderr, "manrs sav acl: %s\n", lists.error().message.c_str());
    return kExitUsage;
  }
  auto text = RenderSavLists(*rib, *lists, *format, render);
  if (!text) {
    std::fprintf(stderr, "manrs sav acl: %s\n", text.error().message.c_str());
    return kExitRefused;
  }
  if (!o.quiet) {
    std::size_t total = 0;
    for (const auto& l : *lists) total += l.allow.size();
    std::fprintf(stderr,
                 "manrs sav acl: %s: %llu routes from %zu interfaces (%llu default routes left "
                 "out, %llu session drops replayed); %zu lists, %zu prefixes\n",
                 SavModeName(*mode), static_cast<unsigned long long>(stats.routes),
                 rib->interfaces().size(), static_cast<unsigned long long>(stats.default_routes),
                 static_cast<unsigned long long>(stats.sessions_down), lists->size(), total);
  }
  if (!o.diff.empty()) {
    const int status = DiffAndGuard(o, *text);
    if (status != 0) return status;
  }
  // Problems in the RIB: the lists of the readable part are written, and the
  // exit status says the input was damaged.
  const int done = problems.count() ? kExitRefused : 0;
  if (!o.output.empty()) return WriteAtomically(o.output, *text) ? done : kExitRefused;
  if (o.diff.empty()) {
    if (std::fwrite(text->data(), 1, text->size(), stdout) != text->size() ||
        std::fflush(stdout) != 0) {
      std::fprintf(stderr, "manrs sav acl: cannot write standard output\n");
      return kExitRefused;
    }
  }
  return done;
}

struct AuditOptions {
  std::vector<std::string> pcaps;
  std::string rib;
  std::string allow;
  std::string interfaces;
  std::vector<std::string> bogons;
  std::string format = "text";
  std::size_t top = 20;
  std::string output;
  bool quiet = false;
};

std::optional<AuditSetup> SetUpAudit(const std::string& allow, const std::string& interfaces,
                                     const std::vector<std::string>& bogon_files,
                                     ProblemLog& problems, const char* who) {
  auto setup = LoadAuditSetup(allow, interfaces, bogon_files, problems);
  if (!setup) {
    std::fprintf(stderr, "manrs sav %s: %s\n", who, setup.error().message.c_str());
    return std::nullopt;
  }
  return std::move(*setup);
}

// --rib: the routed prefix and origin AS of each listed spoofed source.
std::unique_ptr<SourceOrigins> LoadOrigins(const std::string& rib_path, SavAudit* audit,
                                           ProblemLog& problems, const char* who, bool* ok) {
  *ok = true;
  if (rib_path.empty()) return nullptr;
  auto rib = LoadSavRib(rib_path, problems);
  if (!rib) {
    std::fprintf(stderr, "manrs sav %s: %s\n", who, rib.error().message.c_str());
    *ok = false;
    return nullptr;
  }
  auto origins = std::make_unique<SourceOrigins>(*rib);
  SourceOrigins* o = origins.get();
  audit->set_source_resolver([o](const IpAddress& a) -> std::optional<std::pair<Prefix, Asn>> {
    auto r = o->Find(a);
    if (!r) return std::nullopt;
    return std::make_pair(r->prefix, r->origin_asn);
  });
  return origins;
}

bool WriteReport(const std::string& output, const std::string& text, const char* who) {
  if (!output.empty()) return WriteAtomically(output, text);
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "manrs sav %s: cannot write standard output\n", who);
    return false;
  }
  return true;
}

int RunAudit(const AuditOptions& o) {
  if (o.format != "text" && o.format != "json") {
    std::fprintf(stderr, "manrs sav audit: --format text or json\n");
    return kExitUsage;
  }
  ProblemLog problems(o.quiet ? nullptr : PrintProblem);
  auto setup = SetUpAudit(o.allow, o.interfaces, o.bogons, problems, "audit");
  if (!setup) return kExitUsage;
  SourceClassifier classifier(setup->lists, setup->have_bogons ? &setup->bogons : nullptr);
  SavAudit audit(classifier);
  bool ok = true;
  auto origins = LoadOrigins(o.rib, &audit, problems, "audit", &ok);
  if (!ok) return kExitUsage;
  std::size_t opened = 0;
  for (const std::string& f : o.pcaps) opened += AuditPcapFile(f, setup->map, &audit, problems);
  if (opened == 0) return kExitUsage;
  const std::string report =
      o.format == "json" ? audit.ToJson("pcap", o.pcaps, o.top) : audit.ToText(o.top);
  if (!WriteReport(o.output, report, "audit")) return kExitUsage;
  return audit.Total().spoofed_packets() > 0 || problems.count() > 0 ? 1 : 0;
}

struct CollectOptions {
  std::string listen = "127.0.0.1:2055";
  std::string rib;
  std::string allow;
  std::string interfaces;
  std::vector<std::string> bogons;
  std::uint64_t until_flows = 0;
  double duration = 0;
  double idle = 0;
  std::string format = "text";
  std::string write;
  std::size_t top = 20;
  std::string output;
  bool quiet = false;
};

std::atomic<bool> g_stop{false};
extern "C" void OnStopSignal(int) { g_stop.store(true); }

int RunCollect(const CollectOptions& o) {
  if (o.format != "text" && o.format != "json") {
    std::fprintf(stderr, "manrs sav collect: --format text or json\n");
    return kExitUsage;
  }
  ProblemLog problems(o.quiet ? nullptr : PrintProblem);
  auto setup = SetUpAudit(o.allow, o.interfaces, o.bogons, problems, "collect");
  if (!setup) return kExitUsage;
  SourceClassifier classifier(setup->lists, setup->have_bogons ? &setup->bogons : nullptr);
  SavAudit audit(classifier);
  bool ok = true;
  auto origins = LoadOrigins(o.rib, &audit, problems, "collect", &ok);
  if (!ok) return kExitUsage;
  auto collector = FlowCollector::Bind(o.listen);
  if (!collector) {
    std::fprintf(stderr, "manrs sav collect: %s\n", collector.error().message.c_str());
    return kExitUsage;
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> write(nullptr, std::fclose);
  const std::string write_tmp = o.write + ".manrs-tmp";
  if (!o.write.empty()) {
    write.reset(std::fopen(write_tmp.c_str(), "wb"));
    if (!write) {
      std::fprintf(stderr, "manrs sav collect: cannot write %s\n", write_tmp.c_str());
      return kExitUsage;
    }
    std::setvbuf(write.get(), nullptr, _IOFBF, 1 << 20);
  }
  std::fprintf(stderr, "manrs sav collect: listening on %s (receive buffer %d bytes)\n",
               (*collector)->bound().c_str(), (*collector)->receive_buffer());
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  FlowDecoder decoder;
  FlowAudit flows(setup->map, &audit, write.get());
  CollectLimits limits;
  limits.until_flows = o.until_flows;
  limits.duration_seconds = o.duration;
  limits.idle_seconds = o.idle;
  const auto start = std::chrono::steady_clock::now();
  auto status =
      (*collector)
          ->Run(
              limits, decoder, [&](const FlowExporter& e, const FlowRecord& r) { flows.Add(e, r); },
              problems, &g_stop);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!status) {
    std::fprintf(stderr, "manrs sav collect: %s\n", status.error().message.c_str());
    return kExitUsage;
  }
  if (write) {  // kept only when written whole
    const bool flushed = std::fflush(write.get()) == 0 && std::ferror(write.get()) == 0;
    if (std::fclose(write.release()) != 0 || !flushed) {
      std::fprintf(stderr, "manrs sav collect: writing %s failed\n", write_tmp.c_str());
      return kExitUsage;
    }
    std::error_code ec;
    std::filesystem::rename(write_tmp, o.write, ec);
    if (ec) {
      std::fprintf(stderr, "manrs sav collect: cannot rename to %s\n", o.write.c_str());
      return kExitUsage;
    }
  }
  const FlowDecoderStats& s = decoder.stats();
  const std::string report =
      o.format == "json" ? audit.ToJson("netflow", {"udp:" + (*collector)->bound()}, o.top,
                                        CollectorStatsJson(s, (*collector)->bound(),
                                                           (*collector)->receive_buffer(), seconds))
                         : audit.ToText(o.top) + CollectorStatsText(s, seconds);
  if (!WriteReport(o.output, report, "collect")) return kExitUsage;
  return audit.Total().spoofed_packets() > 0 || s.malformed > 0 ? 1 : 0;
}

}  // namespace

void AddSavCommands(CLI::App& app, CommandRun* run) {
  CLI::App* sav = app.add_subcommand("sav", "source address validation (MANRS Action 2)");
  sav->require_subcommand(1);

  auto acl_options = std::make_shared<AclOptions>();
  AclOptions* o = acl_options.get();
  CLI::App* acl = sav->add_subcommand(
      "acl", "per-interface SAV allow-lists (uRPF, EFP-uRPF, BAR-SAV) from a router's RIB dump");
  acl->add_option("--mode", o->mode, "strict, feasible, efp-a (default), efp-b or bar-sav");
  acl->add_option("--rib", o->rib,
                  "the router's MRT dump (TABLE_DUMP_V2 or BGP4MP); each peer "
                  "is an interface")
      ->required()
      ->check(CLI::ExistingFile);
  acl->add_option("--customers", o->customers,
                  "customer interfaces: peer ASNs or peer addresses, comma separated");
  acl->add_option("--customer-set", o->customer_set,
                  "customer interfaces: the peers in this AS-SET");
  acl->add_option("--irr", o->irr, "IRR database for --customer-set (manrs irr load)");
  acl->add_option("--vrps", o->vrps, "RPKI payloads (ROAs and ASPAs) for bar-sav")
      ->check(CLI::ExistingFile);
  acl->add_option("--format", o->format,
                  "json (default), ios, iosxr, junos, eos, nftables, iptables, ip6tables, frr");
  acl->add_option("-o,--output", o->output, "write to FILE atomically (not at all when refused)");
  acl->add_option("--diff", o->diff,
                  "show the changes against OLD (same format); refuse when a "
                  "list would lose too much");
  acl->add_option("--max-change", o->max_change,
                  "with --diff: largest share (percent) of a list's old entries that may go "
                  "(default 10; 100 turns the guard off)")
      ->check(CLI::Range(0.0, 100.0));
  acl->add_flag("--allow-empty", o->allow_empty, "write lists that are empty");
  acl->add_flag("--allow-permit-all", o->allow_permit_all, "write lists holding a default route");
  acl->add_option("--ifname", o->ifnames,
                  "PEER_IP=IFNAME: the Linux interface of a peer (nftables, iptables)");
  acl->add_flag("-q,--quiet", o->quiet, "no problems or summary on stderr");
  acl->callback([acl_options, run] { *run = [acl_options] { return RunAcl(*acl_options); }; });

  auto audit_options = std::make_shared<AuditOptions>();
  AuditOptions* a = audit_options.get();
  CLI::App* audit = sav->add_subcommand(
      "audit", "count the packets of captures whose source is not allowed on their interface");
  audit->add_option("--pcap", a->pcaps, "captures (pcap or pcapng)")->required();
  audit
      ->add_option("--allow", a->allow,
                   "allow-lists: `sav acl --format json` output, a prefix file, or P,P,...")
      ->required();
  audit->add_option("--interfaces", a->interfaces,
                    "MAP file: vlan N LIST | file NAME LIST | default LIST (doc/sav.md)");
  audit->add_option("--bogons", a->bogons, "bogon lists (Team Cymru) for the bogon reason");
  audit
      ->add_option("--rib", a->rib,
                   "MRT RIB: name the routed prefix and origin AS of the spoofed sources listed")
      ->check(CLI::ExistingFile);
  audit->add_option("--format", a->format, "text (default) or json");
  audit->add_option("--top", a->top, "spoofed sources to list (default 20)");
  audit->add_option("-o,--output", a->output, "write the report to FILE (atomically)");
  audit->add_flag("-q,--quiet", a->quiet, "do not print input problems");
  audit->callback(
      [audit_options, run] { *run = [audit_options] { return RunAudit(*audit_options); }; });

  auto collect_options = std::make_shared<CollectOptions>();
  CollectOptions* c = collect_options.get();
  CLI::App* collect = sav->add_subcommand(
      "collect", "NetFlow v5/v9 and IPFIX collector doing the audit per ingress interface");
  collect->add_option("--listen", c->listen, "ADDRESS:PORT to receive on (port 0: any free)");
  collect
      ->add_option("--allow", c->allow,
                   "allow-lists: `sav acl --format json` output, a prefix file, or P,P,...")
      ->required();
  collect->add_option("--interfaces", c->interfaces,
                      "MAP file: ifindex N LIST | default LIST (doc/sav.md)");
  collect->add_option("--bogons", c->bogons, "bogon lists (Team Cymru) for the bogon reason");
  collect->add_option("--until-flows", c->until_flows, "stop after this many flow records");
  collect->add_option("--duration", c->duration, "stop after this many seconds");
  collect->add_option("--idle", c->idle, "stop this many seconds after the last datagram");
  collect
      ->add_option("--rib", c->rib,
                   "MRT RIB: name the routed prefix and origin AS of the spoofed sources listed")
      ->check(CLI::ExistingFile);
  collect->add_option("--format", c->format, "text (default) or json");
  collect->add_option("--write", c->write, "keep the flow records in FILE (CSV)");
  collect->add_option("--top", c->top, "spoofed sources to list (default 20)");
  collect->add_option("-o,--output", c->output, "write the report to FILE (atomically)");
  collect->add_flag("-q,--quiet", c->quiet, "do not print malformed datagrams");
  collect->callback([collect_options, run] {
    *run = [collect_options] { return RunCollect(*collect_options); };
  });
}

}  // namespace manrs
