// The local IRR: loading dumps, the snapshot (round trip, saving over an
// opened file, every truncation, flipped bytes, huge lengths), set expansion
// with loops, mbrs-by-ref, source scopes and range operators, and RPKI-aware
// mode.
#include "manrs/irr/database.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "gtest/gtest.h"
#include "manrs/irr/dump_loader.h"
#include "manrs/irr/set_expansion.h"

namespace manrs {
namespace {

std::string Data(const char* name) { return std::string(MANRS_TESTDATA) + "/irr/" + name; }

IrrDatabase LoadFixture(ProblemLog* problems) {
  IrrDatabase db;
  EXPECT_TRUE(LoadRpslDump(Data("bgpq-fixture.rpsl"), "", &db, *problems));
  EXPECT_TRUE(LoadRpslDump(Data("rpki-irr-bgp-stats__ripe-db-route.txt"), "", &db, *problems));
  EXPECT_TRUE(LoadRpslDump(Data("rpki-irr-bgp-stats__ripe-db-route6.txt"), "", &db, *problems));
  db.Finish();
  return db;
}

std::vector<std::string> Strings(const std::vector<PrefixRange>& ranges) {
  std::vector<std::string> out;
  for (const auto& r : ranges) out.push_back(r.ToString());
  return out;
}

TEST(IrrDatabase, LoadsAndIndexes) {
  ProblemLog problems;
  IrrDatabase db = LoadFixture(&problems);
  EXPECT_EQ(problems.count(), 0u);
  EXPECT_EQ(db.sources(), (std::vector<std::string>{"RIPE", "RADB", "ARIN"}));
  EXPECT_EQ(db.RoutesOf(64496, Afi::kIpv4).size(), 3u);
  EXPECT_EQ(db.RoutesOf(64496, Afi::kIpv6).size(), 1u);
  EXPECT_EQ(db.RoutesOf(5425, Afi::kIpv4).size(), 7u);
  auto p = *Prefix::Parse("192.0.2.0/24");
  EXPECT_EQ(db.RoutesExact(p).size(), 1u);
  EXPECT_EQ(db.RoutesMoreSpecific(p, true).size(), 2u);
  EXPECT_EQ(db.RoutesMoreSpecific(p, false).size(), 1u);
  EXPECT_EQ(db.RoutesLessSpecific(*Prefix::Parse("192.0.2.0/25"), false).size(), 1u);
  ASSERT_NE(db.FindSet("AS-FOO", kAllSources), nullptr);
  EXPECT_EQ(db.FindSet("AS-FOO", 0b010), nullptr);  // RADB only
  auto mntner = db.FindObjects("mntner", "TEST-MNT", kAllSources);
  ASSERT_EQ(mntner.size(), 1u);
  EXPECT_EQ(db.Text(*mntner[0]).substr(0, 7), "mntner:");
  EXPECT_EQ(db.FindObjects("route", "192.0.2.0/25AS64496", kAllSources).size(), 1u);
}

// A database saved to a temporary file, and the file's bytes.
struct SavedSnapshot {
  std::string path;
  std::string bytes;
};

SavedSnapshot Save(const IrrDatabase& db, const std::string& name) {
  SavedSnapshot saved{::testing::TempDir() + "/" + name, ""};
  EXPECT_TRUE(db.Save(saved.path));
  std::FILE* f = std::fopen(saved.path.c_str(), "rb");
  EXPECT_NE(f, nullptr);
  if (f == nullptr) return saved;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) saved.bytes.append(buf, n);
  std::fclose(f);
  return saved;
}

// Every object's text, sorted.
std::vector<std::string> Texts(const IrrDatabase& db) {
  std::vector<std::string> out;
  for (const auto& o : db.objects()) out.emplace_back(db.Text(o));
  std::sort(out.begin(), out.end());
  return out;
}

// The small database the damage tests cut and flip at every byte: sets,
// routes of both families and a mntner, from the bgpq fixture alone.
IrrDatabase SmallDatabase() {
  ProblemLog problems;
  IrrDatabase db;
  EXPECT_TRUE(LoadRpslDump(Data("bgpq-fixture.rpsl"), "", &db, problems));
  db.Finish();
  EXPECT_EQ(problems.count(), 0u);
  EXPECT_FALSE(db.routes().empty());
  EXPECT_FALSE(db.sets().empty());
  return db;
}

TEST(IrrSnapshot, RoundTripKeepsSourcesRoutesObjectsAndAnswers) {
  ProblemLog problems;
  IrrDatabase db = LoadFixture(&problems);
  const SavedSnapshot saved = Save(db, "irr_snapshot_round_trip.db");
  auto back = IrrDatabase::Open(saved.path);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->sources(), db.sources());
  EXPECT_EQ(back->routes(), db.routes());
  EXPECT_EQ(back->objects().size(), db.objects().size());
  auto mntner = back->FindObjects("mntner", "TEST-MNT", kAllSources);
  ASSERT_EQ(mntner.size(), 1u);
  EXPECT_EQ(back->Text(*mntner[0]).substr(0, 20), "mntner:     TEST-MNT");
  SetExpander a(db, {}), b(*back, {});
  EXPECT_EQ(a.ExpandPrefixes("AS-REAL", Afi::kIpv4), b.ExpandPrefixes("AS-REAL", Afi::kIpv4));
  std::filesystem::remove(saved.path);
}

