// The SQLite store: round trips, replacing a period, one transaction per
// period, and the stores it must refuse with a clear error.
#include "manrs/observe/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "fmt/format.h"
#include "manrs/observe/report_format.h"
#include "observe/observe_test_util.h"

namespace manrs {
namespace {

using observe_test::Feeder;

constexpr std::int64_t kT0 = 1401487200;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("manrs_store_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "obs.sqlite").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A period with a hijack, a bogon and a few ASes.
  static PeriodResult Observe(std::int64_t start, int extra_routes) {
    auto vrps = *VrpTable::Build({*MakeVrp(*Prefix::Parse("195.0.113.0/24"), 24, 33510)});
    BogonPrefixes bogons = BogonPrefixes::BuiltIn();
    ObserveInputs in;
    in.vrps = &vrps;
    in.bogons = &bogons;
    ObserveConfig config;
    config.min_peers = 1;
    Observer o(in, config);
    Feeder f(&o);
    f.Announce(1, "195.0.113.0/24", {3356, 33666}, start);
    f.Announce(1, "10.0.0.0/8", {3356, 33667}, start + 10);
    f.Withdraw(1, 3356, "10.0.0.0/8", start + 100);
    for (int i = 0; i < extra_routes; ++i) {
      f.Rib(2, fmt::format("11.{}.{}.0/24", i / 256, i % 256).c_str(),
            {1299, static_cast<Asn>(100 + i)}, start);
    }
    return o.Finish(Period{start, start + 3600});
  }

  static std::string Jsonl(ObservatoryStore& store, const Period& p) {
    std::string out;
    Status s = store.ForEachReport(p, [&](const AsReport& r) -> Status {
      AppendReportJson(r, &out);
      out += '\n';
      return {};
    });
    EXPECT_TRUE(s) << s.error().message;
    return out;
  }
  static std::string Jsonl(const PeriodResult& r) {
    std::string out;
    for (const AsReport& a : r.ases) {
      AppendReportJson(a, &out);
      out += '\n';
    }
    return out;
  }

  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  // Turns a store of the current version back into version 2 (one row per
  // prefix, as version 2 wrote them), holding r's prefixes.
  void DowngradeToVersionTwo(const PeriodResult& r) {
    Sql("DROP TABLE prefix_sets");
    Sql("CREATE TABLE prefixes(period_id INTEGER NOT NULL, asn INTEGER NOT NULL, seq INTEGER "
        "NOT NULL, prefix TEXT NOT NULL, rpki TEXT NOT NULL, irr TEXT NOT NULL, peers INTEGER "
        "NOT NULL, bogon INTEGER NOT NULL, PRIMARY KEY(period_id, asn, seq)) WITHOUT ROWID");
    std::string rows;
    for (const AsReport& a : r.ases) {
      int seq = 0;
      for (const PrefixState& p : a.prefixes) {
        rows += fmt::format("{}(1, {}, {}, '{}', '{}', '{}', {}, {})", rows.empty() ? "" : ",",
                            a.metrics.asn, seq++, p.prefix.ToString(), RovStateName(p.rpki),
                            IrrStateName(p.irr), p.peers, p.bogon ? 1 : 0);
      }
    }
    ASSERT_FALSE(rows.empty());
    Sql("INSERT INTO prefixes VALUES" + rows);
    Sql("UPDATE meta SET value = '2' WHERE key = 'schema_version'");
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, RoundTripsEveryField) {
  PeriodResult r = Observe(kT0, 3);
  r.summary.inputs = {"mrt:a", "vrps:b"};
  r.ases[0].metrics.contacts.push_back(Contact{"irr", "role X", "tech-c", "a@b", "+1"});
  r.ases[0].metrics.policy_registered = true;
  r.ases[1].metrics.anti_spoofing = AntiSpoofing{10, 3, 1, 0, 2, {"a.json", "b c.json"}};
  ComputeReadiness(ObserveConfig{}, &r.ases[1].metrics);
  ASSERT_TRUE(r.ases[1].metrics.actions[1].score);
  auto store = OpenStore("sqlite:" + path_, StoreAccess::kReadWrite);
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE((*store)->WritePeriod(r));
  EXPECT_EQ(Jsonl(**store, r.period), Jsonl(r));
  EXPECT_NE(Jsonl(r).find("\"files\":[\"a.json\",\"b c.json\"]"), std::string::npos);
  auto one = (*store)->Report(r.period, 33666);
  ASSERT_TRUE(one && *one);
  ASSERT_EQ((*one)->incidents.size(), 1u);
  EXPECT_EQ((*one)->incidents[0].kind, IncidentKind::kHijack);
  auto summary = (*store)->Summary(r.period);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->inputs, r.summary.inputs);
  EXPECT_EQ(summary->elements, r.summary.elements);
  auto missing = (*store)->Report(r.period, 1);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_F(SqliteStoreTest, SamePeriodIsReplacedOthersStay) {
  auto store = OpenStore(path_, StoreAccess::kReadWrite);
  ASSERT_TRUE(store);
  PeriodResult first = Observe(kT0, 3);
  PeriodResult second = Observe(kT0 + 3600, 1);
  ASSERT_TRUE((*store)->WritePeriod(first));
  ASSERT_TRUE((*store)->WritePeriod(second));
  PeriodResult again = Observe(kT0, 5);
  ASSERT_TRUE((*store)->WritePeriod(again));
  auto periods = (*store)->Periods();
  ASSERT_TRUE(periods);
  ASSERT_EQ(periods->size(), 2u);
  EXPECT_EQ((*periods)[0], again.period);
  EXPECT_EQ(Jsonl(**store, again.period), Jsonl(again));
  EXPECT_EQ(Jsonl(**store, second.period), Jsonl(second));
  auto history = (*store)->History(33666);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].incidents, 1u);
  EXPECT_EQ((*history)[1].period, second.period);
}

TEST_F(SqliteStoreTest, NewerSchemaIsRefused) {
  ASSERT_TRUE(OpenStore(path_, StoreAccess::kReadWrite));
  Sql("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
  auto store = OpenStore(path_, StoreAccess::kReadWrite);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("schema version 99 is newer"), std::string::npos)
      << store.error().message;
}

// A version-1 store (before the anti-spoofing columns) is migrated in place
// by a writer and keeps its periods; readers refuse it until then.
TEST_F(SqliteStoreTest, VersionOneStoreIsMigrated) {
  PeriodResult r = Observe(kT0, 2);
  {
    auto store = OpenStore("sqlite:" + path_, StoreAccess::kReadWrite);
    ASSERT_TRUE(store && (*store)->WritePeriod(r));
  }
  std::string before;
  {
    auto store = OpenStore("sqlite:" + path_, StoreAccess::kReadOnly);
    ASSERT_TRUE(store);
    before = Jsonl(**store, r.period);
  }
  DowngradeToVersionTwo(r);
  for (const char* c : {"sav_packets", "sav_spoofed_packets", "sav_martian", "sav_bogon",
                        "sav_not_allowed", "sav_files"}) {
    Sql(fmt::format("ALTER TABLE as_metrics DROP COLUMN {}", c));
  }
  Sql("UPDATE meta SET value = '1' WHERE key = 'schema_version'");
  auto reader = OpenStore("sqlite:" + path_, StoreAccess::kReadOnly);
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().message.find("schema version 1 is older"), std::string::npos);
  auto store = OpenStore("sqlite:" + path_, StoreAccess::kReadWrite);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(Jsonl(**store, r.period), before);
}

