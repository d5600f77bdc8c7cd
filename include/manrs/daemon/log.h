// The log sink of every daemon: one line per event on stderr (or a given
// stream), "manrs PROGRAM 2026-01-31T12:00:00Z LEVEL: message", with a level
// threshold (--quiet is kOff). Thread-safe: each line is one write.
#ifndef MANRS_DAEMON_LOG_H_
#define MANRS_DAEMON_LOG_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "fmt/format.h"

namespace manrs::daemon {

enum class LogLevel { kDebug, kInfo, kWarning, kError, kOff };

const char* LogLevelName(LogLevel level);

class Logger {
 public:
  // program: the daemon's name in each line ("rtr", "irr").
  explicit Logger(std::string program, LogLevel threshold = LogLevel::kInfo,
                  std::FILE* out = stderr)
      : program_(std::move(program)), threshold_(threshold), out_(out) {}

  bool enabled(LogLevel level) const { return level >= threshold_ && level != LogLevel::kOff; }

  // Writes message when level is at or above the threshold.
  void Write(LogLevel level, std::string_view message) const;

  template <typename... Args>
  void Info(fmt::format_string<Args...> format, Args&&... args) const {
    Log(LogLevel::kInfo, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Warning(fmt::format_string<Args...> format, Args&&... args) const {
    Log(LogLevel::kWarning, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Error(fmt::format_string<Args...> format, Args&&... args) const {
    Log(LogLevel::kError, format, std::forward<Args>(args)...);
  }

 private:
  template <typename... Args>
  void Log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) const {
    if (enabled(level)) Write(level, fmt::format(format, std::forward<Args>(args)...));
  }

  std::string program_;
  LogLevel threshold_;
  std::FILE* out_;
};

}  // namespace manrs::daemon

#endif  // MANRS_DAEMON_LOG_H_
