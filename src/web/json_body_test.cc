// JSON request bodies: the shapes the API takes, refusals, every truncation.
#include "manrs/web/json_body.h"

#include <gtest/gtest.h>

namespace manrs::web {
namespace {

TEST(JsonBodyTest, Shapes) {
  auto body =
      ParseJsonBody(R"({"email":"a@b.example","asn":64500,"actions":["filtering","coordination"],)"
                    R"("notes":{"filtering":"prefix lists from IRR"},"x":null})");
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(body->String("email"), "a@b.example");
  EXPECT_EQ(body->integers.at("asn"), 64500);
  EXPECT_EQ(body->lists.at("actions").size(), 2u);
  EXPECT_EQ(body->objects.at("notes").at("filtering"), "prefix lists from IRR");
  EXPECT_FALSE(body->String("x"));
}

TEST(JsonBodyTest, Refusals) {
  for (const char* text :
       {"", "[]", "\"x\"", "{\"a\":1.5}", "{\"a\":true}", "{\"a\":[1]}", "{\"a\":{\"b\":[]}}",
        "{\"a\":18446744073709551615}", "{\"a\":\"\\ud800\"}"}) {
    EXPECT_FALSE(ParseJsonBody(text)) << text;
  }
  EXPECT_FALSE(ParseJsonBody("{\"a\":\"" + std::string(5000, 'x') + "\"}"));
}

TEST(JsonBodyTest, EveryTruncationIsRejected) {
  const std::string text = R"({"asn":64500,"actions":["filtering"],"notes":{"filtering":"x"}})";
  ASSERT_TRUE(ParseJsonBody(text));
  for (std::size_t n = 0; n < text.size(); ++n) {
    EXPECT_FALSE(ParseJsonBody(text.substr(0, n))) << n;
  }
}

}  // namespace
}  // namespace manrs::web
