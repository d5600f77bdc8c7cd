// The web observatory's pages (server-side HTML) and static assets.
#include "manrs/web/site.h"
#include "web/site_impl.h"

namespace manrs::web {

// ---- Pages -----------------------------------------------------------------

HttpReply Site::Impl::Asset(std::string_view path) {
  if (options.assets_dir.empty() || path.empty() || path.size() > 200 ||
      path.find("..") != std::string_view::npos) {
    return HttpReply(404, "text/plain; charset=utf-8", "404\n");
  }
  for (char c : path) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
          c == '/')) {
      return HttpReply(404, "text/plain; charset=utf-8", "404\n");
    }
  }
  std::ifstream in(options.assets_dir + "/" + std::string(path), std::ios::binary);
  if (!in) return HttpReply(404, "text/plain; charset=utf-8", "404\n");
  std::ostringstream data;
  data << in.rdbuf();
  return HttpReply(200, ContentType(path), data.str(), {{"Cache-Control", "max-age=300"}});
}

std::string Site::Impl::Layout(const Context& ctx, std::string_view title, std::string_view nav,
                               std::string_view hero, std::string_view body) {
  auto link = [&](std::string_view href, std::string_view id, std::string_view text) {
    return fmt::format("<a href=\"{}\"{}>{}</a>", href, nav == id ? " class=\"on\"" : "", text);
  };
  std::string who;
  if (ctx.session) {
    who = fmt::format(
        "<span class=\"who\">{} · {} · <form method=\"post\" action=\"/logout\"><input "
        "type=\"hidden\" name=\"csrf\" value=\"{}\"><button>Log out</button></form></span>",
        link("/account", "account", "My networks"), E(ctx.session->email), E(ctx.session->csrf));
  } else {
    who = fmt::format("<span class=\"who\">{} · {}</span>", link("/login", "login", "Log in"),
                      link("/signup", "signup", "Join MANRS"));
  }
  const bool scripts = HasAssets();
  return fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width,initial-scale=1\"><title>{} · MANRS observatory</title>"
      "<link rel=\"stylesheet\" href=\"/site.css\">{}</head><body>"
      "<nav class=\"site\"><div class=\"inner\"><a class=\"brand\" href=\"/\">MANRS observatory</a>"
      "{}{}<form class=\"search\" method=\"get\" action=\"/search\"><input type=\"search\" "
      "name=\"q\" placeholder=\"ASN, name or prefix\" aria-label=\"Search\"></form>{}</div></nav>"
      "{}{}<footer><main>Measured from public routing data by <code>manrs observe</code>; "
      "every number has its definition in doc/observatory.md. JSON: <a "
      "href=\"/api/v1/openapi.json\">/api/v1/</a>.</main></footer></body></html>\n",
      E(title), scripts ? "<script type=\"module\" src=\"/assets/app.js\"></script>" : "",
      link("/", "overview", "Overview"), link("/participants", "participants", "Participants"), who,
      hero, body);
}

