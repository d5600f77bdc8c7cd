#include "manrs/rtr/reload_guard.h"

#include <gtest/gtest.h>

namespace manrs::rtr {
namespace {

RpkiPayloads WithVrps(std::size_t n, std::int64_t build_time) {
  RpkiPayloads p;
  p.vrps.resize(n);
  p.build_time = build_time;
  return p;
}

PayloadCounts Vrps(std::size_t n) { return PayloadCounts{n, 0, 0}; }

TEST(ReloadGuardTest, DropShareAndAge) {
  ReloadPolicy policy;  // 10 %, one day
  const std::int64_t now = 1'800'000'000;
  EXPECT_EQ(CheckReload(WithVrps(90, now), Vrps(100), policy, now).result, ReloadResult::kAccepted);
  EXPECT_EQ(CheckReload(WithVrps(89, now), Vrps(100), policy, now).result,
            ReloadResult::kTooManyDropped);
  EXPECT_EQ(CheckReload(WithVrps(1, now), Vrps(0), policy, now).result, ReloadResult::kAccepted);
  EXPECT_EQ(CheckReload(WithVrps(100, now - 90000), Vrps(100), policy, now).result,
            ReloadResult::kStale);
  EXPECT_EQ(CheckReload(WithVrps(100, 0), Vrps(100), policy, now).result, ReloadResult::kAccepted);
  policy.max_age_seconds = 0;  // off: the July 2025 snapshot on a 2026 clock
  EXPECT_EQ(CheckReload(WithVrps(100, 1752996000), Vrps(100), policy, now).result,
            ReloadResult::kAccepted);
  policy.max_drop_fraction = 1.0;
  EXPECT_EQ(CheckReload(WithVrps(0, now), Vrps(100), policy, now).result, ReloadResult::kAccepted);
}

TEST(ReloadGuardTest, AspasAndRouterKeysAreGuardedLikeVrps) {
  // The cut file that once reached routers: 97 % of the VRPs, every ASPA and
  // both router keys gone.
  ReloadPolicy policy;
  const std::int64_t now = 1'800'000'000;
  const PayloadCounts current{723521, 100, 2};
  RpkiPayloads next = WithVrps(702630, now);
  auto verdict = CheckReload(next, current, policy, now);
  EXPECT_EQ(verdict.result, ReloadResult::kTooManyDropped);
  EXPECT_EQ(verdict.reason,
            "0 ASPAs instead of 100: drops 100.0 %, more than the 10.0 % allowed (--max-drop)");
  next.aspas.resize(95);
  verdict = CheckReload(next, current, policy, now);
  EXPECT_EQ(verdict.result, ReloadResult::kTooManyDropped);
  EXPECT_NE(verdict.reason.find("0 router keys instead of 2"), std::string::npos) << verdict.reason;
  next.router_keys.resize(2);
  EXPECT_EQ(CheckReload(next, current, policy, now).result, ReloadResult::kAccepted);
  // More of a kind, or a kind the cache did not have, always passes.
  next.aspas.resize(500);
  EXPECT_EQ(CheckReload(next, PayloadCounts{723521, 0, 0}, policy, now).result,
            ReloadResult::kAccepted);
  policy.max_drop_fraction = 1.0;
  EXPECT_EQ(CheckReload(WithVrps(702630, now), current, policy, now).result,
            ReloadResult::kAccepted);
}

}  // namespace
}  // namespace manrs::rtr
