// The HTTP responder on real sockets: answers, keep-alive, a silent client
// dropped at the read deadline, the body cap, several listeners.
#include "manrs/daemon/http_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "fmt/format.h"
#include "manrs/daemon/asio.h"

namespace manrs::daemon {
namespace {

using asio::ip::tcp;

// Writes request, then reads until the server closes (or 10 s pass).
std::string Exchange(std::uint16_t port, const std::string& request) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  if (!request.empty()) asio::write(socket, asio::buffer(request));
  std::string reply;
  std::array<char, 4096> buffer;
  std::error_code error;
  while (!error) {
    const std::size_t n = socket.read_some(asio::buffer(buffer), error);
    reply.append(buffer.data(), n);
  }
  return reply;
}

HttpServer& Serve(HttpServer& server) {
  server.Get("/metrics", [](const HttpRequest&) { return HttpReply{200, "text/plain", "m 1\n"}; });
  server.Get("/health", [](const HttpRequest& r) {
    auto it = r.params.find("x");
    return HttpReply{503, "application/json", it == r.params.end() ? "{}" : it->second};
  });
  return server;
}

TEST(HttpServerTest, AnswersKeepsAliveAndRefuses) {
  HttpOptions options;
  options.keep_alive_seconds = 1;    // Stop() waits for idle connections
  options.read_timeout_seconds = 1;  // the 413 comes once the body read times out
  HttpServer server(options);
  ASSERT_TRUE(Serve(server).Bind("127.0.0.1:0"));
  ASSERT_TRUE(server.Bind("[::1]:0") || true);  // no IPv6 loopback in some sandboxes
  server.Start();
  const std::uint16_t port = server.ports()[0];
  // Two requests on one connection, the second closing it.
  {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(socket, asio::buffer(std::string("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")));
    std::string first;
    asio::read_until(socket, asio::dynamic_buffer(first), "\r\n\r\nm 1\n");
    EXPECT_EQ(first.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << first;
    EXPECT_NE(first.find("Keep-Alive: timeout=1"), std::string::npos) << first;
    asio::write(socket, asio::buffer(std::string(
                            "GET /health?x=y HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
    std::string second;
    std::error_code error;
    asio::read(socket, asio::dynamic_buffer(second), error);
    EXPECT_EQ(error, asio::error::eof);
    EXPECT_EQ(second.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0), 0u) << second;
    EXPECT_EQ(second.substr(second.size() - 5), "\r\n\r\ny");
  }
  EXPECT_EQ(Exchange(port, "GET /nothing HTTP/1.0\r\n\r\n").rfind("HTTP/1.1 404 ", 0), 0u);
  // A body over the cap.
  std::string big = fmt::format(
      "POST /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
      1 << 20);
  EXPECT_EQ(Exchange(port, big).rfind("HTTP/1.1 413 ", 0), 0u);
  server.Stop();
  server.Stop();
}

TEST(HttpServerTest, SilentClientIsDropped) {
  HttpOptions options;
  options.read_timeout_seconds = 1;
  options.keep_alive_seconds = 1;
  HttpServer server(options);
  ASSERT_TRUE(Serve(server).Bind("127.0.0.1:0"));
  server.Start();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Exchange(server.ports()[0], ""), "");  // connects, says nothing: closed
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // Half a request head, then silence: answered 400 and closed.
  EXPECT_EQ(Exchange(server.ports()[0], "GET /metrics HTTP/1.1\r\nHost:").rfind("HTTP/1.1 400 ", 0),
            0u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
}

// Sends data one byte every 200 ms until the server closes the connection
// (or limit passes); returns how long the connection lasted.
std::chrono::steady_clock::duration Trickle(std::uint16_t port, const std::string& head,
                                            std::chrono::seconds limit) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  const auto start = std::chrono::steady_clock::now();
  if (!head.empty()) asio::write(socket, asio::buffer(head));
  socket.non_blocking(true);
  std::array<char, 4096> buffer;
  while (std::chrono::steady_clock::now() - start < limit) {
    std::error_code error;
    asio::write(socket, asio::buffer(std::string(" ")), error);
    if (error) break;
    // A read of 0 bytes (end of stream) or an error other than "would
    // block": the server has closed.
    const std::size_t n = socket.read_some(asio::buffer(buffer), error);
    if (error && error != asio::error::would_block) break;
    if (!error && n == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return std::chrono::steady_clock::now() - start;
}

TEST(HttpServerTest, TrickledRequestIsCutOffAtTheRequestDeadline) {
  HttpOptions options;
  options.read_timeout_seconds = 5;  // every read is on time: only the request deadline cuts
  options.keep_alive_seconds = 1;
  options.request_timeout_seconds = 1;
  HttpServer server(options);
  ASSERT_TRUE(Serve(server).Bind("127.0.0.1:0"));
  server.Start();
  const std::uint16_t port = server.ports()[0];
  // A head that never ends, and a body that never ends, each one byte at a
  // time; another client is served meanwhile.
  std::thread other([port] {
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(Exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .rfind("HTTP/1.1 200 OK\r\n", 0),
                0u);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  EXPECT_LT(Trickle(port, "GET /metrics HTTP/1.1\r\nX-Slow: ", std::chrono::seconds(8)),
            std::chrono::seconds(4));
  EXPECT_LT(Trickle(port, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n",
                    std::chrono::seconds(8)),
            std::chrono::seconds(4));
  // The second request of a keep-alive connection has its own deadline.
  EXPECT_LT(
      Trickle(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nX-Slow: ",
              std::chrono::seconds(8)),
      std::chrono::seconds(5));
  other.join();
  EXPECT_EQ(server.requests_cut(), 3u);
  // A keep-alive connection whose requests each arrive in time is not cut.
  const std::uint64_t cut = server.requests_cut();
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  for (int i = 0; i < 3; ++i) {
    asio::write(socket, asio::buffer(std::string("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")));
    std::string reply;
    asio::read_until(socket, asio::dynamic_buffer(reply), "\r\n\r\nm 1\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
  }
  EXPECT_EQ(server.requests_cut(), cut);
}

TEST(HttpServerTest, PortInUseIsAnError) {
  HttpServer first, second;
  ASSERT_TRUE(first.Bind("127.0.0.1:0"));
  auto taken = second.Bind(fmt::format("127.0.0.1:{}", first.ports()[0]));
  ASSERT_FALSE(taken);
  EXPECT_NE(taken.error().message.find("listen on 127.0.0.1:"), std::string::npos);
  EXPECT_FALSE(second.Bind("127.0.0.1"));
}

}  // namespace
}  // namespace manrs::daemon
