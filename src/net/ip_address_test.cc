#include "manrs/net/ip_address.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

namespace manrs {
namespace {

IpAddress MustParse(std::string_view text) {
  auto address = IpAddress::Parse(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.has_value() ? *address : IpAddress();
}

// What inet_ntop(3) prints for the address, the reference for IPv6 text.
std::string NtopText(const IpAddress& address) {
  auto raw = address.bytes();
  char buf[INET6_ADDRSTRLEN];
  const char* text = inet_ntop(address.is_v4() ? AF_INET : AF_INET6, raw.data(), buf, sizeof(buf));
  return text == nullptr ? std::string() : std::string(text);
}

TEST(IpAddressTest, ParsesIpv4) {
  IpAddress a = MustParse("192.0.2.1");
  EXPECT_TRUE(a.is_v4());
  EXPECT_EQ(a.afi(), Afi::kIpv4);
  EXPECT_EQ(a.v4(), 0xc0000201u);
  EXPECT_EQ(a, IpAddress::V4(0xc0000201u));
  EXPECT_EQ(a.hi(), std::uint64_t{0xc0000201} << 32);  // left-aligned
  EXPECT_EQ(a.lo(), 0u);
  EXPECT_EQ(MustParse("0.0.0.0").v4(), 0u);
  EXPECT_EQ(MustParse("255.255.255.255").v4(), 0xffffffffu);
}

TEST(IpAddressTest, ParsesIpv6) {
  IpAddress a = MustParse("2001:db8::1");
  EXPECT_TRUE(a.is_v6());
  EXPECT_EQ(a.hi(), 0x20010db800000000u);
  EXPECT_EQ(a.lo(), 1u);
  EXPECT_EQ(MustParse("::"), IpAddress::V6(0, 0));
  EXPECT_EQ(MustParse("::ffff:1.2.3.4"), IpAddress::V6(0, 0x0000ffff01020304u));
  EXPECT_EQ(MustParse("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"),
            IpAddress::V6(~std::uint64_t{0}, ~std::uint64_t{0}));
}

TEST(IpAddressTest, RejectsBadText) {
  for (const char* text : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-1", "01.2.3.4",
                           " 1.2.3.4", "1.2.3.4 ", "1.2.3.4/24", "2001:db8:::1", "2001:db8::1::2",
                           "12345::", "1:2:3:4:5:6:7:8:9", "::g", "::1.2.3", "x"}) {
    EXPECT_FALSE(IpAddress::Parse(text).has_value()) << "'" << text << "'";
  }
  // Text after an embedded NUL is still text: not ignored.
  EXPECT_FALSE(IpAddress::Parse(std::string("1.2.3.4\0junk", 12)).has_value());
  EXPECT_FALSE(IpAddress::Parse(std::string("::1\0", 4)).has_value());
  // Longer than any address text: rejected without reading past the buffer.
  EXPECT_FALSE(IpAddress::Parse(std::string(100, '1')).has_value());
  auto error = IpAddress::Parse("1.2.3");
  ASSERT_FALSE(error.has_value());
  EXPECT_EQ(error.error().code, ErrorCode::kParse);
}

TEST(IpAddressTest, V4AndV6AreDifferentAddresses) {
  EXPECT_NE(IpAddress::V4(0), IpAddress::V6(0, 0));
  EXPECT_NE(IpAddress::V4(0x01020304), IpAddress::V6(std::uint64_t{0x01020304} << 32, 0));
}

TEST(IpAddressTest, FromBytesAndBytesRoundTrip) {
  const std::uint8_t v4[4] = {198, 51, 100, 7};
  IpAddress a = IpAddress::FromBytes(Afi::kIpv4, v4);
  EXPECT_EQ(a.ToString(), "198.51.100.7");
  auto bytes = a.bytes();
  EXPECT_EQ(bytes[0], 198);
  EXPECT_EQ(bytes[3], 7);

  std::uint8_t v6[16];
  for (int i = 0; i < 16; ++i) v6[i] = static_cast<std::uint8_t>(0x10 + i);
  IpAddress b = IpAddress::FromBytes(Afi::kIpv6, v6);
  EXPECT_EQ(b.hi(), 0x1011121314151617u);
  EXPECT_EQ(b.lo(), 0x18191a1b1c1d1e1fu);
  auto out = b.bytes();
  for (int i = 0; i < 16; ++i) EXPECT_EQ(out[i], v6[i]);
}

TEST(IpAddressTest, BitCountsFromTheTop) {
  IpAddress a = IpAddress::V4(0x80000001);
  EXPECT_TRUE(a.bit(0));
  EXPECT_FALSE(a.bit(1));
  EXPECT_TRUE(a.bit(31));
  EXPECT_FALSE(a.bit(32));  // past the IPv4 bits: zero
  IpAddress b = IpAddress::V6(1, std::uint64_t{1} << 63);
  EXPECT_TRUE(b.bit(63));
  EXPECT_TRUE(b.bit(64));
  EXPECT_FALSE(b.bit(127));
  EXPECT_TRUE(IpAddress::V6(0, 1).bit(127));
}

TEST(IpAddressTest, MaskedClearsBitsFromLength) {
  IpAddress a = MustParse("192.0.2.255");
  EXPECT_EQ(a.Masked(24), MustParse("192.0.2.0"));
  EXPECT_EQ(a.Masked(0), MustParse("0.0.0.0"));
  EXPECT_EQ(a.Masked(32), a);
  EXPECT_EQ(a.Masked(1), MustParse("128.0.0.0"));
  IpAddress b = MustParse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
  EXPECT_EQ(b.Masked(32), MustParse("2001:db8::"));
  EXPECT_EQ(b.Masked(64), MustParse("2001:db8:ffff:ffff::"));
  EXPECT_EQ(b.Masked(65), MustParse("2001:db8:ffff:ffff:8000::"));
  EXPECT_EQ(b.Masked(127), MustParse("2001:db8:ffff:ffff:ffff:ffff:ffff:fffe"));
  EXPECT_EQ(b.Masked(128), b);
  EXPECT_EQ(b.Masked(0), MustParse("::"));
  EXPECT_TRUE(b.Masked(0).is_zero());
  EXPECT_TRUE(b.Masked(0).is_v6());  // masking keeps the family
}

TEST(IpAddressTest, FormatsIpv4) {
  for (const char* text : {"0.0.0.0", "1.2.3.4", "10.0.0.1", "100.64.0.0", "255.255.255.255"}) {
    EXPECT_EQ(MustParse(text).ToString(), text);
  }
}

TEST(IpAddressTest, FormatsIpv6AsInetNtop) {
  // The forms inet_ntop(3) prints: longest zero run compressed (the first of
  // equal runs, never a single zero group), embedded IPv4 for the mapped and
  // compatible ranges, lower-case hex.
  const char* cases[][2] = {
      {"::ffff:1.2.3.4", "::ffff:1.2.3.4"},
      {"::1.2.3.4", "::1.2.3.4"},
      {"2001:db8::1", "2001:db8::1"},
      {"1::", "1::"},
      {"::", "::"},
      {"::1", "::1"},
      {"2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
      {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
      {"1:0:0:2:0:0:0:3", "1:0:0:2::3"},
      {"fe80::1:2", "fe80::1:2"},
      {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
  };
  for (const auto& [input, expected] : cases) {
    IpAddress a = MustParse(input);
    EXPECT_EQ(a.ToString(), expected) << input;
    EXPECT_EQ(a.ToString(), NtopText(a)) << input;
  }
}

TEST(IpAddressTest, FormatMatchesInetNtopOnRandomAddresses) {
  // Groups are zero half the time so zero runs of every length and place occur.
  std::mt19937_64 rng(20240611);
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t words[2] = {0, 0};
    for (int g = 0; g < 8; ++g) {
      std::uint64_t group = (rng() & 1) ? 0 : (rng() & 3) ? rng() & 0xffff : 0xffff;
      words[g / 4] |= group << (48 - 16 * (g % 4));
    }
    IpAddress a = IpAddress::V6(words[0], words[1]);
    ASSERT_EQ(a.ToString(), NtopText(a)) << std::hex << words[0] << " " << words[1];
    char buf[46];
    std::size_t n = a.FormatTo(buf);
    ASSERT_EQ(std::string(buf, n), a.ToString());
    auto round_trip = IpAddress::Parse(a.ToString());
    ASSERT_TRUE(round_trip.has_value());
    ASSERT_EQ(*round_trip, a);
  }
  for (int i = 0; i < 2000; ++i) {
    IpAddress a = IpAddress::V4(static_cast<std::uint32_t>(rng()));
    ASSERT_EQ(a.ToString(), NtopText(a));
  }
}

}  // namespace
}  // namespace manrs
