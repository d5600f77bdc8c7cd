// The whois server on a real socket: pipelined queries in one packet get
// their replies in order, "!q" and the end of single-query mode close the
// connection, and a replaced database serves new connections.
#include "manrs/irr/whois_server.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "manrs/daemon/asio.h"
#include "manrs/irr/dump_loader.h"

namespace manrs {
namespace {

std::shared_ptr<const IrrDatabase> Fixture(std::string_view extra = "") {
  auto db = std::make_shared<IrrDatabase>();
  ProblemLog problems;
  EXPECT_TRUE(
      LoadRpslDump(std::string(MANRS_TESTDATA) + "/irr/bgpq-fixture.rpsl", "", db.get(), problems));
  LoadRpslText(extra, "extra", "", db.get(), problems);
  db->Finish();
  return db;
}

// Sends queries in one write and reads until the server closes.
std::string Exchange(std::uint16_t port, const std::string& queries) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  asio::error_code ec;
  socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  EXPECT_FALSE(ec) << ec.message();
  if (!queries.empty()) asio::write(socket, asio::buffer(queries), ec);
  std::string reply;
  std::array<char, 4096> buffer;
  while (true) {
    std::size_t n = socket.read_some(asio::buffer(buffer), ec);
    reply.append(buffer.data(), n);
    if (ec) break;
  }
  return reply;
}

TEST(WhoisServer, PipelinedQueriesAndClose) {
  WhoisConfig config;
  WhoisServer server(Fixture(), config);
  ASSERT_TRUE(server.Listen("127.0.0.1:0"));
  ASSERT_NE(server.port(), 0);
  std::thread loop([&] { server.Run(); });
  EXPECT_EQ(Exchange(server.port(), "!!\n!nbgpq4 1.9\n!gas64496\n!6as64496\n!gas1\n!q\n"),
            "C\nA39\n10.10.0.0/16 192.0.2.0/24 192.0.2.0/25\nC\nA14\n2001:db8::/32\nC\nD\n");
  // Without "!!": one reply, then the server closes.
  EXPECT_EQ(Exchange(server.port(), "!6as64496\n!gas64496\n"), "A14\n2001:db8::/32\nC\n");
  // Queries split across writes and CRLF line ends.
  EXPECT_EQ(Exchange(server.port(), "!!\r\n!iAS-EMPTY,1\r\n!q\r\n"), "D\n");
  server.Replace(Fixture("route: 203.0.113.0/24\norigin: AS1\nsource: RIPE\n"));
  EXPECT_EQ(Exchange(server.port(), "!gAS1\n"), "A15\n203.0.113.0/24\nC\n");
  EXPECT_EQ(server.connections(), 4u);
  server.Stop();
  loop.join();
}

TEST(WhoisServer, IdleConnectionIsClosed) {
  WhoisConfig config;
  WhoisServer server(Fixture(), config);
  ASSERT_TRUE(server.Listen("127.0.0.1:0"));
  std::thread loop([&] { server.Run(); });
  // "!t1": one second of silence, and the server hangs up.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Exchange(server.port(), "!!\n!t1\n"), "C\n");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  server.Stop();
  loop.join();
}

TEST(WhoisServer, MetricsAndHealth) {
  WhoisConfig config;
  WhoisServer server(Fixture(), config);
  ASSERT_TRUE(server.Listen("127.0.0.1:0"));
  ASSERT_TRUE(server.ListenMetrics("127.0.0.1:0"));
  std::thread loop([&] { server.Run(); });
  Exchange(server.port(), "!gAS64496\n");
  std::string metrics = Exchange(server.metrics_port(), "GET /metrics HTTP/1.0\r\n\r\n");
  EXPECT_NE(metrics.find("\nmanrs_irr_last_reload_success 1\n"), std::string::npos) << metrics;
  EXPECT_EQ(metrics.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(metrics.find("\nmanrs_irr_connections_total 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("\nmanrs_irr_queries_total 1\n"), std::string::npos);
  EXPECT_NE(metrics.find("\nmanrs_irr_routes 11\n"), std::string::npos);
  std::string health = Exchange(server.metrics_port(),
                                "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(health.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << health;
  EXPECT_NE(health.find("\"status\":\"ready\",\"objects\":"), std::string::npos) << health;
  EXPECT_EQ(Exchange(server.metrics_port(), "GET /x HTTP/1.0\r\n\r\n").substr(0, 22),
            "HTTP/1.1 404 Not Found");
  // A failed reload keeps the data and turns /health to degraded.
  server.Reload([]() -> Result<std::shared_ptr<const IrrDatabase>> {
    return MakeError(ErrorCode::kIo, "irr.db: truncated");
  });
  health = Exchange(server.metrics_port(), "GET /health HTTP/1.0\r\n\r\n");
  EXPECT_EQ(health.rfind("HTTP/1.1 503 ", 0), 0u) << health;
  EXPECT_NE(health.find("\"status\":\"degraded\""), std::string::npos) << health;
  EXPECT_NE(health.find("\"last_reload_reason\":\"irr.db: truncated\""), std::string::npos);
  EXPECT_EQ(Exchange(server.port(), "!gAS64496\n"),
            "A39\n10.10.0.0/16 192.0.2.0/24 192.0.2.0/25\nC\n");
  server.Reload([] { return Result<std::shared_ptr<const IrrDatabase>>(Fixture()); });
  EXPECT_EQ(
      Exchange(server.metrics_port(), "GET /health HTTP/1.0\r\n\r\n").rfind("HTTP/1.1 200 ", 0),
      0u);
  EXPECT_EQ(server.reloads(), 1u);
  EXPECT_EQ(server.failed_reloads(), 1u);
  server.Stop();
  loop.join();
}

TEST(WhoisServer, SilentMetricsClientIsDropped) {
  WhoisConfig config;
  WhoisServer server(Fixture(), config);
  ASSERT_TRUE(server.Listen("127.0.0.1:0"));
  daemon::HttpOptions options;
  options.read_timeout_seconds = 1;
  options.keep_alive_seconds = 1;
  ASSERT_TRUE(server.ListenMetrics("127.0.0.1:0", options));
  std::thread loop([&] { server.Run(); });
  // Connects and says nothing: the server hangs up at the deadline.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Exchange(server.metrics_port(), ""), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  server.Stop();
  loop.join();
}

// Four event loop threads, clients at once: some pipelining, some sending a
// long batch of queries right when their idle timeout runs out, so the read
// handler is busy when the timer fires. The strand keeps the two apart; the
// ThreadSanitizer build (make test-tsan) reports them without it.
TEST(WhoisServer, ConcurrentClientsOnFourThreads) {
  WhoisConfig config;
  WhoisServer server(Fixture(), config);
  ASSERT_TRUE(server.Listen("127.0.0.1:0"));
  std::thread loop([&] { server.Run(4); });
  std::string batch;
  for (int i = 0; i < 4000; ++i) batch += "!6as64496\n";
  std::vector<std::thread> clients;
  std::atomic<int> good{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&, i] {
      for (int round = 0; round < 2; ++round) {
        if (Exchange(server.port(), "!!\n!gas64496\n!6as64496\n!q\n") ==
            "A39\n10.10.0.0/16 192.0.2.0/24 192.0.2.0/25\nC\nA14\n2001:db8::/32\nC\n") {
          ++good;
        }
        asio::io_context io;
        asio::ip::tcp::socket socket(io);
        socket.connect({asio::ip::make_address("127.0.0.1"), server.port()});
        asio::write(socket, asio::buffer(std::string("!!\n!t1\n")));
        std::string reply;
        asio::error_code ec;
        asio::read_until(socket, asio::dynamic_buffer(reply), "C\n", ec);
        // The batch arrives within a few milliseconds of the timeout.
        std::this_thread::sleep_for(std::chrono::milliseconds(996 + i));
        asio::write(socket, asio::buffer(batch), ec);
        asio::read(socket, asio::dynamic_buffer(reply), ec);  // to the server's close
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(good.load(), 16);
  EXPECT_EQ(server.connections(), 32u);
  server.Stop();
  loop.join();
}

TEST(WhoisServer, BadListenAddresses) {
  WhoisConfig config;
  WhoisServer server(Fixture(), config);
  EXPECT_FALSE(server.Listen("127.0.0.1"));
  EXPECT_FALSE(server.Listen("127.0.0.1:70000"));
  EXPECT_FALSE(server.Listen("not-an-address:43"));
}

}  // namespace
}  // namespace manrs
