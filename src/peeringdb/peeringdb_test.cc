// PeeringDB API objects: the shapes the API and its dumps use, bad objects
// reported at their byte offset, and every truncation of a file noticed.
#include "manrs/peeringdb/peeringdb.h"

#include <gtest/gtest.h>

namespace manrs {
namespace {

std::string Testdata(const std::string& name) { return std::string(MANRS_TESTDATA) + "/" + name; }

// The real net records of RIPE NCC, ARIN and RIPE NCC's DNS network.
TEST(PeeringDbTest, LoadsRealNetRecords) {
  ProblemLog problems;
  auto db =
      PeeringDb::Load(Testdata("peeringdb/arouteserver__peeringdb_net_3333_10745.json"), problems);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(problems.count(), 0u);
  EXPECT_EQ(db->stats().nets, 3u);
  const PeeringDbNet* ripe = db->Net(3333);
  ASSERT_NE(ripe, nullptr);
  EXPECT_EQ(ripe->name, "RIPE NCC");
  EXPECT_EQ(ripe->irr_as_set, "AS-RIPENCC");
  EXPECT_EQ(ripe->info_type, "Non-Profit");
  EXPECT_NE(db->Net(10745), nullptr);
  EXPECT_NE(db->Net(197000), nullptr);
  EXPECT_EQ(db->Net(1), nullptr);
  // The API answer counts no facility for any of the three (fac_count 0) and
  // carries no netfac_set: none is made up.
  EXPECT_EQ(db->stats().netfacs, 0u);
  EXPECT_TRUE(ripe->facilities.empty());
  EXPECT_EQ(ripe->ixlans.size(), 0u);
  // Its org (RIPE NCC's, 8829) is not in the answer: no country.
  EXPECT_EQ(ripe->org_id, 8829);
  EXPECT_EQ(ripe->country, "");
}

constexpr const char* kDump = R"({
  "ix": {"data": [{"id": 1, "name": "AMS-IX"}]},
  "net": {"data": [{"id": 10, "asn": 64500, "name": "Example", "info_type": "NSP", "org_id": 20},
                   {"id": 11, "asn": "not a number", "name": "Bad", "info_type": "NSP"},
                   {"id": 12, "asn": 64502, "name": "Other", "info_type": "Content", "org_id": 21,
                    "netfac_set": [{"id": 7, "fac_id": 2, "name": "Interxion FRA1",
                                    "city": "Frankfurt", "country": "DE", "local_asn": 64502}]}]},
  "poc": {"data": [{"id": 100, "net_id": 10, "role": "NOC", "visible": "Public",
                    "name": "NOC", "email": "noc@example.net", "phone": "+1 555 0100"},
                   {"id": 101, "net_id": 99, "role": "NOC", "visible": "Public"}]},
  "netixlan": {"data": [{"id": 5, "net_id": 10, "ix_id": 1, "ixlan_id": 1, "name": "AMS-IX",
                         "ipaddr4": "192.0.2.1", "ipaddr6": null, "speed": 10000}]},
  "netfac": {"data": [{"id": 6, "net_id": 10, "fac_id": 1, "local_asn": 64500},
                      {"id": 9, "net_id": 98, "fac_id": 1}]},
  "fac": {"data": [{"id": 1, "name": "Equinix AM7", "city": "Amsterdam", "country": "NL"}]},
  "org": {"data": [{"id": 20, "name": "Example BV", "city": "Utrecht", "country": "NL"},
                   {"id": 21, "name": "Other GmbH", "country": "DE"}]}
})";

