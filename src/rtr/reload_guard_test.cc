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

TEST(ReloadGuardTest, DropShareAndAge) {
  ReloadPolicy policy;  // 10 %, one day
  const std::int64_t now = 1'800'000'000;
  EXPECT_EQ(CheckReload(WithVrps(90, now), 100, policy, now).result, ReloadResult::kAccepted);
  EXPECT_EQ(CheckReload(WithVrps(89, now), 100, policy, now).result, ReloadResult::kTooManyDropped);
  EXPECT_EQ(CheckReload(WithVrps(1, now), 0, policy, now).result, ReloadResult::kAccepted);
  EXPECT_EQ(CheckReload(WithVrps(100, now - 90000), 100, policy, now).result, ReloadResult::kStale);
  EXPECT_EQ(CheckReload(WithVrps(100, 0), 100, policy, now).result, ReloadResult::kAccepted);
  policy.max_age_seconds = 0;  // off: the July 2025 snapshot on a 2026 clock
  EXPECT_EQ(CheckReload(WithVrps(100, 1752996000), 100, policy, now).result,
            ReloadResult::kAccepted);
  policy.max_drop_fraction = 1.0;
  EXPECT_EQ(CheckReload(WithVrps(0, now), 100, policy, now).result, ReloadResult::kAccepted);
}

}  // namespace
}  // namespace manrs::rtr
