// Names, times and scores of the observatory's report types.
#include "manrs/observe/report.h"

#include <cmath>
#include <ctime>

#include "fmt/format.h"

namespace manrs {

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = m > 2 ? m - 3 : m + 9;  // March = 0
  const unsigned doy = (153 * mp + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, std::size_t at, std::size_t n, int* out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string IsoTime(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

Result<std::int64_t> ParseIsoTime(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  auto bad = [&] {
    return MakeError(ErrorCode::kParse,
                     fmt::format("bad time '{}': want YYYY-MM-DDTHH:MM[:SS]Z", s));
  };
  if (!Digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d)) {
    return bad();
  }
  std::size_t at = 10;
  if (at < s.size()) {
    if (s[at] != 'T' && s[at] != ' ') return bad();
    if (!Digits(s, at + 1, 2, &h) || s.size() < at + 6 || s[at + 3] != ':' ||
        !Digits(s, at + 4, 2, &mi)) {
      return bad();
    }
    at += 6;
    if (at < s.size() && s[at] == ':') {
      if (!Digits(s, at + 1, 2, &se)) return bad();
      at += 3;
    }
    if (at < s.size() && s[at] == 'Z') ++at;
    if (at != s.size()) return bad();
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return bad();
  return DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
         mi * 60 + se;
}

Result<Period> ParsePeriod(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return MakeError(ErrorCode::kParse, fmt::format("bad period '{}': want START/END", text));
  }
  auto start = ParseIsoTime(text.substr(0, slash));
  if (!start) return Unexpected<Error>(start.error());
  auto end = ParseIsoTime(text.substr(slash + 1));
  if (!end) return Unexpected<Error>(end.error());
  if (*end < *start) {
    return MakeError(ErrorCode::kBadValue, fmt::format("period '{}' ends before it starts", text));
  }
  return Period{*start, *end};
}

std::string ToString(const Period& p) { return IsoTime(p.start) + "/" + IsoTime(p.end); }

const char* IncidentKindName(IncidentKind kind) {
  switch (kind) {
    case IncidentKind::kHijack:
      return "hijack";
    case IncidentKind::kLeak:
      return "leak";
    case IncidentKind::kBogonPrefix:
      return "bogon_prefix";
    case IncidentKind::kBogonAsn:
      return "bogon_asn";
  }
  return "?";
}

std::optional<IncidentKind> ParseIncidentKind(std::string_view name) {
  for (int i = 0; i < kIncidentKinds; ++i) {
    auto k = static_cast<IncidentKind>(i);
    if (name == IncidentKindName(k)) return k;
  }
  return std::nullopt;
}

const char* IncidentRoleName(IncidentRole role) {
  return role == IncidentRole::kCulprit ? "culprit" : "accomplice";
}

double IncidentScore(std::int64_t duration) {
  if (duration < 30 * 60) return 0.5;
  if (duration < 24 * 3600) return 1;
  return static_cast<double>(duration / 3600 / 24) + 1;
}

const char* IrrStateName(IrrState s) {
  switch (s) {
    case IrrState::kRegistered:
      return "registered";
    case IrrState::kCovered:
      return "covered";
    case IrrState::kNotRegistered:
      return "not-registered";
    case IrrState::kUnmeasured:
      return "unmeasured";
  }
  return "?";
}

const char* ReadinessLabelName(ReadinessLabel l) {
  switch (l) {
    case ReadinessLabel::kReady:
      return "ready";
    case ReadinessLabel::kAspiring:
      return "aspiring";
    case ReadinessLabel::kLagging:
      return "lagging";
    case ReadinessLabel::kUnmeasured:
      return "unmeasured";
  }
  return "?";
}

ReadinessLabel ReadinessLabelFromName(std::string_view name) {
  for (int i = 0; i < 4; ++i) {
    auto l = static_cast<ReadinessLabel>(i);
    if (name == ReadinessLabelName(l)) return l;
  }
  return ReadinessLabel::kUnmeasured;
}

IrrState IrrStateFromName(std::string_view name) {
  for (int i = 0; i < 4; ++i) {
    auto s = static_cast<IrrState>(i);
    if (name == IrrStateName(s)) return s;
  }
  return IrrState::kUnmeasured;
}

RovState RovStateFromStoredName(std::string_view name) {
  if (name == "valid") return RovState::kValid;
  if (name == "invalid") return RovState::kInvalid;
  return RovState::kNotFound;
}

const char* ActionName(Action a) {
  switch (a) {
    case Action::kFiltering:
      return "filtering";
    case Action::kAntiSpoofing:
      return "anti_spoofing";
    case Action::kCoordination:
      return "coordination";
    case Action::kGlobalValidation:
      return "global_validation";
  }
  return "?";
}

std::optional<double> AsMetrics::RpkiScore() const {
  const std::uint64_t total = rpki_valid + rpki_invalid + rpki_not_found;
  if (total == 0) return std::nullopt;
  const double n = static_cast<double>(total);
  return static_cast<double>(rpki_valid) / n - 10.0 * static_cast<double>(rpki_invalid) / n;
}

std::optional<double> AsMetrics::IrrShare() const {
  const std::uint64_t total = irr_registered + irr_not_registered;
  if (!irr_measured || total == 0) return std::nullopt;
  return static_cast<double>(irr_registered) / static_cast<double>(total);
}

}  // namespace manrs
