#include "manrs/base/time_text.h"

#include <chrono>
#include <optional>
#include <string>

#include "manrs/base/quote.h"

namespace manrs {

namespace {

// Reads exactly n decimal digits from the front of *s.
bool Digits(std::string_view* s, std::size_t n, int* value) {
  if (s->size() < n) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = (*s)[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  s->remove_prefix(n);
  return true;
}

bool Take(std::string_view* s, char c) {
  if (s->empty() || s->front() != c) return false;
  s->remove_prefix(1);
  return true;
}

// The zone suffix: "", "Z", or +HH[[:]MM] / -HH[[:]MM]; seconds east of UTC.
bool ParseZone(std::string_view s, std::int64_t* offset) {
  *offset = 0;
  if (s.empty() || s == "Z" || s == "z") return true;
  const char sign = s.front();
  if (sign != '+' && sign != '-') return false;
  s.remove_prefix(1);
  int hours = 0, minutes = 0;
  if (!Digits(&s, 2, &hours)) return false;
  if (!s.empty()) {
    Take(&s, ':');
    if (!Digits(&s, 2, &minutes) || !s.empty()) return false;
  }
  if (hours > 23 || minutes > 59) return false;
  *offset = (sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  return true;
}

std::optional<std::int64_t> ParseIso8601(std::string_view s) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(&s, 4, &year) || !Take(&s, '-') || !Digits(&s, 2, &month) || !Take(&s, '-') ||
      !Digits(&s, 2, &day)) {
    return std::nullopt;
  }
  if (Take(&s, 'T') || Take(&s, 't') || Take(&s, ' ')) {
    if (!Digits(&s, 2, &hour) || !Take(&s, ':') || !Digits(&s, 2, &minute)) return std::nullopt;
    if (Take(&s, ':') && !Digits(&s, 2, &second)) return std::nullopt;
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  }
  std::int64_t offset = 0;
  if (!ParseZone(s, &offset)) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  return days * 86400 + hour * 3600 + minute * 60 + second - offset;
}

}  // namespace

Result<std::int64_t> ParseTimeText(std::string_view text) {
  auto refuse = [&](const char* why) {
    return MakeError(ErrorCode::kParse,
                     std::string("bad time ") + QuoteForMessage(text) + ": " + why);
  };
  if (text.empty()) return refuse("empty");
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    if (text.size() > 12) return refuse("out of range");
    std::int64_t seconds = 0;
    for (char c : text) seconds = seconds * 10 + (c - '0');
    return seconds;
  }
  auto seconds = ParseIso8601(text);
  if (!seconds) {
    return refuse("expected Unix seconds or ISO 8601 (e.g. 2016-08-11T16:00:10Z)");
  }
  if (*seconds < 0) return refuse("before 1970");
  return *seconds;
}

}  // namespace manrs
