// The versioned cache: serials move only on change, history is bounded,
// diffs reach back as far as the history does.
#include "manrs/rtr/cache.h"

#include <gtest/gtest.h>

#include <vector>

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

// Decodes a body of payload PDUs.
std::vector<Pdu> Decode(const std::string& body) {
  std::vector<Pdu> out;
  Bytes rest = AsBytes(body.data(), body.size());
  while (!rest.empty()) {
    auto length = FramePdu(rest, 1 << 20);
    if (!length) break;
    auto pdu = DecodePdu(rest.first(*length));
    if (!pdu) break;
    out.push_back(*pdu);
    rest = rest.subspan(*length);
  }
  return out;
}

TEST(PayloadCacheTest, AspaChangesTravelInVersion2DeltasOnly) {
  PayloadCache cache(1, 8);
  PayloadSet s = Set({1});
  s.aspas = {Aspa{64496, {64497}}, Aspa{64500, {64501}}};
  ASSERT_TRUE(cache.Update(s));
  s.aspas = {Aspa{64496, {64497, 64498}}, Aspa{64502, {64503}}};  // changed, gone, new
  ASSERT_TRUE(cache.Update(s));
  auto v2 = Decode(*cache.DiffSince(SerialNumber(0), 2));
  ASSERT_EQ(v2.size(), 3u);
  EXPECT_EQ(v2[0].aspa.customer_asn, 64496u);  // replaced by one announcement
  EXPECT_TRUE(v2[0].announce);
  EXPECT_EQ(v2[0].aspa.providers, (std::vector<Asn>{64497, 64498}));
  EXPECT_EQ(v2[1].aspa.customer_asn, 64500u);
  EXPECT_FALSE(v2[1].announce);
  EXPECT_TRUE(v2[1].aspa.providers.empty());
  EXPECT_EQ(v2[2].aspa.customer_asn, 64502u);
  EXPECT_TRUE(v2[2].announce);
  EXPECT_TRUE(cache.DiffSince(SerialNumber(0), 1)->empty());  // v1 has no ASPAs
  // Added, then removed again: nothing to tell a router at serial 1.
  s.aspas.push_back(Aspa{64510, {64511}});
  ASSERT_TRUE(cache.Update(s));
  s.aspas.pop_back();
  ASSERT_TRUE(cache.Update(s));
  EXPECT_TRUE(cache.DiffSince(SerialNumber(1), 2)->empty());
}

}  // namespace
}  // namespace manrs::rtr
