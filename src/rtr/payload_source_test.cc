// File sources load on change only, SLURM included; metrics render.
#include "manrs/rtr/payload_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "manrs/rtr/metrics.h"

namespace manrs::rtr {
namespace {

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path + ".tmp") << text;
  std::rename((path + ".tmp").c_str(), path.c_str());  // a new inode: seen as changed
}

TEST(PayloadSourceTest, FileLoadsOnChangeAndAppliesSlurm) {
  char dir[] = "/tmp/manrs-rtr-source-test.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string vrps = std::string(dir) + "/vrps.json";
  const std::string slurm = std::string(dir) + "/slurm.json";
  Write(vrps, R"({"roas": [{"prefix": "192.0.2.0/24", "maxLength": 24, "asn": 64496},
                          {"prefix": "198.51.100.0/24", "maxLength": 24, "asn": 64497}]})");
  Write(slurm, R"({"slurmVersion": 1,
    "validationOutputFilters": {"prefixFilters": [{"asn": 64497}], "bgpsecFilters": []},
    "locallyAddedAssertions": {"prefixAssertions": [{"prefix": "203.0.113.0/24", "asn": 64511}],
                               "bgpsecAssertions": []}})");
  auto source = MakePayloadSource(vrps, slurm);
  ProblemLog problems;
  auto first = source->Poll(problems);
  ASSERT_TRUE(first && *first);
  ASSERT_EQ((*first)->vrps.size(), 2u);  // 64497 filtered, 64511 asserted
  EXPECT_EQ((*first)->vrps[1].asn, 64511u);
  EXPECT_FALSE(source->Poll(problems));  // unchanged
  Write(slurm, R"({"slurmVersion": 1, "validationOutputFilters": {"prefixFilters": [],
    "bgpsecFilters": []}, "locallyAddedAssertions": {"prefixAssertions": [],
    "bgpsecAssertions": []}})");
  auto second = source->Poll(problems);
  ASSERT_TRUE(second && *second);
  EXPECT_EQ((*second)->vrps.size(), 2u);
  EXPECT_EQ((*second)->vrps[1].asn, 64497u);
  Write(vrps, "{\"roas\": [");
  auto broken = source->Poll(problems);
  ASSERT_TRUE(broken);
  EXPECT_FALSE(*broken);
  std::remove(vrps.c_str());
  std::remove(slurm.c_str());
  rmdir(dir);
}

TEST(PayloadSourceTest, UrlsAreRecognised) {
  EXPECT_TRUE(IsUrl("http://127.0.0.1:8080/vrps.json"));
  EXPECT_TRUE(IsUrl("https://console.rpki-client.org/vrps.json"));
  EXPECT_FALSE(IsUrl("/var/lib/rpki-client/json"));
  ProblemLog problems;
  auto bad = MakePayloadSource("http://", "")->Poll(problems);
  ASSERT_TRUE(bad);
  EXPECT_FALSE(*bad);
}

TEST(MetricsTest, PrometheusAndHealth) {
  RtrMetrics m;
  m.has_data = true;
  m.vrps_ipv4 = 3;
  m.serial = 7;
  m.last_reload_result = ReloadResult::kStale;
  m.last_reload_reason = "data built \"long\" ago";
  ++m.reloads[static_cast<std::size_t>(ReloadResult::kStale)];
  std::string text = RenderPrometheus(m);
  EXPECT_NE(text.find("manrs_rtr_vrps{afi=\"ipv4\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("manrs_rtr_serial 7\n"), std::string::npos);
  EXPECT_NE(text.find("manrs_rtr_last_reload_success{result=\"stale\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("manrs_rtr_reloads_total{result=\"stale\"} 1\n"), std::string::npos);
  EXPECT_NE(RenderHealth(m).find(R"("last_reload_reason":"data built \"long\" ago")"),
            std::string::npos);
}

}  // namespace
}  // namespace manrs::rtr
