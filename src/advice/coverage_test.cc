// `manrs coverage`: the RFC 9319 maxLength rule, the IRRexplorer conflicts
// and the ROA preview on crafted routes, each test quoting its rule.
#include "manrs/advice/coverage.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "manrs/mrt/element_reader.h"
#include "manrs/observe/observer.h"
#include "manrs/rpki/payload_loader.h"
#include "manrs/rpsl/object_reader.h"

namespace manrs {
namespace {

Prefix P(const char* text) { return *Prefix::Parse(text); }

std::vector<std::string> Roas(const std::vector<Vrp>& vrps) {
  std::vector<std::string> out;
  for (const Vrp& v : vrps) out.push_back(ToString(v));
  return out;
}

using Strings = std::vector<std::string>;

// RFC 9319 (paraphrased): use minimal ROAs; a maxLength longer than the
// prefix only when every more-specific prefix it permits is announced.
TEST(TightRoasTest, NoMaxLengthUnlessEveryMoreSpecificIsAnnounced) {
  EXPECT_EQ(Roas(TightRoas({P("185.1.0.0/22")}, 64500)), Strings{"185.1.0.0/22-22 AS64500"});
  // Both /23s announced: one ROA up to /23 permits exactly what is announced.
  EXPECT_EQ(Roas(TightRoas({P("185.1.0.0/22"), P("185.1.2.0/23"), P("185.1.0.0/23")}, 64500)),
            Strings{"185.1.0.0/22-23 AS64500"});
  // Three of the four /24s: /24 cannot be the maxLength; the three get their own.
  EXPECT_EQ(Roas(TightRoas({P("185.1.0.0/22"), P("185.1.0.0/23"), P("185.1.2.0/23"),
                            P("185.1.0.0/24"), P("185.1.1.0/24"), P("185.1.3.0/24")},
                           64500)),
            (Strings{"185.1.0.0/22-23 AS64500", "185.1.0.0/24-24 AS64500",
                     "185.1.1.0/24-24 AS64500", "185.1.3.0/24-24 AS64500"}));
  // One /23 of two: no maxLength; both halves without the /22: two ROAs.
  EXPECT_EQ(Roas(TightRoas({P("185.1.0.0/22"), P("185.1.2.0/23")}, 64500)),
            (Strings{"185.1.0.0/22-22 AS64500", "185.1.2.0/23-23 AS64500"}));
  EXPECT_EQ(Roas(TightRoas({P("185.1.2.0/23"), P("185.1.0.0/23")}, 64500)),
            (Strings{"185.1.0.0/23-23 AS64500", "185.1.2.0/23-23 AS64500"}));
  EXPECT_EQ(Roas(TightRoas({P("2001:db8::/32"), P("2001:db8::/33"), P("2001:db8:8000::/33")}, 1)),
            Strings{"2001:db8::/32-33 AS1"});
}

struct Fixture {
  IrrDatabase irr;
  VrpTable vrps;
  std::vector<Vrp> vrp_list;
  RouteView view;
  BogonPrefixes bogons = BogonPrefixes::BuiltIn();

