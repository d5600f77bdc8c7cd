// The binary prefix list: round trips, and every damage is an error with an
// offset.
#include "manrs/observe/prefix_blob.h"

#include <gtest/gtest.h>

namespace manrs {
namespace {

std::vector<PrefixState> Sample() {
  return {
      PrefixState{*Prefix::Parse("0.0.0.0/0"), RovState::kValid, IrrState::kRegistered, 1, false},
      PrefixState{*Prefix::Parse("192.0.2.0/24"), RovState::kInvalid, IrrState::kCovered, 127,
                  true},
      PrefixState{*Prefix::Parse("10.1.2.3/32"), RovState::kNotFound, IrrState::kNotRegistered, 128,
                  false},
      PrefixState{*Prefix::Parse("2001:db8::/32"), RovState::kNotFound, IrrState::kUnmeasured,
                  0xffffffffu, true},
      PrefixState{*Prefix::Parse("2001:db8:1:2:3:4:5:6/128"), RovState::kValid,
                  IrrState::kNotRegistered, 300000, false},
  };
}

std::span<const std::byte> AsBytes(const std::string& s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

bool Same(const PrefixState& a, const PrefixState& b) {
  return a.prefix == b.prefix && a.rpki == b.rpki && a.irr == b.irr && a.peers == b.peers &&
         a.bogon == b.bogon;
}

TEST(PrefixBlobTest, RoundTrips) {
  const std::vector<PrefixState> in = Sample();
  std::string blob;
  AppendPrefixBlob(in, &blob);
  auto out = DecodePrefixBlob(AsBytes(blob), in.size());
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_TRUE(Same((*out)[i], in[i])) << i;
  // 192.0.2.0/24 with 127 peers: flags, length, 3 address bytes, 1 peer byte.
  std::string one;
  AppendPrefixBlob(std::span(in).subspan(1, 1), &one);
  EXPECT_EQ(one.size(), 6u);
  auto empty = DecodePrefixBlob({}, 0);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(PrefixBlobTest, EveryTruncationIsRejected) {
  std::string blob;
  AppendPrefixBlob(Sample(), &blob);
  for (std::size_t n = 0; n < blob.size(); ++n) {
    auto out = DecodePrefixBlob(AsBytes(blob.substr(0, n)), Sample().size());
    ASSERT_FALSE(out) << n;
    EXPECT_EQ(out.error().message.rfind("offset ", 0), 0u) << out.error().message;
    EXPECT_LE(out.error().offset, n);
  }
}

TEST(PrefixBlobTest, DamageIsRejected) {
  std::string blob;
  AppendPrefixBlob(Sample(), &blob);
  auto fails = [](std::string b, std::size_t count, const char* what) {
    auto out = DecodePrefixBlob(AsBytes(b), count);
    ASSERT_FALSE(out) << what;
    EXPECT_NE(out.error().message.find(what), std::string::npos) << out.error().message;
  };
  fails(blob + "x", 5, "bytes left after the last prefix");
  fails(blob, 4, "bytes left after the last prefix");
  std::string b = blob;
  b[0] = '\x40';
  fails(b, 5, "bad prefix flags");
  b[0] = '\x06';  // rpki state 3
  fails(b, 5, "bad prefix flags");
  b = blob;
  b[1] = 33;
  fails(b, 5, "prefix length too long");
  b = blob;
  b[1] = 4;  // 0.0.0.0/0 read as /4: the next byte is the address
  fails(b, 5, "");
  // 10.1.2.3/32 read as /31: a host bit beyond the length.
  const std::vector<PrefixState> sample = Sample();
  std::string host;
  AppendPrefixBlob(std::span(sample).subspan(2, 1), &host);
  host[1] = 31;
  fails(host, 1, "host bits set");
  // A peer count of 5 LEB128 bytes over 32 bits.
  std::string big = {'\x00', '\x00', '\xff', '\xff', '\xff', '\xff', '\x1f'};
  fails(big, 1, "peer count over 32 bits");
}

}  // namespace
}  // namespace manrs
