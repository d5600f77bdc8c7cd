// The libcurl client against the daemon's own HTTP server on loopback:
// conditional GETs, redirects, error statuses, the body cap, streaming,
// refused connections and bad URLs.
#include "manrs/daemon/http_client.h"

#include <gtest/gtest.h>

#include "fmt/format.h"
#include "manrs/daemon/endpoint.h"
#include "manrs/daemon/http_server.h"

namespace manrs::daemon {
namespace {

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/vrps.json", [](const HttpRequest& r) {
      if (r.Header("If-None-Match") == "\"v1\"" ||
          r.Header("if-modified-since") == "Tue, 01 Jul 2025 00:00:00 GMT") {
        return HttpReply{304, "application/json", "", {{"ETag", "\"v1\""}}};
      }
      return HttpReply{200,
                       "application/json",
                       std::string(100000, 'x'),
                       {{"ETag", "\"v1\""}, {"Last-Modified", "Tue, 01 Jul 2025 00:00:00 GMT"}}};
    });
    server_.Get("/moved", [](const HttpRequest&) {
      return HttpReply{302, "text/plain", "", {{"Location", "/vrps.json"}}};
    });
    server_.Get("/loop", [](const HttpRequest&) {
      return HttpReply{302, "text/plain", "", {{"Location", "/loop"}}};
    });
    ASSERT_TRUE(server_.Bind("127.0.0.1:0"));
    server_.Start();
    base_ = fmt::format("http://127.0.0.1:{}", server_.ports()[0]);
  }

  HttpServer server_{HttpOptions{5, 5, 1, 100, 65536, 2}};
  std::string base_;
};

TEST_F(HttpClientTest, ConditionalGet) {
  auto first = HttpGet(base_ + "/vrps.json", {});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body.size(), 100000u);
  EXPECT_EQ(first->validators.etag, "\"v1\"");
  EXPECT_EQ(first->validators.last_modified, "Tue, 01 Jul 2025 00:00:00 GMT");
  auto again = HttpGet(base_ + "/vrps.json", first->validators);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  auto by_date = HttpGet(base_ + "/vrps.json", {"", first->validators.last_modified});
  ASSERT_TRUE(by_date);
  EXPECT_EQ(by_date->status, 304);
}

TEST_F(HttpClientTest, RedirectsAndStatuses) {
  auto moved = HttpGet(base_ + "/moved", {});
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->status, 200);
  EXPECT_EQ(moved->validators.etag, "\"v1\"");
  EXPECT_FALSE(HttpGet(base_ + "/loop", {}));  // past max_redirects
  auto missing = HttpGet(base_ + "/missing", {});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(HttpClientTest, StreamingAndTheBodyCap) {
  std::size_t streamed = 0, pieces = 0;
  auto r = HttpGet(base_ + "/vrps.json", {}, [&](std::string_view piece) {
    streamed += piece.size();
    ++pieces;
    return true;
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(streamed, 100000u);
  EXPECT_GE(pieces, 1u);
  EXPECT_EQ(r->body, "");
  HttpFetchOptions small;
  small.max_body_bytes = 1000;
  auto capped = HttpGet(base_ + "/vrps.json", {}, small);
  ASSERT_FALSE(capped);
  EXPECT_NE(capped.error().message.find("body larger than 1000 bytes"), std::string::npos);
  auto stopped = HttpGet(base_ + "/vrps.json", {}, [](std::string_view) { return false; });
  ASSERT_FALSE(stopped);
}

TEST(HttpClientErrors, RefusedAndBadUrls) {
  std::uint16_t port = 0;
  {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io);
    ASSERT_TRUE(Listen("127.0.0.1:0", &acceptor));
    port = acceptor.local_endpoint().port();
  }  // closed: nothing listens there now
  for (const std::string& url : {fmt::format("http://127.0.0.1:{}/vrps.json", port),
                                 std::string("http://"), std::string("ftp://127.0.0.1/x"),
                                 std::string("file:///etc/passwd"), std::string("nonsense")}) {
    auto r = HttpGet(url, {});
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().message.rfind(url + ": ", 0), 0u) << r.error().message;
  }
}

}  // namespace
}  // namespace manrs::daemon
