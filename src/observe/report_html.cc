// The HTML report of one AS: one self-contained page (inline CSS, inline SVG
// charts, no script, no network) that a person can send to a colleague.
#include <algorithm>
#include <cmath>
#include <iterator>

#include "fmt/format.h"
#include "manrs/observe/report_format.h"
#include "simdjson.h"

namespace manrs {

namespace {

void Esc(std::string* out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '"':
        out->append("&quot;");
        break;
      case '\'':
        out->append("&#39;");
        break;
      default:
        out->push_back(c);
    }
  }
}
std::string E(std::string_view s) {
  std::string out;
  Esc(&out, s);
  return out;
}

const char* LabelColor(ReadinessLabel l) {
  switch (l) {
    case ReadinessLabel::kReady:
      return "#1a7f37";
    case ReadinessLabel::kAspiring:
      return "#bf8700";
    case ReadinessLabel::kLagging:
      return "#cf222e";
    case ReadinessLabel::kUnmeasured:
      return "#8c959f";
  }
  return "#8c959f";
}

const char* ActionTitle(int a) {
  static const char* const kTitles[] = {"1 · Filtering", "2 · Anti-spoofing", "3 · Coordination",
                                        "4 · Global validation"};
  return kTitles[a];
}

std::string Number(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9)
    return fmt::format("{}", static_cast<long long>(std::round(v)));
  return fmt::format("{:.2f}", v);
}

