// Element is filled by every route decoder (MRT today; BMP and live sessions
// next), so its helpers must not depend on where the route came from.
#include "manrs/bgp/element.h"

#include <gtest/gtest.h>

#include <string>

namespace manrs {
namespace {

TEST(ElementTest, TypeNamesAreTheOutputNames) {
  EXPECT_EQ(std::string(ElementTypeName(ElementType::kRibEntry)), "rib");
  EXPECT_EQ(std::string(ElementTypeName(ElementType::kAnnounce)), "announce");
  EXPECT_EQ(std::string(ElementTypeName(ElementType::kWithdraw)), "withdraw");
  EXPECT_EQ(std::string(ElementTypeName(ElementType::kStateChange)), "state");
  EXPECT_EQ(std::string(ElementTypeName(ElementType::kMessage)), "message");
}

TEST(ElementTest, NextHopPrefersMpReachOverTheNextHopAttribute) {
  // RFC 4760 3: a prefix carried in MP_REACH_NLRI takes that attribute's next
  // hop; NEXT_HOP applies to the prefixes of the UPDATE's own NLRI field.
  PathAttributes attributes;
  attributes.next_hop = *IpAddress::Parse("192.0.2.1");
  MpReach mp_reach;
  mp_reach.next_hop = *IpAddress::Parse("2001:db8::1");

  Element element;
  EXPECT_EQ(element.next_hop(), IpAddress());  // a withdrawal has none
  element.attributes = &attributes;
  EXPECT_EQ(element.next_hop(), attributes.next_hop);
  element.mp_reach = &mp_reach;
  EXPECT_EQ(element.next_hop(), mp_reach.next_hop);
}

}  // namespace
}  // namespace manrs
