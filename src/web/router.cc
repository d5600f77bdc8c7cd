#include "manrs/web/router.h"

#include <array>
#include <cstdint>

namespace manrs::web {
namespace {

// Splits path into at most kMax segments; false when there are more, or an
// empty segment in the middle ("//").
constexpr int kMax = 6;
struct Segments {
  std::array<std::string_view, kMax> s{};
  int n = 0;
};

bool Split(std::string_view path, Segments* out) {
  if (path.empty() || path[0] != '/') return false;
  path.remove_prefix(1);
  if (path.empty()) return true;  // "/"
  while (true) {
    const std::size_t slash = path.find('/');
    const std::string_view seg = path.substr(0, slash);
    if (seg.empty()) return false;
    if (out->n == kMax) return false;
    out->s[static_cast<std::size_t>(out->n++)] = seg;
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
    if (path.empty()) return true;  // a trailing slash is allowed
  }
}

bool ParsePathAsn(std::string_view text, Asn* asn) {
  if (text.size() > 2 && (text[0] == 'A' || text[0] == 'a') && (text[1] == 'S' || text[1] == 's')) {
    text.remove_prefix(2);
  }
  if (text.empty() || text.size() > 10) return false;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > 0xffffffffULL) return false;
  *asn = static_cast<Asn>(v);
  return true;
}

// The route for a path whatever the method, and the method it wants.
struct Target {
  RouteId get = RouteId::kNotFound, post = RouteId::kNotFound, put = RouteId::kNotFound,
          del = RouteId::kNotFound;
  Asn asn = 0;
  bool any() const {
    return get != RouteId::kNotFound || post != RouteId::kNotFound || put != RouteId::kNotFound ||
           del != RouteId::kNotFound;
  }
};

Target Find(const Segments& p) {
  Target t;
  auto is = [&](int i, std::string_view v) {
    return p.n > i && p.s[static_cast<std::size_t>(i)] == v;
  };
  auto asn_at = [&](int i) {
    return p.n > i && ParsePathAsn(p.s[static_cast<std::size_t>(i)], &t.asn);
  };
  if (p.n == 0) {
    t.get = RouteId::kOverviewPage;
  } else if (is(0, "api") && is(1, "v1") && p.n >= 3) {
    if (p.n == 3 && is(2, "overview")) t.get = RouteId::kApiOverview;
    if (p.n == 3 && is(2, "search")) t.get = RouteId::kApiSearch;
    if (p.n == 3 && is(2, "openapi.json")) t.get = RouteId::kApiOpenApi;
    if (p.n == 4 && is(2, "as") && asn_at(3)) t.get = RouteId::kApiAs;
    if (p.n == 5 && is(2, "as") && asn_at(3) && is(4, "history")) t.get = RouteId::kApiAsHistory;
    if (p.n == 3 && is(2, "participants")) t.get = RouteId::kApiParticipants;
    if (p.n == 4 && is(2, "participants") && asn_at(3)) {
      t.get = RouteId::kApiParticipant;
      t.put = RouteId::kApiDeclare;
    }
    if (p.n == 3 && is(2, "accounts")) t.post = RouteId::kApiCreateAccount;
    if (p.n == 4 && is(2, "accounts") && is(3, "password")) t.put = RouteId::kApiPassword;
    if (p.n == 3 && is(2, "session")) {
      t.get = RouteId::kApiSession;
      t.post = RouteId::kApiLogin;
      t.del = RouteId::kApiLogout;
    }
    if (p.n == 3 && is(2, "claims")) {
      t.get = RouteId::kApiClaims;
      t.post = RouteId::kApiClaim;
    }
    if (p.n == 5 && is(2, "claims") && asn_at(3) && is(4, "verify")) t.post = RouteId::kApiVerify;
  } else if (is(0, "assets") && p.n >= 2) {
    t.get = RouteId::kAsset;
  } else if (p.n == 1) {
    if (is(0, "search")) t.get = RouteId::kSearchPage;
    if (is(0, "participants")) t.get = RouteId::kParticipantsPage;
    if (is(0, "participants.csv")) t.get = RouteId::kParticipantsCsv;
    if (is(0, "signup")) {
      t.get = RouteId::kSignupPage;
      t.post = RouteId::kSignupForm;
    }
    if (is(0, "login")) {
      t.get = RouteId::kLoginPage;
      t.post = RouteId::kLoginForm;
    }
    if (is(0, "logout")) t.post = RouteId::kLogoutForm;
    if (is(0, "account")) t.get = RouteId::kAccountPage;
  } else if (p.n == 2 && is(0, "as") && asn_at(1)) {
    t.get = RouteId::kAsPage;
  } else if (is(0, "account")) {
    if (p.n == 2 && is(1, "claims")) t.post = RouteId::kClaimForm;
    if (p.n == 2 && is(1, "password")) t.post = RouteId::kPasswordForm;
    if (p.n == 4 && is(1, "claims") && asn_at(2) && is(3, "verify")) t.post = RouteId::kVerifyForm;
    if (p.n == 3 && is(1, "participants") && asn_at(2)) t.post = RouteId::kDeclareForm;
  }
  return t;
}

}  // namespace

Route MatchRoute(std::string_view method, std::string_view path) {
  Segments segments;
  if (!Split(path, &segments)) return {};
  const Target t = Find(segments);
  if (!t.any()) return {};
  RouteId id = RouteId::kMethodNotAllowed;
  if (method == "GET" || method == "HEAD") {
    if (t.get != RouteId::kNotFound) id = t.get;
  } else if (method == "POST") {
    if (t.post != RouteId::kNotFound) id = t.post;
  } else if (method == "PUT") {
    if (t.put != RouteId::kNotFound) id = t.put;
  } else if (method == "DELETE") {
    if (t.del != RouteId::kNotFound) id = t.del;
  }
  return Route{id, t.asn};
}

bool ChangesState(RouteId id) {
  switch (id) {
    case RouteId::kLogoutForm:
    case RouteId::kClaimForm:
    case RouteId::kVerifyForm:
    case RouteId::kDeclareForm:
    case RouteId::kPasswordForm:
    case RouteId::kApiDeclare:
    case RouteId::kApiLogout:
    case RouteId::kApiPassword:
    case RouteId::kApiClaim:
    case RouteId::kApiVerify:
      return true;
    default:
      return false;
  }
}

}  // namespace manrs::web
