// What the parts of the web observatory share (site.cc: dispatch, sessions
// and the registry; site_api.cc: the JSON API; site_pages.cc: the pages and
// assets): small reply helpers and Site::Impl.
#ifndef MANRS_SRC_WEB_SITE_IMPL_H_
#define MANRS_SRC_WEB_SITE_IMPL_H_
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
#include "manrs/web/site.h"
#include "web/observatory_view.h"
#include "web/openapi.h"
#include "web/render_cache.h"
#include "web/site_css.h"

namespace manrs::web {

using daemon::HttpReply;
using daemon::HttpRequest;

inline const auto& E = HtmlEscape;

inline std::int64_t Now() {
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

inline const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
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

inline HttpReply Json(int status, std::string body) {
  body += '\n';
  return HttpReply(status, "application/json", std::move(body));
}

inline HttpReply JsonError(int status, std::string_view message) {
  std::string body = "{\"error\":";
  AppendJsonString(&body, message);
  body += '}';
  return Json(status, std::move(body));
}

inline HttpReply Redirect(const std::string& to) {
  return HttpReply(303, "text/plain; charset=utf-8", "see " + to + "\n", {{"Location", to}});
}

inline std::string Param(const HttpRequest& r, const std::string& name) {
  auto it = r.params.find(name);
  return it == r.params.end() ? std::string() : it->second;
}

inline std::string CookieValue(const HttpRequest& r, std::string_view name) {
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

inline bool SameToken(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

inline void AppendReadiness(std::string* out, const Readiness& r) {
  *out += "{\"score\":";
  *out += r.score ? fmt::format("{:.4g}", *r.score) : "null";
  *out += ",\"label\":";
  AppendJsonString(out, ReadinessLabelName(r.label));
  *out += '}';
}

inline void AppendPeriodJson(std::string* out, const Period& p) {
  *out += "{\"start\":";
  AppendJsonString(out, IsoTime(p.start));
  *out += ",\"end\":";
  AppendJsonString(out, IsoTime(p.end));
  *out += '}';
}

inline constexpr const char* kLabelColors[4] = {"#1a7f37", "#bf8700", "#cf222e", "#8c959f"};

inline const char* ActionTitle(int a) {
  static const char* titles[kActions] = {"Filtering", "Anti-spoofing", "Coordination",
                                         "Global validation"};
  return titles[a];
}

inline std::string Pill(ReadinessLabel l) {
  return fmt::format("<span class=\"pill l-{0}\">{0}</span>", ReadinessLabelName(l));
}

inline std::string Number(std::uint64_t v) {
  std::string s = std::to_string(v), out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

inline std::string ContentType(std::string_view path) {
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

// The per-AS answers rendered once per (period, ASN): the report JSON, and
// the per-AS page before its per-request parts (navigation, PeeringDB
// panel, declared beside measured), with the metrics those need.
struct CachedText {
  std::string text;
  std::size_t bytes() const { return text.size() + 64; }
};
struct CachedAsPage {
  std::string html;  // RenderReportHtml of the report and its history
  AsMetrics metrics;
  std::size_t history_points = 0;
  std::size_t bytes() const { return html.size() + sizeof(AsMetrics) + 256; }
};

struct Site::Impl {
  explicit Impl(std::size_t cache_bytes)
      : as_json(cache_bytes / 3), as_page(cache_bytes - cache_bytes / 3) {}

  SiteOptions options;
  std::unique_ptr<ObservatoryView> view;
  std::unique_ptr<AccountStore> accounts;
  RateLimiter limiter;
  std::mutex revoke_mu;
  std::uint64_t revoked_generation = 0;
  bool has_assets = false;  // looked at once, at start
  RenderCache<CachedText> as_json;
  RenderCache<CachedAsPage> as_page;

  // The participants, read from the registry at most once a second and
  // after every change this process makes (declare, verify, revoke): the
  // per-AS page asks for one on every view, and the registry is one SQLite
  // connection behind one lock.
  std::mutex participants_mu;
  std::shared_ptr<const std::map<Asn, Participant>> participants;
  std::int64_t participants_read = -1;  // steady seconds of the read
  std::uint64_t participants_changes = 0, participants_read_changes = 0;
  Result<std::optional<Participant>> ParticipantOf(Asn asn);
  void ParticipantsChanged() {
    std::lock_guard lock(participants_mu);
    ++participants_changes;
  }

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
  HttpReply ApiSearch(const std::string& query, const std::string& country);
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
    std::string kind;               // "asn", "prefix", "name", "country"
    std::vector<std::string> json;  // one object per hit
    std::vector<std::string> html;  // one table row per hit
  };
  // query: an ASN, a prefix or a name; country: ISO 3166 alpha-2 (then
  // query is not looked at).
  Result<SearchResult> Search(const std::string& query, const std::string& country);

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
  bool HasAssets() const { return has_assets; }
};

}  // namespace manrs::web

#endif  // MANRS_SRC_WEB_SITE_IMPL_H_
