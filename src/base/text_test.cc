// The text helpers every reader and writer shares: trimming, splitting,
// decimal appending, JSON strings (RFC 8259 section 7) and hex / Base64
// (RFC 4648).
#include "manrs/base/text.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/encoding.h"
#include "manrs/base/json_string.h"

namespace manrs {
namespace {

TEST(TextTest, TrimTakesBlanksOffBothEnds) {
  EXPECT_EQ(Trim(" \t a b \r\n"), "a b");
  EXPECT_EQ(Trim("\r\n"), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("\xC2\xA0x"), "\xC2\xA0x");  // no-break space is not ASCII: kept
}

TEST(TextTest, SplitIntoKeepsEveryFieldAndCountsThoseItCannotStore) {
  std::array<std::string_view, 4> f;
  EXPECT_EQ(SplitInto("1|2|-1", '|', f), 3u);
  EXPECT_EQ(f[0], "1");
  EXPECT_EQ(f[2], "-1");
  EXPECT_EQ(SplitInto(" a ||", '|', f), 3u);
  EXPECT_EQ(f[0], " a ");  // untrimmed
  EXPECT_EQ(f[1], "");
  EXPECT_EQ(f[2], "");
  EXPECT_EQ(SplitInto("", '|', f), 1u);
  EXPECT_EQ(SplitInto("1|2|3|4|5|6", '|', f), 6u);
  EXPECT_EQ(f[3], "4");  // the first four are stored
  EXPECT_EQ(SplitInto("x,y", ',', std::span<std::string_view>()), 2u);
}

TEST(TextTest, SplitListTrimsAndDropsEmptyItems) {
  EXPECT_EQ(SplitList("RIPE, RADB,,ARIN ,", ','),
            (std::vector<std::string>{"RIPE", "RADB", "ARIN"}));
  EXPECT_TRUE(SplitList("", ',').empty());
  EXPECT_TRUE(SplitList(" , ,", ',').empty());
}

TEST(TextTest, AppendsDecimalNumbers) {
  std::string out = "n=";
  for (std::uint64_t v : {std::uint64_t{0}, std::numeric_limits<std::uint64_t>::max()}) {
    AppendUint(&out, v);
    out += ' ';
  }
  for (std::int64_t v : {std::numeric_limits<std::int64_t>::min(), std::int64_t{-1}}) {
    AppendInt(&out, v);
    out += ' ';
  }
  EXPECT_EQ(out, "n=0 18446744073709551615 -9223372036854775808 -1 ");
}

// RFC 8259 section 7: "All Unicode characters may be placed within the
// quotation marks, except for the characters that MUST be escaped: quotation
// mark, reverse solidus, and the control characters (U+0000 through U+001F)."
TEST(JsonStringTest, EscapesQuoteBackslashAndEveryControlCharacter) {
  EXPECT_EQ(JsonString("AS-FOO"), "\"AS-FOO\"");
  EXPECT_EQ(JsonString("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
  EXPECT_EQ(JsonString("\b\t\n\f\r"), "\"\\b\\t\\n\\f\\r\"");
  EXPECT_EQ(JsonString(std::string_view("\0\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
  for (int c = 0; c < 0x20; ++c) {
    const std::string s = JsonString(std::string(1, static_cast<char>(c)));
    EXPECT_EQ(s[1], '\\') << c;  // escaped, never dropped or copied raw
    EXPECT_GE(s.size(), 4u) << c;
  }
  std::string out = "[";
  AppendJsonString(&out, "");
  EXPECT_EQ(out, "[\"\"");
}

// RFC 8259 section 8.1: JSON text "MUST be encoded using UTF-8". Well-formed
// UTF-8 (RFC 3629 section 4) is copied; any other byte becomes U+FFFD.
TEST(JsonStringTest, KeepsUtf8AndReplacesBytesThatAreNot) {
  EXPECT_EQ(JsonString("M\xC3\xBCnchen \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "\"M\xC3\xBCnchen \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  EXPECT_EQ(JsonString("M\xFCnchen"), "\"M\\ufffdnchen\"");                       // Latin-1
  EXPECT_EQ(JsonString("\xC0\xAF"), "\"\\ufffd\\ufffd\"");                        // overlong '/'
  EXPECT_EQ(JsonString("\xE0\x80\xAF"), "\"\\ufffd\\ufffd\\ufffd\"");             // overlong
  EXPECT_EQ(JsonString("\xED\xA0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");             // surrogate
  EXPECT_EQ(JsonString("\xF4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // > U+10FFFF
  EXPECT_EQ(JsonString("\xE2\x82"), "\"\\ufffd\\ufffd\"");  // cut short at the end
  EXPECT_EQ(JsonString("\xE2\x82x"), "\"\\ufffd\\ufffdx\"");
  EXPECT_EQ(JsonString("\x80"), "\"\\ufffd\"");  // a lone continuation byte
}

// RFC 4648 section 10 test vectors.
TEST(EncodingTest, Base64TestVectors) {
  const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char* coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(EncodeBase64(plain[i]), coded[i]);
    std::string out = "junk";
    ASSERT_TRUE(DecodeBase64(coded[i], &out)) << coded[i];
    EXPECT_EQ(out, plain[i]);
  }
  std::string out;
  ASSERT_TRUE(DecodeBase64("Zm9vYg", &out));  // padding optional
  EXPECT_EQ(out, "foob");
  ASSERT_TRUE(DecodeBase64("-_8", &out));  // section 5 alphabet
  EXPECT_EQ(out, "\xFB\xFF");
  EXPECT_FALSE(DecodeBase64("Zm9v!", &out));
  EXPECT_FALSE(DecodeBase64("Zm9vY", &out));  // no encoding has 4n+1 characters
}

TEST(EncodingTest, HexBothCasesInUpperCaseOut) {
  std::string out;
  ASSERT_TRUE(DecodeHex("00ff7Fa0", &out));
  EXPECT_EQ(out, std::string("\x00\xff\x7f\xa0", 4));
  EXPECT_EQ(EncodeHexUpper(out), "00FF7FA0");
  EXPECT_FALSE(DecodeHex("abc", &out));
  EXPECT_FALSE(DecodeHex("zz", &out));
}

}  // namespace
}  // namespace manrs

namespace manrs {
namespace {

TEST(LinesTest, JoinAndSplitAreInverse) {
  const std::vector<std::string> lines = {"vrps:a.json", "", "mrt:b c.mrt"};
  EXPECT_EQ(JoinLines(lines), "vrps:a.json\n\nmrt:b c.mrt");
  EXPECT_EQ(SplitLines(JoinLines(lines)), lines);
  EXPECT_TRUE(SplitLines("").empty());
  EXPECT_EQ(JoinLines({}), "");
  EXPECT_EQ(SplitLines("a\n"), std::vector<std::string>{"a"});
  EXPECT_EQ(SplitLines(" a \n"), std::vector<std::string>{" a "});
}

}  // namespace
}  // namespace manrs