// An opened snapshot is mmap'd and its object texts point into the mapping:
// adding to it and saving over the same file must keep every old text.
TEST(IrrSnapshot, SavingOverTheOpenedFileKeepsItsTexts) {
  const SavedSnapshot saved = Save(SmallDatabase(), "irr_snapshot_grow.db");
  auto before = IrrDatabase::OpenMemory(AsBytes(saved.bytes.data(), saved.bytes.size()));
  ASSERT_TRUE(before);
  auto grown = IrrDatabase::Open(saved.path);
  ASSERT_TRUE(grown);
  ProblemLog problems;
  LoadRpslText("mntner: NEW-MNT\nsource: RIPE\n", "new", "", &*grown, problems);
  grown->Finish();
  ASSERT_TRUE(grown->Save(saved.path));
  auto again = IrrDatabase::Open(saved.path);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->Text(*again->FindObjects("mntner", "NEW-MNT", kAllSources).at(0)),
            "mntner: NEW-MNT\nsource: RIPE\n");
  std::vector<std::string> expected = Texts(*before);
  expected.push_back("mntner: NEW-MNT\nsource: RIPE\n");
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Texts(*again), expected);
  std::filesystem::remove(saved.path);
}

// HACKING.md: every decoder has a test that each truncation is rejected.
TEST(IrrSnapshot, EveryTruncationIsRejected) {
  const SavedSnapshot saved = Save(SmallDatabase(), "irr_snapshot_cut.db");
  ASSERT_GT(saved.bytes.size(), 1000u);
  ASSERT_TRUE(IrrDatabase::OpenMemory(AsBytes(saved.bytes.data(), saved.bytes.size())));
  for (std::size_t cut = 0; cut < saved.bytes.size(); ++cut) {
    EXPECT_FALSE(IrrDatabase::OpenMemory(AsBytes(saved.bytes.data(), cut))) << "cut at " << cut;
  }
  // The same through a file (mmap'd, not copied).
  {
    std::FILE* f = std::fopen(saved.path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(saved.bytes.data(), 1, saved.bytes.size() - 1, f);
    std::fclose(f);
  }
  auto opened = IrrDatabase::Open(saved.path);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find(saved.path), std::string::npos) << opened.error().message;
  std::filesystem::remove(saved.path);
}

// Every byte flipped: opens or is rejected, never a crash; what opens answers
// expansions and holds no text beyond the data.
TEST(IrrSnapshot, EveryFlippedByteOpensOrIsRejected) {
  const SavedSnapshot saved = Save(SmallDatabase(), "irr_snapshot_flip.db");
  std::filesystem::remove(saved.path);
  for (std::size_t i = 0; i < saved.bytes.size(); ++i) {
    std::string damaged = saved.bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    auto opened = IrrDatabase::OpenMemory(AsBytes(damaged.data(), damaged.size()));
    if (!opened) continue;
    SetExpander x(*opened, {});
    for (const auto& set : opened->sets()) (void)x.ExpandPrefixes(set.name, Afi::kIpv4);
    for (const auto& o : opened->objects()) EXPECT_LE(opened->Text(o).size(), damaged.size()) << i;
  }
}

