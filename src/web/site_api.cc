// The web observatory's JSON API (/api/v1/).
#include "manrs/web/site.h"
#include "web/site_impl.h"

namespace manrs::web {

// ---- API ------------------------------------------------------------------

HttpReply Site::Impl::ApiCreateAccount(Context& ctx, const JsonBody& body) {
  return FromOutcome(
      CreateAccount(ctx, body.String("email").value_or(""), body.String("password").value_or("")));
}

HttpReply Site::Impl::ApiLogin(Context& ctx, const JsonBody& body) {
  NewSession session;
  Outcome o =
      Login(ctx, body.String("email").value_or(""), body.String("password").value_or(""), &session);
  HttpReply reply = FromOutcome(o);
  if (o.status == 200) {
    reply.headers.emplace_back(
        "Set-Cookie",
        fmt::format("manrs_session={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
                    session.token, AccountStore::kSessionSeconds,
                    options.secure_cookies ? "; Secure" : ""));
  }
  return reply;
}

HttpReply Site::Impl::ApiClaim(Context& ctx, const JsonBody& body) {
  std::optional<Asn> asn;
  if (auto it = body.integers.find("asn"); it != body.integers.end()) {
    if (it->second >= 0 && it->second <= 0xffffffffLL) asn = static_cast<Asn>(it->second);
  } else if (auto text = body.String("asn")) {
    if (auto parsed = ParseAsn(*text)) asn = *parsed;
  }
  if (!asn) return JsonError(422, "\"asn\": an AS number (4200000000 or \"AS4200000000\")");
  return FromOutcome(Claim(ctx, *asn));
}

HttpReply Site::Impl::ApiVerify(Context& ctx, Asn asn) { return FromOutcome(Verify(ctx, asn)); }

HttpReply Site::Impl::ApiDeclare(Context& ctx, Asn asn, const JsonBody& body) {
  auto actions = body.lists.find("actions");
  if (actions == body.lists.end()) return JsonError(422, "\"actions\": a list of action names");
  std::map<std::string, std::string> notes;
  if (auto it = body.objects.find("notes"); it != body.objects.end()) notes = it->second;
  return FromOutcome(Declare(ctx, asn, actions->second, notes));
}

HttpReply Site::Impl::ApiPassword(Context& ctx, const JsonBody& body) {
  return FromOutcome(ChangePassword(ctx, body.String("password").value_or(""),
                                    body.String("new_password").value_or("")));
}

HttpReply Site::Impl::ApiClaims(Context& ctx) {
  if (!ctx.session) return JsonError(401, "log in first");
  auto claims = accounts->ClaimsOf(ctx.session->account);
  if (!claims) return JsonError(500, claims.error().message);
  std::string out = "[";
  for (const auto& c : *claims) {
    if (out.size() > 1) out += ',';
    out += fmt::format("{{\"asn\":{},\"token\":", c.asn);
    AppendJsonString(&out, c.token);
    out += fmt::format(",\"verified\":{},\"method\":", c.verified ? "true" : "false");
    if (c.verified) {
      AppendJsonString(&out, c.method);
    } else {
      out += "null";
    }
    out += '}';
  }
  out += ']';
  return Json(200, out);
}

Result<std::optional<AsMetrics>> Site::Impl::LatestMetrics(Asn asn, std::optional<Period>* period) {
  auto latest = view->Latest();
  if (!latest) return Unexpected<Error>(latest.error());
  *period = *latest;
  if (!*latest) return std::optional<AsMetrics>();
  auto report = view->Report(**latest, asn);
  if (!report) return Unexpected<Error>(report.error());
  if (!*report) return std::optional<AsMetrics>();
  return std::optional<AsMetrics>((*report)->metrics);
}

std::string Site::Impl::ParticipantJson(const Participant& p, const AsMetrics* m,
                                        const std::optional<Period>& period) {
  std::string out = fmt::format("{{\"asn\":{},\"declared\":[", p.asn);
  for (std::size_t i = 0; i < p.actions.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(&out, p.actions[i]);
  }
  out += "],\"notes\":{";
  bool first = true;
  for (const auto& [action, note] : p.notes) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(&out, action);
    out += ':';
    AppendJsonString(&out, note);
  }
  out += "},\"measured\":{";
  for (int a = 0; a < kActions; ++a) {
    if (a) out += ',';
    AppendJsonString(&out, ActionName(static_cast<Action>(a)));
    out += ':';
    AppendReadiness(&out, m ? m->actions[static_cast<std::size_t>(a)] : Readiness{});
  }
  out += "},\"gaps\":[";
  auto actions = ParseActions(p.actions);
  std::vector<Gap> gaps = FindGaps(actions ? *actions : std::vector<Action>{}, m);
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    if (i) out += ',';
    out += "{\"action\":";
    AppendJsonString(&out, ActionName(gaps[i].action));
    out += ",\"gap\":";
    AppendJsonString(&out, gaps[i].text);
    out += '}';
  }
  out += "],\"rule\":";
  AppendJsonString(&out, p.rule);
  out += ",\"joined\":";
  AppendJsonString(&out, IsoTime(p.joined));
  out += ",\"updated\":";
  AppendJsonString(&out, IsoTime(p.updated));
  out += ",\"period\":";
  if (period) {
    AppendPeriodJson(&out, *period);
  } else {
    out += "null";
  }
  out += '}';
  return out;
}