std::string Pct(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "–";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

// A ring gauge for a 0-100 score.
std::string Gauge(const Readiness& r) {
  const double score = r.score.value_or(0);
  const double c = 2 * M_PI * 34;
  const double filled = r.score ? c * std::clamp(score, 0.0, 100.0) / 100.0 : 0;
  return fmt::format(
      R"x(<svg class="gauge" viewBox="0 0 84 84" role="img" aria-label="score {0}">)x"
      R"x(<circle cx="42" cy="42" r="34" fill="none" stroke="#eaeef2" stroke-width="9"/>)x"
      R"x(<circle cx="42" cy="42" r="34" fill="none" stroke="{1}" stroke-width="9" )x"
      R"x(stroke-dasharray="{2:.1f} {3:.1f}" transform="rotate(-90 42 42)" stroke-linecap="{4}"/>)x"
      R"x(<text x="42" y="47" text-anchor="middle" font-size="17" font-weight="600" fill="#24292f">{0}</text></svg>)x",
      r.score ? Number(score) : std::string("–"), LabelColor(r.label), filled, c,
      filled > 0 ? "round" : "butt");
}

// A horizontal stacked bar of parts (value, colour, label) with a legend.
std::string StackedBar(
    const std::vector<std::tuple<std::uint64_t, const char*, std::string>>& parts) {
  std::uint64_t total = 0;
  for (const auto& p : parts) total += std::get<0>(p);
  std::string out =
      R"x(<svg class="bar" viewBox="0 0 600 28" preserveAspectRatio="none" role="img">)x";
  double x = 0;
  if (total == 0) {
    out += R"x(<rect x="0" y="0" width="600" height="28" rx="4" fill="#eaeef2"/>)x";
  }
  for (const auto& [value, color, label] : parts) {
    if (value == 0) continue;
    const double w = 600.0 * static_cast<double>(value) / static_cast<double>(total);
    fmt::format_to(
        std::back_inserter(out),
        R"x(<rect x="{:.2f}" y="0" width="{:.2f}" height="28" fill="{}"><title>{}: {}</title></rect>)x",
        x, w, color, E(label), value);
    x += w;
  }
  out += "</svg><div class=\"legend\">";
  for (const auto& [value, color, label] : parts) {
    fmt::format_to(std::back_inserter(out),
                   R"x(<span><i style="background:{}"></i>{} <b>{}</b> ({})</span>)x", color,
                   E(label), value, Pct(value, total));
  }
  out += "</div>";
  return out;
}

// Incidents on a time axis over the period.
std::string Timeline(const AsReport& r) {
  const double span = static_cast<double>(std::max<std::int64_t>(r.period.end - r.period.start, 1));
  const int rows = static_cast<int>(std::min<std::size_t>(r.incidents.size(), 30));
  const int h = 26 + rows * 18;
  std::string out = fmt::format(R"x(<svg class="timeline" viewBox="0 0 760 {}" role="img">)x", h);
  fmt::format_to(
      std::back_inserter(out),
      R"x(<line x1="220" y1="{0}" x2="750" y2="{0}" stroke="#d0d7de"/>)x"
      R"x(<text x="220" y="{1}" font-size="10" fill="#57606a">{2}</text>)x"
      R"x(<text x="750" y="{1}" font-size="10" fill="#57606a" text-anchor="end">{3}</text>)x",
      h - 14, h - 2, IsoTime(r.period.start), IsoTime(r.period.end));
  for (int i = 0; i < rows; ++i) {
    const Incident& inc = r.incidents[static_cast<std::size_t>(i)];
    const double x0 =
        220 + 530 * std::clamp(static_cast<double>(inc.start - r.period.start) / span, 0.0, 1.0);
    const double x1 =
        220 + 530 * std::clamp(
                        static_cast<double>(inc.end.value_or(r.period.end) - r.period.start) / span,
                        0.0, 1.0);
    const char* color = inc.confidence == "low"             ? "#8c959f"
                        : inc.kind == IncidentKind::kHijack ? "#cf222e"
                        : inc.kind == IncidentKind::kLeak   ? "#bc4c00"
                                                            : "#8250df";
    fmt::format_to(
        std::back_inserter(out),
        R"x(<text x="0" y="{0}" font-size="11" fill="#24292f">{1} {2}{10}</text>)x"
        R"x(<rect x="{3:.1f}" y="{4}" width="{5:.1f}" height="11" rx="2" fill="{6}"><title>{1} {2}, AS{7}: {8} to {9}</title></rect>)x",
        16 + i * 18, IncidentKindName(inc.kind), IncidentRoleName(inc.role), x0, 7 + i * 18,
        std::max(3.0, x1 - x0), color, inc.culprit, IsoTime(inc.start),
        inc.end ? IsoTime(*inc.end) : std::string("still seen"),
        inc.role == IncidentRole::kAccomplice ? fmt::format(" of AS{}", inc.culprit)
                                              : std::string());
  }
  out += "</svg>";
  return out;
}

// Lines of the history: RPKI score (clamped at 0), IRR share and the readiness scores.
std::string HistoryChart(const std::vector<HistoryPoint>& history) {
  if (history.size() < 2) return {};
  const double w = 700, h = 180, left = 40, top = 10;
  std::string out = R"x(<svg class="history" viewBox="0 0 760 220" role="img">)x";
  for (int y = 0; y <= 100; y += 25) {
    const double py = top + h - h * y / 100.0;
    fmt::format_to(
        std::back_inserter(out),
        R"x(<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" stroke="#eaeef2"/><text x="{3}" y="{4:.1f}" font-size="10" fill="#57606a" text-anchor="end">{5}</text>)x",
        left, py, left + w, left - 4, py + 3, y);
  }
  struct Series {
    const char* name;
    const char* color;
    std::function<std::optional<double>(const AsMetrics&)> value;
  };
  const std::vector<Series> series = {
      {"filtering", "#1f6feb", [](const AsMetrics& m) { return m.actions[0].score; }},
      {"global validation", "#1a7f37", [](const AsMetrics& m) { return m.actions[3].score; }},
      {"RPKI valid share", "#8250df",
       [](const AsMetrics& m) -> std::optional<double> {
         const auto total = m.rpki_valid + m.rpki_invalid + m.rpki_not_found;
         if (!total) return std::nullopt;
         return 100.0 * static_cast<double>(m.rpki_valid) / static_cast<double>(total);
       }},
      {"IRR share", "#bf8700",
       [](const AsMetrics& m) -> std::optional<double> {
         auto s = m.IrrShare();
         return s ? std::optional<double>(100 * *s) : std::nullopt;
       }},
  };
  const double step = w / static_cast<double>(history.size() - 1);
  int legend = 0;
  for (const Series& s : series) {
    std::string points;
    for (std::size_t i = 0; i < history.size(); ++i) {
      auto v = s.value(history[i].metrics);
      if (!v) continue;
      fmt::format_to(std::back_inserter(points), "{:.1f},{:.1f} ",
                     left + step * static_cast<double>(i),
                     top + h - h * std::clamp(*v, 0.0, 100.0) / 100.0);
    }
    if (points.empty()) continue;
    fmt::format_to(
        std::back_inserter(out),
        R"x(<polyline fill="none" stroke="{0}" stroke-width="2" points="{1}"/>)x"
        R"x(<rect x="{2}" y="206" width="10" height="10" fill="{0}"/><text x="{3}" y="215" font-size="11">{4}</text>)x",
        s.color, points, left + legend * 170, left + 14 + legend * 170, s.name);
    ++legend;
  }
  out += "</svg>";
  return out;
}

