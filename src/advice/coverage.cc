// `manrs coverage`: states, conflicts and proposals (doc/advice.md).
#include "manrs/advice/coverage.h"

#include <algorithm>
#include <set>

#include "fmt/format.h"
#include "manrs/base/json_string.h"
#include "manrs/mrt/element_reader.h"
#include "manrs/observe/registration.h"
#include "manrs/rpsl/object.h"

namespace manrs {

Result<RouteView> ReadRouteView(const std::vector<std::string>& mrt_files, Asn asn,
                                ProblemLog& problems) {
  RouteView view;
  view.asn = asn;
  std::vector<Asn> path;
  std::set<std::pair<Prefix, Asn>> upstream_routes;
  for (const std::string& file : mrt_files) {
    auto reader = ElementReader::Open(file, problems);
    if (!reader) {
      return MakeError(reader.error().code, fmt::format("{}: {}", file, reader.error().message));
    }
    (*reader)->ForEach([&](const Element& e) {
      if (!e.attributes) return;
      ++view.elements;
      auto origin = RouteOriginAsn(e.attributes->path());
      if (!origin) return;
      view.table.Add(e.prefix, *origin, view.table.PeerId(CollectorPeer{e.peer_ip, e.peer_asn}));
      if (*origin != asn || !CompressAsPath(e.attributes->path(), &path) || path.size() < 2) {
        return;
      }
      const Asn upstream = path[path.size() - 2];
      if (upstream_routes.emplace(e.prefix, upstream).second) ++view.upstreams[upstream];
    });
  }
  return view;
}

const char* CoverageIrrName(CoverageIrr s) {
  switch (s) {
    case CoverageIrr::kRegistered:
      return "registered";
    case CoverageIrr::kCovered:
      return "covered";
    case CoverageIrr::kNotRegistered:
      return "not-registered";
    case CoverageIrr::kOtherOrigin:
      return "other-origin";
    case CoverageIrr::kNonAuthoritative:
      return "non-authoritative";
    case CoverageIrr::kUnmeasured:
      return "unmeasured";
  }
  return "?";
}

bool AuthoritativeSource(std::string_view name) {
  const std::string n = ToUpperAscii(name);
  for (const char* s : {"RIPE", "ARIN", "APNIC", "AFRINIC", "LACNIC", "JPIRR", "IDNIC", "TWNIC"}) {
    if (n == s) return true;
  }
  return false;
}

std::vector<Vrp> TightRoas(std::vector<Prefix> announced, Asn asn) {
  std::sort(announced.begin(), announced.end());
  announced.erase(std::unique(announced.begin(), announced.end()), announced.end());
  std::vector<Vrp> out;
  std::vector<bool> absorbed(announced.size(), false);
  for (std::size_t i = 0; i < announced.size(); ++i) {
    if (absorbed[i]) continue;
    const Prefix& p = announced[i];
    const int max_bits = p.is_v4() ? 32 : 128;
    // The prefixes inside p follow it in sorted order (address, then length).
    std::size_t end = i + 1;
    while (end < announced.size() && p.Contains(announced[end])) ++end;
    std::vector<std::uint64_t> per_level;
    for (std::size_t j = i + 1; j < end; ++j) {
      const auto level = static_cast<std::size_t>(announced[j].length() - p.length());
      if (level > 16) continue;
      if (per_level.size() < level + 1) per_level.resize(level + 1, 0);
      ++per_level[level];
    }
    int max_length = p.length();
    for (int level = 1;
         level < static_cast<int>(per_level.size()) && p.length() + level <= max_bits &&
         per_level[static_cast<std::size_t>(level)] == (std::uint64_t{1} << level);
         ++level) {
      max_length = p.length() + level;
    }
    for (std::size_t j = i + 1; j < end; ++j) {
      if (announced[j].length() <= max_length) absorbed[j] = true;
    }
    out.push_back(Vrp{p, static_cast<std::uint8_t>(max_length), asn});
  }
  return out;
}

namespace {

std::string RouteObjectText(const IrrDatabase& irr, const IrrRoute& r) {
  return fmt::format("{} AS{} {}", r.prefix.ToString(), r.origin, irr.sources()[r.source]);
}

void AnalyzeIrr(const IrrDatabase& irr, SourceMask authoritative, Asn asn, PrefixCoverage* p) {
  const IrrState all = RouteIrrState(irr, p->prefix, asn);
  const IrrState auth = RouteIrrState(irr, p->prefix, asn, authoritative);
  std::set<Asn> exact_origins, other_origins;
  for (const IrrRoute* r : irr.RoutesLessSpecific(p->prefix, true)) {
    if (p->route_objects.size() < 20) p->route_objects.push_back(RouteObjectText(irr, *r));
    if (r->prefix == p->prefix) exact_origins.insert(r->origin);
    if (r->origin != asn) other_origins.insert(r->origin);
  }
  if (auth == IrrState::kRegistered) {
    p->irr = CoverageIrr::kRegistered;
  } else if (auth == IrrState::kCovered) {
    p->irr = CoverageIrr::kCovered;
  } else if (all != IrrState::kNotRegistered) {
    p->irr = CoverageIrr::kNonAuthoritative;
  } else {
    p->irr = other_origins.empty() ? CoverageIrr::kNotRegistered : CoverageIrr::kOtherOrigin;
  }
  std::vector<std::string> differing;
  for (Asn o : exact_origins) {
    if (o != asn) differing.push_back(fmt::format("AS{}", o));
  }
  if (!differing.empty()) {
    p->conflicts.push_back(
        {"irr-origin-differs", fmt::format("route objects for {} name {}, BGP origin is AS{}",
                                           p->prefix.ToString(), fmt::join(differing, ", "), asn)});
  }
  if (exact_origins.size() > 1) {
    std::vector<std::string> all_origins;
    for (Asn o : exact_origins) all_origins.push_back(fmt::format("AS{}", o));
    p->conflicts.push_back(
        {"multiple-irr-origins", fmt::format("route objects for {} with origins {}",
                                             p->prefix.ToString(), fmt::join(all_origins, ", "))});
  }
}

void AnalyzeRpki(const VrpTable& vrps, Asn asn, PrefixCoverage* p) {
  RovResult rov;
  ValidateRoute(vrps, p->prefix, asn, &rov);
  p->rpki = rov.state;
  p->rpki_reason = rov.reason;
  p->covering = rov.covering;
  if (rov.state != RovState::kInvalid) return;
  std::vector<std::string> list;
  for (const CoveringVrp& c : rov.covering) list.push_back(ToString(c.vrp));
  p->conflicts.push_back(
      {rov.reason == RovReason::kTooSpecific ? "rpki-invalid-length" : "rpki-origin-differs",
       fmt::format("{} AS{} is RPKI invalid ({}): covering VRPs {}{}", p->prefix.ToString(), asn,
                   RovReasonName(rov.reason), fmt::join(list, ", "),
                   rov.reason == RovReason::kTooSpecific
                       ? std::string()
                       : "; only the holder of the space can authorise this origin")});
}

// The preview: for every proposed ROA the seen routes it would change, given
// the other proposals that stay; ROAs that would turn a seen route invalid
// are withheld, until none does.
void PreviewRoas(const std::vector<Announcement>& seen, const VrpTable& vrps,
                 std::vector<Vrp> proposed, CoverageReport* report) {
  std::sort(proposed.begin(), proposed.end());
  auto table = VrpTable::Build(proposed);
  if (!table) return;  // proposals are well formed by construction
  struct Seen {
    const Announcement* a;
    RovState before;
    std::vector<std::size_t> by;  // indexes of the proposals covering it
  };
  std::vector<Seen> affected;
  for (const Announcement& a : seen) {
    Seen s{&a, RovState::kNotFound, {}};
    table->ForEachCovering(a.prefix, [&](const Vrp& v) {
      // proposed is sorted: the table's VRP is found by binary search.
      s.by.push_back(static_cast<std::size_t>(
          std::lower_bound(proposed.begin(), proposed.end(), v) - proposed.begin()));
      return true;
    });
    if (s.by.empty()) continue;
    s.before = ValidateOrigin(vrps, a.prefix, a.origin);
    affected.push_back(std::move(s));
  }
  std::vector<bool> withheld(proposed.size(), false);
  auto after = [&](const Seen& s) {
    if (s.before == RovState::kValid) return RovState::kValid;
    bool covered = false;
    for (std::size_t i : s.by) {
      if (withheld[i]) continue;
      covered = true;
      const Vrp& v = proposed[i];
      if (v.asn == s.a->origin && s.a->prefix.length() <= v.max_length) return RovState::kValid;
    }
    return covered ? RovState::kInvalid : s.before;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (const Seen& s : affected) {
      if (s.before != RovState::kNotFound || after(s) != RovState::kInvalid) continue;
      for (std::size_t i : s.by) {
        if (!withheld[i]) {
          withheld[i] = true;
          changed = true;
        }
      }
    }
  }
  std::vector<RoaProposal> out(proposed.size());
  for (std::size_t i = 0; i < proposed.size(); ++i) out[i].roa = proposed[i];
  for (const Seen& s : affected) {
    const RovState a = after(s);
    for (std::size_t i : s.by) {
      // A withheld ROA shows what it would do if it were issued alone.
      RovState state = a;
      if (withheld[i]) {
        const Vrp& v = proposed[i];
        state = s.before == RovState::kValid ||
                        (v.asn == s.a->origin && s.a->prefix.length() <= v.max_length)
                    ? RovState::kValid
                    : RovState::kInvalid;
      }
      if (state != s.before) {
        out[i].changes.push_back(RouteChange{s.a->prefix, s.a->origin, s.before, state});
      }
    }
  }
  for (std::size_t i = 0; i < proposed.size(); ++i) {
    (withheld[i] ? report->withheld_roas : report->roas).push_back(std::move(out[i]));
  }
}

}  // namespace

CoverageReport AnalyzeCoverage(const RouteView& view, int min_peers, const CoverageInputs& in) {
  CoverageReport report;
  report.asn = view.asn;
  report.min_peers = min_peers;
  report.irr_loaded = in.irr != nullptr;
  const std::vector<Announcement> seen = view.table.Announced(min_peers);
  SourceMask authoritative = 0;
  if (in.irr) {
    for (std::size_t i = 0; i < in.irr->sources().size(); ++i) {
      if (AuthoritativeSource(in.irr->sources()[i])) authoritative |= SourceMask{1} << i;
    }
    for (const RpslObject& a : AutNumObjects(*in.irr, view.asn)) {
      auto m = a.ListOf("mnt-by");
      if (!m.empty()) {
        report.mnt_by = m.front();
        break;
      }
    }
  }
  std::set<Prefix> announced;
  for (const Announcement& a : seen) {
    if (a.origin != view.asn) continue;
    announced.insert(a.prefix);
    PrefixCoverage p;
    p.prefix = a.prefix;
    p.peers = a.peers;
    AnalyzeRpki(*in.vrps, view.asn, &p);
    if (in.irr) AnalyzeIrr(*in.irr, authoritative, view.asn, &p);
    if (in.bogons) {
      if (auto m = in.bogons->Match(p.prefix)) {
        p.conflicts.push_back(
            {"special-use",
             fmt::format("{} lies in {}{}", p.prefix.ToString(), m->block.ToString(),
                         m->special ? fmt::format(" ({}, {})", m->special->name, m->special->rfc)
                                    : std::string(" (a bogon list)"))});
      }
    }
    report.prefixes.push_back(std::move(p));
  }

  // AS-level conflicts: the ROAs and route objects of the AS that BGP does
  // not show, and route objects that RPKI says are invalid.
  for (const Vrp& v : in.vrp_list) {
    if (v.asn != view.asn) continue;
    bool used = false;
    for (auto it = announced.lower_bound(v.prefix); it != announced.end() && v.prefix.Contains(*it);
         ++it) {
      if (it->length() <= v.max_length) {
        used = true;
        break;
      }
    }
    if (!used) {
      report.conflicts.push_back(
          {"roa-not-in-bgp", fmt::format("VRP {} matches no route of AS{} seen by {} peer(s)",
                                         ToString(v), view.asn, min_peers)});
    }
  }
  if (in.irr) {
    for (Afi afi : {Afi::kIpv4, Afi::kIpv6}) {
      for (const IrrRoute& r : in.irr->RoutesOf(view.asn, afi)) {
        const bool in_bgp = announced.contains(r.prefix);
        const RovState state = ValidateOrigin(*in.vrps, r.prefix, r.origin);
        const std::string text = RouteObjectText(*in.irr, r);
        if (!in_bgp) {
          report.conflicts.push_back(
              {"route-object-not-in-bgp", fmt::format("route object {} is not announced", text)});
        }
        if (state == RovState::kInvalid) {
          report.conflicts.push_back(
              {"rpki-invalid-route-object", fmt::format("route object {} is RPKI invalid", text)});
          if (!in_bgp) {
            report.irr_objects.push_back(
                {"delete", r.prefix, r.origin, in.irr->sources()[r.source],
                 "RPKI invalid and not announced: a stale object others may filter on"});
          }
        }
      }
    }
  }

  // Proposals. ROAs: for the prefixes RPKI does not call valid, tight per
  // RFC 9319; previewed against every route seen.
  std::vector<Prefix> need_roa;
  for (PrefixCoverage& p : report.prefixes) {
    // A prefix invalid for another origin has ROAs its holder issued: a ROA
    // for this AS is the holder's to make (the conflict says so), not ours.
    if (p.rpki == RovState::kNotFound ||
        (p.rpki == RovState::kInvalid && p.rpki_reason == RovReason::kTooSpecific)) {
      need_roa.push_back(p.prefix);
    }
    if (in.irr && p.irr != CoverageIrr::kRegistered && p.irr != CoverageIrr::kCovered) {
      std::string source = "RIPE";
      for (std::size_t i = 0; i < in.irr->sources().size(); ++i) {
        if (authoritative >> i & 1) {
          source = in.irr->sources()[i];
          break;
        }
      }
      report.irr_objects.push_back({"create", p.prefix, view.asn, source,
                                    fmt::format("IRR state {}", CoverageIrrName(p.irr))});
      p.proposals.push_back("route-object");
    }
  }
  PreviewRoas(seen, *in.vrps, TightRoas(need_roa, view.asn), &report);
  for (PrefixCoverage& p : report.prefixes) {
    for (const RoaProposal& r : report.roas) {
      if (r.roa.prefix.Contains(p.prefix) && p.prefix.length() <= r.roa.max_length) {
        p.proposals.push_back("roa " + ToString(r.roa));
      }
    }
    for (const RoaProposal& r : report.withheld_roas) {
      if (r.roa.prefix.Contains(p.prefix) && p.prefix.length() <= r.roa.max_length) {
        p.proposals.push_back("withheld-roa " + ToString(r.roa));
      }
    }
  }
  for (const auto& [upstream, routes] : view.upstreams) report.aspa_providers.push_back(upstream);

  CoverageSummary& s = report.summary;
  s.prefixes = report.prefixes.size();
  for (const PrefixCoverage& p : report.prefixes) {
    s.rpki_valid += p.rpki == RovState::kValid;
    s.rpki_invalid += p.rpki == RovState::kInvalid;
    s.rpki_not_found += p.rpki == RovState::kNotFound;
    s.irr_registered += p.irr == CoverageIrr::kRegistered;
    s.irr_covered += p.irr == CoverageIrr::kCovered;
    s.irr_not_registered += p.irr == CoverageIrr::kNotRegistered;
    s.irr_other_origin += p.irr == CoverageIrr::kOtherOrigin;
    s.irr_non_authoritative += p.irr == CoverageIrr::kNonAuthoritative;
    s.conflicts += p.conflicts.size();
  }
  s.conflicts += report.conflicts.size();
  return report;
}

namespace {

void AppendConflicts(std::string* j, const std::vector<CoverageConflict>& list) {
  j->push_back('[');
  for (std::size_t i = 0; i < list.size(); ++i) {
    j->append(i ? ",{\"kind\":" : "{\"kind\":");
    AppendJsonString(j, list[i].kind);
    j->append(",\"detail\":");
    AppendJsonString(j, list[i].detail);
    j->push_back('}');
  }
  j->push_back(']');
}

void AppendStrings(std::string* j, const std::vector<std::string>& list) {
  j->push_back('[');
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) j->push_back(',');
    AppendJsonString(j, list[i]);
  }
  j->push_back(']');
}

