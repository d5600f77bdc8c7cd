// RouteLog (observer_shard.h): each route's last path and first and last
// sighting, through growth, against a map kept beside it.
#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <tuple>
#include <utility>

#include "gtest/gtest.h"
#include "observe/observer_shard.h"

namespace manrs::observe_internal {
namespace {

TEST(RouteLogTest, KeepsLastPathAndFirstAndLastTime) {
  RouteLog log;
  EXPECT_FALSE(log.Find(0, 0));
  log.Note(7, 3, 11, 100);
  log.Note(7, 3, 12, 90);  // earlier: first moves back; the path is the newest noted
  log.Note(7, 3, 13, 150);
  log.Note(7, 4, 14, 120);  // another peer of the same entry
  auto seen = log.Find(7, 3);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->path, 13u);
  EXPECT_EQ(seen->first, 90u);
  EXPECT_EQ(seen->last, 150u);
  ASSERT_TRUE(log.Find(7, 4));
  EXPECT_EQ(log.Find(7, 4)->path, 14u);
  EXPECT_FALSE(log.Find(4, 7));
  EXPECT_FALSE(log.Find(7, 5));
}

TEST(RouteLogTest, TimesOutsideThirtyTwoBitsAreClamped) {
  RouteLog log;
  log.Note(1, 1, 0, -5);
  log.Note(1, 1, 0, std::int64_t{1} << 40);
  auto seen = log.Find(1, 1);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->first, 0u);
  EXPECT_EQ(seen->last, UINT32_MAX);
}

TEST(RouteLogTest, ManyRoutesThroughGrowthMatchAMap) {
  RouteLog log;
  std::map<std::pair<std::uint32_t, std::uint32_t>,
           std::tuple<std::uint32_t, std::int64_t, std::int64_t>>
      want;
  std::mt19937 rng(7);
  for (int i = 0; i < 300000; ++i) {
    const auto entry = static_cast<std::uint32_t>(rng() % 20000);
    const auto peer = static_cast<std::uint32_t>(rng() % 60);
    const auto path = static_cast<std::uint32_t>(rng());
    const std::int64_t time = 1400000000 + static_cast<std::int64_t>(rng() % 100000);
    log.Note(entry, peer, path, time);
    auto [it, added] = want.try_emplace({entry, peer}, path, time, time);
    if (!added) {
      std::get<0>(it->second) = path;
      std::get<1>(it->second) = std::min(std::get<1>(it->second), time);
      std::get<2>(it->second) = std::max(std::get<2>(it->second), time);
    }
  }
  for (const auto& [key, value] : want) {
    auto seen = log.Find(key.first, key.second);
    ASSERT_TRUE(seen) << key.first << " " << key.second;
    EXPECT_EQ(seen->path, std::get<0>(value));
    EXPECT_EQ(seen->first, static_cast<std::uint32_t>(std::get<1>(value)));
    EXPECT_EQ(seen->last, static_cast<std::uint32_t>(std::get<2>(value)));
  }
  EXPECT_FALSE(log.Find(20000, 0));
}

}  // namespace
}  // namespace manrs::observe_internal
