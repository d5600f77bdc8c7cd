// The exposition text: headers, labels, escaping, number forms.
#include "manrs/daemon/prometheus.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace manrs::daemon {
namespace {

TEST(PrometheusTextTest, FamiliesSamplesAndEscaping) {
  PrometheusText m;
  m.Family("manrs_x_total", MetricType::kCounter, "Things seen.");
  m.Sample("manrs_x_total", std::uint64_t{18446744073709551615u});
  m.Family("manrs_y", MetricType::kGauge, "A gauge.");
  m.Sample("manrs_y", {{"result", "ok"}, {"why", "a \"b\"\\c\nd"}}, -3);
  m.Sample("manrs_y", {{"afi", "ipv6"}}, 0.5);
  EXPECT_EQ(m.Take(),
            "# HELP manrs_x_total Things seen.\n# TYPE manrs_x_total counter\n"
            "manrs_x_total 18446744073709551615\n"
            "# HELP manrs_y A gauge.\n# TYPE manrs_y gauge\n"
            "manrs_y{result=\"ok\",why=\"a \\\"b\\\"\\\\c\\nd\"} -3\n"
            "manrs_y{afi=\"ipv6\"} 0.5\n");
  EXPECT_EQ(m.Take(), "");
  m.Single("manrs_z", MetricType::kGauge, "One value.", std::uint16_t{7});
  EXPECT_EQ(m.Take(), "# HELP manrs_z One value.\n# TYPE manrs_z gauge\nmanrs_z 7\n");
}

}  // namespace
}  // namespace manrs::daemon