void AppendRoas(std::string* j, const std::vector<RoaProposal>& list) {
  j->push_back('[');
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Vrp& v = list[i].roa;
    fmt::format_to(std::back_inserter(*j),
                   "{}{{\"asn\":{},\"prefix\":\"{}\",\"maxLength\":{},\"preview\":[", i ? "," : "",
                   v.asn, v.prefix.ToString(), v.max_length);
    for (std::size_t k = 0; k < list[i].changes.size(); ++k) {
      const RouteChange& c = list[i].changes[k];
      fmt::format_to(std::back_inserter(*j),
                     "{}{{\"prefix\":\"{}\",\"origin\":{},\"before\":\"{}\",\"after\":\"{}\"}}",
                     k ? "," : "", c.prefix.ToString(), c.origin, RovStateName(c.before),
                     RovStateName(c.after));
    }
    j->append("]}");
  }
  j->push_back(']');
}

std::string MntBy(const CoverageReport& r) {
  return r.mnt_by.empty() ? std::string("YOUR-MNT") : r.mnt_by;
}

}  // namespace

std::string CoverageJson(const CoverageReport& r) {
  std::string j = fmt::format("{{\"asn\":{},\"min_peers\":{},\"prefixes\":[", r.asn, r.min_peers);
  for (std::size_t i = 0; i < r.prefixes.size(); ++i) {
    const PrefixCoverage& p = r.prefixes[i];
    fmt::format_to(std::back_inserter(j),
                   "{}{{\"prefix\":\"{}\",\"peers\":{},\"rpki\":\"{}\",\"vrps\":[", i ? "," : "",
                   p.prefix.ToString(), p.peers, RovStateName(p.rpki));
    for (std::size_t k = 0; k < p.covering.size(); ++k) {
      fmt::format_to(std::back_inserter(j), "{}{{\"vrp\":\"{}\",\"match\":\"{}\"}}", k ? "," : "",
                     ToString(p.covering[k].vrp), VrpMatchName(p.covering[k].match));
    }
    fmt::format_to(std::back_inserter(j),
                   "],\"irr\":\"{}\",\"route_objects\":", CoverageIrrName(p.irr));
    AppendStrings(&j, p.route_objects);
    j += ",\"conflicts\":";
    AppendConflicts(&j, p.conflicts);
    j += ",\"proposals\":";
    AppendStrings(&j, p.proposals);
    j += '}';
  }
  j += "],\"conflicts\":";
  AppendConflicts(&j, r.conflicts);
  j += ",\"roas\":";
  AppendRoas(&j, r.roas);
  j += ",\"withheld_roas\":";
  AppendRoas(&j, r.withheld_roas);
  j += ",\"irr_objects\":[";
  for (std::size_t i = 0; i < r.irr_objects.size(); ++i) {
    const IrrObjectProposal& o = r.irr_objects[i];
    fmt::format_to(std::back_inserter(j),
                   "{}{{\"action\":\"{}\",\"prefix\":\"{}\",\"origin\":{},\"source\":",
                   i ? "," : "", o.action, o.prefix.ToString(), o.origin);
    AppendJsonString(&j, o.source);
    j += ",\"reason\":";
    AppendJsonString(&j, o.reason);
    j += '}';
  }
  j += "],\"aspa\":{\"customer\":";
  fmt::format_to(std::back_inserter(j), "{},\"providers\":[{}]}}", r.asn,
                 fmt::join(r.aspa_providers, ","));
  const CoverageSummary& s = r.summary;
  fmt::format_to(std::back_inserter(j),
                 ",\"summary\":{{\"prefixes\":{},\"rpki_valid\":{},\"rpki_invalid\":{},"
                 "\"rpki_not_found\":{},\"irr_measured\":{},\"irr_registered\":{},"
                 "\"irr_covered\":{},\"irr_not_registered\":{},\"irr_other_origin\":{},"
                 "\"irr_non_authoritative\":{},\"conflicts\":{},\"roas_proposed\":{},"
                 "\"roas_withheld\":{}}}}}\n",
                 s.prefixes, s.rpki_valid, s.rpki_invalid, s.rpki_not_found,
                 r.irr_loaded ? "true" : "false", s.irr_registered, s.irr_covered,
                 s.irr_not_registered, s.irr_other_origin, s.irr_non_authoritative, s.conflicts,
                 r.roas.size(), r.withheld_roas.size());
  return j;
}

