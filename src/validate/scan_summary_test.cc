#include "manrs/validate/scan_summary.h"

#include <gtest/gtest.h>

namespace manrs {
namespace {

RouteVerdict Verdict(RovState state, std::optional<Asn> origin) {
  RouteVerdict v;
  v.rov = RovResult{};
  v.rov->state = state;
  v.origin = origin;
  return v;
}

TEST(ScanSummaryTest, CountsByStateNotByPosition) {
  ScanSummary s;
  const IpAddress a = *IpAddress::Parse("192.0.2.1");
  const IpAddress b = *IpAddress::Parse("2001:db8::1");
  s.Add(Verdict(RovState::kInvalid, 64500), a, 1);
  s.Add(Verdict(RovState::kInvalid, 64500), b, 2);
  s.Add(Verdict(RovState::kInvalid, 64501), a, 1);
  s.Add(Verdict(RovState::kValid, 64501), a, 1);
  s.Add(Verdict(RovState::kNotFound, std::nullopt), a, 1);
  RouteVerdict with_findings = Verdict(RovState::kValid, 64502);
  with_findings.aspa = AspaVerdict{};
  with_findings.aspa->state = AspaState::kInvalid;
  with_findings.too_specific = true;
  with_findings.valley_free = ValleyFreeVerdict{};
  with_findings.valley_free->state = ValleyFreeState::kLeak;
  s.Add(with_findings, b, 2);

  EXPECT_EQ(s.routes()[RovState::kInvalid], 3u);
  EXPECT_EQ(s.routes()[RovState::kValid], 2u);
  EXPECT_EQ(s.routes()[RovState::kNotFound], 1u);
  EXPECT_EQ(s.routes().total(), 6u);
  EXPECT_DOUBLE_EQ(s.routes().Percent(RovState::kInvalid), 50.0);
  EXPECT_EQ(s.aspa()[AspaState::kInvalid], 1u);
  EXPECT_EQ(s.findings().too_specific, 1u);
  EXPECT_EQ(s.findings().valley_free[ValleyFreeState::kLeak], 1u);
  ASSERT_EQ(s.by_peer().size(), 2u);
  EXPECT_EQ(s.by_peer().at({a, 1}).total(), 4u);
  EXPECT_EQ(s.origin_count(), 3u);  // NONE is no origin AS
  auto top = s.MostInvalidOrigins(20);
  ASSERT_EQ(top.size(), 2u);  // 64502 has no invalid route
  EXPECT_EQ(top[0].first, 64500u);
  EXPECT_EQ(top[1].first, 64501u);
  EXPECT_EQ(s.MostInvalidOrigins(1).size(), 1u);
  EXPECT_DOUBLE_EQ(RovCounts().Percent(RovState::kValid), 0.0);
}

}  // namespace
}  // namespace manrs
