#include "manrs/base/quote.h"

#include <gtest/gtest.h>

namespace manrs {
namespace {

TEST(QuoteForMessage, EscapesRawBytes) {
  EXPECT_EQ(QuoteForMessage("AS64500"), "'AS64500'");
  EXPECT_EQ(QuoteForMessage(std::string_view("a\nb\t\r\\'\0\x7f\xff", 10)),
            "'a\\nb\\t\\r\\\\\\'\\x00\\x7f\\xff'");
}

TEST(QuoteForMessage, CutsLongInput) {
  const std::string long_text(20'000'000, '7');
  const std::string quoted = QuoteForMessage(long_text);
  EXPECT_EQ(quoted, "'" + std::string(kQuoteLimit, '7') + "'...");
  EXPECT_EQ(QuoteForMessage("abcdef", 3), "'abc'...");
  EXPECT_EQ(QuoteForMessage("abc", 3), "'abc'");
}

TEST(EscapeForMessage, NoQuotesOfItsOwn) {
  EXPECT_EQ(EscapeForMessage("\"AS1\""), "\"AS1\"");
  EXPECT_EQ(EscapeForMessage("it's\x01"), "it's\\x01");
  EXPECT_EQ(EscapeForMessage(std::string(100, 'x')), std::string(kQuoteLimit, 'x') + "...");
}

}  // namespace
}  // namespace manrs