TEST(PeeringDbTest, DumpOfSeveralTypes) {
  ProblemLog problems;
  auto db = PeeringDb::Parse(kDump, "dump.json", problems);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(db->stats().nets, 2u);
  EXPECT_EQ(db->stats().pocs, 1u);
  EXPECT_EQ(db->stats().netixlans, 1u);
  const PeeringDbNet* net = db->Net(64500);
  ASSERT_NE(net, nullptr);
  ASSERT_EQ(net->pocs.size(), 1u);
  EXPECT_EQ(net->pocs[0].email, "noc@example.net");
  ASSERT_EQ(net->ixlans.size(), 1u);
  EXPECT_EQ(net->ixlans[0].ipaddr4, "192.0.2.1");
  EXPECT_EQ(net->ixlans[0].speed, 10000);
  // A netfac object, named from its fac object.
  EXPECT_EQ(db->stats().netfacs, 2u);
  ASSERT_EQ(net->facilities.size(), 1u);
  EXPECT_EQ(net->facilities[0].fac_id, 1);
  EXPECT_EQ(net->facilities[0].name, "Equinix AM7");
  EXPECT_EQ(net->facilities[0].city, "Amsterdam");
  EXPECT_EQ(net->facilities[0].country, "NL");
  // A netfac_set inline in the net (depth=2).
  const PeeringDbNet* other = db->Net(64502);
  ASSERT_NE(other, nullptr);
  ASSERT_EQ(other->facilities.size(), 1u);
  EXPECT_EQ(other->facilities[0].net_id, 12);
  EXPECT_EQ(other->facilities[0].name, "Interxion FRA1");
  EXPECT_EQ(other->facilities[0].country, "DE");
  // Countries from the org objects (a net has none of its own).
  EXPECT_EQ(db->stats().orgs, 2u);
  EXPECT_EQ(net->org_id, 20);
  EXPECT_EQ(net->country, "NL");
  EXPECT_EQ(other->country, "DE");
  auto nl = db->InCountry("nl");
  ASSERT_EQ(nl.size(), 1u);
  EXPECT_EQ(nl[0]->asn, 64500u);
  EXPECT_TRUE(db->InCountry("US").empty());
  EXPECT_TRUE(db->InCountry("").empty());
  EXPECT_TRUE(db->stats().complete);
  // The net with a bad asn and the POC of an unknown net, each at its offset.
  ASSERT_EQ(problems.kept().size(), 2u);
  const std::string text = kDump;
  EXPECT_EQ(problems.kept()[0].offset, text.find("{\"id\": 11"));
  EXPECT_NE(problems.kept()[0].message.find("net.data[1]: member 'asn'"), std::string::npos)
      << problems.kept()[0].message;
  EXPECT_EQ(problems.kept()[1].offset, text.find("{\"id\": 101"));
}

// A bad entry in a net's netfac_set is a bad net, as in its poc_set.
TEST(PeeringDbTest, BadNetFacSetEntry) {
  const std::string text =
      R"({"data": [{"id": 1, "asn": 64500, "info_type": "NSP", "netfac_set": [{"fac_id": "x"}]}]})";
  ProblemLog problems;
  EXPECT_FALSE(PeeringDb::Parse(text, "x", problems));
  ASSERT_EQ(problems.kept().size(), 1u);
  EXPECT_EQ(problems.kept()[0].offset, text.find("{\"id\""));
  EXPECT_NE(problems.kept()[0].message.find("member 'netfac_set: fac_id'"), std::string::npos)
      << problems.kept()[0].message;
}

TEST(PeeringDbTest, NothingUsableIsAnError) {
  ProblemLog problems;
  EXPECT_FALSE(PeeringDb::Parse(R"({"data": []})", "x", problems));
  EXPECT_FALSE(PeeringDb::Parse("[1, 2]", "x", problems));
  EXPECT_FALSE(PeeringDb::Parse("", "x", problems));
  ProblemLog more;
  EXPECT_FALSE(PeeringDb::Load(Testdata("peeringdb/does-not-exist.json"), more));
}

// Every truncation either fails or reports a problem: a cut file is never
// taken silently for a whole one.
TEST(PeeringDbTest, EveryTruncationIsNoticed) {
  const std::string text = kDump;
  for (std::size_t n = 0; n < text.rfind('}'); ++n) {
    ProblemLog problems;
    auto db = PeeringDb::Parse(std::string_view(text).substr(0, n), "cut", problems);
    bool said_so = false;
    for (const Problem& p : problems.kept()) {
      said_so = said_so || p.message.find("the rest of the file is not read") != std::string::npos;
    }
    EXPECT_TRUE(!db || said_so) << "cut at " << n;
    EXPECT_TRUE(!db || !db->stats().complete) << "cut at " << n;
  }
}

}  // namespace
}  // namespace manrs
