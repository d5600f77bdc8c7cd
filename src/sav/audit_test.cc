#include "manrs/sav/audit.h"

#include <gtest/gtest.h>

#include "manrs/sav/address_intervals.h"
#include "manrs/sav/audit_input.h"
#include "manrs/sav/packet.h"

namespace manrs {
namespace {

Prefix P(const char* t) { return *Prefix::Parse(t); }
IpAddress A(const char* t) { return *IpAddress::Parse(t); }

TEST(AddressIntervals, MembershipAndSubtraction) {
  std::vector<Prefix> ps = {P("10.0.0.0/8"),         P("11.0.0.0/8"),    P("192.0.2.0/24"),
                            P("255.255.255.255/32"), P("2001:db8::/32"), P("::/128")};
  auto s = AddressIntervals::FromPrefixes(ps);
  EXPECT_TRUE(s.Contains(A("10.255.255.255")));
  EXPECT_TRUE(s.Contains(A("11.0.0.0")));
  EXPECT_FALSE(s.Contains(A("12.0.0.0")));
  EXPECT_TRUE(s.Contains(A("255.255.255.255")));
  EXPECT_TRUE(s.Contains(A("2001:db8:ffff::1")));
  EXPECT_TRUE(s.Contains(A("::")));
  EXPECT_FALSE(s.Contains(A("::1")));
  auto hole = AddressIntervals::FromPrefixes(
      std::vector<Prefix>{P("10.128.0.0/9"), P("2001:db8:8000::/33")});
  auto d = s.Minus(hole);
  EXPECT_TRUE(d.Contains(A("10.127.255.255")));
  EXPECT_FALSE(d.Contains(A("10.128.0.0")));
  EXPECT_TRUE(d.Contains(A("11.0.0.1")));
  EXPECT_TRUE(d.Contains(A("2001:db8:7fff:ffff:ffff:ffff:ffff:ffff")));
  EXPECT_FALSE(d.Contains(A("2001:db8:8000::")));
  auto all = AddressIntervals::FromPrefixes(std::vector<Prefix>{P("0.0.0.0/0"), P("::/0")});
  EXPECT_TRUE(all.Contains(A("255.255.255.255")));
  EXPECT_TRUE(all.Contains(A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
  EXPECT_FALSE(all.Minus(all).Contains(A("1.2.3.4")));
}

TEST(SourceClassifier, MartianBeforeTheListThenBogonThenNotAllowed) {
  BogonPrefixes bogons;
  ProblemLog problems;
  ASSERT_TRUE(bogons.ParseList("23.154.10.0/23\n", "test", problems));
  AuditInterface i;
  i.name = "c";
  i.allow = {P("45.10.0.0/24"), P("10.0.0.0/8")};  // a peer announced RFC 1918 space
  SourceClassifier c({i}, &bogons);
  EXPECT_EQ(c.Classify(0, A("45.10.0.1")), SourceVerdict::kAllowed);
  EXPECT_EQ(c.Classify(0, A("10.1.1.1")), SourceVerdict::kMartian);
  EXPECT_EQ(c.Classify(0, A("23.154.11.1")), SourceVerdict::kBogon);
  EXPECT_EQ(c.Classify(0, A("8.8.8.8")), SourceVerdict::kNotAllowed);
  EXPECT_EQ(c.Classify(0, A("fe80::1")), SourceVerdict::kMartian);
  EXPECT_EQ(c.Classify(0, A("2606:4700::1")), SourceVerdict::kNotAllowed);
  SavAudit audit(c);
  audit.Add(0, A("8.8.8.8"), 100);
  audit.Add(0, A("8.8.8.8"), 50);
  audit.Add(0, A("45.10.0.1"), 10);
  EXPECT_EQ(audit.Total().spoofed_packets(), 2u);
  EXPECT_EQ(audit.Total().total_bytes(), 160u);
  auto top = audit.TopSources(5);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].bytes, 150u);
  EXPECT_NE(audit.ToJson("pcap", {"x.pcap"}, 5).find("\"not_allowed\": 2"), std::string::npos);
}

// An Ethernet frame with two VLAN tags carrying IPv6: every cut before the
// end of the source address is truncated, never read past.
TEST(FrameSource, EveryTruncationIsRejected) {
  std::vector<std::uint8_t> f(12, 0x02);
  for (int b : {0x88, 0xA8, 0x00, 0x64, 0x81, 0x00, 0x00, 0x65, 0x86, 0xDD})
    f.push_back(static_cast<std::uint8_t>(b));
  f.push_back(0x60);
  f.resize(f.size() + 7, 0);
  for (int i = 0; i < 16; ++i)
    f.push_back(static_cast<std::uint8_t>(i == 0 ? 0x2a : i == 1 ? 0x0e : 0));
  f.resize(f.size() + 16, 0);
  FrameSource src;
  ASSERT_EQ(DecodeFrameSource(kLinkEthernet, f, &src), FrameStatus::kIp);
  EXPECT_EQ(src.vlan, 100);
  EXPECT_EQ(src.source, A("2a0e::"));
  const std::size_t need = 12 + 8 + 2 + 24;
  for (std::size_t n = 0; n < need; ++n) {
    EXPECT_EQ(DecodeFrameSource(kLinkEthernet, std::span(f.data(), n), &src),
              FrameStatus::kTruncated)
        << n;
  }
  std::vector<std::uint8_t> v4 = {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 8, 8, 8, 8, 1, 2, 3, 4};
  ASSERT_EQ(DecodeFrameSource(kLinkRaw, v4, &src), FrameStatus::kIp);
  EXPECT_EQ(src.source, A("8.8.8.8"));
  EXPECT_EQ(DecodeFrameSource(kLinkIpv6, v4, &src), FrameStatus::kBadIp);
  for (std::size_t n = 0; n < 16; ++n) {
    EXPECT_EQ(DecodeFrameSource(kLinkRaw, std::span(v4.data(), n), &src), FrameStatus::kTruncated);
  }
  std::vector<std::uint8_t> arp(12, 0xff);
  arp.push_back(0x08);
  arp.push_back(0x06);
  arp.resize(42);
  EXPECT_EQ(DecodeFrameSource(kLinkEthernet, arp, &src), FrameStatus::kNotIp);
  EXPECT_EQ(DecodeFrameSource(147, arp, &src), FrameStatus::kUnsupportedLink);
}

TEST(AuditInput, AllowListsAndMaps) {
  auto lists = ParseAllowJson(
      R"({"mode": "efp-a", "interfaces": [{"peer_asn": 64501, "peer_ip": "192.0.2.1",
          "name": "sav_a", "allow": ["45.10.0.0/24"]}, {"peer_asn": 64502, "peer_ip": "192.0.2.2",
          "name": "sav_b", "allow": []}]})",
      "t.json");
  ASSERT_TRUE(lists) << lists.error().message;
  ASSERT_EQ(lists->size(), 2u);
  auto map = InterfaceMap::Parse(
      "vlan 7 AS64502\nfile /x/y/cap.pcap sav_a # a comment\n"
      "ifindex 3 192.0.2.2\n\ndefault sav_a\n",
      "m", *lists);
  ASSERT_TRUE(map) << map.error().message;
  EXPECT_EQ(map->For("other.pcap", 7), 1);
  EXPECT_EQ(map->For("other.pcap", 8), 0);
  EXPECT_EQ(map->ForFlow(3), 1);
  EXPECT_EQ(map->ForFlow(4), 0);
  auto bad = InterfaceMap::Parse("vlan 7 AS64503\n", "m", *lists);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("m: line 1: no list 'AS64503'"), std::string::npos);
  EXPECT_FALSE(ParseAllowJson(R"({"interfaces": [{"allow": ["1.2.3.4/33"]}]})", "t"));
  EXPECT_FALSE(ParseAllowJson("{", "t"));
  auto plain = LoadAllowLists("45.10.0.0/24,2a0e::/32");
  ASSERT_TRUE(plain);
  EXPECT_EQ((*plain)[0].allow.size(), 2u);
  EXPECT_FALSE(LoadAllowLists("45.10.0.0/24,banana"));
}

}  // namespace
}  // namespace manrs