HttpReply Site::Impl::ApiParticipants() {
  auto list = accounts->Participants();
  if (!list) return JsonError(500, list.error().message);
  std::string out = "[";
  for (const auto& p : *list) {
    std::optional<Period> period;
    auto m = LatestMetrics(p.asn, &period);
    if (!m) return JsonError(500, m.error().message);
    if (out.size() > 1) out += ',';
    out += ParticipantJson(p, *m ? &**m : nullptr, period);
  }
  out += ']';
  return Json(200, out);
}

HttpReply Site::Impl::ApiParticipant(Asn asn) {
  auto p = ParticipantOf(asn);
  if (!p) return JsonError(500, p.error().message);
  if (!*p) return JsonError(404, fmt::format("AS{} is not a participant", asn));
  std::optional<Period> period;
  auto m = LatestMetrics(asn, &period);
  if (!m) return JsonError(500, m.error().message);
  return Json(200, ParticipantJson(**p, *m ? &**m : nullptr, period));
}

HttpReply Site::Impl::ApiAs(Asn asn, const std::string& period_text) {
  const std::uint64_t generation = view->generation();
  std::optional<Period> period;
  if (!period_text.empty()) {
    auto parsed = ParsePeriod(period_text);
    if (!parsed) return JsonError(400, "period: " + parsed.error().message);
    period = *parsed;
  } else {
    auto latest = view->Latest();
    if (!latest) return JsonError(500, latest.error().message);
    if (!*latest) return JsonError(404, "the store holds no period");
    period = *latest;
  }
  // Rendered once per period (render_cache.h).
  const RenderKey key = MakeRenderKey(*period, asn);
  if (auto cached = as_json.Get(generation, key)) return Json(200, cached->text);
  auto report = view->Report(*period, asn);
  if (!report) return JsonError(500, report.error().message);
  if (!*report)
    return JsonError(404, fmt::format("AS{} is not measured in {}", asn, ToString(*period)));
  auto made = std::make_shared<CachedText>();
  AppendReportJson(**report, &made->text);
  as_json.Put(generation, key, made);
  return Json(200, made->text);
}

HttpReply Site::Impl::ApiAsHistory(Asn asn) {
  auto history = view->History(asn);
  if (!history) return JsonError(500, history.error().message);
  std::string out = "[";
  for (const HistoryPoint& h : *history) {
    if (out.size() > 1) out += ',';
    out += "{\"period\":";
    AppendPeriodJson(&out, h.period);
    out += fmt::format(",\"incidents\":{},\"prefixes\":{},\"actions\":{{", h.incidents,
                       h.metrics.prefixes);
    for (int a = 0; a < kActions; ++a) {
      if (a) out += ',';
      AppendJsonString(&out, ActionName(static_cast<Action>(a)));
      out += ':';
      AppendReadiness(&out, h.metrics.actions[static_cast<std::size_t>(a)]);
    }
    out += "}}";
  }
  out += ']';
  return Json(200, std::move(out));
}

