// Lines carry program, time and level; the threshold drops the rest.
#include "manrs/daemon/log.h"

#include <gtest/gtest.h>

#include <regex>

namespace manrs::daemon {
namespace {

std::string Read(std::FILE* f) {
  std::rewind(f);
  std::string text;
  char buffer[256];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, f)) text.append(buffer, n);
  return text;
}

TEST(LoggerTest, LevelsAndFormat) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Logger log("rtr", LogLevel::kWarning, f);
  log.Info("not {}", "shown");
  log.Warning("reload refused: {}", 3);
  log.Error("bind failed");
  const std::string text = Read(f);
  EXPECT_TRUE(
      std::regex_match(text, std::regex("manrs rtr \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ "
                                        "warning: reload refused: 3\n"
                                        "manrs rtr [0-9TZ:-]+ error: bind failed\n")))
      << text;
  std::fclose(f);
  Logger off("irr", LogLevel::kOff, stderr);
  EXPECT_FALSE(off.enabled(LogLevel::kError));
}

}  // namespace
}  // namespace manrs::daemon