// Eight 0xff bytes anywhere (a length or offset near 2^64, which must not
// wrap around a bounds check): opens or is rejected, never a crash.
TEST(IrrSnapshot, HugeLengthsAnywhereOpenOrAreRejected) {
  const SavedSnapshot saved = Save(SmallDatabase(), "irr_snapshot_ff.db");
  std::filesystem::remove(saved.path);
  for (std::size_t i = 0; i + 8 <= saved.bytes.size(); ++i) {
    std::string damaged = saved.bytes;
    damaged.replace(i, 8, 8, '\xff');
    auto opened = IrrDatabase::OpenMemory(AsBytes(damaged.data(), damaged.size()));
    if (!opened) continue;
    for (const auto& o : opened->objects()) EXPECT_LE(opened->Text(o).size(), damaged.size()) << i;
  }
}

TEST(SetExpansion, AsSetsLoopsAndMbrsByRef) {
  ProblemLog problems;
  IrrDatabase db = LoadFixture(&problems);
  SetExpander x(db, {});
  auto asns = x.ExpandAsns("AS-FOO");
  ASSERT_TRUE(asns);
  EXPECT_EQ(*asns, (std::vector<Asn>{64496, 64497, 64498, 4200000001}));
  ASSERT_EQ(x.findings().size(), 1u);
  EXPECT_EQ(x.findings()[0].kind, ExpansionFinding::Kind::kLoop);
  EXPECT_EQ(x.findings()[0].detail, "AS-FOO -> AS-BAR -> AS-FOO");
  // AS8220 joins AS-REAL-SUB by member-of + mbrs-by-ref; AS3320's maintainer is not listed.
  EXPECT_EQ(*x.ExpandAsns("as-real"), (std::vector<Asn>{559, 1267, 5408, 5425, 8220, 12541}));
  EXPECT_EQ(*x.ExpandAsns("AS65000:AS-HIER"), std::vector<Asn>{64496});
  EXPECT_FALSE(x.ExpandAsns("AS-NOPE"));
  EXPECT_EQ(*x.ExpandAsns("AS64496"), std::vector<Asn>{64496});
  EXPECT_TRUE(x.ExpandAsns("AS-EMPTY")->empty());
  // Source scope: AS-FOO in RADB does not exist.
  EXPECT_FALSE(x.ExpandAsns("RADB::AS-FOO"));
  EXPECT_TRUE(x.ExpandAsns("RIPE::AS-FOO"));
}

TEST(SetExpansion, PrefixesAndRouteSets) {
  ProblemLog problems;
  IrrDatabase db = LoadFixture(&problems);
  SetExpander x(db, {});
  EXPECT_EQ(
      Strings(*x.ExpandPrefixes("AS-FOO", Afi::kIpv4)),
      (std::vector<std::string>{"10.10.0.0/16", "192.0.2.0/24", "192.0.2.0/25", "198.51.100.0/24",
                                "198.51.101.0/24", "203.0.113.0/24", "203.0.113.128/25"}));
  EXPECT_EQ(
      Strings(*x.ExpandPrefixes("AS-FOO", Afi::kIpv6)),
      (std::vector<std::string>{"2001:db8::/32", "2001:db8:1000::/36", "2001:db8:f000::/48"}));
  EXPECT_EQ(Strings(*x.ExpandPrefixes("RS-FOO", Afi::kIpv4)),
            (std::vector<std::string>{"192.0.2.0/29^+", "198.51.100.0/24", "198.51.100.0/24^25-26",
                                      "198.51.101.0/24", "203.0.113.0/24"}));
  EXPECT_EQ(Strings(*x.ExpandPrefixes("RS-FOO", Afi::kIpv6)),
            (std::vector<std::string>{"2001:db8::/32^48", "2001:db8:1000::/36"}));
  // Sources limit the expansion: RIPE only drops the RADB route of AS64497.
  ExpansionOptions ripe_only;
  ripe_only.sources = 0b001;
  SetExpander ripe(db, ripe_only);
  EXPECT_EQ(ripe.ExpandPrefixes("AS64497", Afi::kIpv4)->size(), 1u);
}

