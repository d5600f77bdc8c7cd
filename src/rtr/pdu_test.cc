// The PDU codec: layouts byte by byte as RFC 8210 / 8210bis draw them,
// round trips, and every truncation rejected.
#include "manrs/rtr/pdu.h"

#include <gtest/gtest.h>

#include <vector>

namespace manrs::rtr {
namespace {

std::string Hex(const std::string& s) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

Bytes B(const std::string& s) { return AsBytes(s.data(), s.size()); }

Vrp V4(std::uint32_t addr, int len, int max, Asn asn) {
  return Vrp{Prefix::Normalized(IpAddress::V4(addr), len), static_cast<std::uint8_t>(max), asn};
}

std::vector<Pdu> Samples() {
  std::vector<Pdu> out;
  Pdu p;
  for (std::uint8_t v = 0; v <= 2; ++v) {
    p = Pdu{};
    p.version = v;
    p.type = PduType::kSerialNotify;
    p.session_id = 0x1234;
    p.serial = 0xdeadbeef;
    out.push_back(p);
    p.type = PduType::kSerialQuery;
    out.push_back(p);
    p = Pdu{};
    p.version = v;
    p.type = PduType::kResetQuery;
    out.push_back(p);
    p.type = PduType::kCacheReset;
    out.push_back(p);
    p.type = PduType::kCacheResponse;
    p.session_id = 7;
    out.push_back(p);
    p = Pdu{};
    p.version = v;
    p.type = PduType::kIpv4Prefix;
    p.vrp = V4(0xc0000200, 24, 24, 64496);
    out.push_back(p);
    p.announce = false;
    p.type = PduType::kIpv6Prefix;
    p.vrp = Vrp{Prefix::Normalized(IpAddress::V6(0x20010db800000000, 0), 32), 48, 64497};
    out.push_back(p);
    p = Pdu{};
    p.version = v;
    p.type = PduType::kEndOfData;
    p.session_id = 9;
    p.serial = 42;
    if (v > 0) p.timers = Timers{10, 20, 700};
    out.push_back(p);
    p = Pdu{};
    p.version = v;
    p.type = PduType::kErrorReport;
    p.error_code = ReportCode::kUnsupportedPduType;
    p.encapsulated = std::string("\x01\x05\x00\x00\x00\x00\x00\x08", 8);
    p.text = "no such type";
    out.push_back(p);
    if (v >= 1) {
      p = Pdu{};
      p.version = v;
      p.type = PduType::kRouterKey;
      p.router_key.ski.fill(0xab);
      p.router_key.asn = 65000;
      p.router_key.spki = "0Y0\x13";
      out.push_back(p);
    }
    if (v == 2) {
      p = Pdu{};
      p.version = v;
      p.type = PduType::kAspa;
      p.aspa = Aspa{64496, {64497, 64498}};
      out.push_back(p);
      p.announce = false;
      p.aspa.providers.clear();
      out.push_back(p);
    }
  }
  return out;
}

void ExpectSame(const Pdu& a, const Pdu& b) {
  std::string ea, eb;
  EncodePdu(a, &ea);
  EncodePdu(b, &eb);
  EXPECT_EQ(Hex(ea), Hex(eb));
}

TEST(PduTest, LayoutsAsTheRfcDrawsThem) {
  std::string out;
  AppendSimple(1, PduType::kResetQuery, 0, 0, &out);
  EXPECT_EQ(Hex(out), "0102000000000008");  // what rtrclient sends (PEERS.md)
  out.clear();
  AppendSimple(2, PduType::kSerialQuery, 0xabcd, 5, &out);
  EXPECT_EQ(Hex(out), "0201abcd0000000c00000005");
  out.clear();
  AppendPrefix(1, true, V4(0xc0000200, 24, 25, 64496), &out);
  EXPECT_EQ(Hex(out),
            "0104000000000014"
            "01181900"
            "c0000200"
            "0000fbf0");
  out.clear();
  AppendEndOfData(0, 3, 4, Timers{}, &out);
  EXPECT_EQ(Hex(out), "000700030000000c00000004");
  out.clear();
  AppendEndOfData(1, 3, 4, Timers{3600, 600, 7200}, &out);
  EXPECT_EQ(Hex(out),
            "0107000300000018"
            "00000004"
            "00000e10"
            "00000258"
            "00001c20");
  out.clear();
  AppendAspa(2, true, Aspa{64496, {64497}}, &out);
  EXPECT_EQ(Hex(out),
            "020b010000000010"
            "0000fbf0"
            "0000fbf1");
  out.clear();
  AppendErrorReport(1, ReportCode::kNoDataAvailable, {}, "x", &out);
  EXPECT_EQ(Hex(out),
            "010a000200000011"
            "00000000"
            "00000001"
            "78");
}

TEST(PduTest, RoundTripsEveryTypeAndVersion) {
  for (const Pdu& p : Samples()) {
    std::string wire;
    EncodePdu(p, &wire);
    auto length = FramePdu(B(wire), 1 << 20);
    ASSERT_TRUE(length);
    EXPECT_EQ(*length, wire.size());
    auto back = DecodePdu(B(wire));
    ASSERT_TRUE(back) << PduTypeName(p.type) << ": " << back.error().message;
    ExpectSame(p, *back);
  }
}

TEST(PduTest, EveryTruncationIsRejected) {
  for (const Pdu& p : Samples()) {
    std::string wire;
    EncodePdu(p, &wire);
    for (std::size_t n = 0; n < wire.size(); ++n) {
      EXPECT_FALSE(DecodePdu(B(wire.substr(0, n)))) << PduTypeName(p.type) << " cut at " << n;
    }
  }
}

TEST(PduTest, RejectsWrongLengthsVersionsAndTypes) {
  std::string notify;
  AppendSimple(1, PduType::kSerialNotify, 1, 1, &notify);
  std::string longer = notify + "\0\0\0\0";
  longer[7] = 16;
  EXPECT_EQ(DecodePdu(B(longer)).error().code, ErrorCode::kBadLength);
  std::string v3 = notify;
  v3[0] = 3;
  EXPECT_EQ(DecodePdu(B(v3)).error().code, ErrorCode::kUnsupported);
  std::string t5 = notify;
  t5[1] = 5;  // type 5 was never assigned
  EXPECT_EQ(DecodePdu(B(t5)).error().code, ErrorCode::kUnsupported);
  EXPECT_FALSE(IsKnownType(9, 0));   // router key: not in version 0
  EXPECT_FALSE(IsKnownType(11, 1));  // ASPA: version 2 only
  EXPECT_TRUE(IsKnownType(11, 2));
  // EOD of version 0 length in version 1.
  std::string eod;
  AppendEndOfData(0, 1, 1, Timers{}, &eod);
  eod[0] = 1;
  EXPECT_EQ(DecodePdu(B(eod)).error().code, ErrorCode::kBadLength);
  // Prefix length above max length.
  std::string prefix;
  AppendPrefix(1, true, V4(0x0a000000, 8, 8, 1), &prefix);
  prefix[9] = 9;
  EXPECT_EQ(DecodePdu(B(prefix)).error().code, ErrorCode::kBadValue);
  // Frame lengths out of range.
  std::string header("\x01\x02\x00\x00\x00\x00\x00\x07", 8);
  EXPECT_EQ(FramePdu(B(header), 1024).error().code, ErrorCode::kBadLength);
  header[5] = 1;  // 65543
  EXPECT_EQ(FramePdu(B(header), 1024).error().code, ErrorCode::kBadLength);
  EXPECT_EQ(FramePdu(B(header.substr(0, 7)), 1024).error().code, ErrorCode::kTruncated);
  // Error report whose inner lengths disagree with the total.
  std::string report;
  AppendErrorReport(1, ReportCode::kCorruptData, {}, "abc", &report);
  report[15] = 4;
  EXPECT_EQ(DecodePdu(B(report)).error().code, ErrorCode::kBadLength);
}

TEST(PduTest, TimersFollowTheRfcRanges) {
  EXPECT_TRUE(CheckTimers(Timers{}));
  EXPECT_FALSE(CheckTimers(Timers{0, 600, 7200}));
  EXPECT_FALSE(CheckTimers(Timers{3600, 600, 599}));
  EXPECT_FALSE(CheckTimers(Timers{3600, 7201, 7200}));
  EXPECT_FALSE(CheckTimers(Timers{7200, 600, 7200}));
}

TEST(PduTest, RouterKeyFromLoaderText) {
  RouterKey key{"0123456789ABCDEF0123456789ABCDEF01234567", 65000, "AQID"};
  auto wire = ToWire(key);
  ASSERT_TRUE(wire);
  EXPECT_EQ(wire->ski[0], 0x01);
  EXPECT_EQ(wire->ski[19], 0x67);
  EXPECT_EQ(wire->spki, std::string("\x01\x02\x03"));
  key.ski = "xyz";
  EXPECT_FALSE(ToWire(key));
}

}  // namespace
}  // namespace manrs::rtr
