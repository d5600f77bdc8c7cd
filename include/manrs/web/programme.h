// The MANRS programme rules a declaration must meet, and the comparison of
// what a participant declares with what the observatory measures
// (doc/web.md).
#ifndef MANRS_WEB_PROGRAMME_H_
#define MANRS_WEB_PROGRAMME_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/observe/report.h"

namespace manrs::web {

enum class ProgrammeRule : std::uint8_t {
  kManrs2014,  // the founding rule: at least 2 of the 4 actions
  kManrs2025,  // at least 1 action, and coordination alone does not count
};
std::optional<ProgrammeRule> ParseProgrammeRule(std::string_view name);
const char* ProgrammeRuleName(ProgrammeRule rule);  // "manrs-2014", "manrs-2025"

// Parses action names ("filtering", ...), sorted and without duplicates;
// an unknown name is an error naming it.
Result<std::vector<Action>> ParseActions(const std::vector<std::string>& names);

// OK when actions meet rule, else kBadValue with the reason.
Status CheckDeclaration(ProgrammeRule rule, const std::vector<Action>& actions);

// One gap between declared and measured: a declared action the observatory
// does not find ready (or cannot measure), or a ready one not declared.
struct Gap {
  Action action;
  std::string text;  // "filtering declared, measured lagging (score 40)"
};

// The gaps of a declaration against the measured readiness (metrics may be
// null: the AS is not measured in the latest period).
std::vector<Gap> FindGaps(const std::vector<Action>& declared, const AsMetrics* metrics);

}  // namespace manrs::web

#endif  // MANRS_WEB_PROGRAMME_H_