TEST(SetExpansion, RpkiAwareMode) {
  ProblemLog problems;
  IrrDatabase db = LoadFixture(&problems);
  // A VRP for 192.0.2.0/24-24 AS64511 makes AS64496's /24 valid? No: it is
  // another origin, so 192.0.2.0/24 and the /25 of AS64496 become Invalid.
  std::vector<Vrp> vrps{{*Prefix::Parse("192.0.2.0/24"), 24, 64511},
                        {*Prefix::Parse("10.10.0.0/16"), 16, 64496}};
  auto table = VrpTable::Build(vrps);
  ASSERT_TRUE(table);
  ExpansionOptions options;
  options.vrps = &*table;
  SetExpander x(db, options);
  EXPECT_EQ(Strings(*x.ExpandPrefixes("AS64496", Afi::kIpv4)),
            std::vector<std::string>{"10.10.0.0/16"});
  EXPECT_EQ(x.stats().rpki_invalid_suppressed, 2u);
  std::vector<Vrp> roas{{*Prefix::Parse("192.0.2.0/24"), 24, 64511}};
  options.roa_routes = &roas;
  SetExpander y(db, options);
  EXPECT_EQ(Strings(*y.ExpandPrefixes("AS64511", Afi::kIpv4)),
            std::vector<std::string>{"192.0.2.0/24"});
}

TEST(IrrDatabase, BadObjectsReportedWithLines) {
  IrrDatabase db;
  ProblemLog problems;
  LoadRpslText(
      "route: 192.0.2.1/24\norigin: AS1\nsource: X\n\nroute: 192.0.2.0/24\norigin: AS1\n\n"
      "route-set: RS-X\nmembers: 10.0.0.0/8^7, AS-Y\nsource: X\n",
      "t.db", "", &db, problems);
  db.Finish();
  ASSERT_EQ(problems.count(), 3u);
  EXPECT_EQ(problems.kept()[0].message, "route 192.0.2.1/24: bad prefix");
  EXPECT_EQ(problems.kept()[1].message, "route 192.0.2.0/24 has no source (use --source)");
  EXPECT_EQ(problems.kept()[2].message, "route-set RS-X: bad member '10.0.0.0/8^7' left out");
  EXPECT_EQ(problems.kept()[0].line, 1u);
  EXPECT_EQ(problems.kept()[1].line, 5u);
  EXPECT_EQ(problems.kept()[2].line, 8u);
  EXPECT_EQ(db.sets().size(), 1u);
}

}  // namespace
}  // namespace manrs

namespace manrs {
namespace {

// Found by rpsl_fuzz: an empty database (no route at all) must answer too.
TEST(IrrDatabase, EmptyDatabaseAnswers) {
  IrrDatabase db;
  db.Finish();
  EXPECT_TRUE(db.RoutesOf(64496, Afi::kIpv4).empty());
  EXPECT_TRUE(db.RoutesExact(*Prefix::Parse("192.0.2.0/24")).empty());
  EXPECT_TRUE(db.MembershipsOf("AS-FOO").empty());
  SetExpander x(db, {});
  EXPECT_TRUE(x.ExpandPrefixes("AS64496", Afi::kIpv4)->empty());
}

}  // namespace
}  // namespace manrs

namespace manrs {
namespace {

TEST(SetExpansion, ExpandSetForTheFilterGenerator) {
  ProblemLog problems;
  IrrDatabase db = LoadFixture(&problems);
  auto foo = ExpandSet(db, "AS-FOO", {});
  ASSERT_TRUE(foo);
  EXPECT_EQ(foo->asns.size(), 4u);
  EXPECT_EQ(foo->ipv4.size(), 7u);
  EXPECT_EQ(foo->ipv6.size(), 3u);
  ASSERT_EQ(foo->findings.size(), 1u);
  auto missing = ExpandSet(db, "AS-NOPE", {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "AS-NOPE: no such set or AS number in the selected sources");
  auto empty = ExpandSet(db, "AS-EMPTY", {});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->asns.empty() && empty->ipv4.empty() && empty->ipv6.empty());
  auto rs = ExpandSet(db, "RS-FOO", {});
  ASSERT_TRUE(rs);
  EXPECT_EQ(rs->asns, std::vector<Asn>{64497});
  EXPECT_EQ(rs->ipv6.size(), 2u);
}

}  // namespace
}  // namespace manrs