std::string_view Str(simdjson::dom::element e, const char* key, std::string_view fallback = {}) {
  std::string_view s;
  if (e[key].get_string().get(s) != simdjson::SUCCESS) return fallback;
  return s;
}

void EvidenceHtml(const std::string& json, std::string* out) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc)) {
    *out += "<pre>" + E(json) + "</pre>";
    return;
  }
  simdjson::dom::array routes;
  if (doc["routes"].get_array().get(routes)) return;
  *out +=
      "<table class=\"ev\"><tr><th>prefix</th><th>AS path</th><th>why</th><th>seen by</th></tr>";
  for (simdjson::dom::element route : routes) {
    const std::string_view prefix = Str(route, "prefix"), path = Str(route, "path");
    *out +=
        "<tr><td class=\"mono\">" + E(prefix) + "</td><td class=\"mono\">" + E(path) + "</td><td>";
    simdjson::dom::object reason;
    if (!route["reason"].get_object().get(reason)) {
      for (auto [key, value] : reason) {
        *out += "<div><span class=\"k\">" + E(key) + "</span> ";
        std::string_view text;
        simdjson::dom::array list;
        if (value.get_string().get(text) == simdjson::SUCCESS) {
          *out += E(text);
        } else if (value.get_array().get(list) == simdjson::SUCCESS) {
          bool first = true;
          for (simdjson::dom::element item : list) {
            if (!first) *out += ", ";
            first = false;
            if (item.get_string().get(text) == simdjson::SUCCESS) {
              *out += E(text);
            } else {
              *out += E(simdjson::minify(item));
            }
          }
        } else {
          *out += E(simdjson::minify(value));
        }
        *out += "</div>";
      }
    }
    *out += "</td><td>";
    simdjson::dom::array peers;
    if (!route["peers"].get_array().get(peers)) {
      for (simdjson::dom::element peer : peers) {
        const std::string_view ip = Str(peer, "ip"), first_seen = Str(peer, "first_seen"),
                               last_seen = Str(peer, "last_seen", "still seen");
        std::int64_t asn = 0;
        if (peer["asn"].get_int64().get(asn) != simdjson::SUCCESS) asn = 0;
        *out += fmt::format("<div class=\"mono\">AS{} {}<br><small>{} → {}</small></div>", asn,
                            E(ip), E(first_seen), E(last_seen));
      }
    }
    *out += "</td></tr>";
  }
  *out += "</table>";
  std::int64_t total = 0;
  if (!doc["routes_total"].get_int64().get(total) &&
      total > static_cast<std::int64_t>(routes.size())) {
    *out += fmt::format("<p class=\"muted\">{} of {} routes shown.</p>", routes.size(), total);
  }
}

