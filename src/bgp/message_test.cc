// BGP message framing, OPEN and NOTIFICATION (RFC 4271 4.1, 4.2, 4.5) on
// hand-built messages. Each test quotes the rule it checks.
#include "manrs/bgp/message.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "wire_test_util.h"

namespace manrs {
namespace {

TEST(MessageTest, HeaderGivesExactlyTheBody) {
  // RFC 4271 4.1: Marker (16 octets), Length (2 octets, "the total length of
  // the message, including the header"), Type (1 octet).
  Wire m;
  for (int i = 0; i < 16; ++i) m.U8(0xff);
  m.U16(23).U8(2).U16(0).U16(0).U8(0xAA);  // an empty UPDATE, then one more byte
  ByteCursor in(AsBytes(m.bytes().data(), m.size()));
  ByteCursor body;
  auto header = DecodeMessageHeader(in, &body);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->type, 2);
  EXPECT_EQ(body.remaining(), 4u);
  EXPECT_EQ(in.remaining(), 1u);
  // "The value of the Length field MUST always be at least 19".
  Wire short_length;
  for (int i = 0; i < 16; ++i) short_length.U8(0xff);
  short_length.U16(18).U8(2);
  ByteCursor in2(AsBytes(short_length.bytes().data(), short_length.size()));
  EXPECT_FALSE(DecodeMessageHeader(in2, &body));
  // Every truncation of the message, header or body, is rejected.
  for (std::size_t n = 0; n < 23; ++n) {
    ByteCursor cut(AsBytes(m.bytes().data(), n));
    EXPECT_FALSE(DecodeMessageHeader(cut, &body)) << n;
  }
}

TEST(MessageTest, OpenWithFourOctetAsCapability) {
  // RFC 6793 3: the Four-octet AS Number capability (code 65) carries the
  // speaker's AS; My Autonomous System then holds AS_TRANS if it is larger
  // than 65535. RFC 5492 4: capabilities are optional parameter type 2.
  Wire params = Wire().U8(2).U8(6).U8(65).U8(4).U32(4200000000);
  Wire open = Wire().U8(4).U16(kAsTrans).U16(180).Raw({192, 0, 2, 1});
  open.U8(static_cast<std::uint32_t>(params.size())).Append(params);
  BgpOpen o;
  ASSERT_TRUE(DecodeOpen(ByteCursor(AsBytes(open.bytes().data(), open.size())), &o));
  EXPECT_EQ(o.version, 4);
  EXPECT_EQ(o.my_as, 4200000000u);
  EXPECT_EQ(o.hold_time, 180);
  EXPECT_EQ(o.bgp_id, *IpAddress::Parse("192.0.2.1"));
  ASSERT_EQ(o.capabilities.size(), 1u);
  for (std::size_t n = 0; n < open.size(); ++n) {
    std::vector<std::uint8_t> cut(open.bytes().begin(),
                                  open.bytes().begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(DecodeOpen(ByteCursor(AsBytes(cut.data(), cut.size())), &o)) << n;
  }
}

TEST(MessageTest, Notification) {
  // RFC 4271 4.5: Error code (1 octet), Error subcode (1 octet), Data.
  Wire n = Wire().U8(6).U8(2).Raw({1, 2, 3});
  BgpNotification out;
  ASSERT_TRUE(DecodeNotification(ByteCursor(AsBytes(n.bytes().data(), n.size())), &out));
  EXPECT_EQ(out.code, 6);
  EXPECT_EQ(out.subcode, 2);
  EXPECT_EQ(out.data.size(), 3u);
  // The data is whatever follows the subcode: only cuts into the two fixed
  // octets are truncations.
  for (std::size_t cut = 0; cut < 2; ++cut) {
    EXPECT_FALSE(DecodeNotification(ByteCursor(AsBytes(n.bytes().data(), cut)), &out)) << cut;
  }
}

}  // namespace
}  // namespace manrs
