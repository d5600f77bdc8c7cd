// The client end to end against the real server on loopback (port 0), in
// every version, and the router-side checks of a full sync.
#include "manrs/rtr/client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "manrs/rtr/server.h"

namespace manrs::rtr {
namespace {

Vrp V4(std::uint32_t net, int len, int max, Asn asn) {
  return Vrp{Prefix::Normalized(IpAddress::V4(net), len), static_cast<std::uint8_t>(max), asn};
}

TEST(ClientTest, FullSyncChecksAsARouterDoes) {
  PayloadSet ok;
  ok.vrps = {V4(0x0a000000, 8, 8, 2), V4(0x0a000000, 8, 8, 1)};
  ok.aspas = {Aspa{5, {1, 2}}, Aspa{3, {4}}};
  EXPECT_FALSE(FinishFullSync(&ok));
  EXPECT_EQ(ok.vrps[0].asn, 1u);  // sorted
  EXPECT_EQ(ok.aspas[0].customer_asn, 3u);

  PayloadSet dup;
  dup.vrps = {V4(0x0a000000, 8, 8, 1), V4(0x0a000000, 8, 8, 1)};
  EXPECT_EQ(FinishFullSync(&dup)->first, ReportCode::kDuplicateAnnouncement);
  PayloadSet twice;
  twice.aspas = {Aspa{5, {1}}, Aspa{5, {2}}};
  EXPECT_EQ(FinishFullSync(&twice)->first, ReportCode::kDuplicateAnnouncement);
  for (const Aspa& bad : {Aspa{5, {}}, Aspa{5, {2, 1}}, Aspa{5, {1, 1}}, Aspa{5, {5}}}) {
    PayloadSet s;
    s.aspas = {bad};
    EXPECT_EQ(FinishFullSync(&s)->first, ReportCode::kAspaProviderListError);
  }
}

TEST(ClientTest, DumpsTheServerInEveryVersion) {
  char dir[] = "/tmp/manrs-rtr-client-test.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string vrps = std::string(dir) + "/vrps.json";
  const std::string ports = std::string(dir) + "/ports";
  std::ofstream(vrps) << R"({"metadata": {"buildtime": "2026-01-01T00:00:00Z"},
    "roas": [{"prefix": "192.0.2.0/24", "maxLength": 24, "asn": "AS64496", "ta": "t"},
             {"prefix": "2001:db8::/32", "maxLength": 48, "asn": 64497, "ta": "t"}],
    "aspas": [{"customer_asid": 64496, "providers": [64498, 64497]}]})";
  ServerOptions options;
  options.listen = {"127.0.0.1:0"};
  options.port_file = ports;
  options.reload.max_age_seconds = 0;
  options.quiet = true;
  RtrServer server(options, MakePayloadSource(vrps, ""));
  ASSERT_TRUE(server.Start());
  std::thread loop([&server] { server.Run(); });
  std::ifstream in(ports);
  std::string kind, port;
  in >> kind >> port;
  ASSERT_EQ(kind, "rtr");
  for (std::uint8_t version = 0; version <= 2; ++version) {
    ClientOptions client;
    client.address = "127.0.0.1:" + port;
    client.version = version;
    client.timeout_seconds = 20;
    auto dump = DumpCache(client);
    ASSERT_TRUE(dump) << dump.error().message;
    EXPECT_EQ(dump->version, version);
    EXPECT_EQ(dump->payloads.vrps.size(), 2u);
    EXPECT_EQ(dump->payloads.aspas.size(), version == 2 ? 1u : 0u);
    if (version == 2) {
      EXPECT_EQ(FormatDumpText(*dump),
                "192.0.2.0/24-24 AS64496\n2001:db8::/32-48 AS64497\n"
                "aspa AS64496 providers AS64497 AS64498\n");
      EXPECT_NE(FormatDumpJson(*dump).find("\"customer_asid\": 64496"), std::string::npos);
    }
  }
  ClientOptions nobody;
  nobody.address = "127.0.0.1:1";
  nobody.timeout_seconds = 5;
  EXPECT_FALSE(DumpCache(nobody));
  server.Stop();
  loop.join();
  std::remove(vrps.c_str());
  std::remove(ports.c_str());
  rmdir(dir);
}

// A cache that speaks version 1 only, as 8210bis section 7 has it: a query
// in a higher version gets Unsupported Protocol Version in version 1, and
// the connection closes.
TEST(ClientTest, DowngradesToTheVersionTheCacheOffers) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::vector<int> versions_seen;
  std::thread cache([&] {
    for (int round = 0; round < 2; ++round) {
      int fd = accept(listener, nullptr, nullptr);
      char query[8];
      if (fd < 0 || recv(fd, query, 8, MSG_WAITALL) != 8) return;
      versions_seen.push_back(query[0]);
      std::string reply;
      if (query[0] > 1) {
        AppendErrorReport(1, ReportCode::kUnsupportedProtocolVersion, AsBytes(query, 8),
                          "version 1 only", &reply);
      } else {
        AppendSimple(1, PduType::kCacheResponse, 9, 0, &reply);
        AppendPrefix(1, true, V4(0xc0000200, 24, 24, 64496), &reply);
        AppendEndOfData(1, 9, 3, Timers{}, &reply);
      }
      (void)send(fd, reply.data(), reply.size(), 0);
      close(fd);
    }
  });
  ClientOptions client;
  client.address = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  client.version = 2;
  client.timeout_seconds = 20;
  auto dump = DumpCache(client);
  cache.join();
  close(listener);
  ASSERT_TRUE(dump) << dump.error().message;
  EXPECT_EQ(dump->version, 1);
  EXPECT_EQ(dump->serial, 3u);
  EXPECT_EQ(dump->payloads.vrps.size(), 1u);
  EXPECT_EQ(versions_seen, (std::vector<int>{2, 1}));
}

}  // namespace
}  // namespace manrs::rtr
