#include "manrs/sav/flow_decoder.h"

#include <gtest/gtest.h>

#include <vector>

namespace manrs {
namespace {

void Put16(std::vector<std::uint8_t>* v, unsigned x) {
  v->push_back(static_cast<std::uint8_t>(x >> 8));
  v->push_back(static_cast<std::uint8_t>(x));
}
void Put32(std::vector<std::uint8_t>* v, std::uint32_t x) {
  Put16(v, x >> 16);
  Put16(v, x & 0xFFFF);
}

// IPFIX, domain 1: a template set (256: sourceIPv4Address, packetDeltaCount/4,
// octetDeltaCount/4, ingressInterface/2) and a data set with two records.
std::vector<std::uint8_t> Ipfix() {
  std::vector<std::uint8_t> sets;
  Put16(&sets, 2);
  Put16(&sets, 4 + 4 + 16);
  Put16(&sets, 256);
  Put16(&sets, 4);
  for (unsigned f : {8u, 4u, 2u, 4u, 1u, 4u, 10u, 2u}) Put16(&sets, f);
  Put16(&sets, 256);
  Put16(&sets, 4 + 2 * 14);
  for (std::uint32_t src : {0x2D0A0001u, 0x08080808u}) {
    Put32(&sets, src);
    Put32(&sets, 3);
    Put32(&sets, 300);
    Put16(&sets, 7);
  }
  std::vector<std::uint8_t> d;
  Put16(&d, 10);
  Put16(&d, static_cast<unsigned>(16 + sets.size()));
  Put32(&d, 0);
  Put32(&d, 0);
  Put32(&d, 1);
  d.insert(d.end(), sets.begin(), sets.end());
  return d;
}

std::vector<std::uint8_t> V5() {
  std::vector<std::uint8_t> d;
  Put16(&d, 5);
  Put16(&d, 1);
  d.resize(24, 0);
  Put32(&d, 0x2D0A0002u);
  d.resize(24 + 12, 0);
  Put16(&d, 3);  // input
  Put16(&d, 0);
  Put32(&d, 9);  // packets
  Put32(&d, 900);
  d.resize(24 + 48, 0);
  return d;
}

TEST(FlowDecoder, IpfixTemplateThenData) {
  FlowDecoder dec;
  std::vector<FlowRecord> got;
  auto d = Ipfix();
  ASSERT_TRUE(dec.Decode({}, d, 100, [&](const FlowRecord& r) { got.push_back(r); }));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].source, IpAddress::V4(0x2D0A0001u));
  EXPECT_EQ(got[0].packets, 3u);
  EXPECT_EQ(got[0].bytes, 300u);
  EXPECT_EQ(got[0].ingress_interface, 7);
  // Expiry: the template is older than the timeout at the next use.
  FlowDecoder short_lived({.max_templates_per_domain = 1024, .template_timeout_seconds = 10});
  ASSERT_TRUE(short_lived.Decode({}, d, 100, [](const FlowRecord&) {}));
  std::vector<std::uint8_t> data_only(d.begin(), d.begin() + 16);
  data_only.insert(data_only.end(), d.begin() + 16 + 24, d.end());
  data_only[3] = static_cast<std::uint8_t>(data_only.size());
  ASSERT_TRUE(short_lived.Decode({}, data_only, 200, [](const FlowRecord&) {}));
  EXPECT_EQ(short_lived.stats().templates_expired, 1u);
  EXPECT_EQ(short_lived.stats().unknown_template_sets, 1u);
}

TEST(FlowDecoder, EveryTruncationIsRejected) {
  for (const auto& d : {Ipfix(), V5()}) {
    for (std::size_t n = 0; n < d.size(); ++n) {
      FlowDecoder dec;
      std::vector<std::uint8_t> cut(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(n));
      if (d[1] == 10 && n >= 4) {  // keep the IPFIX length field honest: the sets are cut
        cut[2] = static_cast<std::uint8_t>(n >> 8);
        cut[3] = static_cast<std::uint8_t>(n);
      }
      std::size_t records = 0;
      const Status s = dec.Decode({}, cut, 0, [&](const FlowRecord&) { ++records; });
      // A cut at the end of the template set is a shorter, valid message.
      const bool set_boundary = d[1] == 10 && n == 16 + 24;
      EXPECT_TRUE(!s || set_boundary || (d[1] == 10 && n == 16)) << "cut at " << n;
      EXPECT_EQ(records, 0u) << "cut at " << n;
    }
  }
}

TEST(FlowDecoder, V5) {
  FlowDecoder dec;
  std::vector<FlowRecord> got;
  ASSERT_TRUE(dec.Decode({}, V5(), 0, [&](const FlowRecord& r) { got.push_back(r); }));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].ingress_interface, 3);
  EXPECT_EQ(got[0].packets, 9u);
}

}  // namespace
}  // namespace manrs

namespace manrs {
namespace {

// A flood of templates over many observation domains stays within the total.
TEST(FlowDecoder, TemplateFloodIsBounded) {
  FlowDecoder dec({.max_templates_per_domain = 4, .max_templates_total = 10});
  for (std::uint32_t domain = 0; domain < 8; ++domain) {
    std::vector<std::uint8_t> d;
    Put16(&d, 10);
    Put16(&d, 16 + 4 + 6 * 8);
    Put32(&d, 0);
    Put32(&d, 0);
    Put32(&d, domain);
    Put16(&d, 2);
    Put16(&d, 4 + 6 * 8);
    for (unsigned id = 256; id < 262; ++id) {
      Put16(&d, id);
      Put16(&d, 1);
      Put16(&d, 8);
      Put16(&d, 4);
    }
    ASSERT_TRUE(dec.Decode({}, d, 0, [](const FlowRecord&) {}));
  }
  EXPECT_EQ(dec.template_count(), 10u);
  EXPECT_EQ(dec.stats().templates_refused, 8u * 6 - 10);
}

}  // namespace
}  // namespace manrs
