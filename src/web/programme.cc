#include "manrs/web/programme.h"

#include <algorithm>

#include "fmt/format.h"

namespace manrs::web {

std::optional<ProgrammeRule> ParseProgrammeRule(std::string_view name) {
  if (name == "manrs-2014") return ProgrammeRule::kManrs2014;
  if (name == "manrs-2025") return ProgrammeRule::kManrs2025;
  return std::nullopt;
}

const char* ProgrammeRuleName(ProgrammeRule rule) {
  return rule == ProgrammeRule::kManrs2014 ? "manrs-2014" : "manrs-2025";
}

Result<std::vector<Action>> ParseActions(const std::vector<std::string>& names) {
  std::vector<Action> out;
  for (const auto& name : names) {
    bool found = false;
    for (int a = 0; a < kActions; ++a) {
      if (name == ActionName(static_cast<Action>(a))) {
        out.push_back(static_cast<Action>(a));
        found = true;
      }
    }
    if (!found) {
      return MakeError(ErrorCode::kBadValue,
                       fmt::format("unknown action \"{}\" (filtering, anti_spoofing, coordination, "
                                   "global_validation)",
                                   name.size() > 40 ? name.substr(0, 40) + "..." : name));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status CheckDeclaration(ProgrammeRule rule, const std::vector<Action>& actions) {
  if (rule == ProgrammeRule::kManrs2014) {
    if (actions.size() < 2) {
      return MakeError(
          ErrorCode::kBadValue,
          fmt::format("manrs-2014 needs at least 2 of the 4 actions; {} declared", actions.size()));
    }
    return {};
  }
  const bool other = std::any_of(actions.begin(), actions.end(),
                                 [](Action a) { return a != Action::kCoordination; });
  if (!other) {
    return MakeError(ErrorCode::kBadValue,
                     actions.empty() ? "manrs-2025 needs at least 1 action; none declared"
                                     : "manrs-2025: coordination alone does not count; declare "
                                       "filtering, anti_spoofing or global_validation too");
  }
  return {};
}

std::vector<Gap> FindGaps(const std::vector<Action>& declared, const AsMetrics* metrics) {
  std::vector<Gap> gaps;
  for (int i = 0; i < kActions; ++i) {
    const Action a = static_cast<Action>(i);
    const bool is_declared = std::find(declared.begin(), declared.end(), a) != declared.end();
    if (metrics == nullptr) {
      if (is_declared)
        gaps.push_back({a, fmt::format("{} declared; the AS is not measured in the latest period",
                                       ActionName(a))});
      continue;
    }
    const Readiness& r = metrics->actions[static_cast<std::size_t>(i)];
    const std::string score = r.score ? fmt::format(" (score {:.0f})", *r.score) : std::string();
    if (is_declared && r.label == ReadinessLabel::kUnmeasured) {
      gaps.push_back(
          {a, fmt::format("{} declared; not measurable from the loaded data", ActionName(a))});
    } else if (is_declared && r.label != ReadinessLabel::kReady) {
      gaps.push_back({a, fmt::format("{} declared, measured {}{}", ActionName(a),
                                     ReadinessLabelName(r.label), score)});
    } else if (!is_declared && r.label == ReadinessLabel::kReady) {
      gaps.push_back(
          {a, fmt::format("{} not declared, yet measured ready{}", ActionName(a), score)});
    }
  }
  return gaps;
}

}  // namespace manrs::web
