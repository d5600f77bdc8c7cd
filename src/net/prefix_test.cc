#include "manrs/net/prefix.h"

#include <gtest/gtest.h>

#include <string>

namespace manrs {
namespace {

IpAddress Addr(std::string_view text) {
  auto address = IpAddress::Parse(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.has_value() ? *address : IpAddress();
}

Prefix MustParse(std::string_view text) {
  auto prefix = Prefix::Parse(text);
  EXPECT_TRUE(prefix.has_value()) << text;
  return prefix.has_value() ? *prefix : Prefix();
}

TEST(PrefixTest, ParsesAndFormats) {
  for (const char* text :
       {"192.0.2.0/24", "0.0.0.0/0", "1.2.3.4/32", "10.0.0.0/8", "128.0.0.0/1", "2001:db8::/32",
        "::/0", "::1/128", "::ffff:1.2.3.0/120", "8000::/1", "2001:db8:1:2:3:4:5:6/128"}) {
    Prefix p = MustParse(text);
    EXPECT_EQ(p.ToString(), text);
    char buf[50];
    EXPECT_EQ(std::string(buf, p.FormatTo(buf)), text);
  }
  Prefix p = MustParse("192.0.2.0/24");
  EXPECT_EQ(p.address(), Addr("192.0.2.0"));
  EXPECT_EQ(p.length(), 24);
  EXPECT_TRUE(p.is_v4());
  EXPECT_EQ(MustParse("2001:db8::/32").afi(), Afi::kIpv6);
}

TEST(PrefixTest, LongestTextFitsTheDocumentedBuffer) {
  Prefix p = MustParse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
  char buf[50];
  std::size_t n = p.FormatTo(buf);
  EXPECT_LE(n, sizeof(buf));
  EXPECT_EQ(std::string(buf, n), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
}

TEST(PrefixTest, StrictParseRejectsHostBits) {
  for (const char* text : {"192.0.2.1/24", "11.0.0.0/7", "1.2.3.5/31", "0.0.0.1/0",
                           "2001:db8::1/32", "2001:db9::/31", "::1/127", "8000::/0"}) {
    auto prefix = Prefix::Parse(text);
    ASSERT_FALSE(prefix.has_value()) << text;
    EXPECT_EQ(prefix.error().code, ErrorCode::kBadValue) << text;
  }
}

TEST(PrefixTest, StrictParseRejectsBadLengths) {
  for (const char* text : {"192.0.2.0/33", "0.0.0.0/-1", "::/129", "::/1000", "192.0.2.0/",
                           "192.0.2.0", "192.0.2.0/24x", "192.0.2.0/ 24", "192.0.2.0/+24",
                           "192.0.2.0/24/24", "192.0.2.0/99999999999", "/24", "192.0.2/24", ""}) {
    EXPECT_FALSE(Prefix::Parse(text).has_value()) << "'" << text << "'";
  }
  EXPECT_FALSE(Prefix::Parse(std::string("10.0.0.0\0x/8", 12)).has_value());
}

TEST(PrefixTest, MakeIsStrict) {
  EXPECT_TRUE(Prefix::Make(Addr("192.0.2.0"), 24).has_value());
  EXPECT_FALSE(Prefix::Make(Addr("192.0.2.0"), 33).has_value());
  EXPECT_FALSE(Prefix::Make(Addr("192.0.2.0"), -1).has_value());
  EXPECT_FALSE(Prefix::Make(Addr("192.0.2.128"), 24).has_value());
  EXPECT_TRUE(Prefix::Make(Addr("2001:db8::"), 128).has_value());
  EXPECT_FALSE(Prefix::Make(Addr("2001:db8::"), 129).has_value());
  EXPECT_TRUE(Prefix::Make(Addr("::"), 0).has_value());
}

TEST(PrefixTest, NormalizedMasksHostBits) {
  EXPECT_EQ(Prefix::Normalized(Addr("192.0.2.77"), 24), MustParse("192.0.2.0/24"));
  EXPECT_EQ(Prefix::Normalized(Addr("255.255.255.255"), 0), MustParse("0.0.0.0/0"));
  EXPECT_EQ(Prefix::Normalized(Addr("255.255.255.255"), 32), MustParse("255.255.255.255/32"));
  EXPECT_EQ(Prefix::Normalized(Addr("10.255.0.0"), 9), MustParse("10.128.0.0/9"));
  EXPECT_EQ(Prefix::Normalized(Addr("2001:db8:ffff::1"), 32), MustParse("2001:db8::/32"));
  EXPECT_EQ(Prefix::Normalized(Addr("2001:db8::ffff"), 120), MustParse("2001:db8::ff00/120"));
  EXPECT_EQ(Prefix::Normalized(Addr("2001:db8::1"), 64), MustParse("2001:db8::/64"));
  EXPECT_EQ(Prefix::Normalized(Addr("2001:db8::1"), 65), MustParse("2001:db8::/65"));
  EXPECT_EQ(Prefix::Normalized(Addr("ffff::"), 0), MustParse("::/0"));
}

TEST(PrefixTest, ContainsPrefixes) {
  Prefix p = MustParse("10.0.0.0/8");
  EXPECT_TRUE(p.Contains(p));
  EXPECT_TRUE(p.Contains(MustParse("10.1.0.0/16")));
  EXPECT_TRUE(p.Contains(MustParse("10.255.255.255/32")));
  EXPECT_FALSE(p.Contains(MustParse("11.0.0.0/16")));
  EXPECT_FALSE(p.Contains(MustParse("0.0.0.0/0")));
  EXPECT_FALSE(p.Contains(MustParse("10.0.0.0/7")));
  EXPECT_TRUE(MustParse("0.0.0.0/0").Contains(MustParse("255.0.0.0/8")));
  // Families never contain each other, not even the default routes.
  EXPECT_FALSE(MustParse("0.0.0.0/0").Contains(MustParse("::/0")));
  EXPECT_FALSE(MustParse("::/0").Contains(MustParse("10.0.0.0/8")));
  EXPECT_TRUE(MustParse("2001:db8::/32").Contains(MustParse("2001:db8:1::/48")));
  EXPECT_FALSE(MustParse("2001:db8::/32").Contains(MustParse("2001:db9::/48")));
}

TEST(PrefixTest, ContainsAddresses) {
  Prefix p = MustParse("192.0.2.0/24");
  EXPECT_TRUE(p.Contains(Addr("192.0.2.0")));
  EXPECT_TRUE(p.Contains(Addr("192.0.2.255")));
  EXPECT_FALSE(p.Contains(Addr("192.0.3.0")));
  EXPECT_FALSE(p.Contains(Addr("::ffff:192.0.2.1")));
  EXPECT_TRUE(MustParse("::/0").Contains(Addr("::ffff:192.0.2.1")));
  EXPECT_FALSE(MustParse("::/0").Contains(Addr("192.0.2.1")));
  EXPECT_TRUE(MustParse("::1/128").Contains(Addr("::1")));
  EXPECT_FALSE(MustParse("::1/128").Contains(Addr("::")));
}

TEST(PrefixTest, OrdersByAddressThenLength) {
  EXPECT_LT(MustParse("10.0.0.0/8"), MustParse("10.0.0.0/16"));
  EXPECT_LT(MustParse("10.0.0.0/16"), MustParse("10.1.0.0/16"));
  EXPECT_LT(MustParse("2001:db8::/32"), MustParse("2001:db8::/48"));
}

}  // namespace
}  // namespace manrs