constexpr const char* kCss = R"(
:root{color-scheme:light}
body{font:15px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#24292f;margin:0;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:28px 32px 60px}
header{background:#0d1117;color:#fff;padding:26px 32px}
header .inner{max-width:1100px;margin:0 auto}
header h1{margin:0;font-size:28px;font-weight:650}
header p{margin:6px 0 0;color:#9da7b3}
h2{font-size:19px;margin:34px 0 12px;padding-bottom:6px;border-bottom:1px solid #d0d7de}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:14px;margin-top:-48px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px rgba(0,0,0,.06);display:flex;gap:12px;align-items:center}
.card h3{margin:0 0 4px;font-size:14px;color:#57606a;font-weight:600}
.gauge{width:72px;height:72px;flex:none}
.basis{font-size:12px;color:#57606a;margin-top:5px;line-height:1.3}
.panel h3{margin:0 0 10px;font-size:15px}
.pill{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12px;font-weight:600;color:#fff}
.panel{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:16px 18px;margin-bottom:14px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:14px}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th{text-align:left;color:#57606a;font-weight:600;border-bottom:1px solid #d0d7de;padding:6px 8px}
td{border-bottom:1px solid #eaeef2;padding:6px 8px;vertical-align:top}
.kv td:first-child{color:#57606a;width:48%}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.bar{width:100%;height:22px;border-radius:4px;display:block}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12.5px;margin-top:6px;color:#57606a}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}
.timeline,.history{width:100%;height:auto}
details{margin:6px 0 10px}
summary{cursor:pointer;font-weight:600}
.ev td{font-size:12.5px}.k{color:#57606a}
.muted,small{color:#57606a}
.s-valid{color:#1a7f37;font-weight:600}.s-invalid{color:#cf222e;font-weight:600}.s-not-found{color:#57606a}
footer{color:#57606a;font-size:12.5px;margin-top:40px}
@media print{body{background:#fff}.card,.panel{box-shadow:none}}
)";

}  // namespace

std::string RenderReportHtml(const AsReport& r, const std::vector<HistoryPoint>& history) {
  const AsMetrics& m = r.metrics;
  std::string h;
  h.reserve(1 << 16);
  fmt::format_to(std::back_inserter(h),
                 "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                 "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                 "<title>AS{0} · MANRS conformance {1}</title><style>{2}</style></head><body>"
                 "<header><div class=\"inner\"><h1>AS{0}</h1><p>MANRS conformance measured from "
                 "public routing data · period {3} to {4}</p></div></header><main>"
                 "<div style=\"height:52px\"></div><div class=\"cards\">",
                 m.asn, E(ToString(r.period)), kCss, IsoTime(r.period.start),
                 IsoTime(r.period.end));
  double incident_sum = 0;
  for (int k : {0, 2, 3}) {
    incident_sum += m.incident_score[static_cast<std::size_t>(k)][0] +
                    m.incident_score[static_cast<std::size_t>(k)][1];
  }
  const auto rpki_score = m.RpkiScore();
  const auto irr_share = m.IrrShare();
  const std::string basis[kActions] = {
      fmt::format("incident score {} (hijacks, bogons)", Number(incident_sum)),
      "no source-address-validation audit loaded",
      !m.contacts_registered ? std::string("no IRR or PeeringDB loaded")
      : m.contacts.empty()   ? std::string("no reachable contact found")
                             : fmt::format("{} contact(s) found", m.contacts.size()),
      fmt::format("RPKI {} · IRR {} · policy {}",
                  rpki_score ? fmt::format("{:.2f}", *rpki_score) : std::string("–"),
                  irr_share ? fmt::format("{:.0f}%", 100 * *irr_share) : std::string("–"),
                  !m.policy_registered   ? "–"
                  : *m.policy_registered ? "yes"
                                         : "no")};
  for (int a = 0; a < kActions; ++a) {
    const Readiness& rd = m.actions[static_cast<std::size_t>(a)];
    fmt::format_to(
        std::back_inserter(h),
        R"x(<div class="card">{}<div><h3>{}</h3><span class="pill" style="background:{}">{}</span><div class="basis">{}</div></div></div>)x",
        Gauge(rd), ActionTitle(a), LabelColor(rd.label), ReadinessLabelName(rd.label), E(basis[a]));
  }
  h += "</div>";

  // The numbers behind it.
  h += "<h2>The numbers behind it</h2><div class=\"grid2\"><div class=\"panel\"><h3>Route origin "
       "validation (M7 RPKI)</h3>";
  h += StackedBar({{m.rpki_valid, "#1a7f37", "valid"},
                   {m.rpki_invalid, "#cf222e", "invalid"},
                   {m.rpki_not_found, "#afb8c1", "not found"}});
  auto rpki = m.RpkiScore();
  fmt::format_to(std::back_inserter(h),
                 "<p>Score (share valid − 10 × share invalid): <b>{}</b> over {} announced "
                 "prefixes.</p></div><div class=\"panel\"><h3>IRR route objects (M7 IRR)</h3>",
                 rpki ? fmt::format("{:.3f}", *rpki) : std::string("–"), m.prefixes);
  if (m.irr_measured) {
    h += StackedBar({{m.irr_registered, "#1f6feb", "registered (or covered)"},
                     {m.irr_not_registered, "#afb8c1", "not registered"}});
  } else {
    h += "<p class=\"muted\">No IRR was loaded for this period.</p>";
  }
  h += "</div></div><div class=\"grid2\"><div class=\"panel\"><table class=\"kv\">";
  auto row = [&](const std::string& k, const std::string& v) {
    h += "<tr><td>" + E(k) + "</td><td>" + v + "</td></tr>";
  };
  auto yes_no = [](std::optional<bool> v) {
    return !v   ? std::string("<span class=\"muted\">not measured</span>")
           : *v ? std::string("<span class=\"s-valid\">yes</span>")
                : std::string("<span class=\"s-invalid\">no</span>");
  };
  row("Announced prefixes", fmt::format("{}", m.prefixes));
  row("Bogon prefixes (M3), full / administrative",
      fmt::format("{} / {}", m.bogon_prefixes, m.bogon_prefixes_administrative));
  row("Bogon ASNs next to it (M4), full / administrative",
      fmt::format("{} / {}", m.bogon_asns, m.bogon_asns_administrative));
  if (m.customers_measured) {
    row("Customers' bogon prefixes / ASNs passed on (M3C / M4C)",
        fmt::format("{} / {}", m.customer_bogon_prefixes, m.customer_bogon_asns));
  }
  row("Routing policy registered (M6)", yes_no(m.policy_registered));
  row("Contacts registered (M8)", yes_no(m.contacts_registered));
  if (m.aspa_measured) {
    row("ASPA object", m.has_aspa ? "yes" : "no");
    row("Paths ASPA valid / invalid / unknown",
        fmt::format("{} / {} / {}", m.aspa_valid, m.aspa_invalid, m.aspa_unknown));
  }
  if (m.anti_spoofing) {
    const AntiSpoofing& a = *m.anti_spoofing;
    row("Anti-spoofing: packets / spoofed", fmt::format("{} / {}", a.packets, a.spoofed_packets));
    row("Spoofed: martian / bogon / not allowed",
        fmt::format("{} / {} / {}", a.martian, a.bogon, a.not_allowed));
    std::string files;
    for (const std::string& f : a.files) files += (files.empty() ? "" : ", ") + f;
    row("Anti-spoofing results", E(files));
  }
  h += "</table></div><div class=\"panel\"><table class=\"kv\">";
  static const char* const kMetric[][3] = {{"1", "M1 route leaks", "M1C"},
                                           {"0", "M2 hijacks", "M2C"},
                                           {"2", "M3 bogon prefixes", "M3C"},
                                           {"3", "M4 bogon ASNs", "M4C"}};
  for (const auto& k : kMetric) {
    const auto kind = static_cast<std::size_t>(k[0][0] - '0');
    row(fmt::format("{} (culprit / accomplice)", k[1]),
        fmt::format("{} / {}", Number(m.incident_score[kind][0]),
                    Number(m.incident_score[kind][1])));
  }
  h += "</table><p class=\"muted\">Incident metrics: the sum of incident scores by duration "
       "(&lt;30 min 0.5, &lt;24 h 1, else ⌊hours/24⌋+1); lower is better. Leaks are shown but, "
       "as in the MANRS Observatory since 2024, do not lower the filtering score.</p>";
  if (!m.contacts.empty()) {
    h +=
        "<table><tr><th>contact</th><th>source</th><th>role</th><th>e-mail</th><th>phone</th></tr>";
    for (const Contact& c : m.contacts) {
      h += "<tr><td class=\"mono\">" + E(c.object) + "</td><td>" + E(c.source) + "</td><td>" +
           E(c.role) + "</td><td>" + E(c.email) + "</td><td>" + E(c.phone) + "</td></tr>";
    }
    h += "</table>";
  }
  h += "</div></div>";

  // Incidents.
  fmt::format_to(std::back_inserter(h), "<h2>Incidents ({})</h2>", r.incidents.size());
  if (r.incidents.empty()) {
    h += "<div class=\"panel\"><p>None in this period.</p></div>";
  } else {
    h += "<div class=\"panel\">" + Timeline(r) + "</div><div class=\"panel\">";
    std::size_t shown = 0;
    for (const Incident& inc : r.incidents) {
      fmt::format_to(std::back_inserter(h),
                     "<details{}><summary>{} · {}{} · {} to {} · score {} · {} confidence · {} "
                     "prefixes, {} peers</summary>",
                     shown++ < 3 ? " open" : "", IncidentKindName(inc.kind),
                     IncidentRoleName(inc.role),
                     inc.role == IncidentRole::kAccomplice ? fmt::format(" of AS{}", inc.culprit)
                                                           : std::string(),
                     IsoTime(inc.start), inc.end ? IsoTime(*inc.end) : std::string("still seen"),
                     Number(inc.score), E(inc.confidence), inc.prefix_count, inc.peer_count);
      EvidenceHtml(inc.evidence_json, &h);
      h += "</details>";
    }
    h += "</div>";
  }

  // Prefixes.
  fmt::format_to(std::back_inserter(h),
                 "<h2>Announced prefixes ({})</h2><div class=\"panel\"><table><tr><th>prefix</th>"
                 "<th>RPKI</th><th>IRR</th><th>peers</th><th>bogon</th></tr>",
                 r.prefixes.size());
  constexpr std::size_t kMaxRows = 1000;
  for (std::size_t i = 0; i < r.prefixes.size() && i < kMaxRows; ++i) {
    const PrefixState& p = r.prefixes[i];
    fmt::format_to(std::back_inserter(h),
                   "<tr><td class=\"mono\">{}</td><td class=\"s-{}\">{}</td><td>{}</td><td>{}</td>"
                   "<td>{}</td></tr>",
                   p.prefix.ToString(), RovStateName(p.rpki), RovStateName(p.rpki),
                   IrrStateName(p.irr), p.peers, p.bogon ? "yes" : "");
  }
  h += "</table>";
  if (r.prefixes.size() > kMaxRows) {
    fmt::format_to(std::back_inserter(h),
                   "<p class=\"muted\">The first {} of {} shown; `manrs report {} --format json` "
                   "lists all.</p>",
                   kMaxRows, r.prefixes.size(), m.asn);
  }
  h += "</div>";

  // History.
  fmt::format_to(std::back_inserter(h), "<h2>History ({} stored periods)</h2><div class=\"panel\">",
                 history.size());
  h += HistoryChart(history);
  h += "<table><tr><th>period</th><th>prefixes</th><th>RPKI "
       "valid</th><th>IRR</th><th>incidents</th>";
  for (int a = 0; a < kActions; ++a) h += fmt::format("<th>{}</th>", ActionTitle(a));
  h += "</tr>";
  for (const HistoryPoint& p : history) {
    const AsMetrics& x = p.metrics;
    fmt::format_to(std::back_inserter(h),
                   "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                   IsoTime(p.period.start), x.prefixes,
                   Pct(x.rpki_valid, x.rpki_valid + x.rpki_invalid + x.rpki_not_found),
                   x.irr_measured ? Pct(x.irr_registered, x.irr_registered + x.irr_not_registered)
                                  : std::string("–"),
                   p.incidents);
    for (const Readiness& rd : x.actions) {
      fmt::format_to(std::back_inserter(h),
                     "<td><span class=\"pill\" style=\"background:{}\">{}</span></td>",
                     LabelColor(rd.label), ReadinessLabelName(rd.label));
    }
    h += "</tr>";
  }
  h += "</table></div><footer>Generated by manrs from public routing data (MRT, RPKI, IRR, AS "
       "relationships, PeeringDB). Every number is defined in doc/observatory.md; every incident "
       "lists the routes, peers and the VRP, route object or relationship behind it.</footer>"
       "</main></body></html>\n";
  return h;
}

}  // namespace manrs
