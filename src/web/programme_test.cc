// The programme rules and the declared-vs-measured gaps.
#include "manrs/web/programme.h"

#include <gtest/gtest.h>

namespace manrs::web {
namespace {

std::vector<Action> Acts(std::vector<std::string> names) {
  auto parsed = ParseActions(names);
  EXPECT_TRUE(parsed);
  return parsed ? *parsed : std::vector<Action>{};
}

TEST(ProgrammeTest, ParseActions) {
  EXPECT_EQ(Acts({"global_validation", "filtering", "filtering"}),
            (std::vector<Action>{Action::kFiltering, Action::kGlobalValidation}));
  auto bad = ParseActions({"filtering", "<script>"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("<script>"), std::string::npos);
}

TEST(ProgrammeTest, Manrs2014NeedsTwo) {
  EXPECT_FALSE(CheckDeclaration(ProgrammeRule::kManrs2014, Acts({})));
  EXPECT_FALSE(CheckDeclaration(ProgrammeRule::kManrs2014, Acts({"filtering"})));
  EXPECT_TRUE(CheckDeclaration(ProgrammeRule::kManrs2014, Acts({"filtering", "coordination"})));
}

TEST(ProgrammeTest, Manrs2025CoordinationAloneDoesNotCount) {
  auto alone = CheckDeclaration(ProgrammeRule::kManrs2025, Acts({"coordination"}));
  ASSERT_FALSE(alone);
  EXPECT_NE(alone.error().message.find("coordination alone"), std::string::npos);
  EXPECT_FALSE(CheckDeclaration(ProgrammeRule::kManrs2025, Acts({})));
  EXPECT_TRUE(CheckDeclaration(ProgrammeRule::kManrs2025, Acts({"anti_spoofing"})));
  EXPECT_EQ(ParseProgrammeRule("manrs-2025"), ProgrammeRule::kManrs2025);
  EXPECT_FALSE(ParseProgrammeRule("manrs-2030"));
}

TEST(ProgrammeTest, Gaps) {
  AsMetrics m;
  m.actions[0] = {100.0, ReadinessLabel::kReady};  // filtering
  m.actions[1] = {std::nullopt, ReadinessLabel::kUnmeasured};
  m.actions[2] = {0.0, ReadinessLabel::kLagging};  // coordination
  m.actions[3] = {95.0, ReadinessLabel::kReady};   // global validation
  auto gaps = FindGaps(Acts({"filtering", "anti_spoofing", "coordination"}), &m);
  ASSERT_EQ(gaps.size(), 3u);
  EXPECT_EQ(gaps[0].action, Action::kAntiSpoofing);
  EXPECT_NE(gaps[0].text.find("not measurable"), std::string::npos);
  EXPECT_EQ(gaps[1].text, "coordination declared, measured lagging (score 0)");
  EXPECT_EQ(gaps[2].text, "global_validation not declared, yet measured ready (score 95)");
  EXPECT_EQ(FindGaps(Acts({"filtering"}), nullptr).size(), 1u);
}

}  // namespace
}  // namespace manrs::web
