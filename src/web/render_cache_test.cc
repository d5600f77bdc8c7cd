// RenderCache: values by (period, ASN) under a generation, least recently
// used out first past the budget, nothing of an older generation returned.
#include "web/render_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace manrs::web {
namespace {

struct Text {
  std::string text;
  std::size_t bytes() const { return text.size(); }
};

std::shared_ptr<const Text> Make(std::size_t size, char c = 'x') {
  return std::make_shared<const Text>(Text{std::string(size, c)});
}

const Period kPeriod{1401487200, 1401494400};

TEST(RenderCacheTest, GenerationsAndPeriodsAreApart) {
  RenderCache<Text> cache(16 * 1000);
  const RenderKey key = MakeRenderKey(kPeriod, 3333);
  EXPECT_EQ(cache.Get(1, key), nullptr);
  cache.Put(1, key, Make(10, 'a'));
  ASSERT_NE(cache.Get(1, key), nullptr);
  EXPECT_EQ(cache.Get(1, key)->text, std::string(10, 'a'));
  EXPECT_EQ(cache.Get(1, MakeRenderKey(Period{kPeriod.start, kPeriod.end + 1}, 3333)), nullptr);
  // A newer generation: the old value is not returned, and a Put drops it.
  EXPECT_EQ(cache.Get(2, key), nullptr);
  cache.Put(2, key, Make(10, 'b'));
  EXPECT_EQ(cache.Get(2, key)->text, std::string(10, 'b'));
  EXPECT_EQ(cache.Get(1, key), nullptr);
  // A value rendered from older data arriving late is not kept.
  cache.Put(1, key, Make(10, 'c'));
  EXPECT_EQ(cache.Get(2, key)->text, std::string(10, 'b'));
}

TEST(RenderCacheTest, LeastRecentlyUsedLeavesPastTheBudget) {
  // 16 shards of 100 bytes; ASNs 16 apart share a shard.
  RenderCache<Text> cache(16 * 100);
  auto key = [](Asn n) { return MakeRenderKey(kPeriod, 16 * n); };
  cache.Put(1, key(1), Make(40));
  cache.Put(1, key(2), Make(40));
  ASSERT_NE(cache.Get(1, key(1)), nullptr);  // 1 is now the most recent
  cache.Put(1, key(3), Make(40));            // over 100: 2 leaves
  EXPECT_NE(cache.Get(1, key(1)), nullptr);
  EXPECT_EQ(cache.Get(1, key(2)), nullptr);
  EXPECT_NE(cache.Get(1, key(3)), nullptr);
  // Replacing a value counts its new size only.
  cache.Put(1, key(3), Make(50));
  EXPECT_NE(cache.Get(1, key(1)), nullptr);
  EXPECT_EQ(cache.Get(1, key(3))->text.size(), 50u);
  // A value larger than a shard's budget is not kept, and evicts nothing.
  cache.Put(1, key(4), Make(101));
  EXPECT_EQ(cache.Get(1, key(4)), nullptr);
  EXPECT_NE(cache.Get(1, key(1)), nullptr);
}

TEST(RenderCacheTest, ManyThreads) {
  RenderCache<Text> cache(16 * 2000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2000; ++i) {
        const RenderKey key = MakeRenderKey(kPeriod, static_cast<Asn>(i % 97));
        const std::uint64_t generation = 1 + static_cast<std::uint64_t>(i / 500);
        if (auto v = cache.Get(generation, key)) {
          EXPECT_EQ(v->text.size(), key.asn % 50 + 1);
        } else {
          cache.Put(generation, key, Make(key.asn % 50 + 1, static_cast<char>('a' + t)));
        }
      }
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace
}  // namespace manrs::web