std::string Site::Impl::OverviewJson(const PeriodDigest& latest,
                                     const std::vector<std::shared_ptr<const PeriodDigest>>& all) {
  std::string out = "{\"period\":";
  AppendPeriodJson(&out, latest.period);
  out += fmt::format(",\"ases\":{},\"readiness\":{{", latest.overview.ases());
  auto append_labels = [&](const PeriodDigest& d) {
    for (int a = 0; a < kActions; ++a) {
      if (a) out += ',';
      AppendJsonString(&out, ActionName(static_cast<Action>(a)));
      out += ":{";
      for (int l = 0; l < 4; ++l) {
        if (l) out += ',';
        AppendJsonString(&out, ReadinessLabelName(static_cast<ReadinessLabel>(l)));
        out += fmt::format(
            ":{}", d.overview.labels()[static_cast<std::size_t>(a)][static_cast<std::size_t>(l)]);
      }
      out += '}';
    }
  };
  append_labels(latest);
  out += "},\"incidents\":{";
  for (int k = 0; k < kIncidentKinds; ++k) {
    if (k) out += ',';
    AppendJsonString(&out, IncidentKindName(static_cast<IncidentKind>(k)));
    out += fmt::format(":{}", latest.overview.incidents()[static_cast<std::size_t>(k)]);
  }
  out += "},\"worst\":[";
  bool first = true;
  for (const Incident& inc : latest.overview.top()) {
    if (!first) out += ',';
    first = false;
    out += "{\"kind\":";
    AppendJsonString(&out, IncidentKindName(inc.kind));
    out += fmt::format(",\"asn\":{},\"start\":", inc.asn);
    AppendJsonString(&out, IsoTime(inc.start));
    out += ",\"end\":";
    if (inc.end) {
      AppendJsonString(&out, IsoTime(*inc.end));
    } else {
      out += "null";
    }
    out += fmt::format(",\"score\":{:.4g},\"prefixes\":{},\"peers\":{}}}", inc.score,
                       inc.prefix_count, inc.peer_count);
  }
  out += "],\"trend\":[";
  first = true;
  for (const auto& d : all) {
    if (!first) out += ',';
    first = false;
    out += "{\"period\":";
    AppendPeriodJson(&out, d->period);
    out += fmt::format(",\"ases\":{},\"readiness\":{{", d->overview.ases());
    append_labels(*d);
    out += "}}";
  }
  out += "]}";
  return out;
}

HttpReply Site::Impl::ApiOverview() {
  auto periods = view->Periods();
  if (!periods) return JsonError(500, periods.error().message);
  if (periods->empty()) return JsonError(404, "the store holds no period");
  std::vector<std::shared_ptr<const PeriodDigest>> all;
  for (const Period& p : *periods) {
    auto d = view->Digest(p, false);
    if (!d) return JsonError(500, d.error().message);
    all.push_back(*d);
  }
  return Json(200, OverviewJson(*all.back(), all));
}