HttpReply Site::Impl::OverviewPage(Context& ctx) {
  auto periods = view->Periods();
  if (!periods) return Failure(ctx, 500, periods.error().message);
  if (periods->empty()) return Failure(ctx, 503, "the observatory store holds no period yet");
  std::vector<std::shared_ptr<const PeriodDigest>> all;
  for (const Period& p : *periods) {
    auto d = view->Digest(p, false);
    if (!d) return Failure(ctx, 500, d.error().message);
    all.push_back(*d);
  }
  const PeriodDigest& d = *all.back();
  const auto& labels = d.overview.labels();
  std::string h;
  auto out = std::back_inserter(h);
  fmt::format_to(out, "<main><div class=\"cards\">");
  for (int a = 0; a < kActions; ++a) {
    const auto& l = labels[static_cast<std::size_t>(a)];
    const std::uint64_t measured = l[0] + l[1] + l[2];
    fmt::format_to(out,
                   "<div class=\"card\"><h3>{}</h3><div class=\"big\">{}</div><div class=\"sub\">"
                   "ready of {} measured ASes ({})</div></div>",
                   ActionTitle(a), Number(l[0]), Number(measured),
                   measured ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(l[0]) /
                                                         static_cast<double>(measured))
                            : "–");
  }
  h += "</div><h2>Readiness per action</h2><div class=\"grid2\"><div "
       "class=\"panel\"><table><tr><th>Action</th><th>Distribution</th>";
  for (int l = 0; l < 4; ++l)
    fmt::format_to(out, "<th class=\"n\">{}</th>",
                   ReadinessLabelName(static_cast<ReadinessLabel>(l)));
  h += "</tr>";
  for (int a = 0; a < kActions; ++a) {
    const auto& l = labels[static_cast<std::size_t>(a)];
    const double total = static_cast<double>(std::max<std::uint64_t>(1, l[0] + l[1] + l[2] + l[3]));
    fmt::format_to(out, "<tr><td>{}</td><td><div class=\"stack\">", ActionTitle(a));
    for (int i = 0; i < 4; ++i) {
      fmt::format_to(out, "<span style=\"width:{:.2f}%;background:{}\"></span>",
                     100.0 * static_cast<double>(l[static_cast<std::size_t>(i)]) / total,
                     kLabelColors[i]);
    }
    h += "</div></td>";
    for (int i = 0; i < 4; ++i)
      fmt::format_to(out, "<td class=\"n\">{}</td>", Number(l[static_cast<std::size_t>(i)]));
    h += "</tr>";
  }
  h += "</table><div class=\"legend\">";
  for (int i = 0; i < 4; ++i) {
    fmt::format_to(out, "<span><i style=\"background:{}\"></i>{}</span>", kLabelColors[i],
                   ReadinessLabelName(static_cast<ReadinessLabel>(i)));
  }
  h += "</div></div><div class=\"panel\"><h3>Readiness (chart)</h3><div class=\"chart\"><canvas "
       "id=\"chart-readiness\" data-chart=\"readiness\" aria-label=\"readiness per "
       "action\"></canvas>"
       "</div></div></div>";
  h += "<h2>Trend over the stored periods</h2><div class=\"panel\"><div class=\"chart\"><canvas "
       "id=\"chart-trend\" data-chart=\"trend\"></canvas></div><table><tr><th>Period</th><th "
       "class=\"n\">ASes</th>";
  for (int a = 0; a < kActions; ++a)
    fmt::format_to(out, "<th class=\"n\">{} ready</th>", ActionTitle(a));
  h += "</tr>";
  for (const auto& p : all) {
    fmt::format_to(out, "<tr><td class=\"mono\">{}</td><td class=\"n\">{}</td>",
                   E(ToString(p->period)), Number(p->overview.ases()));
    for (int a = 0; a < kActions; ++a) {
      fmt::format_to(out, "<td class=\"n\">{}</td>",
                     Number(p->overview.labels()[static_cast<std::size_t>(a)][0]));
    }
    h += "</tr>";
  }
  h +=
      "</table></div><h2>Worst current incidents</h2><div class=\"panel\"><table><tr><th>Kind</th>"
      "<th>AS</th><th>Start</th><th>End</th><th class=\"n\">Score</th><th class=\"n\">Prefixes</th>"
      "<th class=\"n\">Peers</th></tr>";
  for (const Incident& inc : d.overview.top()) {
    fmt::format_to(
        out,
        "<tr><td>{0}</td><td><a href=\"/as/{1}\">AS{1}</a></td><td class=\"mono\">{2}</td>"
        "<td class=\"mono\">{3}</td><td class=\"n\">{4:.1f}</td><td class=\"n\">{5}</td><td "
        "class=\"n\">{6}</td></tr>",
        IncidentKindName(inc.kind), inc.asn, IsoTime(inc.start),
        inc.end ? IsoTime(*inc.end) : std::string("open"), inc.score, inc.prefix_count,
        inc.peer_count);
  }
  if (d.overview.top().empty())
    h += "<tr><td colspan=\"7\" class=\"muted\">No high-confidence incident in this "
         "period.</td></tr>";
  h += "</table></div></main>";
  const std::string hero = fmt::format(
      "<div class=\"hero\"><div class=\"inner\"><h1>{} ASes measured</h1><p>MANRS readiness from "
      "public routing data · period {} to {} · {} stored period(s)</p></div></div>",
      Number(d.overview.ases()), IsoTime(d.period.start), IsoTime(d.period.end), all.size());
  return Page(200, Layout(ctx, "Overview", "overview", hero, h));
}

