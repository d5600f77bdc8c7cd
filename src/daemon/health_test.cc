// The /health line: field order and escaping.
#include "manrs/daemon/health.h"

#include <gtest/gtest.h>

namespace manrs::daemon {
namespace {

TEST(HealthTest, OneLineOfJson) {
  EXPECT_EQ(RenderHealth({"degraded",
                          {{"objects", 24}, {"routes", 11}},
                          "failed",
                          "irr.db: \"bad\" \\ \n header"}),
            "{\"status\":\"degraded\",\"objects\":24,\"routes\":11,\"last_reload\":\"failed\","
            "\"last_reload_reason\":\"irr.db: \\\"bad\\\" \\\\  header\"}\n");
  EXPECT_EQ(RenderHealth({"ready", {}, "none", ""}),
            "{\"status\":\"ready\",\"last_reload\":\"none\",\"last_reload_reason\":\"\"}\n");
}

}  // namespace
}  // namespace manrs::daemon
