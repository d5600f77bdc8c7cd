#include "manrs/base/time_text.h"

#include <gtest/gtest.h>

namespace manrs {
namespace {

TEST(TimeText, UnixSeconds) {
  EXPECT_EQ(*ParseTimeText("0"), 0);
  EXPECT_EQ(*ParseTimeText("1470931210"), 1470931210);
  EXPECT_EQ(*ParseTimeText("99999999999"), 99999999999);
}

TEST(TimeText, Iso8601InUtc) {
  EXPECT_EQ(*ParseTimeText("2016-08-11"), 1470873600);
  EXPECT_EQ(*ParseTimeText("2016-08-11T16:00"), 1470931200);
  EXPECT_EQ(*ParseTimeText("2016-08-11T16:00:10"), 1470931210);
  EXPECT_EQ(*ParseTimeText("2016-08-11 16:00:10"), 1470931210);
  EXPECT_EQ(*ParseTimeText("2016-08-11T16:00:10Z"), 1470931210);
  EXPECT_EQ(*ParseTimeText("2016-08-11T18:00:10+02:00"), 1470931210);
  EXPECT_EQ(*ParseTimeText("2016-08-11T18:00:10+0200"), 1470931210);
  EXPECT_EQ(*ParseTimeText("2016-08-11T13:30:10-02:30"), 1470931210);
  EXPECT_EQ(*ParseTimeText("2016-08-11T18:00:10+02"), 1470931210);
  EXPECT_EQ(*ParseTimeText("2020-02-29"), 1582934400);  // a leap day
  EXPECT_EQ(*ParseTimeText("1970-01-01T00:00:00Z"), 0);
}

TEST(TimeText, RefusesTheRest) {
  for (const char* bad : {"",
                          "-5",
                          "+5",
                          "1.5",
                          "12abc",
                          " 12",
                          "12 ",
                          "yesterday",
                          "abc",
                          "99999999999999999999999",
                          "2016-08-11T16:00:10.5Z",
                          "2016-08-11T16:00:10ZZ",
                          "2016-08-11T24:00",
                          "2016-13-01",
                          "2021-02-29",
                          "2016-8-11",
                          "2016-08-11T16",
                          "2016-08-11T16:00:10+2",
                          "1969-12-31",
                          "1970-01-01T00:30+01:00",
                          "2016-08-11x"}) {
    auto t = ParseTimeText(bad);
    EXPECT_FALSE(t) << bad;
    if (!t) {
      EXPECT_EQ(t.error().code, ErrorCode::kParse) << bad;
    }
  }
}

TEST(TimeText, MessageQuotesTheTextCut) {
  const std::string junk(1000, 'x');
  auto t = ParseTimeText(junk);
  ASSERT_FALSE(t);
  EXPECT_LT(t.error().message.size(), 200u);
  EXPECT_NE(t.error().message.find("'..."), std::string::npos);
}

}  // namespace
}  // namespace manrs
