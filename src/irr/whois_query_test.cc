// The whois query language, byte for byte, on the query sequences bgpq4 1.9
// and bgpq3 0.1.36.1 send (recorded in ../shared/PEERS.md section 3) and on
// the other IRRd and RIPE-style queries.
#include "manrs/irr/whois_query.h"

#include "gtest/gtest.h"
#include "manrs/irr/dump_loader.h"

namespace manrs {
namespace {

class WhoisQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProblemLog problems;
    ASSERT_TRUE(
        LoadRpslDump(std::string(MANRS_TESTDATA) + "/irr/bgpq-fixture.rpsl", "", &db_, problems));
    db_.Finish();
  }
  // Runs queries on one session; returns the concatenated replies.
  std::string Run(std::initializer_list<std::string_view> queries, bool* open = nullptr) {
    WhoisSession session(db_, config_);
    std::string reply;
    bool keep = true;
    for (auto q : queries) keep = session.Handle(q, &reply);
    if (open) *open = keep;
    return reply;
  }
  IrrDatabase db_;
  WhoisConfig config_;
};

TEST_F(WhoisQueryTest, Bgpq4WithA) {
  bool open = false;
  EXPECT_EQ(Run({"!!", "!nbgpq4 1.9", "!a", "!s-lc", "!a4AS-FOO", "!sRIPE,RADB,ARIN"}, &open),
            "C\n"
            "F Missing required set name for A query\n"
            "A15\nRIPE,RADB,ARIN\nC\n"
            "A103\n10.10.0.0/16 192.0.2.0/24 192.0.2.0/25 198.51.100.0/24 198.51.101.0/24 "
            "203.0.113.0/24 203.0.113.128/25\nC\n"
            "C\n");
  EXPECT_TRUE(open);
  EXPECT_EQ(Run({"!!", "!a6AS-FOO"}),
            "A52\n2001:db8::/32 2001:db8:1000::/36 2001:db8:f000::/48\nC\n");
  Run({"!!", "!q"}, &open);
  EXPECT_FALSE(open);
}

TEST_F(WhoisQueryTest, Bgpq3AndPerAsnQueries) {
  EXPECT_EQ(Run({"!!", "!iAS-FOO,1", "!gas64496", "!6as64496", "!gas64499", "!gAS-X"}),
            "A37\nAS4200000001 AS64496 AS64497 AS64498\nC\n"
            "A39\n10.10.0.0/16 192.0.2.0/24 192.0.2.0/25\nC\n"
            "A14\n2001:db8::/32\nC\n"
            "D\n"
            "F Invalid AS number AS-X\n");
  EXPECT_EQ(Run({"!!", "!iAS-FOO", "!iAS-EMPTY,1", "!iAS-NOPE,1", "!iRS-BAR,1"}),
            "A23\nAS-BAR AS64496 AS64497\nC\nD\nD\nA15\n203.0.113.0/24\nC\n");
  EXPECT_EQ(Run({"!!", "!iAS-REAL-SUB"}), "A15\nAS12541 AS8220\nC\n");
}

TEST_F(WhoisQueryTest, SourcesAndScope) {
  EXPECT_EQ(Run({"!!", "!sRADB", "!s-lc", "!iAS-FOO,1", "!sNOPE", "!s-lc"}),
            "C\nA5\nRADB\nC\nD\nF One or more selected sources are unavailable.\nA5\nRADB\nC\n");
  EXPECT_EQ(Run({"!!", "!sRIPE", "!g64497"}), "C\nA16\n198.51.100.0/24\nC\n");
  EXPECT_EQ(Run({"!!", "!iRIPE::AS-EMPTY", "!iRADB::AS-FOO,1"}), "D\nD\n");
}

TEST_F(WhoisQueryTest, ClientSourceOrderIsThePreference) {
  // AS-FOO exists in RIPE and in ALTDB (loaded last, least preferred).
  ProblemLog problems;
  LoadRpslText("as-set: AS-FOO\nmembers: AS5425\nsource: ALTDB\n", "altdb", "", &db_, problems);
  db_.Finish();
  EXPECT_EQ(Run({"!!", "!iAS-FOO,1", "!sALTDB,RIPE", "!s-lc", "!iAS-FOO,1", "!sRIPE,ALTDB",
                 "!iAS-FOO,1"}),
            "A37\nAS4200000001 AS64496 AS64497 AS64498\nC\n"
            "C\nA11\nALTDB,RIPE\nC\nA7\nAS5425\nC\n"
            "C\nA37\nAS4200000001 AS64496 AS64497 AS64498\nC\n");
}

