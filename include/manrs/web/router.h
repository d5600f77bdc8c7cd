// The web observatory's routes (`manrs serve`, doc/web.md): which page or
// API call a method and path name, and the ASN in the path. Pure and
// allocation-light, so it is fuzzed (fuzz/web_router_fuzz.cc).
#ifndef MANRS_WEB_ROUTER_H_
#define MANRS_WEB_ROUTER_H_

#include <string_view>

#include "manrs/net/asn.h"

namespace manrs::web {

enum class RouteId : std::uint8_t {
  kNotFound,          // no such path
  kMethodNotAllowed,  // the path exists, not for this method
  // Pages (server-side HTML; forms work without JavaScript).
  kOverviewPage,      // GET /
  kSearchPage,        // GET /search?q=
  kAsPage,            // GET /as/{asn}
  kParticipantsPage,  // GET /participants
  kParticipantsCsv,   // GET /participants.csv
  kSignupPage,        // GET /signup, POST /signup (form)
  kSignupForm,
  kLoginPage,  // GET /login, POST /login (form)
  kLoginForm,
  kLogoutForm,    // POST /logout
  kAccountPage,   // GET /account
  kClaimForm,     // POST /account/claims
  kVerifyForm,    // POST /account/claims/{asn}/verify
  kDeclareForm,   // POST /account/participants/{asn}
  kPasswordForm,  // POST /account/password
  kAsset,         // GET /assets/... (the built front end)
  // JSON API.
  kApiOverview,       // GET /api/v1/overview
  kApiSearch,         // GET /api/v1/search?q=
  kApiAs,             // GET /api/v1/as/{asn}
  kApiAsHistory,      // GET /api/v1/as/{asn}/history
  kApiParticipants,   // GET /api/v1/participants
  kApiParticipant,    // GET /api/v1/participants/{asn}
  kApiDeclare,        // PUT /api/v1/participants/{asn}
  kApiCreateAccount,  // POST /api/v1/accounts
  kApiLogin,          // POST /api/v1/session
  kApiLogout,         // DELETE /api/v1/session
  kApiSession,        // GET /api/v1/session
  kApiPassword,       // PUT /api/v1/accounts/password
  kApiClaim,          // POST /api/v1/claims
  kApiClaims,         // GET /api/v1/claims
  kApiVerify,         // POST /api/v1/claims/{asn}/verify
  kApiOpenApi,        // GET /api/v1/openapi.json
};

struct Route {
  RouteId id = RouteId::kNotFound;
  Asn asn = 0;  // for routes with {asn}
};

// Matches method (HEAD counts as GET) and path (without the query). An
// {asn} is digits, optionally after "AS"/"as", that fit 32 bits; anything
// else there is kNotFound.
Route MatchRoute(std::string_view method, std::string_view path);

// Whether the route changes state (needs a session's CSRF token, except for
// log-in and sign-up, which have no session yet).
bool ChangesState(RouteId id);

}  // namespace manrs::web

#endif  // MANRS_WEB_ROUTER_H_
