// Inserts a TabSeparated file into a ClickHouse table through the store's
// HTTP path (daemon::HttpPost, insert_distributed_sync=1, the body as the
// store sends it) and prints rows/s. bench/clickhouse_bench.sh runs it beside
// `clickhouse-client --query "INSERT ... FORMAT TSV"` on the same file.
//   clickhouse_insert_bench HTTP_URL TABLE FILE
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "fmt/format.h"
#include "manrs/daemon/http_client.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: clickhouse_insert_bench http://HOST:PORT/ TABLE FILE\n");
    return 2;
  }
  std::ifstream in(argv[3], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[3]);
    return 2;
  }
  const std::string body = buffer.str();
  std::size_t rows = 0;
  for (char c : body) rows += c == '\n';
  std::string url = std::string(argv[1]) + "?insert_distributed_sync=1&query=INSERT%20INTO%20" +
                    argv[2] + "%20FORMAT%20TabSeparated";
  const auto start = std::chrono::steady_clock::now();
  auto r = manrs::daemon::HttpPost(url, body);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!r || r->status != 200) {
    std::fprintf(stderr, "insert failed: %s\n",
                 r ? r->body.c_str() : r.error().message.c_str());
    return 1;
  }
  std::printf("%zu rows %.3f s %.0f rows/s\n", rows, seconds, static_cast<double>(rows) / seconds);
  return 0;
}