Result<Site::Impl::SearchResult> Site::Impl::Search(const std::string& raw,
                                                    const std::string& country_raw) {
  SearchResult result;
  auto trimmed = [](std::string text) {
    while (!text.empty() && text.back() == ' ') text.pop_back();
    while (!text.empty() && text.front() == ' ') text.erase(text.begin());
    return text;
  };
  const std::string query = trimmed(raw);
  std::string country = trimmed(country_raw);
  std::transform(country.begin(), country.end(), country.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  if (query.empty() && country.empty()) return result;
  auto latest = view->Latest();
  if (!latest) return Unexpected<Error>(latest.error());
  const std::shared_ptr<const PeeringDb> pdb = view->Peeringdb();
  auto net_of = [&](Asn asn) { return pdb ? pdb->Net(asn) : nullptr; };
  auto name_of = [&](Asn asn) -> std::string {
    const PeeringDbNet* net = net_of(asn);
    return net ? net->name : std::string();
  };
  auto country_of = [&](Asn asn) -> std::string {
    const PeeringDbNet* net = net_of(asn);
    return net ? net->country : std::string();
  };
  auto add_as = [&](Asn asn, bool measured) {
    std::string j = fmt::format("{{\"asn\":{},\"name\":", asn);
    AppendJsonString(&j, name_of(asn));
    j += ",\"country\":";
    AppendJsonString(&j, country_of(asn));
    j += fmt::format(",\"measured\":{}}}", measured ? "true" : "false");
    result.json.push_back(j);
    result.html.push_back(fmt::format(
        "<tr><td><a href=\"/as/{0}\">AS{0}</a></td><td>{1}</td><td>{2}</td><td>{3}</td></tr>", asn,
        E(name_of(asn)), E(country_of(asn)), measured ? "measured" : "not measured"));
  };
  // A country (ISO 3166 alpha-2, from the PeeringDB org of each network):
  // the measured ASes there, by ASN.
  if (!country.empty()) {
    result.kind = "country";
    if (!pdb || !*latest) return result;
    auto digest = view->Digest(**latest, false);
    if (!digest) return Unexpected<Error>(digest.error());
    for (const PeeringDbNet* net : pdb->InCountry(country)) {
      if (!std::binary_search((*digest)->ases.begin(), (*digest)->ases.end(), net->asn)) continue;
      add_as(net->asn, true);
      if (result.json.size() == 1000) break;
    }
    return result;
  }
  if (auto asn = ParseAsn(query)) {
    result.kind = "asn";
    bool measured = false;
    if (*latest) {
      auto report = view->Report(**latest, *asn);
      if (!report) return Unexpected<Error>(report.error());
      measured = report->has_value();
    }
    add_as(*asn, measured);
    return result;
  }
  if (auto prefix = Prefix::Parse(query)) {
    result.kind = "prefix";
    if (!*latest) return result;
    auto digest = view->Digest(**latest, true);
    if (!digest) return Unexpected<Error>(digest.error());
    // The prefix itself and every less-specific that covers it.
    const auto& hits = (*digest)->prefixes;
    for (int len = prefix->length(); len >= 0; --len) {
      const Prefix p = Prefix::Normalized(prefix->address(), len);
      auto it = std::lower_bound(hits.begin(), hits.end(), p,
                                 [](const PrefixHit& h, const Prefix& q) { return h.prefix < q; });
      for (; it != hits.end() && it->prefix == p; ++it) {
        std::string j = "{\"prefix\":";
        AppendJsonString(&j, it->prefix.ToString());
        j += fmt::format(",\"asn\":{},\"name\":", it->asn);
        AppendJsonString(&j, name_of(it->asn));
        j += ",\"rpki\":";
        AppendJsonString(&j, RovStateName(it->rpki));
        j += ",\"irr\":";
        AppendJsonString(&j, IrrStateName(it->irr));
        j += '}';
        result.json.push_back(j);
        result.html.push_back(
            fmt::format("<tr><td class=\"mono\">{0}</td><td><a href=\"/as/{1}\">AS{1}</a> "
                        "{2}</td><td>RPKI {3}</td><td>IRR {4}</td></tr>",
                        E(it->prefix.ToString()), it->asn, E(name_of(it->asn)),
                        RovStateName(it->rpki), IrrStateName(it->irr)));
      }
    }
    return result;
  }
  // A name: PeeringDB networks whose name contains the text, without case.
  result.kind = "name";
  if (!pdb) return result;
  std::string needle = query;
  std::transform(needle.begin(), needle.end(), needle.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::shared_ptr<const PeriodDigest> digest;
  if (*latest) {
    auto d = view->Digest(**latest, false);
    if (!d) return Unexpected<Error>(d.error());
    digest = *d;
  }
  for (const PeeringDbNet& net : pdb->nets()) {
    std::string name = net.name;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (name.find(needle) == std::string::npos) continue;
    const bool measured =
        digest && std::binary_search(digest->ases.begin(), digest->ases.end(), net.asn);
    add_as(net.asn, measured);
    if (result.json.size() == 200) break;
  }
  return result;
}

HttpReply Site::Impl::ApiSearch(const std::string& query, const std::string& country) {
  if (query.size() > 200) return JsonError(400, "q: longer than 200 bytes");
  if (country.size() > 200) return JsonError(400, "country: longer than 200 bytes");
  auto result = Search(query, country);
  if (!result) return JsonError(500, result.error().message);
  std::string out = "{\"query\":";
  AppendJsonString(&out, query);
  out += ",\"country\":";
  AppendJsonString(&out, country);
  out += ",\"kind\":";
  AppendJsonString(&out, result->kind);
  out += ",\"results\":[";
  for (std::size_t i = 0; i < result->json.size(); ++i) {
    if (i) out += ',';
    out += result->json[i];
  }
  out += "]}";
  return Json(200, std::move(out));
}

}  // namespace manrs::web