// A version-2 store (one row per prefix) is migrated to prefix sets by a
// writer: the same reports, the old table gone.
TEST_F(SqliteStoreTest, VersionTwoStoreIsMigrated) {
  PeriodResult r = Observe(kT0, 300);
  {
    auto store = OpenStore("sqlite:" + path_, StoreAccess::kReadWrite);
    ASSERT_TRUE(store && (*store)->WritePeriod(r));
  }
  DowngradeToVersionTwo(r);
  auto reader = OpenStore("sqlite:" + path_, StoreAccess::kReadOnly);
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().message.find("schema version 2 is older"), std::string::npos);
  {
    auto store = OpenStore("sqlite:" + path_, StoreAccess::kReadWrite);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(Jsonl(**store, r.period), Jsonl(r));
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "SELECT 1 FROM prefixes", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

// A damaged prefix set is an error naming the AS and the offset, not a crash.
TEST_F(SqliteStoreTest, DamagedPrefixSetIsAnError) {
  PeriodResult r = Observe(kT0, 2);
  {
    auto store = OpenStore("sqlite:" + path_, StoreAccess::kReadWrite);
    ASSERT_TRUE(store && (*store)->WritePeriod(r));
  }
  Sql("UPDATE prefix_sets SET data = substr(data, 1, length(data) - 1) WHERE asn = 100");
  auto store = OpenStore("sqlite:" + path_, StoreAccess::kReadOnly);
  ASSERT_TRUE(store);
  Status s = (*store)->ForEachReport(r.period, [](const AsReport&) -> Status { return {}; });
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("prefixes of AS100 in the store are damaged: offset"),
            std::string::npos)
      << s.error().message;
}

