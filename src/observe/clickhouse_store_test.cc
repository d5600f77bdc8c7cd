// The ClickHouse store URL. The store itself runs against a real 2-shard
// cluster in tests/clickhouse_store_test.sh (it needs clickhouse-server).
#include "manrs/observe/clickhouse_store.h"

#include <gtest/gtest.h>

namespace manrs {
namespace {

TEST(ClickHouseUrl, Parses) {
  auto u = ParseClickHouseUrl("clickhouse://127.0.0.1:18123/manrs?cluster=twoshards");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 18123);
  EXPECT_EQ(u->database, "manrs");
  EXPECT_EQ(u->cluster, "twoshards");
  auto d = ParseClickHouseUrl("clickhouse://ch.example/obs?cluster=c1");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->port, 8123);
  EXPECT_EQ(d->page_ases, 20000u);
  auto page = ParseClickHouseUrl("clickhouse://h:1/obs?cluster=c1&page_ases=7");
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->cluster, "c1");
  EXPECT_EQ(page->page_ases, 7u);
  auto first = ParseClickHouseUrl("clickhouse://h:1/obs?page_ases=3&cluster=c1");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->page_ases, 3u);
}

TEST(ClickHouseUrl, RejectsWhatItCannotUse) {
  for (const char* bad :
       {"http://h:1/db?cluster=c", "clickhouse://h:1", "clickhouse://h:1/db",
        "clickhouse://h:1/db?cluster=", "clickhouse://h:0/db?cluster=c",
        "clickhouse://h:x/db?cluster=c", "clickhouse://:1/db?cluster=c",
        "clickhouse://h:1/d-b?cluster=c", "clickhouse://h:1/db?cluster=c'x",
        "clickhouse://h:1/db?user=u", "clickhouse://h:1/db?cluster=c&page_ases=0",
        "clickhouse://h:1/db?cluster=c&page_ases=x",
        "clickhouse://h:1/db?cluster=c&page_ases=", "clickhouse://h:1/db?page_ases=5"}) {
    auto u = ParseClickHouseUrl(bad);
    EXPECT_FALSE(u) << bad;
    if (!u) {
      EXPECT_NE(u.error().message.find(bad), std::string::npos);
    }
  }
}

TEST(ClickHouseUrl, OpenStoreReportsAnUnreachableServer) {
  // Port 1 on loopback: nothing listens.
  auto s = OpenStore("clickhouse://127.0.0.1:1/manrs?cluster=c", StoreAccess::kReadOnly);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("127.0.0.1:1"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace manrs