  explicit Fixture(Asn asn) { view.asn = asn; }
  void Irr(const std::string& ripe, const std::string& radb) {
    ProblemLog problems;
    for (auto [name, text] : {std::pair{"RIPE", &ripe}, std::pair{"RADB", &radb}}) {
      auto source = irr.AddSource(name);
      RpslReader reader(*text, name, &problems);
      RpslObject object;
      while (reader.Next(&object)) irr.AddObject(object, *source, name, problems);
    }
    irr.Finish();
  }
  void Vrps(std::vector<Vrp> v) {
    vrp_list = v;
    vrps = *VrpTable::Build(std::move(v));
  }
  void Route(const char* prefix, Asn origin, int peers = 1) {
    for (int i = 0; i < peers; ++i) {
      view.table.Add(P(prefix), origin,
                     view.table.PeerId(CollectorPeer{
                         IpAddress::V4(0x0a000000u + static_cast<std::uint32_t>(i)), 1}));
    }
  }
  CoverageReport Run(int min_peers = 1) {
    CoverageInputs in;
    in.vrps = &vrps;
    in.vrp_list = vrp_list;
    in.irr = &irr;
    in.bogons = &bogons;
    return AnalyzeCoverage(view, min_peers, in);
  }
};

const PrefixCoverage* Find(const CoverageReport& r, const char* prefix) {
  for (const PrefixCoverage& p : r.prefixes) {
    if (p.prefix == P(prefix)) return &p;
  }
  return nullptr;
}

Strings Kinds(const std::vector<CoverageConflict>& list) {
  Strings out;
  for (const CoverageConflict& c : list) out.push_back(c.kind);
  return out;
}

// IRRexplorer's checks, one prefix each.
TEST(CoverageTest, IrrStatesAndConflicts) {
  Fixture f(64500);
  f.Irr(
      "route: 185.1.0.0/24\norigin: AS64500\nsource: RIPE\n\n"
      "route: 185.2.0.0/16\norigin: AS64500\nsource: RIPE\n\n"
      "route: 185.3.0.0/24\norigin: AS65001\nsource: RIPE\n\n"
      "route: 185.5.0.0/24\norigin: AS64500\nsource: RIPE\n\n"
      "route: 185.6.0.0/24\norigin: AS64500\nsource: RIPE\n",
      "route: 185.4.0.0/24\norigin: AS64500\nsource: RADB\n\n"
      "route: 185.5.0.0/24\norigin: AS65002\nsource: RADB\n");
  f.Vrps({Vrp{P("185.6.0.0/24"), 24, 65003}, Vrp{P("185.9.0.0/24"), 24, 64500}});
  for (const char* p : {"185.1.0.0/24", "185.2.1.0/24", "185.3.0.0/24", "185.4.0.0/24",
                        "185.5.0.0/24", "185.7.0.0/24", "10.1.0.0/16"}) {
    f.Route(p, 64500);
  }
  CoverageReport r = f.Run();
  ASSERT_EQ(r.prefixes.size(), 7u);
  // "registered exactly, by a less-specific, not registered, registered only
  // for another origin, only in a non-authoritative IRR".
  EXPECT_EQ(Find(r, "185.1.0.0/24")->irr, CoverageIrr::kRegistered);
  EXPECT_EQ(Find(r, "185.2.1.0/24")->irr, CoverageIrr::kCovered);
  EXPECT_EQ(Find(r, "185.7.0.0/24")->irr, CoverageIrr::kNotRegistered);
  EXPECT_EQ(Find(r, "185.3.0.0/24")->irr, CoverageIrr::kOtherOrigin);
  EXPECT_EQ(Find(r, "185.4.0.0/24")->irr, CoverageIrr::kNonAuthoritative);
  // "IRR origin differs from the BGP origin".
  EXPECT_EQ(Kinds(Find(r, "185.3.0.0/24")->conflicts), Strings{"irr-origin-differs"});
  // "several route objects with different origins".
  EXPECT_EQ(Kinds(Find(r, "185.5.0.0/24")->conflicts),
            (Strings{"irr-origin-differs", "multiple-irr-origins"}));
  // "special-use space".
  EXPECT_EQ(Kinds(Find(r, "10.1.0.0/16")->conflicts), Strings{"special-use"});
  // AS level: "ROAs for prefixes not seen in BGP", "route objects ... not
  // seen in BGP", "RPKI-invalid route objects"; the stale invalid one is
  // proposed for deletion.
  EXPECT_EQ(Kinds(r.conflicts),
            (Strings{"roa-not-in-bgp", "route-object-not-in-bgp",  // 185.2.0.0/16
                     "route-object-not-in-bgp",                    // 185.6.0.0/24
                     "rpki-invalid-route-object"}));
  bool deletion = false;
  for (const IrrObjectProposal& o : r.irr_objects) {
    if (o.action == "delete") {
      deletion = true;
      EXPECT_EQ(o.prefix, P("185.6.0.0/24"));
      EXPECT_EQ(o.source, "RIPE");
    }
  }
  EXPECT_TRUE(deletion);
  // Route objects are proposed where no authoritative object registers or covers.
  EXPECT_EQ(Find(r, "185.4.0.0/24")->proposals.front(), "route-object");
  EXPECT_TRUE(Find(r, "185.1.0.0/24")->proposals.front().starts_with("roa "));
}

// "ROA origin differs": invalid for another origin; no ROA is proposed
// (only the holder can issue it), unlike a too-specific announcement.
TEST(CoverageTest, RoaOriginDiffersIsNotProposed) {
  Fixture f(64500);
  f.Irr("", "");
  f.Vrps({Vrp{P("185.1.0.0/16"), 16, 65001}, Vrp{P("185.2.0.0/16"), 16, 64500}});
  f.Route("185.1.1.0/24", 64500);
  f.Route("185.2.1.0/24", 64500);
  CoverageReport r = f.Run();
  EXPECT_EQ(Kinds(Find(r, "185.1.1.0/24")->conflicts), Strings{"rpki-origin-differs"});
  EXPECT_EQ(Kinds(Find(r, "185.2.1.0/24")->conflicts), Strings{"rpki-invalid-length"});
  ASSERT_EQ(r.roas.size(), 1u);
  EXPECT_EQ(ToString(r.roas[0].roa), "185.2.1.0/24-24 AS64500");
  ASSERT_EQ(r.roas[0].changes.size(), 1u);
  EXPECT_EQ(r.roas[0].changes[0].before, RovState::kInvalid);
  EXPECT_EQ(r.roas[0].changes[0].after, RovState::kValid);
}

// "nothing announced today may turn invalid": a customer's more-specific
// (another origin, not-found today) inside the AS's prefix withholds the ROA;
// the visibility rule decides what "announced" is.
TEST(CoverageTest, PreviewWithholdsRoasThatInvalidateSeenRoutes) {
  Fixture f(64500);
  f.Irr("", "");
  f.Vrps({});
  f.Route("185.1.0.0/22", 64500, 2);
  f.Route("185.1.2.0/24", 65010, 2);  // a customer's /24
  f.Route("185.8.0.0/22", 64500, 2);
  f.Route("185.8.1.0/24", 65011, 1);  // seen by one peer only
  CoverageReport r = f.Run(2);
  ASSERT_EQ(r.roas.size(), 1u);
  EXPECT_EQ(ToString(r.roas[0].roa), "185.8.0.0/22-22 AS64500");
  ASSERT_EQ(r.withheld_roas.size(), 1u);
  EXPECT_EQ(ToString(r.withheld_roas[0].roa), "185.1.0.0/22-22 AS64500");
  ASSERT_EQ(r.withheld_roas[0].changes.size(), 2u);
  for (const RouteChange& c : r.withheld_roas[0].changes) {
    EXPECT_EQ(c.after, c.origin == 64500 ? RovState::kValid : RovState::kInvalid);
  }
  EXPECT_EQ(CoverageRoaCsv(r), "ASN,IP Prefix,Max Length\nAS64500,185.8.0.0/22,22\n");
}

TEST(CoverageTest, RpslProposals) {
  Fixture f(64500);
  f.Irr("aut-num: AS64500\nmnt-by: EXAMPLE-MNT\nsource: RIPE\n", "");
  f.Vrps({});
  f.Route("2a00:1::/32", 64500);
  CoverageReport r = f.Run();
  EXPECT_EQ(CoverageRpsl(r),
            "route6:         2a00:1::/32\norigin:         AS64500\n"
            "descr:          proposed by manrs coverage: IRR state not-registered\n"
            "mnt-by:         EXAMPLE-MNT\nsource:         RIPE\n\n");
}

}  // namespace
}  // namespace manrs