HttpReply Site::Impl::SearchPage(Context& ctx) {
  const std::string q = Param(*ctx.request, "q");
  const std::string country = Param(*ctx.request, "country");
  if (q.size() > 200 || country.size() > 200)
    return Failure(ctx, 400, "the query is longer than 200 bytes");
  auto result = Search(q, country);
  if (!result) return Failure(ctx, 500, result.error().message);
  // One AS found by number: straight to its page.
  if (result->kind == "asn" && result->json.size() == 1 &&
      result->json[0].find("\"measured\":true") != std::string::npos) {
    auto asn = ParseAsn(q);
    if (asn) return Redirect(fmt::format("/as/{}", *asn));
  }
  std::string h = fmt::format(
      "<main class=\"page\"><h2>Search</h2><form method=\"get\" action=\"/search\" "
      "class=\"panel\"><input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"AS3333, "
      "RIPE, 193.0.0.0/21\"> <button>Search</button></form><form method=\"get\" "
      "action=\"/search\" class=\"panel\"><label>Measured networks of a country (PeeringDB) "
      "<input type=\"text\" name=\"country\" value=\"{}\" placeholder=\"NL\" maxlength=\"2\" "
      "style=\"width:80px\"></label> <button>List</button></form>",
      E(q), E(country));
  if (!q.empty() || !country.empty()) {
    const bool by_country = result->kind == "country";
    fmt::format_to(std::back_inserter(h),
                   "<div class=\"panel\"><h3>{} result(s) for “{}” ({})</h3>{}<table>",
                   result->html.size(), E(by_country ? country : q), result->kind,
                   by_country && !view->Peeringdb()
                       ? "<p class=\"muted\">No PeeringDB file is loaded: countries are "
                         "unknown.</p>"
                       : "");
    for (const auto& row : result->html) h += row;
    h += "</table></div>";
  }
  h += "</main>";
  return Page(200, Layout(ctx, "Search", "search", "", h));
}

namespace {

// Two ASCII letters (ISO 3166 alpha-2): safe in a URL as it is.
bool IsCountryCode(std::string_view code) {
  return code.size() == 2 && std::isalpha(static_cast<unsigned char>(code[0])) &&
         std::isalpha(static_cast<unsigned char>(code[1]));
}

}  // namespace