TEST_F(WhoisQueryTest, RpkiAwareMode) {
  auto table = VrpTable::Build({{*Prefix::Parse("192.0.2.0/24"), 24, 64511}});
  ASSERT_TRUE(table);
  config_.vrps = &*table;
  // 192.0.2.0/24 and /25 of AS64496 are Invalid: gone from !g, !a, !r.
  EXPECT_EQ(Run({"!!", "!gAS64496", "!r192.0.2.0/24,o", "!fno-rpki-filter", "!r192.0.2.0/24,o",
                 "!gAS64496"}),
            "A13\n10.10.0.0/16\nC\nD\n"
            "A103\nFiltering out RPKI invalids is disabled for !r and RIPE style queries for the "
            "rest of this connection.\nC\n"
            "A8\nAS64496\nC\nA13\n10.10.0.0/16\nC\n");
  EXPECT_EQ(Run({"-T route 192.0.2.0/25"}), "%  No entries found for the selected source(s).\n\n");
}

TEST_F(WhoisQueryTest, ObjectsRoutesAndMisc) {
  EXPECT_EQ(Run({"!!", "!mmntner,test-mnt"}),
            "A102\nmntner:     TEST-MNT\nauth:       CRYPT-PW LEuuhsBJNFV0Q\n"
            "upd-to:     test@example.com\nsource:     RIPE\nC\n");
  EXPECT_EQ(Run({"!!", "!r192.0.2.0/24,o", "!r192.0.2.0/24,M", "!r192.0.2.0/25,l"}),
            "A8\nAS64496\nC\n"
            "A62\nroute:      192.0.2.0/25\norigin:     AS64496\nsource:     RIPE\nC\n"
            "A62\nroute:      192.0.2.0/24\norigin:     AS64496\nsource:     RIPE\nC\n");
  EXPECT_EQ(Run({"!!", "!rfoo", "!r10.0.0.0/8,L", "!x", "!v", "!j-*"}),
            "F Invalid prefix: foo\nD\nF Unrecognised command: x\nA16\nmanrs-irr 0.1.0\nC\n"
            "A36\nRIPE:N:0-24\nRADB:N:0-24\nARIN:N:0-24\nC\n");
  EXPECT_EQ(Run({"!!", "!t60", "!t0", "!tx", "!t", "!n", "!m", "!s"}),
            "C\nF Invalid value for timeout: 0\nF Invalid value for timeout: x\n"
            "F Missing parameter for t query\nF Missing parameter for n query\n"
            "F Missing parameter for m query\nF Missing parameter for s query\n");
  bool open = true;
  EXPECT_EQ(Run({"!v"}, &open), "A16\nmanrs-irr 0.1.0\nC\n");
  EXPECT_FALSE(open);  // no "!!": one answer, then close
}

TEST_F(WhoisQueryTest, RipeStyle) {
  bool open = false;
  EXPECT_EQ(Run({"-k", "-K -i origin AS64497"}, &open),
            "route:      198.51.100.0/24\norigin:         AS64497\n\n"
            "route:      198.51.101.0/24\norigin:         AS64497\n\n"
            "route6:     2001:db8:1000::/36\norigin:         AS64497\n\n");
  EXPECT_TRUE(open);
  EXPECT_EQ(Run({"-s RADB -T route 10.10.0.0/16"}, &open),
            "route:      10.10.0.0/16\norigin:     AS64496\nsource:     RADB\n\n");
  EXPECT_FALSE(open);
  EXPECT_EQ(Run({"-s RIPE -T route 10.10.0.0/16"}),
            "%  No entries found for the selected source(s).\n\n");
  EXPECT_EQ(Run({"-i member-of AS-REAL-SUB"}).substr(0, 19), "aut-num:    AS8220\n");
  EXPECT_EQ(Run({"-z foo"}), "%ERROR:111: invalid option '-z'\n\n");
  EXPECT_EQ(Run({"-K -M 192.0.2.0/24"}), "route:      192.0.2.0/25\norigin:         AS64496\n\n");
  EXPECT_EQ(Run({"-K -l 192.0.2.0/25"}), "route:      192.0.2.0/24\norigin:         AS64496\n\n");
  EXPECT_EQ(Run({"!!", "!jRIPE,NOPE"}), "A36\nRIPE:N:0-24\nNOPE:X:Database unknown\nC\n");
}

}  // namespace
}  // namespace manrs
