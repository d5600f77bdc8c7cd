// The web observatory: dispatch, sessions, the JSON API and the pages.
#include "manrs/web/site.h"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>

#include "fmt/format.h"
#include "manrs/base/json_string.h"
#include "manrs/observe/report_format.h"
#include "manrs/web/accounts.h"
#include "manrs/web/json_body.h"
#include "manrs/web/router.h"
#include "web/observatory_view.h"
#include "web/openapi.h"
#include "web/site_css.h"

namespace manrs::web {

using daemon::HttpReply;
using daemon::HttpRequest;

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

namespace {

const auto& E = HtmlEscape;

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A sliding-window counter per key: how many attempts in the last window.
class RateLimiter {
 public:
  // 0 when allowed (and counted), else the seconds until the next attempt is.
  int Hit(const std::string& key, RateLimit limit, std::int64_t now) {
    if (limit.attempts <= 0) return 0;
    std::lock_guard lock(mu_);
    if (hits_.size() > 100000) Prune(now, limit.window_seconds);
    auto& times = hits_[key];
    while (!times.empty() && times.front() <= now - limit.window_seconds) times.pop_front();
    if (static_cast<int>(times.size()) >= limit.attempts) {
      return static_cast<int>(
          std::max<std::int64_t>(1, times.front() + limit.window_seconds - now));
    }
    times.push_back(now);
    return 0;
  }

 private:
  void Prune(std::int64_t now, int window) {
    for (auto it = hits_.begin(); it != hits_.end();) {
      if (it->second.empty() || it->second.back() <= now - window) {
        it = hits_.erase(it);
      } else {
        ++it;
      }
    }
  }
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<std::int64_t>> hits_;
};

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {"X-Frame-Options", "DENY"},
  };
  return headers;
}

HttpReply Json(int status, std::string body) {
  body += '\n';
  return HttpReply(status, "application/json", std::move(body));
}

HttpReply JsonError(int status, std::string_view message) {
  std::string body = "{\"error\":";
  AppendJsonString(&body, message);
  body += '}';
  return Json(status, std::move(body));
}

HttpReply Redirect(const std::string& to) {
  return HttpReply(303, "text/plain; charset=utf-8", "see " + to + "\n", {{"Location", to}});
}

std::string Param(const HttpRequest& r, const std::string& name) {
  auto it = r.params.find(name);
  return it == r.params.end() ? std::string() : it->second;
}