HttpReply Site::Impl::AsPage(Context& ctx, Asn asn) {
  const std::uint64_t generation = view->generation();
  auto latest = view->Latest();
  if (!latest) return Failure(ctx, 500, latest.error().message);
  if (!*latest) return Failure(ctx, 503, "the observatory store holds no period yet");
  // The report and its history, rendered once per period (render_cache.h).
  const RenderKey key = MakeRenderKey(**latest, asn);
  std::shared_ptr<const CachedAsPage> base = as_page.Get(generation, key);
  if (!base) {
    auto report = view->Report(**latest, asn);
    if (!report) return Failure(ctx, 500, report.error().message);
    if (!*report)
      return Failure(ctx, 404, fmt::format("AS{} is not measured in the latest period", asn));
    auto history = view->History(asn);
    if (!history) return Failure(ctx, 500, history.error().message);
    auto made = std::make_shared<CachedAsPage>();
    made->html = RenderReportHtml(**report, *history);
    made->metrics = std::move((*report)->metrics);
    made->history_points = history->size();
    as_page.Put(generation, key, made);
    base = std::move(made);
  }
  const AsMetrics& metrics = base->metrics;
  auto participant = ParticipantOf(asn);
  if (!participant) return Failure(ctx, 500, participant.error().message);
  std::string page = base->html;

  // Declared beside measured, for a participant.
  std::string dvm;
  auto out = std::back_inserter(dvm);
  // The network in PeeringDB: name and country (of its org).
  if (const auto pdb = view->Peeringdb()) {
    if (const PeeringDbNet* net = pdb->Net(asn)) {
      fmt::format_to(out,
                     "<div class=\"panel\" id=\"peeringdb\" style=\"margin-top:18px\">PeeringDB: "
                     "<b>{}</b>{} · country <b data-country=\"{}\">{}</b>{}</div>",
                     E(net->name), net->info_type.empty() ? "" : " (" + E(net->info_type) + ")",
                     E(net->country), net->country.empty() ? "unknown" : E(net->country),
                     !IsCountryCode(net->country)
                         ? ""
                         : fmt::format(" (<a href=\"/search?country={0}\">other "
                                       "measured networks there</a>)",
                                       E(net->country)));
    }
  }
  if (*participant) {
    const Participant& p = **participant;
    auto actions = ParseActions(p.actions);
    const std::vector<Action> declared = actions ? *actions : std::vector<Action>{};
    fmt::format_to(
        out,
        "<h2 id=\"declared\">MANRS participant: declared beside measured</h2><div class=\"panel\">"
        "<p class=\"muted\">Joined {} under rule {}; declaration updated {}.</p><table "
        "class=\"dvm\">"
        "<tr><th>Action</th><th>Declared</th><th>Measured</th><th>Score</th><th>Gap</th></tr>",
        IsoTime(p.joined), E(p.rule), IsoTime(p.updated));
    const std::vector<Gap> gaps = FindGaps(declared, &metrics);
    for (int a = 0; a < kActions; ++a) {
      const Action action = static_cast<Action>(a);
      const bool is_declared =
          std::find(declared.begin(), declared.end(), action) != declared.end();
      const Readiness& r = metrics.actions[static_cast<std::size_t>(a)];
      std::string gap_text;
      for (const Gap& g : gaps) {
        if (g.action == action) gap_text = g.text;
      }
      auto note = p.notes.find(ActionName(action));
      fmt::format_to(out,
                     "<tr data-action=\"{}\"><td>{}{}</td><td>{}</td><td>{}</td><td "
                     "class=\"n\">{}</td><td>{}</td></tr>",
                     ActionName(action), ActionTitle(a),
                     note != p.notes.end() ? "<br><small>" + E(note->second) + "</small>" : "",
                     is_declared ? "<span class=\"ok\">declared</span>"
                                 : "<span class=\"muted\">not declared</span>",
                     Pill(r.label), r.score ? fmt::format("{:.0f}", *r.score) : "–",
                     gap_text.empty() ? "<span class=\"ok\">none</span>"
                                      : "<span class=\"gap\">" + E(gap_text) + "</span>");
    }
    dvm += "</table></div>";
  } else {
    fmt::format_to(
        out,
        "<div class=\"panel\" style=\"margin-top:18px\"><b>AS{} is not a MANRS participant "
        "here.</b> <span class=\"muted\">Operators of this network can <a "
        "href=\"/signup\">join</a>, "
        "prove they hold it and declare the actions they take.</span></div>",
        asn);
  }
  // Readiness over the stored periods, drawn from /api/v1/as/{asn}/history
  // (the report's own history table below has the same numbers).
  if (base->history_points > 1 && HasAssets()) {
    fmt::format_to(out,
                   "<h2>Readiness over the stored periods</h2><div class=\"panel\"><div "
                   "class=\"chart\"><canvas data-chart=\"history\" data-asn=\"{}\" "
                   "aria-label=\"readiness per period\"></canvas></div></div>",
                   asn);
  }
  // The report page is self-contained; give it the site's navigation and
  // put the participant panel right under the cards.
  const std::string nav = fmt::format(
      "<nav class=\"site\"><div class=\"inner\"><a class=\"brand\" href=\"/\">MANRS observatory</a>"
      "<a href=\"/\">Overview</a><a href=\"/participants\">Participants</a><form class=\"search\" "
      "method=\"get\" action=\"/search\"><input type=\"search\" name=\"q\" placeholder=\"ASN, name "
      "or prefix\" aria-label=\"Search\"></form><span class=\"who\"><a "
      "href=\"/api/v1/as/{0}\">JSON</a>"
      " · <a href=\"{1}\">{2}</a></span></div></nav>",
      asn, ctx.session ? "/account" : "/login", ctx.session ? "My networks" : "Log in");
  const std::string head_link =
      std::string(
          "<link rel=\"stylesheet\" href=\"/site.css\"><style>.site{position:relative}</style>") +
      (HasAssets() ? "<script type=\"module\" src=\"/assets/app.js\"></script>" : "") + "</head>";
  if (auto pos = page.find("</head>"); pos != std::string::npos) page.replace(pos, 7, head_link);
  if (auto pos = page.find("<body>"); pos != std::string::npos) page.insert(pos + 6, nav);
  const std::string cards_end = "</div><h2>The numbers behind it</h2>";
  if (auto pos = page.find(cards_end); pos != std::string::npos) {
    page.insert(pos + 6, dvm);
  } else if (auto main_end = page.find("</main>"); main_end != std::string::npos) {
    page.insert(main_end, dvm);
  }
  return Page(200, std::move(page));
}

