// One timestamped line per event.
#include "manrs/daemon/log.h"

#include <ctime>

namespace manrs::daemon {

const char* LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
    case LogLevel::kOff:
      break;
  }
  return "off";
}

void Logger::Write(LogLevel level, std::string_view message) const {
  if (!enabled(level)) return;
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  // One fwrite per line: stdio locks the stream, so lines from several
  // threads do not interleave.
  const std::string line =
      fmt::format("manrs {} {} {}: {}\n", program_, stamp, LogLevelName(level), message);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace manrs::daemon
