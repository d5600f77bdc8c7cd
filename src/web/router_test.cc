// Routes, methods, ASN path segments, and paths that must not match.
#include "manrs/web/router.h"

#include <gtest/gtest.h>

namespace manrs::web {
namespace {

TEST(RouterTest, PagesAndApi) {
  EXPECT_EQ(MatchRoute("GET", "/").id, RouteId::kOverviewPage);
  EXPECT_EQ(MatchRoute("HEAD", "/").id, RouteId::kOverviewPage);
  EXPECT_EQ(MatchRoute("GET", "/search").id, RouteId::kSearchPage);
  Route as = MatchRoute("GET", "/as/3333");
  EXPECT_EQ(as.id, RouteId::kAsPage);
  EXPECT_EQ(as.asn, 3333u);
  EXPECT_EQ(MatchRoute("GET", "/as/AS4294967295").asn, 4294967295u);
  EXPECT_EQ(MatchRoute("GET", "/api/v1/as/15169").id, RouteId::kApiAs);
  EXPECT_EQ(MatchRoute("GET", "/api/v1/as/15169/history").id, RouteId::kApiAsHistory);
  EXPECT_EQ(MatchRoute("POST", "/api/v1/accounts").id, RouteId::kApiCreateAccount);
  EXPECT_EQ(MatchRoute("POST", "/api/v1/session").id, RouteId::kApiLogin);
  EXPECT_EQ(MatchRoute("DELETE", "/api/v1/session").id, RouteId::kApiLogout);
  EXPECT_EQ(MatchRoute("POST", "/api/v1/claims").id, RouteId::kApiClaim);
  Route verify = MatchRoute("POST", "/api/v1/claims/64500/verify");
  EXPECT_EQ(verify.id, RouteId::kApiVerify);
  EXPECT_EQ(verify.asn, 64500u);
  EXPECT_EQ(MatchRoute("PUT", "/api/v1/participants/64500").id, RouteId::kApiDeclare);
  EXPECT_EQ(MatchRoute("GET", "/api/v1/participants/64500").id, RouteId::kApiParticipant);
  EXPECT_EQ(MatchRoute("GET", "/api/v1/participants").id, RouteId::kApiParticipants);
  EXPECT_EQ(MatchRoute("GET", "/api/v1/openapi.json").id, RouteId::kApiOpenApi);
  EXPECT_EQ(MatchRoute("GET", "/assets/app.js").id, RouteId::kAsset);
  EXPECT_EQ(MatchRoute("POST", "/account/participants/64500").id, RouteId::kDeclareForm);
  EXPECT_EQ(MatchRoute("GET", "/participants/").id, RouteId::kParticipantsPage);
}

TEST(RouterTest, WrongMethod) {
  EXPECT_EQ(MatchRoute("DELETE", "/").id, RouteId::kMethodNotAllowed);
  EXPECT_EQ(MatchRoute("GET", "/api/v1/claims/1/verify").id, RouteId::kMethodNotAllowed);
  EXPECT_EQ(MatchRoute("PUT", "/api/v1/as/1").id, RouteId::kMethodNotAllowed);
  EXPECT_EQ(MatchRoute("BREW", "/api/v1/as/1").id, RouteId::kMethodNotAllowed);
}

TEST(RouterTest, NotFound) {
  for (const char* path :
       {"", "as/1", "//", "/as", "/as/", "/as/4294967296", "/as/12345678901", "/as/-1", "/as/1x",
        "/as/AS", "/as/1/2", "/api/v1", "/api/v2/as/1", "/api/v1/as/1/history/x", "/a/b/c/d/e/f/g",
        "/x//y", "/as/%31", "/api/v1/claims/x/verify", "/api/v1/participants/1'--"}) {
    EXPECT_EQ(MatchRoute("GET", path).id, RouteId::kNotFound) << path;
    EXPECT_EQ(MatchRoute("POST", path).id, RouteId::kNotFound) << path;
  }
}

TEST(RouterTest, StateChangingRoutesNeedCsrf) {
  EXPECT_TRUE(ChangesState(RouteId::kApiDeclare));
  EXPECT_TRUE(ChangesState(RouteId::kApiClaim));
  EXPECT_TRUE(ChangesState(RouteId::kApiVerify));
  EXPECT_TRUE(ChangesState(RouteId::kApiLogout));
  EXPECT_TRUE(ChangesState(RouteId::kDeclareForm));
  EXPECT_FALSE(ChangesState(RouteId::kApiLogin));
  EXPECT_FALSE(ChangesState(RouteId::kApiCreateAccount));
  EXPECT_FALSE(ChangesState(RouteId::kApiAs));
}

}  // namespace
}  // namespace manrs::web