HttpReply Site::Impl::ParticipantsPage(Context& ctx) {
  auto list = accounts->Participants();
  if (!list) return Failure(ctx, 500, list.error().message);
  std::string h =
      "<main class=\"page\"><h2>Participants</h2><p class=\"muted\">Networks whose operators "
      "proved "
      "they hold the AS and declared the MANRS actions they implement, beside what the observatory "
      "measures. <a href=\"/participants.csv\">CSV</a> · <a "
      "href=\"/api/v1/participants\">JSON</a></p><div "
      "class=\"panel\"><table><tr><th>AS</th><th>Joined</th>";
  for (int a = 0; a < kActions; ++a)
    fmt::format_to(std::back_inserter(h), "<th>{}</th>", ActionTitle(a));
  h += "<th>Gaps</th></tr>";
  for (const Participant& p : *list) {
    std::optional<Period> period;
    auto m = LatestMetrics(p.asn, &period);
    if (!m) return Failure(ctx, 500, m.error().message);
    auto actions = ParseActions(p.actions);
    const std::vector<Action> declared = actions ? *actions : std::vector<Action>{};
    fmt::format_to(std::back_inserter(h),
                   "<tr><td><a href=\"/as/{0}\">AS{0}</a></td><td class=\"mono\">{1}</td>", p.asn,
                   IsoTime(p.joined).substr(0, 10));
    for (int a = 0; a < kActions; ++a) {
      const bool is_declared =
          std::find(declared.begin(), declared.end(), static_cast<Action>(a)) != declared.end();
      const ReadinessLabel l =
          *m ? (*m)->actions[static_cast<std::size_t>(a)].label : ReadinessLabel::kUnmeasured;
      fmt::format_to(std::back_inserter(h), "<td>{} {}</td>",
                     is_declared ? "✔" : "<span class=\"muted\">–</span>", Pill(l));
    }
    fmt::format_to(std::back_inserter(h), "<td class=\"n\">{}</td></tr>",
                   FindGaps(declared, *m ? &**m : nullptr).size());
  }
  if (list->empty())
    h += "<tr><td colspan=\"7\" class=\"muted\">No participant yet. <a href=\"/signup\">Be the "
         "first.</a></td></tr>";
  h += "</table></div></main>";
  return Page(200, Layout(ctx, "Participants", "participants", "", h));
}

