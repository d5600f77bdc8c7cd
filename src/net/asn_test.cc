#include "manrs/net/asn.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace manrs {
namespace {

Asn MustParse(std::string_view text) {
  auto asn = ParseAsn(text);
  EXPECT_TRUE(asn.has_value()) << text;
  return asn.has_value() ? *asn : 0;
}

TEST(AsnTest, ParsesAsplain) {
  EXPECT_EQ(MustParse("0"), 0u);
  EXPECT_EQ(MustParse("64496"), 64496u);
  EXPECT_EQ(MustParse("65535"), 65535u);
  EXPECT_EQ(MustParse("65536"), 65536u);
  EXPECT_EQ(MustParse("4200000000"), 4200000000u);
  EXPECT_EQ(MustParse("4294967295"), 4294967295u);
}

TEST(AsnTest, ParsesAsPrefixInAnyCase) {
  EXPECT_EQ(MustParse("AS64496"), 64496u);
  EXPECT_EQ(MustParse("as64496"), 64496u);
  EXPECT_EQ(MustParse("As64496"), 64496u);
  EXPECT_EQ(MustParse("aS0"), 0u);
  EXPECT_EQ(MustParse("AS4294967295"), 4294967295u);
}

TEST(AsnTest, ParsesAsdot) {
  // RFC 5396: asdot "high.low" is high * 65536 + low.
  EXPECT_EQ(MustParse("1.10"), 65546u);
  EXPECT_EQ(MustParse("AS1.10"), 65546u);
  EXPECT_EQ(MustParse("1.0"), 65536u);
  EXPECT_EQ(MustParse("65535.65535"), 4294967295u);
  EXPECT_EQ(MustParse("0.64496"), 64496u);  // asdot+ form of a 2-octet AS
}

TEST(AsnTest, RejectsOutOfRange) {
  for (const char* text : {"4294967296", "AS4294967296", "99999999999", "18446744073709551616",
                           "65536.0", "0.65536", "65536.65536", "1.100000"}) {
    auto asn = ParseAsn(text);
    ASSERT_FALSE(asn.has_value()) << text;
    EXPECT_EQ(asn.error().code, ErrorCode::kParse);
  }
}

TEST(AsnTest, RejectsBadText) {
  for (const char* text :
       {"",   "AS",   "as",    "A",    "ASAS1", "-1",   "+1",  " 1",   "1 ", "1.",
        ".1", "1..2", "1.2.3", "0x10", "AS 1",  "AS-1", "1e3", "AS1.", "S1", "ASN1"}) {
    EXPECT_FALSE(ParseAsn(text).has_value()) << "'" << text << "'";
  }
}

TEST(AsnTest, FormatsAsplain) {
  EXPECT_EQ(FormatAsplain(0), "0");
  EXPECT_EQ(FormatAsplain(64496), "64496");
  EXPECT_EQ(FormatAsplain(65546), "65546");
  EXPECT_EQ(FormatAsplain(4294967295u), "4294967295");
}

TEST(AsnTest, FormatsAsdot) {
  EXPECT_EQ(FormatAsdot(0), "0");
  EXPECT_EQ(FormatAsdot(65535), "65535");  // below 65536 asdot is asplain
  EXPECT_EQ(FormatAsdot(65536), "1.0");
  EXPECT_EQ(FormatAsdot(65546), "1.10");
  EXPECT_EQ(FormatAsdot(4294967295u), "65535.65535");
}

TEST(AsnTest, AsTransIsTheRfc6793Placeholder) { EXPECT_EQ(kAsTrans, 23456u); }

TEST(AsnTest, FormatsRoundTrip) {
  std::mt19937 rng(6793);
  for (int i = 0; i < 10000; ++i) {
    Asn asn = i < 3 ? Asn{0xffffu} + static_cast<Asn>(i) : static_cast<Asn>(rng());
    ASSERT_EQ(MustParse(FormatAsplain(asn)), asn);
    ASSERT_EQ(MustParse(FormatAsdot(asn)), asn);
    ASSERT_EQ(MustParse("AS" + FormatAsdot(asn)), asn);
  }
}

}  // namespace
}  // namespace manrs
