// VrpSnapshot: readers see whole tables only, keep theirs across publishes,
// and go on reading while a writer builds and publishes new tables.
#include "manrs/rpki/vrp_snapshot.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "manrs/rpki/route_origin_validation.h"

namespace manrs {
namespace {

// Table n: VRPs 10.0.0.0/24 .. for ASes 1..n, so its size names it.
std::shared_ptr<const VrpTable> MakeTable(Asn n) {
  std::vector<Vrp> vrps;
  for (Asn asn = 1; asn <= n; ++asn) {
    vrps.push_back(Vrp{Prefix::Normalized(IpAddress::V4(0x0a000000 + (asn << 8)), 24), 24, asn});
  }
  return std::make_shared<const VrpTable>(*VrpTable::Build(std::move(vrps)));
}

TEST(VrpSnapshotTest, StartsEmptyAndReadersKeepTheirTable) {
  VrpSnapshot snapshot;
  EXPECT_TRUE(snapshot.Get()->empty());
  EXPECT_EQ(snapshot.version(), 0u);
  std::shared_ptr<const VrpTable> held = snapshot.Get();
  std::shared_ptr<const VrpTable> previous = snapshot.Publish(MakeTable(3));
  EXPECT_EQ(previous, held);
  EXPECT_EQ(snapshot.version(), 1u);
  EXPECT_TRUE(held->empty());
  EXPECT_EQ(snapshot.Get()->size(), 3u);
  EXPECT_EQ(snapshot.Publish(nullptr), nullptr);  // ignored
  EXPECT_EQ(snapshot.Get()->size(), 3u);
}

TEST(VrpSnapshotTest, ConcurrentReadersSeeOnlyCompleteTables) {
  VrpSnapshot snapshot(MakeTable(1));
  std::atomic<bool> done{false};
  std::atomic<long> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (!done.load()) {
        std::shared_ptr<const VrpTable> t = snapshot.Get();
        const auto n = static_cast<Asn>(t->size());
        // Table n holds exactly the VRPs of ASes 1..n: the last one is there
        // and validates, the next one is not.
        const Prefix last = Prefix::Normalized(IpAddress::V4(0x0a000000 + (n << 8)), 24);
        const Prefix next = Prefix::Normalized(IpAddress::V4(0x0a000000 + ((n + 1) << 8)), 24);
        ASSERT_EQ(ValidateOrigin(*t, last, n), RovState::kValid);
        ASSERT_EQ(ValidateOrigin(*t, next, n + 1), RovState::kNotFound);
        reads.fetch_add(1);
      }
    });
  }
  for (Asn n = 2; n <= 200; ++n) snapshot.Publish(MakeTable(n));
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(snapshot.Get()->size(), 200u);
  EXPECT_EQ(snapshot.version(), 199u);
  EXPECT_GT(reads.load(), 0);
}

}  // namespace
}  // namespace manrs