HttpReply Site::Impl::ParticipantsCsv() {
  auto list = accounts->Participants();
  if (!list) return HttpReply(500, "text/plain; charset=utf-8", list.error().message + "\n");
  std::string out = "asn,joined,rule,declared";
  for (int a = 0; a < kActions; ++a)
    out += fmt::format(",{}_label,{}_score", ActionName(static_cast<Action>(a)),
                       ActionName(static_cast<Action>(a)));
  out += ",gaps\n";
  for (const Participant& p : *list) {
    std::optional<Period> period;
    auto m = LatestMetrics(p.asn, &period);
    if (!m) return HttpReply(500, "text/plain; charset=utf-8", m.error().message + "\n");
    std::string declared;
    for (const auto& a : p.actions) declared += (declared.empty() ? "" : " ") + a;
    out += fmt::format("{},{},{},{}", p.asn, IsoTime(p.joined), p.rule, declared);
    for (int a = 0; a < kActions; ++a) {
      const Readiness r = *m ? (*m)->actions[static_cast<std::size_t>(a)] : Readiness{};
      out += fmt::format(",{},{}", ReadinessLabelName(r.label),
                         r.score ? fmt::format("{:.1f}", *r.score) : "");
    }
    auto actions = ParseActions(p.actions);
    out += fmt::format(
        ",{}\n", FindGaps(actions ? *actions : std::vector<Action>{}, *m ? &**m : nullptr).size());
  }
  return HttpReply(200, "text/csv; charset=utf-8", std::move(out),
                   {{"Content-Disposition", "attachment; filename=\"manrs-participants.csv\""}});
}

HttpReply Site::Impl::SignupPage(Context& ctx, const std::string& error, int status) {
  std::string h =
      "<main class=\"page\"><h2>Join MANRS</h2><div class=\"grid2\"><div class=\"panel\">";
  if (!error.empty()) h += "<div class=\"error\">" + E(error) + "</div>";
  h +=
      "<form class=\"stacked\" method=\"post\" action=\"/signup\"><label>E-mail<input "
      "type=\"email\" "
      "name=\"email\" required autocomplete=\"email\"></label><label>Password (at least 10 "
      "characters)<input type=\"password\" name=\"password\" required minlength=\"10\" "
      "autocomplete=\"new-password\"></label><button>Create account</button></form></div>"
      "<div class=\"panel\"><h3>How joining works</h3><ol><li>Create an account and log in.</li>"
      "<li>Claim your AS number: you get a token.</li><li>Put the token in a <code>remarks:</code> "
      "line of your <code>aut-num</code> in your IRR, or in the notes of your PeeringDB "
      "network.</li>"
      "<li>Once the next IRR snapshot is loaded, verify: the site finds the token.</li>"
      "<li>Declare the MANRS actions your network implements; everyone sees them beside what the "
      "observatory measures.</li></ol></div></div></main>";
  return Page(status, Layout(ctx, "Join", "signup", "", h));
}

HttpReply Site::Impl::LoginPage(Context& ctx, const std::string& error, int status) {
  std::string h =
      "<main class=\"page\"><h2>Log in</h2><div class=\"panel\" style=\"max-width:480px\">";
  const std::string msg = Param(*ctx.request, "msg");
  if (!msg.empty() && error.empty()) h += "<div class=\"flash\">" + E(msg) + "</div>";
  if (!error.empty()) h += "<div class=\"error\">" + E(error) + "</div>";
  h += "<form class=\"stacked\" method=\"post\" action=\"/login\"><label>E-mail<input "
       "type=\"email\" "
       "name=\"email\" required autocomplete=\"email\"></label><label>Password<input "
       "type=\"password\" name=\"password\" required autocomplete=\"current-password\"></label>"
       "<button>Log in</button></form><p class=\"muted\">No account? <a href=\"/signup\">Join "
       "MANRS</a>.</p></div></main>";
  return Page(status, Layout(ctx, "Log in", "login", "", h));
}