namespace manrs {
namespace {

// One notion: over the real jinx RIB slice and RIPE's route objects, the
// observatory's per-prefix IRR state (registered or covered) is exactly
// where `manrs coverage` finds a route object of the origin (registered,
// covered or non-authoritative), and their RPKI states agree.
TEST(CoverageTest, AgreesWithTheObservatory) {
  IrrDatabase irr;
  ProblemLog problems;
  auto source = irr.AddSource("RIPE");
  for (const char* name : {"/irr/rpki-irr-bgp-stats__ripe-db-route.txt",
                           "/irr/rpki-irr-bgp-stats__ripe-db-route6.txt"}) {
    std::ifstream in(std::string(MANRS_TESTDATA) + name);
    std::stringstream text;
    text << in.rdbuf();
    const std::string rpsl = text.str();
    RpslReader reader(rpsl, name, &problems);
    RpslObject object;
    while (reader.Next(&object)) irr.AddObject(object, *source, name, problems);
  }
  irr.Finish();
  auto payloads = LoadRpkiPayloads(
      std::string(MANRS_TESTDATA) + "/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2",
      problems);
  ASSERT_TRUE(payloads);
  VrpTable vrps = *VrpTable::Build(payloads->vrps);
  BogonPrefixes bogons = BogonPrefixes::BuiltIn();
  ObserveInputs in;
  in.vrps = &vrps;
  in.irr = &irr;
  in.bogons = &bogons;
  ObserveConfig config;
  config.min_peers = 1;
  Observer observer(in, config);
  const std::string rib = std::string(MANRS_TESTDATA) + "/observe/jinx-rib-1in8-route53.mrt.bz2";
  auto reader = ElementReader::Open(rib, problems);
  ASSERT_TRUE(reader);
  (*reader)->ForEach([&](const Element& e) { observer.Add(e); });
  PeriodResult observed = observer.Finish(std::nullopt);

  std::size_t compared = 0, registered = 0;
  for (Asn asn : {Asn{6389}, Asn{28573}, Asn{9155}, Asn{12726}}) {
    auto view = ReadRouteView({rib}, asn, problems);
    ASSERT_TRUE(view);
    CoverageInputs cin;
    cin.vrps = &vrps;
    cin.vrp_list = payloads->vrps;
    cin.irr = &irr;
    CoverageReport report = AnalyzeCoverage(*view, 1, cin);
    const AsReport* as = nullptr;
    for (const AsReport& r : observed.ases) {
      if (r.metrics.asn == asn) as = &r;
    }
    ASSERT_NE(as, nullptr);
    ASSERT_EQ(as->prefixes.size(), report.prefixes.size()) << asn;
    for (std::size_t i = 0; i < report.prefixes.size(); ++i) {
      const PrefixState& o = as->prefixes[i];
      const PrefixCoverage& c = report.prefixes[i];
      ASSERT_EQ(o.prefix, c.prefix);
      EXPECT_EQ(o.rpki, c.rpki) << c.prefix.ToString();
      const bool observed_registered =
          o.irr == IrrState::kRegistered || o.irr == IrrState::kCovered;
      const bool coverage_registered = c.irr == CoverageIrr::kRegistered ||
                                       c.irr == CoverageIrr::kCovered ||
                                       c.irr == CoverageIrr::kNonAuthoritative;
      EXPECT_EQ(observed_registered, coverage_registered) << c.prefix.ToString();
      registered += coverage_registered;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 892u);  // 370 + 474 + 47 + 1 prefixes
  EXPECT_GT(registered, 10u);
}

}  // namespace
}  // namespace manrs
