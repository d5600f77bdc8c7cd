// The versioned cache: serials move only on change, history is bounded,
// diffs reach back as far as the history does.
#include "manrs/rtr/cache.h"

#include <gtest/gtest.h>

namespace manrs::rtr {
namespace {

PayloadSet Set(std::initializer_list<std::uint32_t> nets) {
  PayloadSet s;
  for (std::uint32_t n : nets) {
    s.vrps.push_back(Vrp{Prefix::Normalized(IpAddress::V4(n << 8), 24), 24, 64496});
  }
  return s;
}

TEST(PayloadCacheTest, SerialsHistoryAndReset) {
  PayloadCache cache(77, 2, SerialNumber(0xffffffff));
  EXPECT_FALSE(cache.serial());
  EXPECT_TRUE(cache.Update(Set({1, 2})));
  EXPECT_EQ(cache.serial()->value(), 0xffffffffu);
  EXPECT_FALSE(cache.Update(Set({1, 2})));  // no change, no new serial
  EXPECT_TRUE(cache.Update(Set({1, 3})));
  EXPECT_EQ(cache.serial()->value(), 0u);  // wrapped
  EXPECT_TRUE(cache.Update(Set({3})));
  EXPECT_TRUE(cache.Update(Set({3, 4})));
  EXPECT_EQ(cache.serial()->value(), 2u);
  EXPECT_EQ(cache.history_size(), 2u);
  EXPECT_FALSE(cache.DiffSince(SerialNumber(0xffffffff), 1));  // fell out: reset
  auto diff = cache.DiffSince(SerialNumber(0), 1);
  ASSERT_TRUE(diff);
  // From {1,3}: withdraw 1, announce 4 = two 20-byte prefix PDUs.
  EXPECT_EQ(diff->size(), 40u);
  EXPECT_EQ((*diff)[8], 0);  // first a withdrawal
  EXPECT_EQ(cache.DiffSince(SerialNumber(2), 1)->size(), 0u);
  EXPECT_EQ(cache.FullSet(1)->size(), 40u);
  EXPECT_EQ(cache.FullSet(1), cache.FullSet(1));  // memoised, shared
}

TEST(PayloadCacheTest, VersionsCarryTheirPayloadKinds) {
  PayloadCache cache(1, 4);
  PayloadSet s = Set({1});
  s.aspas.push_back(Aspa{64496, {64497}});
  WireRouterKey key;
  key.asn = 65000;
  key.spki = "abcd";
  s.router_keys.push_back(key);
  ASSERT_TRUE(cache.Update(s));
  EXPECT_EQ(cache.FullSet(0)->size(), 20u);
  EXPECT_EQ(cache.FullSet(1)->size(), 20u + 36u);
  EXPECT_EQ(cache.FullSet(2)->size(), 20u + 36u + 16u);
}

}  // namespace
}  // namespace manrs::rtr
