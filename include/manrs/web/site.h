// The web observatory and participant registry (`manrs serve`, issue 12,
// doc/web.md): server-side HTML pages, the JSON API under /api/v1/, the
// built front end's assets, accounts, ASN claims and declarations. One
// handler for daemon::HttpServer::Fallback; thread-safe.
#ifndef MANRS_WEB_SITE_H_
#define MANRS_WEB_SITE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "manrs/base/result.h"
#include "manrs/daemon/http_server.h"
#include "manrs/web/programme.h"

namespace manrs::web {

struct RateLimit {
  int attempts = 0;  // allowed per window
  int window_seconds = 0;
};

struct SiteOptions {
  std::string store_spec;      // "sqlite:PATH" (or what OpenStore accepts)
  std::string irr_path;        // the local IRR snapshot; "" without
  std::string peeringdb_path;  // PeeringDB JSON; "" without
  std::string accounts_path;   // the registry's SQLite file
  std::string assets_dir;      // the built front end (web/dist); "" without
  ProgrammeRule rule = ProgrammeRule::kManrs2014;
  bool secure_cookies = false;  // behind TLS
  bool quiet = false;           // no log lines (reloads, refused files)
  // Memory for rendered per-AS answers (report JSON and pages), kept until
  // a new period, IRR snapshot or PeeringDB file is loaded.
  std::size_t cache_bytes = std::size_t{256} << 20;
  // Log-in: per client address and per (address, e-mail); sign-up: per address.
  RateLimit login_per_address{30, 60};
  RateLimit login_per_account{5, 300};
  RateLimit signup_per_address{10, 600};
};

class Site {
 public:
  // Opens the store, IRR, PeeringDB and registry; errors name the file.
  static Result<std::unique_ptr<Site>> Open(const SiteOptions& options);
  ~Site();

  daemon::HttpReply Handle(const daemon::HttpRequest& request);

  // /health: status (ready, or no_data without a stored period) and counts.
  daemon::HttpReply Health();

 private:
  explicit Site(const SiteOptions& options);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Escapes text for HTML element content and quoted attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace manrs::web

#endif  // MANRS_WEB_SITE_H_