HttpReply Site::Impl::AccountPage(Context& ctx, const std::string& error, int status) {
  if (!ctx.session) return Redirect("/login");
  auto claims = accounts->ClaimsOf(ctx.session->account);
  if (!claims) return Failure(ctx, 500, claims.error().message);
  const std::string csrf =
      "<input type=\"hidden\" name=\"csrf\" value=\"" + E(ctx.session->csrf) + "\">";
  std::string h = "<main class=\"page\"><h2>My networks</h2>";
  const std::string msg = Param(*ctx.request, "msg");
  if (!msg.empty() && error.empty()) h += "<div class=\"flash\">" + E(msg) + "</div>";
  if (!error.empty()) h += "<div class=\"error\" role=\"alert\">" + E(error) + "</div>";
  h += "<div class=\"panel\"><h3>Claim an AS number</h3><form method=\"post\" "
       "action=\"/account/claims\">" +
       csrf +
       "<input type=\"text\" name=\"asn\" placeholder=\"AS64500\" style=\"width:200px\" required> "
       "<button>Claim</button></form></div>";
  auto out = std::back_inserter(h);
  for (const auto& c : *claims) {
    fmt::format_to(
        out, "<div class=\"panel\" id=\"claim-{0}\"><h3><a href=\"/as/{0}\">AS{0}</a> {1}</h3>",
        c.asn,
        c.verified ? fmt::format("<span class=\"pill l-ready\">proven via {}</span>", E(c.method))
                   : std::string("<span class=\"pill l-unmeasured\">not yet proven</span>"));
    if (!c.verified) {
      fmt::format_to(
          out,
          "<p>Add this line to the <code>aut-num: AS{0}</code> object in your IRR (or the "
          "token to the notes of your PeeringDB network), then verify once the IRR "
          "snapshot with it is loaded:</p><p><span class=\"token\">remarks: {1}</span></p>"
          "<form method=\"post\" "
          "action=\"/account/claims/{0}/verify\">{2}<button>Verify</button></form>",
          c.asn, E(c.token), csrf);
    } else {
      auto p = ParticipantOf(c.asn);
      const Participant* part = p && *p ? &**p : nullptr;
      fmt::format_to(
          out,
          "<form method=\"post\" action=\"/account/participants/{}\">{}<p>Declare the MANRS "
          "actions this network implements (rule {}):</p><div class=\"actions-grid\">",
          c.asn, csrf, ProgrammeRuleName(options.rule));
      for (int a = 0; a < kActions; ++a) {
        const std::string name = ActionName(static_cast<Action>(a));
        const bool on = part && std::find(part->actions.begin(), part->actions.end(), name) !=
                                    part->actions.end();
        auto note =
            part ? part->notes.find(name) : std::map<std::string, std::string>::const_iterator{};
        fmt::format_to(out,
                       "<fieldset><label><input type=\"checkbox\" name=\"action\" "
                       "value=\"{0}\"{1}> <b>{2}</b></label>"
                       "<textarea name=\"note_{0}\" placeholder=\"How your network does "
                       "it\">{3}</textarea></fieldset>",
                       name, on ? " checked" : "", ActionTitle(a),
                       part && note != part->notes.end() ? E(note->second) : std::string());
      }
      h += "</div><p><button>Save declaration</button> <a href=\"/as/" + std::to_string(c.asn) +
           "#declared\">See declared beside measured</a></p></form>";
    }
    h += "</div>";
  }
  h += "<div class=\"panel\"><h3>Change password</h3><form class=\"stacked\" method=\"post\" "
       "action=\"/account/password\">" +
       csrf +
       "<label>Current password<input type=\"password\" name=\"password\" "
       "required></label><label>New "
       "password<input type=\"password\" name=\"new_password\" required minlength=\"10\"></label>"
       "<button class=\"secondary\">Change</button></form></div></main>";
  return Page(status, Layout(ctx, "My networks", "account", "", h));
}

}  // namespace manrs::web