TEST_F(SqliteStoreTest, ForeignSqliteFileIsRefused) {
  Sql("CREATE TABLE t(x)");
  auto store = OpenStore(path_, StoreAccess::kReadWrite);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("not an observatory store"), std::string::npos);
}

TEST_F(SqliteStoreTest, GarbageFileIsRefused) {
  {
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    std::fputs("this is not a database, just some text long enough to have a header......", f);
    std::fclose(f);
  }
  auto store = OpenStore(path_, StoreAccess::kReadWrite);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find(path_), std::string::npos);
}

TEST_F(SqliteStoreTest, MissingStoreIsAnErrorForReaders) {
  auto store = OpenStore(path_, StoreAccess::kReadOnly);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("no observatory store"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path_));
}

TEST_F(SqliteStoreTest, LockedStoreFailsAndKeepsItsContent) {
  PeriodResult first = Observe(kT0, 2);
  {
    auto store = OpenStore(path_, StoreAccess::kReadWrite);
    ASSERT_TRUE((*store)->WritePeriod(first));
  }
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  SqliteStoreOptions options;
  options.busy_timeout_ms = 50;
  auto store = OpenSqliteStore(path_, options);
  if (store) {  // opening may already meet the lock
    Status s = (*store)->WritePeriod(Observe(kT0 + 3600, 2));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("locked"), std::string::npos) << s.error().message;
  } else {
    EXPECT_NE(store.error().message.find("locked"), std::string::npos) << store.error().message;
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  auto reader = OpenStore(path_, StoreAccess::kReadOnly);
  ASSERT_TRUE(reader);
  EXPECT_EQ((*reader)->Periods()->size(), 1u);
  EXPECT_EQ(Jsonl(**reader, first.period), Jsonl(first));
}

TEST_F(SqliteStoreTest, FullStoreWritesNothingOfThePeriod) {
  PeriodResult first = Observe(kT0, 2);
  {
    auto store = OpenStore(path_, StoreAccess::kReadWrite);
    ASSERT_TRUE((*store)->WritePeriod(first));
  }
  SqliteStoreOptions options;
  options.max_page_count = 12;  // room for the schema and the first period only
  auto store = OpenSqliteStore(path_, options);
  ASSERT_TRUE(store) << store.error().message;
  Status s = (*store)->WritePeriod(Observe(kT0 + 3600, 3000));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("full"), std::string::npos) << s.error().message;
  // The same period again, replaced by a too-big one: the old one stays whole.
  s = (*store)->WritePeriod(Observe(kT0, 3000));
  ASSERT_FALSE(s);
  auto periods = (*store)->Periods();
  ASSERT_TRUE(periods);
  ASSERT_EQ(periods->size(), 1u);
  EXPECT_EQ(Jsonl(**store, first.period), Jsonl(first));
}

TEST_F(SqliteStoreTest, UnknownEngineIsAnError) {
  auto store = OpenStore("postgres://127.0.0.1:5432/x", StoreAccess::kReadWrite);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("unknown engine"), std::string::npos);
}

}  // namespace
}  // namespace manrs
