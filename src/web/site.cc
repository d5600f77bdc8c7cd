// The web observatory: dispatch, sessions, the JSON API and the pages.
#include "manrs/web/site.h"

#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "web/site_impl.h"

namespace manrs::web {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Site::Site(const SiteOptions& options) : impl_(std::make_unique<Impl>(options.cache_bytes)) {}
Site::~Site() = default;

Result<std::unique_ptr<Site>> Site::Open(const SiteOptions& options) {
  // Before SQLite starts (the first open): no memory statistics, which take
  // one process-wide mutex on every SQLite allocation and made 200
  // concurrent readers queue on it (doc/web.md, performance). Each
  // connection is used by one thread at a time (the store's one per HTTP
  // thread, the registry's behind its own lock), so SQLite's own per-
  // connection mutexes go too. Fails harmlessly when SQLite is already
  // started (another part of the process opened a database first).
  (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
  std::unique_ptr<Site> site(new Site(options));
  site->impl_->options = options;
  if (!options.assets_dir.empty()) {
    struct stat st {};
    site->impl_->has_assets = ::stat((options.assets_dir + "/app.js").c_str(), &st) == 0;
  }
  site->impl_->view = std::make_unique<ObservatoryView>(
      options.store_spec, options.irr_path, options.peeringdb_path,
      daemon::Logger("serve", options.quiet ? daemon::LogLevel::kOff : daemon::LogLevel::kInfo));
  if (auto ok = site->impl_->view->Open(); !ok) return Unexpected<Error>(ok.error());
  auto accounts = AccountStore::Open(options.accounts_path);
  if (!accounts) return Unexpected<Error>(accounts.error());
  site->impl_->accounts = std::move(*accounts);
  return site;
}

HttpReply Site::Health() {
  // A replaced IRR snapshot or PeeringDB file is looked at here too, so that
  // /health says what is being served.
  impl_->view->Irr();
  impl_->view->Peeringdb();
  auto periods = impl_->view->Periods();
  const bool ok = periods && !periods->empty();
  std::string body = fmt::format("{{\"status\":\"{}\",\"periods\":{}", ok ? "ready" : "no_data",
                                 periods ? periods->size() : 0);
  const std::string irr_error = impl_->view->irr_error();
  body += ",\"irr_snapshots_loaded\":" + std::to_string(impl_->view->irr_generation());
  if (!irr_error.empty()) {
    body += ",\"irr_error\":";
    AppendJsonString(&body, irr_error);
  }
  body += ",\"peeringdb_loads\":" + std::to_string(impl_->view->peeringdb_generation());
  if (const std::string pdb_error = impl_->view->peeringdb_error(); !pdb_error.empty()) {
    body += ",\"peeringdb_error\":";
    AppendJsonString(&body, pdb_error);
  }
  body += "}\n";
  return HttpReply(ok ? 200 : 503, "application/json", std::move(body));
}

HttpReply Site::Handle(const HttpRequest& request) {
  HttpReply reply = impl_->Dispatch(request);
  for (const auto& header : SecurityHeaders()) reply.headers.push_back(header);
  if (reply.content_type.rfind("text/html", 0) == 0 || reply.content_type == "application/json") {
    reply.headers.emplace_back("Cache-Control", "no-store");
  }
  return reply;
}

HttpReply Site::Impl::Dispatch(const HttpRequest& request) {
  if (request.path == "/site.css") {
    return HttpReply(200, "text/css; charset=utf-8", kSiteCss, {{"Cache-Control", "max-age=3600"}});
  }
  const Route route = MatchRoute(request.method, request.path);
  Context ctx;
  ctx.request = &request;
  ctx.api = request.path.rfind("/api/", 0) == 0;
  if (route.id == RouteId::kNotFound) return Failure(ctx, 404, "no such page");
  if (route.id == RouteId::kMethodNotAllowed) return Failure(ctx, 405, "method not allowed");
  if (route.id == RouteId::kAsset)
    return Asset(request.path.substr(std::string_view("/assets/").size()));

  RecheckIrrClaims();
  ctx.session_token = CookieValue(request, "manrs_session");
  if (!ctx.session_token.empty()) {
    auto session = accounts->FindSession(ctx.session_token, Now());
    if (!session) return Failure(ctx, 500, session.error().message);
    ctx.session = *session;
  }
  if (ChangesState(route.id)) {
    if (!ctx.session) return Failure(ctx, 401, "log in first");
    std::string token = request.Header("X-CSRF-Token");
    if (token.empty() && !ctx.api) token = Param(request, "csrf");
    if (!SameToken(token, ctx.session->csrf))
      return Failure(ctx, 403, "missing or wrong CSRF token");
  }
  return Serve(route, ctx);
}

HttpReply Site::Impl::Serve(const Route& route, Context& ctx) {
  const HttpRequest& r = *ctx.request;
  // JSON bodies of the API.
  JsonBody body;
  const bool has_body = route.id == RouteId::kApiCreateAccount || route.id == RouteId::kApiLogin ||
                        route.id == RouteId::kApiClaim || route.id == RouteId::kApiDeclare ||
                        route.id == RouteId::kApiPassword;
  if (has_body) {
    if (r.Header("Content-Type").rfind("application/json", 0) != 0) {
      return JsonError(415, "send Content-Type: application/json");
    }
    auto parsed = ParseJsonBody(r.body);
    if (!parsed) return JsonError(400, parsed.error().message);
    body = std::move(*parsed);
  }
  switch (route.id) {
    case RouteId::kOverviewPage:
      return OverviewPage(ctx);
    case RouteId::kSearchPage:
      return SearchPage(ctx);
    case RouteId::kAsPage:
      return AsPage(ctx, route.asn);
    case RouteId::kParticipantsPage:
      return ParticipantsPage(ctx);
    case RouteId::kParticipantsCsv:
      return ParticipantsCsv();
    case RouteId::kSignupPage:
      return SignupPage(ctx, "", 200);
    case RouteId::kLoginPage:
      return LoginPage(ctx, "", 200);
    case RouteId::kAccountPage:
      if (!ctx.session) return Redirect("/login");
      return AccountPage(ctx, "", 200);
    case RouteId::kSignupForm: {
      Outcome o = CreateAccount(ctx, Param(r, "email"), Param(r, "password"));
      if (o.status >= 400) {
        HttpReply reply = SignupPage(ctx, o.reason, o.status);
        if (o.retry_after) reply.headers.emplace_back("Retry-After", std::to_string(o.retry_after));
        return reply;
      }
      return Redirect("/login?msg=account+created");
    }
    case RouteId::kLoginForm: {
      NewSession session;
      Outcome o = Login(ctx, Param(r, "email"), Param(r, "password"), &session);
      if (o.status >= 400) {
        HttpReply reply = LoginPage(ctx, o.reason, o.status);
        if (o.retry_after) reply.headers.emplace_back("Retry-After", std::to_string(o.retry_after));
        return reply;
      }
      HttpReply reply = Redirect("/account");
      reply.headers.emplace_back(
          "Set-Cookie",
          fmt::format("manrs_session={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
                      session.token, AccountStore::kSessionSeconds,
                      options.secure_cookies ? "; Secure" : ""));
      return reply;
    }
    case RouteId::kLogoutForm:
    case RouteId::kApiLogout: {
      if (auto ok = accounts->DeleteSession(ctx.session_token); !ok) {
        return Failure(ctx, 500, ok.error().message);
      }
      HttpReply reply =
          route.id == RouteId::kApiLogout ? Json(200, "{\"logged_out\":true}") : Redirect("/");
      reply.headers.emplace_back("Set-Cookie",
                                 "manrs_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
      return reply;
    }
    case RouteId::kClaimForm:
    case RouteId::kVerifyForm:
    case RouteId::kDeclareForm:
    case RouteId::kPasswordForm: {
      Outcome o;
      if (route.id == RouteId::kClaimForm) {
        auto asn = ParseAsn(Param(r, "asn"));
        if (!asn) return AccountPage(ctx, "not an AS number: " + Param(r, "asn"), 422);
        o = Claim(ctx, *asn);
      } else if (route.id == RouteId::kVerifyForm) {
        o = Verify(ctx, route.asn);
        if (o.status < 400 && o.json.find("\"verified\":false") != std::string::npos) {
          return AccountPage(
              ctx,
              fmt::format("AS{}: the token is not in the loaded IRR or PeeringDB data yet",
                          route.asn),
              200);
        }
      } else if (route.id == RouteId::kDeclareForm) {
        std::vector<std::string> actions;
        std::map<std::string, std::string> notes;
        for (auto [it, end] = r.params.equal_range("action"); it != end; ++it)
          actions.push_back(it->second);
        for (int a = 0; a < kActions; ++a) {
          const std::string name = ActionName(static_cast<Action>(a));
          const std::string note = Param(r, "note_" + name);
          if (!note.empty()) notes[name] = note;
        }
        o = Declare(ctx, route.asn, actions, notes);
      } else {
        o = ChangePassword(ctx, Param(r, "password"), Param(r, "new_password"));
      }
      if (o.status >= 400) return AccountPage(ctx, o.reason, o.status);
      return Redirect("/account?msg=saved");
    }
    case RouteId::kApiOverview:
      return ApiOverview();
    case RouteId::kApiSearch:
      return ApiSearch(Param(r, "q"), Param(r, "country"));
    case RouteId::kApiAs:
      return ApiAs(route.asn, Param(r, "period"));
    case RouteId::kApiAsHistory:
      return ApiAsHistory(route.asn);
    case RouteId::kApiParticipants:
      return ApiParticipants();
    case RouteId::kApiParticipant:
      return ApiParticipant(route.asn);
    case RouteId::kApiDeclare:
      return ApiDeclare(ctx, route.asn, body);
    case RouteId::kApiCreateAccount:
      return ApiCreateAccount(ctx, body);
    case RouteId::kApiLogin:
      return ApiLogin(ctx, body);
    case RouteId::kApiSession: {
      if (!ctx.session) return JsonError(401, "not logged in");
      std::string out = "{\"email\":";
      AppendJsonString(&out, ctx.session->email);
      out += ",\"csrf\":";
      AppendJsonString(&out, ctx.session->csrf);
      out += '}';
      return Json(200, out);
    }
    case RouteId::kApiPassword:
      return ApiPassword(ctx, body);
    case RouteId::kApiClaim:
      return ApiClaim(ctx, body);
    case RouteId::kApiClaims:
      return ApiClaims(ctx);
    case RouteId::kApiVerify:
      return ApiVerify(ctx, route.asn);
    case RouteId::kApiOpenApi:
      return Json(200, kOpenApiJson);
    default:
      return Failure(ctx, 404, "no such page");
  }
}

Result<std::optional<Participant>> Site::Impl::ParticipantOf(Asn asn) {
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::steady_clock::now().time_since_epoch())
                               .count();
  std::shared_ptr<const std::map<Asn, Participant>> all;
  std::uint64_t changes = 0;
  {
    std::lock_guard lock(participants_mu);
    changes = participants_changes;
    if (participants_read == now && participants_read_changes == changes) all = participants;
  }
  if (!all) {
    // Read outside the lock; kept only when no change came meanwhile.
    auto list = accounts->Participants();
    if (!list) return Unexpected<Error>(list.error());
    auto map = std::make_shared<std::map<Asn, Participant>>();
    for (Participant& p : *list) map->emplace(p.asn, std::move(p));
    all = map;
    std::lock_guard lock(participants_mu);
    if (participants_changes == changes) {
      participants = all;
      participants_read = now;
      participants_read_changes = changes;
    }
  }
  auto it = all->find(asn);
  if (it == all->end()) return std::optional<Participant>();
  return std::optional<Participant>(it->second);
}

HttpReply Site::Impl::Failure(const Context& ctx, int status, std::string_view message) {
  if (ctx.api) return JsonError(status, message);
  const std::string body = fmt::format(
      "<main class=\"page\"><div class=\"error\"><b>{}</b> {}</div><p><a href=\"/\">Back to the "
      "overview</a></p></main>",
      status, E(message));
  return Page(status, Layout(ctx, fmt::format("{}", status), "", "", body));
}

// ---- Registry operations ------------------------------------------------

Site::Impl::Outcome Site::Impl::CreateAccount(const Context& ctx, const std::string& email,
                                              const std::string& password) {
  if (int wait =
          limiter.Hit("signup " + ctx.request->remote_addr, options.signup_per_address, Now())) {
    return {429, "", "too many sign-ups from this address; try again later", wait};
  }
  auto id = accounts->CreateAccount(email, password);
  if (!id) {
    if (id.error().message == "exists") return {409, "", "an account with this e-mail exists"};
    if (id.error().code == ErrorCode::kBadValue) return {422, "", id.error().message};
    return {500, "", id.error().message};
  }
  std::string json = "{\"email\":";
  AppendJsonString(&json, email);
  json += '}';
  return {201, json, ""};
}

Site::Impl::Outcome Site::Impl::Login(const Context& ctx, const std::string& email,
                                      const std::string& password, NewSession* session) {
  const std::int64_t now = Now();
  const std::string& addr = ctx.request->remote_addr;
  if (int wait = limiter.Hit("login " + addr, options.login_per_address, now)) {
    return {429, "", "too many log-in attempts; try again later", wait};
  }
  std::string lower = email;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (int wait = limiter.Hit("login " + addr + " " + lower, options.login_per_account, now)) {
    return {429, "", "too many log-in attempts for this account; try again later", wait};
  }
  auto id = accounts->CheckPassword(email, password);
  if (!id) return {500, "", id.error().message};
  if (!*id) return {401, "", "wrong e-mail or password"};
  auto created = accounts->CreateSession(**id, now);
  if (!created) return {500, "", created.error().message};
  *session = *created;
  std::string json = "{\"csrf\":";
  AppendJsonString(&json, created->csrf);
  json += ",\"email\":";
  AppendJsonString(&json, email);
  json += '}';
  return {200, json, ""};
}

Site::Impl::Outcome Site::Impl::Claim(const Context& ctx, Asn asn) {
  auto holder = accounts->HolderOf(asn);
  if (!holder) return {500, "", holder.error().message};
  if (*holder && **holder != ctx.session->account) {
    return {403, "", fmt::format("AS{} is proven by another account", asn)};
  }
  auto claim = accounts->CreateClaim(ctx.session->account, asn, Now());
  if (!claim) return {500, "", claim.error().message};
  std::string json = fmt::format("{{\"asn\":{},\"token\":", asn);
  AppendJsonString(&json, claim->token);
  json += fmt::format(",\"verified\":{},\"instructions\":", claim->verified ? "true" : "false");
  AppendJsonString(
      &json, fmt::format("Add the line \"remarks: {}\" to the aut-num AS{} in your IRR "
                         "(or the token to the notes of your PeeringDB network), then verify.",
                         claim->token, asn));
  json += '}';
  return {201, json, ""};
}

Result<std::optional<std::string>> Site::Impl::FindToken(Asn asn, const std::string& token) {
  if (auto irr = view->Irr()) {
    for (const IrrObjectRef* object :
         irr->FindObjects("aut-num", fmt::format("AS{}", asn), kAllSources)) {
      std::string_view text = irr->Text(*object);
      // A "remarks:" attribute line (continuation lines belong to it too)
      // holding the token.
      bool in_remarks = false;
      while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        const bool continuation =
            !line.empty() && (line[0] == ' ' || line[0] == '\t' || line[0] == '+');
        if (!continuation) {
          in_remarks = line.size() >= 8 &&
                       std::equal(line.begin(), line.begin() + 8, "remarks:", [](char a, char b) {
                         return std::tolower(static_cast<unsigned char>(a)) == b;
                       });
        }
        if (in_remarks && line.find(token) != std::string_view::npos)
          return std::optional<std::string>("irr");
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
      }
    }
  }
  if (const auto pdb = view->Peeringdb()) {
    if (const PeeringDbNet* net = pdb->Net(asn);
        net && net->notes.find(token) != std::string::npos) {
      return std::optional<std::string>("peeringdb");
    }
  }
  return std::optional<std::string>();
}

Site::Impl::Outcome Site::Impl::Verify(const Context& ctx, Asn asn) {
  auto holder = accounts->HolderOf(asn);
  if (!holder) return {500, "", holder.error().message};
  if (*holder && **holder != ctx.session->account) {
    return {403, "", fmt::format("AS{} is proven by another account", asn)};
  }
  auto claim = accounts->ClaimOf(ctx.session->account, asn);
  if (!claim) return {500, "", claim.error().message};
  if (!*claim) return {404, "", fmt::format("no claim for AS{}: claim it first", asn)};
  const std::int64_t now = Now();
  std::optional<std::string> method;
  if ((*claim)->verified || now - (*claim)->created <= AccountStore::kClaimSeconds) {
    auto found = FindToken(asn, (*claim)->token);
    if (!found) return {500, "", found.error().message};
    method = *found;
  }
  if (method) {
    if (auto ok = accounts->SetVerified(ctx.session->account, asn, *method, now); !ok) {
      return {500, "", ok.error().message};
    }
    ParticipantsChanged();
  } else if ((*claim)->verified) {
    if (auto ok = accounts->Revoke(ctx.session->account, asn); !ok)
      return {500, "", ok.error().message};
    ParticipantsChanged();
  }
  std::string json =
      fmt::format("{{\"asn\":{},\"verified\":{},\"method\":", asn, method ? "true" : "false");
  if (method) {
    AppendJsonString(&json, *method);
  } else {
    json += "null";
  }
  json += '}';
  return {200, json, ""};
}

void Site::Impl::RecheckIrrClaims() {
  const std::uint64_t generation = view->irr_generation();
  if (generation == 0) return;
  std::lock_guard lock(revoke_mu);
  view->Irr();  // a newer snapshot, if any, first
  const std::uint64_t now_generation = view->irr_generation();
  if (now_generation == revoked_generation) return;
  revoked_generation = now_generation;
  auto claims = accounts->VerifiedClaims();
  if (!claims) return;
  for (const auto& c : *claims) {
    if (c.method != "irr") continue;
    auto found = FindToken(c.asn, c.token);
    if (found && !*found) {
      (void)accounts->Revoke(c.account, c.asn);
      ParticipantsChanged();
    }
  }
}

Site::Impl::Outcome Site::Impl::Declare(const Context& ctx, Asn asn,
                                        const std::vector<std::string>& names,
                                        const std::map<std::string, std::string>& notes) {
  auto holder = accounts->HolderOf(asn);
  if (!holder) return {500, "", holder.error().message};
  if (!*holder || **holder != ctx.session->account) {
    return {403, "", fmt::format("this account has not proven AS{}", asn)};
  }
  auto actions = ParseActions(names);
  if (!actions) return {422, "", actions.error().message};
  if (auto ok = CheckDeclaration(options.rule, *actions); !ok) return {422, "", ok.error().message};
  Participant p;
  p.asn = asn;
  p.account = ctx.session->account;
  for (Action a : *actions) p.actions.push_back(ActionName(a));
  for (const auto& [action, note] : notes) {
    if (std::find(p.actions.begin(), p.actions.end(), action) == p.actions.end()) {
      return {422, "",
              fmt::format("a note for \"{}\", which is not declared", action.substr(0, 40))};
    }
    if (note.size() > 2000) return {422, "", "a note is longer than 2000 bytes"};
    p.notes[action] = note;
  }
  p.rule = ProgrammeRuleName(options.rule);
  p.updated = Now();
  if (auto ok = accounts->Declare(p); !ok) return {500, "", ok.error().message};
  ParticipantsChanged();
  auto stored = accounts->ParticipantOf(asn);
  if (!stored || !*stored) return {500, "", "declaration not stored"};
  std::optional<Period> period;
  auto metrics = LatestMetrics(asn, &period);
  if (!metrics) return {500, "", metrics.error().message};
  return {200, ParticipantJson(**stored, *metrics ? &**metrics : nullptr, period), ""};
}

Site::Impl::Outcome Site::Impl::ChangePassword(const Context& ctx, const std::string& current,
                                               const std::string& next) {
  if (int wait =
          limiter.Hit("login " + ctx.request->remote_addr, options.login_per_address, Now())) {
    return {429, "", "too many attempts; try again later", wait};
  }
  auto id = accounts->CheckPassword(ctx.session->email, current);
  if (!id) return {500, "", id.error().message};
  if (!*id) return {403, "", "the current password is wrong"};
  if (auto ok = accounts->SetPassword(**id, next); !ok) {
    return {ok.error().code == ErrorCode::kBadValue ? 422 : 500, "", ok.error().message};
  }
  return {200, "{\"changed\":true}", ""};
}

HttpReply Site::Impl::FromOutcome(const Outcome& o) {
  if (o.status >= 400) {
    HttpReply reply = JsonError(o.status, o.reason);
    if (o.retry_after) reply.headers.emplace_back("Retry-After", std::to_string(o.retry_after));
    return reply;
  }
  return Json(o.status, o.json);
}

}  // namespace manrs::web
