// HOST:PORT forms, refusals, and binding (port 0, an address in use).
#include "manrs/daemon/endpoint.h"

#include <gtest/gtest.h>

#include "fmt/format.h"

namespace manrs::daemon {
namespace {

TEST(EndpointTest, Forms) {
  auto v4 = ParseEndpoint("127.0.0.1:8282");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->address().to_string(), "127.0.0.1");
  EXPECT_EQ(v4->port(), 8282);
  auto v6 = ParseEndpoint("[::1]:43");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->address().is_v6());
  EXPECT_EQ(v6->port(), 43);
  auto any = ParseEndpoint(":0");
  ASSERT_TRUE(any);
  EXPECT_TRUE(any->address().is_unspecified());
  auto named = ParseEndpoint("localhost:80");
  ASSERT_TRUE(named);
  EXPECT_TRUE(named->address().is_loopback());
}

TEST(EndpointTest, Refusals) {
  for (const char* bad : {"127.0.0.1", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:8x",
                          "127.0.0.1:-1", "[::1:80", "[not-v6]:80"}) {
    EXPECT_FALSE(ParseEndpoint(bad)) << bad;
  }
  auto e = ParseEndpoint("127.0.0.1:70000");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "'127.0.0.1:70000': bad port");
}

TEST(EndpointTest, ListenOnFreePortAndRefuseTaken) {
  asio::io_context io;
  asio::ip::tcp::acceptor first(io), second(io), v6(io);
  ASSERT_TRUE(Listen("127.0.0.1:0", &first));
  const auto port = first.local_endpoint().port();
  EXPECT_NE(port, 0);
  auto taken = Listen(fmt::format("127.0.0.1:{}", port), &second);
  ASSERT_FALSE(taken);
  EXPECT_NE(taken.error().message.find("listen on 127.0.0.1:"), std::string::npos);
  EXPECT_FALSE(second.is_open());
  if (Listen("[::1]:0", &v6)) {
    EXPECT_TRUE(v6.local_endpoint().address().is_v6());
  }
}

}  // namespace
}  // namespace manrs::daemon
