// Deltas: computed by merging sorted lists, composed without churn, checked
// against applying them to the sets (the oracle).
#include "manrs/rtr/payload_delta.h"

#include <gtest/gtest.h>

#include <random>

namespace manrs::rtr {
namespace {

Vrp V(std::uint32_t net, Asn asn) {
  return Vrp{Prefix::Normalized(IpAddress::V4(net << 8), 24), 24, asn};
}

PayloadSet RandomSet(std::mt19937& rng) {
  PayloadSet s;
  for (std::uint32_t i = 0; i < 40; ++i) {
    if (rng() % 2) s.vrps.push_back(V(i, 64496 + rng() % 2));
  }
  std::sort(s.vrps.begin(), s.vrps.end());
  s.vrps.erase(std::unique(s.vrps.begin(), s.vrps.end()), s.vrps.end());
  for (Asn c = 1; c < 10; ++c) {
    if (rng() % 2) s.aspas.push_back(Aspa{c, {100 + static_cast<Asn>(rng() % 3)}});
  }
  for (std::uint8_t k = 0; k < 5; ++k) {
    if (rng() % 2) {
      WireRouterKey key;
      key.ski.fill(k);
      key.asn = 65000;
      key.spki = "k";
      s.router_keys.push_back(key);
    }
  }
  return s;
}

TEST(PayloadDeltaTest, ComputeThenApplyGivesTheTarget) {
  std::mt19937 rng(1);
  for (int round = 0; round < 200; ++round) {
    PayloadSet a = RandomSet(rng), b = RandomSet(rng);
    PayloadDelta d = ComputeDelta(a, b);
    EXPECT_EQ(ApplyDelta(a, d), b);
    EXPECT_TRUE(ComputeDelta(a, a).empty());
  }
}

TEST(PayloadDeltaTest, ComposedDeltasEqualTheDirectDelta) {
  std::mt19937 rng(2);
  for (int round = 0; round < 300; ++round) {
    PayloadSet a = RandomSet(rng), b = RandomSet(rng), c = RandomSet(rng);
    PayloadDelta composed = ComposeDeltas(ComputeDelta(a, b), ComputeDelta(b, c));
    EXPECT_EQ(ApplyDelta(a, composed), c);
    // No churn: for VRPs and keys the composition is exactly the direct
    // delta. (An ASPA changed and changed back is re-announced as it was:
    // an announcement replaces, so that is harmless.)
    PayloadDelta direct = ComputeDelta(a, c);
    EXPECT_EQ(composed.vrps_announced, direct.vrps_announced);
    EXPECT_EQ(composed.vrps_withdrawn, direct.vrps_withdrawn);
    EXPECT_EQ(composed.keys_announced, direct.keys_announced);
    EXPECT_EQ(composed.keys_withdrawn, direct.keys_withdrawn);
  }
}

TEST(PayloadDeltaTest, AspaAddedThenRemovedVanishes) {
  PayloadSet a, b;
  b.aspas.push_back(Aspa{7, {8}});
  PayloadDelta d = ComposeDeltas(ComputeDelta(a, b), ComputeDelta(b, a));
  EXPECT_TRUE(d.empty());
}

}  // namespace
}  // namespace manrs::rtr