std::string CookieValue(const HttpRequest& r, std::string_view name) {
  const std::string cookies = r.Header("Cookie");
  std::string_view rest = cookies;
  while (!rest.empty()) {
    std::size_t semi = rest.find(';');
    std::string_view item = rest.substr(0, semi);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.size() > name.size() && item.substr(0, name.size()) == name &&
        item[name.size()] == '=') {
      return std::string(item.substr(name.size() + 1));
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return "";
}

bool SameToken(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void AppendReadiness(std::string* out, const Readiness& r) {
  *out += "{\"score\":";
  *out += r.score ? fmt::format("{:.4g}", *r.score) : "null";
  *out += ",\"label\":";
  AppendJsonString(out, ReadinessLabelName(r.label));
  *out += '}';
}

void AppendPeriodJson(std::string* out, const Period& p) {
  *out += "{\"start\":";
  AppendJsonString(out, IsoTime(p.start));
  *out += ",\"end\":";
  AppendJsonString(out, IsoTime(p.end));
  *out += '}';
}

const char* kLabelColors[4] = {"#1a7f37", "#bf8700", "#cf222e", "#8c959f"};

const char* ActionTitle(int a) {
  static const char* titles[kActions] = {"Filtering", "Anti-spoofing", "Coordination",
                                         "Global validation"};
  return titles[a];
}

std::string Pill(ReadinessLabel l) {
  return fmt::format("<span class=\"pill l-{0}\">{0}</span>", ReadinessLabelName(l));
}

std::string Number(std::uint64_t v) {
  std::string s = std::to_string(v), out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

std::string ContentType(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".json")) return "application/json";
  if (ends(".map")) return "application/json";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

struct Site::Impl {
  SiteOptions options;
  std::unique_ptr<ObservatoryView> view;
  std::unique_ptr<AccountStore> accounts;
  RateLimiter limiter;
  std::mutex revoke_mu;
  std::uint64_t revoked_generation = 0;

  struct Context {
    const HttpRequest* request = nullptr;
    std::optional<Session> session;
    std::string session_token;
    bool api = false;
  };

  HttpReply Dispatch(const HttpRequest& request);
  HttpReply Serve(const Route& route, Context& ctx);

  // Claims proven by an IRR record whose token has since gone are revoked
  // when a new snapshot is seen.
  void RecheckIrrClaims();
  Result<std::optional<std::string>> FindToken(Asn asn, const std::string& token);

  // API.
  HttpReply ApiOverview();
  HttpReply ApiSearch(const std::string& query);
  HttpReply ApiAs(Asn asn, const std::string& period);
  HttpReply ApiAsHistory(Asn asn);
  HttpReply ApiParticipants();
  HttpReply ApiParticipant(Asn asn);
  HttpReply ApiCreateAccount(Context& ctx, const JsonBody& body);
  HttpReply ApiLogin(Context& ctx, const JsonBody& body);
  HttpReply ApiClaim(Context& ctx, const JsonBody& body);
  HttpReply ApiVerify(Context& ctx, Asn asn);
  HttpReply ApiDeclare(Context& ctx, Asn asn, const JsonBody& body);
  HttpReply ApiPassword(Context& ctx, const JsonBody& body);
  HttpReply ApiClaims(Context& ctx);

  // The operations behind both the API and the forms: a status (200, 201,
  // 4xx) and either the JSON answer or the reason.
  struct Outcome {
    int status = 200;
    std::string json;    // the answer when status < 400
    std::string reason;  // when status >= 400
    int retry_after = 0;
  };
  Outcome CreateAccount(const Context& ctx, const std::string& email, const std::string& password);
  Outcome Login(const Context& ctx, const std::string& email, const std::string& password,
                NewSession* session);
  Outcome Claim(const Context& ctx, Asn asn);
  Outcome Verify(const Context& ctx, Asn asn);
  Outcome Declare(const Context& ctx, Asn asn, const std::vector<std::string>& actions,
                  const std::map<std::string, std::string>& notes);
  Outcome ChangePassword(const Context& ctx, const std::string& current, const std::string& next);
  static HttpReply FromOutcome(const Outcome& o);

  // Data shared by pages and API.
  std::string ParticipantJson(const Participant& p, const AsMetrics* metrics,
                              const std::optional<Period>& period);
  Result<std::optional<AsMetrics>> LatestMetrics(Asn asn, std::optional<Period>* period);
  std::string OverviewJson(const PeriodDigest& latest,
                           const std::vector<std::shared_ptr<const PeriodDigest>>& all);
  struct SearchResult {
    std::string kind;               // "asn", "prefix", "name"
    std::vector<std::string> json;  // one object per hit
    std::vector<std::string> html;  // one table row per hit
  };
  Result<SearchResult> Search(const std::string& query);

  // Pages.
  std::string Layout(const Context& ctx, std::string_view title, std::string_view nav,
                     std::string_view hero, std::string_view body);
  HttpReply Page(int status, std::string html) {
    return HttpReply(status, "text/html; charset=utf-8", std::move(html));
  }
  HttpReply OverviewPage(Context& ctx);
  HttpReply SearchPage(Context& ctx);
  HttpReply AsPage(Context& ctx, Asn asn);
  HttpReply ParticipantsPage(Context& ctx);
  HttpReply ParticipantsCsv();
  HttpReply SignupPage(Context& ctx, const std::string& error, int status);
  HttpReply LoginPage(Context& ctx, const std::string& error, int status);
  HttpReply AccountPage(Context& ctx, const std::string& error, int status);
  HttpReply Asset(std::string_view path);
  HttpReply Failure(const Context& ctx, int status, std::string_view message);
  bool HasAssets() const;
};

Site::Site() : impl_(std::make_unique<Impl>()) {}
Site::~Site() = default;

Result<std::unique_ptr<Site>> Site::Open(const SiteOptions& options) {
  std::unique_ptr<Site> site(new Site());
  site->impl_->options = options;
  site->impl_->view = std::make_unique<ObservatoryView>(options.store_spec, options.irr_path,
                                                        options.peeringdb_path);
  if (auto ok = site->impl_->view->Open(); !ok) return Unexpected<Error>(ok.error());
  auto accounts = AccountStore::Open(options.accounts_path);
  if (!accounts) return Unexpected<Error>(accounts.error());
  site->impl_->accounts = std::move(*accounts);
  return site;
}

HttpReply Site::Health() {
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
      return ApiSearch(Param(r, "q"));
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
  if (const PeeringDb* pdb = view->peeringdb()) {
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
  } else if ((*claim)->verified) {
    if (auto ok = accounts->Revoke(ctx.session->account, asn); !ok)
      return {500, "", ok.error().message};
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
    if (found && !*found) (void)accounts->Revoke(c.account, c.asn);
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
  auto p = accounts->ParticipantOf(asn);
  if (!p) return JsonError(500, p.error().message);
  if (!*p) return JsonError(404, fmt::format("AS{} is not a participant", asn));
  std::optional<Period> period;
  auto m = LatestMetrics(asn, &period);
  if (!m) return JsonError(500, m.error().message);
  return Json(200, ParticipantJson(**p, *m ? &**m : nullptr, period));
}

HttpReply Site::Impl::ApiAs(Asn asn, const std::string& period_text) {
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
  auto report = view->Report(*period, asn);
  if (!report) return JsonError(500, report.error().message);
  if (!*report)
    return JsonError(404, fmt::format("AS{} is not measured in {}", asn, ToString(*period)));
  std::string out;
  AppendReportJson(**report, &out);
  return Json(200, std::move(out));
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

Result<Site::Impl::SearchResult> Site::Impl::Search(const std::string& raw) {
  SearchResult result;
  std::string query = raw;
  while (!query.empty() && query.back() == ' ') query.pop_back();
  while (!query.empty() && query.front() == ' ') query.erase(query.begin());
  if (query.empty()) return result;
  auto latest = view->Latest();
  if (!latest) return Unexpected<Error>(latest.error());
  const PeeringDb* pdb = view->peeringdb();
  auto name_of = [&](Asn asn) -> std::string {
    const PeeringDbNet* net = pdb ? pdb->Net(asn) : nullptr;
    return net ? net->name : std::string();
  };
  auto add_as = [&](Asn asn, bool measured) {
    std::string j = fmt::format("{{\"asn\":{},\"name\":", asn);
    AppendJsonString(&j, name_of(asn));
    j += fmt::format(",\"measured\":{}}}", measured ? "true" : "false");
    result.json.push_back(j);
    result.html.push_back(
        fmt::format("<tr><td><a href=\"/as/{0}\">AS{0}</a></td><td>{1}</td><td>{2}</td></tr>", asn,
                    E(name_of(asn)), measured ? "measured" : "not measured"));
  };
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
  // A name or country code: PeeringDB networks whose name (or info_type)
  // contains the text, without case.
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

HttpReply Site::Impl::ApiSearch(const std::string& query) {
  if (query.size() > 200) return JsonError(400, "q: longer than 200 bytes");
  auto result = Search(query);
  if (!result) return JsonError(500, result.error().message);
  std::string out = "{\"query\":";
  AppendJsonString(&out, query);
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

// ---- Pages -----------------------------------------------------------------

bool Site::Impl::HasAssets() const {
  if (options.assets_dir.empty()) return false;
  struct stat st {};
  return ::stat((options.assets_dir + "/app.js").c_str(), &st) == 0;
}

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
  if (q.size() > 200) return Failure(ctx, 400, "the query is longer than 200 bytes");
  auto result = Search(q);
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
      "RIPE, 193.0.0.0/21\"> <button>Search</button></form>",
      E(q));
  if (!q.empty()) {
    fmt::format_to(std::back_inserter(h),
                   "<div class=\"panel\"><h3>{} result(s) for “{}” ({})</h3><table>",
                   result->html.size(), E(q), result->kind);
    for (const auto& row : result->html) h += row;
    h += "</table></div>";
  }
  h += "</main>";
  return Page(200, Layout(ctx, "Search", "search", "", h));
}

HttpReply Site::Impl::AsPage(Context& ctx, Asn asn) {
  auto latest = view->Latest();
  if (!latest) return Failure(ctx, 500, latest.error().message);
  if (!*latest) return Failure(ctx, 503, "the observatory store holds no period yet");
  auto report = view->Report(**latest, asn);
  if (!report) return Failure(ctx, 500, report.error().message);
  if (!*report)
    return Failure(ctx, 404, fmt::format("AS{} is not measured in the latest period", asn));
  auto history = view->History(asn);
  if (!history) return Failure(ctx, 500, history.error().message);
  auto participant = accounts->ParticipantOf(asn);
  if (!participant) return Failure(ctx, 500, participant.error().message);
  std::string page = RenderReportHtml(**report, *history);

  // Declared beside measured, for a participant.
  std::string dvm;
  auto out = std::back_inserter(dvm);
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
    const std::vector<Gap> gaps = FindGaps(declared, &(*report)->metrics);
    for (int a = 0; a < kActions; ++a) {
      const Action action = static_cast<Action>(a);
      const bool is_declared =
          std::find(declared.begin(), declared.end(), action) != declared.end();
      const Readiness& r = (*report)->metrics.actions[static_cast<std::size_t>(a)];
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
  if (history->size() > 1 && HasAssets()) {
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
      auto p = accounts->ParticipantOf(c.asn);
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
