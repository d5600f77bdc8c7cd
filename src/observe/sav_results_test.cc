// The anti-spoofing results reader on reports the sav area's own writer makes
// (SavAudit::ToJson), on damaged ones, and on every truncation.
#include "manrs/observe/sav_results.h"

#include <gtest/gtest.h>

#include "manrs/observe/observer.h"
#include "manrs/sav/audit.h"

namespace manrs {
namespace {

IpAddress Ip(const char* s) { return *IpAddress::Parse(s); }

// AS64501: 10 packets, 3 spoofed (1 martian, 2 not allowed); AS64502: 4, none
// spoofed; an interface with no peer AS: 2 packets, 2 martian.
std::string Report() {
  std::vector<AuditInterface> ifaces(3);
  ifaces[0] = {"sav_AS64501_192_0_2_1", 64501, "192.0.2.1", {*Prefix::Parse("193.0.0.0/21")}};
  ifaces[1] = {"sav_AS64502_192_0_2_2", 64502, "192.0.2.2", {*Prefix::Parse("194.0.0.0/16")}};
  ifaces[2] = {"default", 0, "", {*Prefix::Parse("195.0.0.0/16")}};
  static SourceClassifier classifier(std::move(ifaces), nullptr);
  SavAudit audit(classifier);
  for (int i = 0; i < 7; ++i) audit.Add(0, Ip("193.0.0.7"), 100);
  audit.Add(0, Ip("10.1.2.3"), 60);
  audit.Add(0, Ip("8.8.8.8"), 60, 2);
  audit.Add(1, Ip("194.0.0.9"), 1500, 4);
  audit.Add(2, Ip("127.0.0.1"), 40, 2);
  return audit.ToJson("pcap", {"t.pcap"}, 20);
}

TEST(SavResultsTest, ReadsTheAuditReport) {
  auto r = ParseSavResults(Report(), "a.json");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].peer_asn, 64501u);
  EXPECT_EQ((*r)[0].packets, 10u);
  EXPECT_EQ((*r)[0].spoofed_packets, 3u);
  EXPECT_EQ((*r)[0].martian, 1u);
  EXPECT_EQ((*r)[0].not_allowed, 2u);
  EXPECT_EQ((*r)[2].peer_asn, 0u);
  EXPECT_EQ((*r)[2].martian, 2u);

  auto by_as = SavResultsByAs(*r);
  ASSERT_EQ(by_as.size(), 2u);  // the interface without a peer AS measures nobody
  EXPECT_EQ(by_as[64501].packets, 10u);
  EXPECT_EQ(by_as[64501].files, std::vector<std::string>{"a.json"});
  EXPECT_EQ(by_as[64502].spoofed_packets, 0u);

  AsMetrics m;
  m.anti_spoofing = by_as[64501];
  ComputeReadiness(ObserveConfig{}, &m);
  ASSERT_TRUE(m.actions[1].score);
  EXPECT_DOUBLE_EQ(*m.actions[1].score, 70.0);
  EXPECT_EQ(m.actions[1].label, ReadinessLabel::kAspiring);
  m.anti_spoofing = by_as[64502];
  ComputeReadiness(ObserveConfig{}, &m);
  EXPECT_EQ(m.actions[1].label, ReadinessLabel::kReady);
  m.anti_spoofing = AntiSpoofing{};  // covered, but no packet seen: nothing measured
  ComputeReadiness(ObserveConfig{}, &m);
  EXPECT_EQ(m.actions[1].label, ReadinessLabel::kUnmeasured);
  m.anti_spoofing.reset();
  ComputeReadiness(ObserveConfig{}, &m);
  EXPECT_EQ(m.actions[1].label, ReadinessLabel::kUnmeasured);
}

TEST(SavResultsTest, DamagedReportsNameFileAndOffset) {
  const std::string good = Report();
  struct Case {
    std::string from, to, message;
  };
  const std::vector<Case> cases = {
      {"\"manrs-sav-audit\"", "\"other\"", "not a manrs-sav-audit report"},
      {"\"version\": 1", "\"version\": 2", "unsupported report version"},
      {"\"spoofed_packets\": 3,", "\"spoofed_packets\": 11,", "more spoofed packets"},
      {"\"spoofed_packets\": 3,", "\"spoofed_packets\": 4,", "does not sum"},
      {"\"peer_asn\": 64502", "\"peer_asn\": \"x\"", "not an AS number"},
      {"\"packets\": 4,", "\"packets\": -4,", "\"packets\" is missing"},
      {"\"by_interface\"", "\"by_iface\"", "no \"by_interface\""},
  };
  for (const Case& c : cases) {
    std::string bad = good;
    const auto at = bad.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    bad.replace(at, c.from.size(), c.to);
    auto r = ParseSavResults(bad, "bad.json");
    ASSERT_FALSE(r) << c.to;
    EXPECT_NE(r.error().message.find("bad.json: offset "), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
    EXPECT_LE(r.error().offset, bad.size());
  }
  auto r = ParseSavResults(good + "{}", "two.json");
  EXPECT_FALSE(r);
  r = ParseSavResults(
      "{\"report\": \"manrs-sav-audit\", \"version\": 1, \"by_interface\": {\"a\": "
      "{\"peer_asn\": 1, \"packets\": 1}}}",
      "short.json");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("spoofed_packets"), std::string::npos) << r.error().message;
}

TEST(SavResultsTest, EveryTruncationIsRejected) {
  const std::string good = Report();
  const std::size_t end = good.find_last_of('}') + 1;  // what follows is white space
  for (std::size_t n = 0; n < end; ++n) {
    auto r = ParseSavResults(good.substr(0, n), "cut.json");
    ASSERT_FALSE(r) << "accepted a cut at " << n;
    EXPECT_NE(r.error().message.find("cut.json: offset "), std::string::npos);
  }
  EXPECT_TRUE(ParseSavResults(good.substr(0, end), "whole.json"));
}

}  // namespace
}  // namespace manrs