std::string CoverageText(const CoverageReport& r, bool preview) {
  const CoverageSummary& s = r.summary;
  std::string t = fmt::format(
      "AS{}: {} prefixes seen by >= {} peer(s); RPKI {} valid, {} invalid, {} not-found", r.asn,
      s.prefixes, r.min_peers, s.rpki_valid, s.rpki_invalid, s.rpki_not_found);
  if (r.irr_loaded) {
    t += fmt::format(
        "; IRR {} registered, {} covered, {} not-registered, {} other-origin, {} "
        "non-authoritative",
        s.irr_registered, s.irr_covered, s.irr_not_registered, s.irr_other_origin,
        s.irr_non_authoritative);
  } else {
    t += "; IRR unmeasured (no IRR loaded)";
  }
  t += fmt::format("; {} conflict(s)\n\n", s.conflicts);
  for (const PrefixCoverage& p : r.prefixes) {
    t += fmt::format("{:<44} {:<9} {:<17} {}\n", p.prefix.ToString(), RovStateName(p.rpki),
                     CoverageIrrName(p.irr),
                     p.proposals.empty() ? "" : fmt::format("{}", fmt::join(p.proposals, "; ")));
    for (const CoverageConflict& c : p.conflicts)
      t += fmt::format("    {}: {}\n", c.kind, c.detail);
  }
  if (!r.conflicts.empty()) t += "\n";
  for (const CoverageConflict& c : r.conflicts) t += fmt::format("{}: {}\n", c.kind, c.detail);
  if (!r.roas.empty() || !r.withheld_roas.empty())
    t += "\nROAs to create (RFC 9319: tight maxLength):\n";
  auto roa_lines = [&](const std::vector<RoaProposal>& list, const char* label) {
    for (const RoaProposal& p : list) {
      t += fmt::format("  {}{}\n", label, ToString(p.roa));
      if (!preview) continue;
      for (const RouteChange& c : p.changes) {
        t += fmt::format("      {} AS{}: {} -> {}\n", c.prefix.ToString(), c.origin,
                         RovStateName(c.before), RovStateName(c.after));
      }
    }
  };
  roa_lines(r.roas, "");
  roa_lines(r.withheld_roas, "WITHHELD (would make seen routes invalid): ");
  if (!r.irr_objects.empty()) t += "\nRoute objects:\n";
  for (const IrrObjectProposal& o : r.irr_objects) {
    t += fmt::format("  {} {} AS{} in {}: {}\n", o.action, o.prefix.ToString(), o.origin, o.source,
                     o.reason);
  }
  if (!r.aspa_providers.empty()) {
    t += fmt::format("\nASPA candidate (review: only providers belong in it):\n  AS{} => {}\n",
                     r.asn, fmt::join(r.aspa_providers, ", "));
  }
  return t;
}

std::string CoverageRpsl(const CoverageReport& r) {
  std::string t;
  for (const IrrObjectProposal& o : r.irr_objects) {
    t += fmt::format("{}:{}{}\norigin:         AS{}\n", o.prefix.is_v4() ? "route" : "route6",
                     o.prefix.is_v4() ? "          " : "         ", o.prefix.ToString(), o.origin);
    if (o.action == "create") {
      t += fmt::format("descr:          proposed by manrs coverage: {}\nmnt-by:         {}\n",
                       o.reason, MntBy(r));
    }
    t += fmt::format("source:         {}\n", o.source);
    if (o.action == "delete") t += fmt::format("delete:         {}\n", o.reason);
    t += "\n";
  }
  return t;
}

std::string CoverageRoaCsv(const CoverageReport& r) {
  std::string t = "ASN,IP Prefix,Max Length\n";
  for (const RoaProposal& p : r.roas) {
    t += fmt::format("AS{},{},{}\n", p.roa.asn, p.roa.prefix.ToString(), p.roa.max_length);
  }
  return t;
}

}  // namespace manrs
