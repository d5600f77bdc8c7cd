// The definitions of doc/observatory.md, each on crafted routes.
#include "manrs/observe/observer.h"

#include <gtest/gtest.h>

#include "fmt/format.h"
#include "manrs/observe/report_format.h"
#include "observe/observe_test_util.h"

namespace manrs {
namespace {

using observe_test::Feeder;
using observe_test::Find;
using observe_test::IrrFrom;
using observe_test::P;

constexpr std::int64_t kT0 = 1401487200;  // 2014-05-30T22:00:00Z

struct World {
  VrpTable vrps;
  AspaTable aspas;
  std::optional<IrrDatabase> irr;
  std::optional<AsRelationships> rel;
  BogonPrefixes bogons = BogonPrefixes::BuiltIn();
  ObserveConfig config;

  explicit World(std::vector<Vrp> v = {}) : vrps(*VrpTable::Build(std::move(v))) {}
  ObserveInputs Inputs() {
    ObserveInputs in;
    in.vrps = &vrps;
    in.aspas = &aspas;
    in.irr = irr ? &*irr : nullptr;
    in.relationships = rel ? &*rel : nullptr;
    in.bogons = &bogons;
    return in;
  }
};

Vrp V(const char* prefix, int max_length, Asn asn) { return *MakeVrp(P(prefix), max_length, asn); }

std::vector<const Incident*> IncidentsOf(const AsReport* r, IncidentKind kind, IncidentRole role) {
  std::vector<const Incident*> out;
  if (!r) return out;
  for (const Incident& i : r->incidents) {
    if (i.kind == kind && i.role == role) out.push_back(&i);
  }
  return out;
}

// "X announces P when at least min_peers distinct peers had a route to P
// whose AS path ends in X."
TEST(ObserverTest, VisibilityRuleCountsDistinctPeers) {
  World w;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  for (int peer = 1; peer <= 4; ++peer) f.Rib(peer, "193.0.2.0/24", {33501, 33500}, kT0);
  f.Rib(1, "193.0.2.0/24", {33501, 33500}, kT0);  // the same peer again
  for (int peer = 1; peer <= 5; ++peer) f.Rib(peer, "196.18.0.0/24", {33501, 33502}, kT0);
  PeriodResult r = o.Finish(std::nullopt);
  EXPECT_EQ(Find(r, 33500), nullptr);  // 4 peers: not visible
  ASSERT_NE(Find(r, 33502), nullptr);
  EXPECT_EQ(Find(r, 33502)->metrics.prefixes, 1u);
  EXPECT_EQ(Find(r, 33502)->prefixes[0].peers, 5u);
}

TEST(ObserverTest, AsSetPathsAreNeverAttributed) {
  World w;
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Route(ElementType::kRibEntry, 1, "193.0.2.0/24", {33501}, kT0, {33502, 33503});
  PeriodResult r = o.Finish(std::nullopt);
  EXPECT_TRUE(r.ases.empty());
  EXPECT_EQ(r.summary.as_set_routes, 1u);
}

// M7 RPKI: RFC 6811 state of (P, X) over the distinct prefixes; score =
// share valid - 10 x share invalid.
TEST(ObserverTest, RpkiCountsAndScore) {
  World w({V("193.0.2.0/24", 24, 33500), V("194.51.100.0/22", 23, 33500),
           V("195.0.113.0/24", 24, 33999)});
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Rib(1, "193.0.2.0/24", {33501, 33500}, kT0);     // valid
  f.Rib(2, "193.0.2.0/24", {33502, 33500}, kT0);     // the same prefix: counted once
  f.Rib(1, "194.51.100.0/24", {33501, 33500}, kT0);  // invalid: longer than max length
  f.Rib(1, "195.0.113.0/24", {33501, 33500}, kT0);   // invalid: another AS
  f.Rib(1, "100.64.0.0/10", {33501, 33500}, kT0);    // not found (and a bogon)
  f.Rib(1, "2a00:db8::/32", {33501, 33500}, kT0);    // not found
  PeriodResult r = o.Finish(std::nullopt);
  const AsReport* a = Find(r, 33500);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->metrics.prefixes, 5u);
  EXPECT_EQ(a->metrics.rpki_valid, 1u);
  EXPECT_EQ(a->metrics.rpki_invalid, 2u);
  EXPECT_EQ(a->metrics.rpki_not_found, 2u);
  EXPECT_DOUBLE_EQ(*a->metrics.RpkiScore(), 1.0 / 5 - 10.0 * 2 / 5);
}

// M7 IRR: registered when a route object with origin X exists for P or a
// less-specific of P.
TEST(ObserverTest, IrrRegisteredIncludesLessSpecifics) {
  World w;
  w.irr = IrrFrom(
      "route: 193.0.2.0/24\norigin: AS33500\nsource: TEST\n\n"
      "route: 194.51.100.0/22\norigin: AS33500\nsource: TEST\n\n"
      "route: 195.0.113.0/24\norigin: AS33999\nsource: TEST\n\n"
      "route6: 2a00:db8::/32\norigin: AS33500\nsource: TEST\n");
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Rib(1, "193.0.2.0/24", {33501, 33500}, kT0);     // registered
  f.Rib(1, "194.51.101.0/24", {33501, 33500}, kT0);  // covered by the /22
  f.Rib(1, "195.0.113.0/24", {33501, 33500}, kT0);   // another origin's
  f.Rib(1, "2a00:db8:1::/48", {33501, 33500}, kT0);  // covered
  f.Rib(1, "196.18.0.0/15", {33501, 33500}, kT0);    // nothing
  PeriodResult r = o.Finish(std::nullopt);
  const AsReport* a = Find(r, 33500);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->metrics.irr_registered, 3u);
  EXPECT_EQ(a->metrics.irr_not_registered, 2u);
  EXPECT_DOUBLE_EQ(*a->metrics.IrrShare(), 3.0 / 5);
  std::map<std::string, IrrState> states;
  for (const PrefixState& p : a->prefixes) states[p.prefix.ToString()] = p.irr;
  EXPECT_EQ(states["193.0.2.0/24"], IrrState::kRegistered);
  EXPECT_EQ(states["194.51.101.0/24"], IrrState::kCovered);
  EXPECT_EQ(states["195.0.113.0/24"], IrrState::kNotRegistered);
}

// Hijack: X originates P while a VRP covers P for another AS and no route
// object registers (P, X); the accomplice is the next AS on the path.
TEST(ObserverTest, HijackNeedsAnotherAsVrpAndNoRouteObject) {
  World w({V("195.0.113.0/24", 24, 33510), V("194.51.100.0/24", 24, 33510)});
  w.irr = IrrFrom("route: 194.51.100.0/24\norigin: AS33666\nsource: TEST\n");
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Announce(1, "195.0.113.0/24", {33501, 33502, 33666}, kT0);
  f.Announce(2, "195.0.113.0/24", {33503, 33502, 33666}, kT0 + 60);
  f.Announce(1, "194.51.100.0/24", {33501, 33502, 33666}, kT0);  // registered in the IRR
  PeriodResult r = o.Finish(Period{kT0, kT0 + 3600});
  auto culprit = IncidentsOf(Find(r, 33666), IncidentKind::kHijack, IncidentRole::kCulprit);
  ASSERT_EQ(culprit.size(), 1u);
  EXPECT_EQ(culprit[0]->confidence, "high");
  EXPECT_EQ(culprit[0]->prefix_count, 1u);
  EXPECT_EQ(culprit[0]->peer_count, 2u);
  EXPECT_EQ(culprit[0]->start, kT0);
  EXPECT_FALSE(culprit[0]->end);  // still announced at the end
  EXPECT_NE(culprit[0]->evidence_json.find("195.0.113.0/24-24 AS33510"), std::string::npos);
  EXPECT_NE(culprit[0]->evidence_json.find("\"path\":\"33501 33502 33666\""), std::string::npos);
  auto accomplice = IncidentsOf(Find(r, 33502), IncidentKind::kHijack, IncidentRole::kAccomplice);
  ASSERT_EQ(accomplice.size(), 1u);
  EXPECT_EQ(accomplice[0]->culprit, 33666u);
  EXPECT_DOUBLE_EQ(Find(r, 33666)->metrics.incident_score[0][0], 1.0);  // an hour: score 1
}

// A VRP's AS upstream on the path: delegated space, kept as low confidence.
TEST(ObserverTest, HolderOnThePathIsLowConfidence) {
  World w({V("195.0.113.0/24", 24, 33502)});
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Announce(1, "195.0.113.0/24", {33501, 33502, 33666}, kT0);
  PeriodResult r = o.Finish(Period{kT0, kT0 + 60});
  auto culprit = IncidentsOf(Find(r, 33666), IncidentKind::kHijack, IncidentRole::kCulprit);
  ASSERT_EQ(culprit.size(), 1u);
  EXPECT_EQ(culprit[0]->confidence, "low");
  EXPECT_DOUBLE_EQ(Find(r, 33666)->metrics.incident_score[0][0], 0.0);
}

// A more-specific of a prefix registered to another AS, with no ROA or
// route object for X: a possible hijack, with lower confidence.
TEST(ObserverTest, MoreSpecificOfAnotherRegistrationIsAPossibleHijack) {
  World w;
  w.irr = IrrFrom("route: 194.51.100.0/22\norigin: AS33510\nsource: TEST\n");
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Announce(1, "194.51.101.0/24", {33501, 33666}, kT0);
  PeriodResult r = o.Finish(Period{kT0, kT0 + 60});
  auto culprit = IncidentsOf(Find(r, 33666), IncidentKind::kHijack, IncidentRole::kCulprit);
  ASSERT_EQ(culprit.size(), 1u);
  EXPECT_EQ(culprit[0]->confidence, "low");
  EXPECT_NE(culprit[0]->evidence_json.find("more-specific-of-other-registration"),
            std::string::npos);
}

// Leak: a valley-free break; the culprit sent the route up after it came
// down; the accomplice is the provider that accepted it.
TEST(ObserverTest, ValleyFreeLeakNamesCulpritAndAccomplice) {
  World w;
  ProblemLog problems;
  // 33520 and 33530 are providers of 33510; 33540 is a customer of 33520.
  w.rel =
      *AsRelationships::Parse("33520|33510|-1\n33530|33510|-1\n33520|33540|-1\n", "rel", problems);
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  // 33540 -> 33520 (up) -> 33510 (down) -> 33530 (up: the leak by 33510).
  f.Announce(1, "193.0.2.0/24", {33530, 33510, 33520, 33540}, kT0);
  f.Announce(1, "193.0.2.0/24", {33530, 33520, 33540}, kT0 + 600);  // fixed after 10 min
  PeriodResult r = o.Finish(Period{kT0, kT0 + 3600});
  auto culprit = IncidentsOf(Find(r, 33510), IncidentKind::kLeak, IncidentRole::kCulprit);
  ASSERT_EQ(culprit.size(), 1u);
  EXPECT_EQ(culprit[0]->confidence, "high");
  ASSERT_TRUE(culprit[0]->end);
  EXPECT_EQ(*culprit[0]->end, kT0 + 600);
  EXPECT_DOUBLE_EQ(culprit[0]->score, 0.5);
  EXPECT_NE(culprit[0]->evidence_json.find("\"sent_to_relation\":\"provider\""), std::string::npos);
  auto accomplice = IncidentsOf(Find(r, 33530), IncidentKind::kLeak, IncidentRole::kAccomplice);
  ASSERT_EQ(accomplice.size(), 1u);
  // Leaks do not count in the filtering score by default (2024 rule)...
  EXPECT_EQ(Find(r, 33510)->metrics.actions[0].label, ReadinessLabel::kReady);
  // ...but are in M1.
  EXPECT_DOUBLE_EQ(Find(r, 33510)->metrics.incident_score[1][0], 0.5);
}

// A peer-to-peer valley is most often a mis-inferred relationship: low.
TEST(ObserverTest, LeakAlreadyInTheRibIsLowConfidence) {
  World w;
  ProblemLog problems;
  w.rel = *AsRelationships::Parse("33520|33510|-1\n33530|33510|-1\n", "rel", problems);
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Rib(1, "193.0.2.0/24", {33530, 33510, 33520}, kT0);
  f.Rib(2, "193.0.2.0/24", {33530, 33510, 33520}, kT0);
  f.Announce(2, "193.0.2.0/24", {33530, 33510, 33520}, kT0 + 60);  // seen changing: high
  PeriodResult r = o.Finish(Period{kT0, kT0 + 120});
  auto culprit = IncidentsOf(Find(r, 33510), IncidentKind::kLeak, IncidentRole::kCulprit);
  ASSERT_EQ(culprit.size(), 2u);
  EXPECT_EQ(culprit[0]->confidence, "low");
  EXPECT_EQ(culprit[0]->peer_count, 2u);
  EXPECT_EQ(culprit[1]->confidence, "high");
  EXPECT_EQ(culprit[1]->start, kT0 + 60);
}

TEST(ObserverTest, PeerToPeerValleyIsLowConfidence) {
  World w;
  ProblemLog problems;
  w.rel = *AsRelationships::Parse("33510|33520|0\n33510|33530|0\n", "rel", problems);
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Announce(1, "193.0.2.0/24", {33530, 33510, 33520}, kT0);
  PeriodResult r = o.Finish(Period{kT0, kT0 + 60});
  auto culprit = IncidentsOf(Find(r, 33510), IncidentKind::kLeak, IncidentRole::kCulprit);
  ASSERT_EQ(culprit.size(), 1u);
  EXPECT_EQ(culprit[0]->confidence, "low");
}

// RFC 9234: OTC names the AS that sent the route to a customer or peer; the
// first AS that then sends it to a provider or peer leaked it.
TEST(ObserverTest, OtcLeak) {
  World w;
  ProblemLog problems;
  w.rel = *AsRelationships::Parse("33530|33510|-1\n", "rel", problems);
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  // 33520 set OTC when it sent the route to its customer 33510; 33510 sent
  // it up to 33530. The link 33520-33510 is unknown, so the path alone
  // is valley-free-unknown.
  f.Route(ElementType::kAnnounce, 1, "193.0.2.0/24", {33530, 33510, 33520}, kT0, {}, 33520);
  PeriodResult r = o.Finish(Period{kT0, kT0 + 60});
  auto culprit = IncidentsOf(Find(r, 33510), IncidentKind::kLeak, IncidentRole::kCulprit);
  ASSERT_EQ(culprit.size(), 1u);
  EXPECT_NE(culprit[0]->evidence_json.find("\"rule\":\"otc\""), std::string::npos);
}

// M3: X originates a bogon prefix; full (special-purpose) and administrative
// (a loaded list only) are told apart, and only full ones count.
TEST(ObserverTest, BogonPrefixesFullAndAdministrative) {
  World w;
  ProblemLog problems;
  ASSERT_TRUE(w.bogons.ParseList("100.0.0.0/8\n", "list", problems));
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Rib(1, "10.1.0.0/16", {33501, 33500}, kT0);   // RFC 1918: full
  f.Rib(1, "100.1.0.0/16", {33501, 33500}, kT0);  // listed only: administrative
  PeriodResult r = o.Finish(Period{kT0, kT0});
  const AsReport* a = Find(r, 33500);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->metrics.bogon_prefixes, 1u);
  EXPECT_EQ(a->metrics.bogon_prefixes_administrative, 1u);
  auto incidents = IncidentsOf(a, IncidentKind::kBogonPrefix, IncidentRole::kCulprit);
  ASSERT_EQ(incidents.size(), 2u);
  EXPECT_DOUBLE_EQ(a->metrics.incident_score[2][0], 0.5);  // only the full one
}

// M4: a bogon ASN in a path; the culprit is the AS next to it on the
// collector's side; M4C counts it for the culprit's provider.
TEST(ObserverTest, BogonAsnCulpritIsTheAdjacentAs) {
  World w;
  ProblemLog problems;
  w.rel = *AsRelationships::Parse("33501|33502|-1\n", "rel", problems);
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Rib(1, "193.0.2.0/24", {33501, 33502, 65001}, kT0);  // 65001: private use
  PeriodResult r = o.Finish(Period{kT0, kT0});
  auto culprit = IncidentsOf(Find(r, 33502), IncidentKind::kBogonAsn, IncidentRole::kCulprit);
  ASSERT_EQ(culprit.size(), 1u);
  EXPECT_EQ(culprit[0]->bogon_class, "full");
  EXPECT_EQ(Find(r, 33502)->metrics.bogon_asns, 1u);
  EXPECT_EQ(Find(r, 33501)->metrics.customer_bogon_asns, 1u);
  // The private origin itself is an AS that announces the prefix.
  EXPECT_EQ(Find(r, 65001)->metrics.prefixes, 1u);
}

// Durations from the updates: start when first seen, end when withdrawn,
// replaced, or the session goes down; a RIB alone is open at the dump time.
TEST(ObserverTest, DurationsFromUpdates) {
  World w({V("195.0.113.0/24", 24, 33510), V("194.51.100.0/24", 24, 33510),
           V("193.0.2.0/24", 24, 33510)});
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  // 33601: withdrawn after 29 minutes (0.5).
  f.Announce(1, "195.0.113.0/24", {33501, 33601}, kT0);
  f.Withdraw(1, 33501, "195.0.113.0/24", kT0 + 29 * 60);
  // 33602: replaced by the right origin after 13 hours (1).
  f.Announce(1, "194.51.100.0/24", {33501, 33602}, kT0);
  f.Announce(1, "194.51.100.0/24", {33501, 33510}, kT0 + 13 * 3600);
  // 33603: session down after 25 hours (2).
  f.Announce(2, "193.0.2.0/24", {33502, 33603}, kT0);
  f.SessionDown(2, 33502, kT0 + 25 * 3600);
  // 33604: from the RIB at the end, open.
  f.Rib(3, "193.0.2.0/24", {33503, 33604}, kT0 + 30 * 3600);
  PeriodResult r = o.Finish(Period{kT0, kT0 + 30 * 3600});
  auto one = [&](Asn asn) {
    auto v = IncidentsOf(Find(r, asn), IncidentKind::kHijack, IncidentRole::kCulprit);
    EXPECT_EQ(v.size(), 1u) << asn;
    return v.empty() ? Incident{} : *v[0];
  };
  EXPECT_DOUBLE_EQ(one(33601).score, 0.5);
  EXPECT_EQ(*one(33601).end, kT0 + 29 * 60);
  EXPECT_DOUBLE_EQ(one(33602).score, 1);
  EXPECT_DOUBLE_EQ(one(33603).score, 2);
  EXPECT_EQ(*one(33603).end, kT0 + 25 * 3600);
  EXPECT_FALSE(one(33604).end);
  EXPECT_EQ(one(33604).start, kT0 + 30 * 3600);
  EXPECT_DOUBLE_EQ(one(33604).score, 0.5);
}

// Same kind, same culprit, overlapping or adjoining spans: one incident;
// a gap makes two.
TEST(ObserverTest, MergesOverlappingAndAdjoiningSpans) {
  World w({V("195.0.113.0/24", 24, 33510), V("194.51.100.0/24", 24, 33510)});
  w.config.min_peers = 1;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Announce(1, "195.0.113.0/24", {33501, 33666}, kT0);
  f.Announce(2, "194.51.100.0/24", {33502, 33666}, kT0 + 600);  // overlaps
  f.Withdraw(1, 33501, "195.0.113.0/24", kT0 + 1200);
  f.Withdraw(2, 33502, "194.51.100.0/24", kT0 + 1800);
  f.Announce(1, "195.0.113.0/24", {33501, 33666}, kT0 + 1800);  // adjoins
  f.Withdraw(1, 33501, "195.0.113.0/24", kT0 + 2400);
  f.Announce(1, "195.0.113.0/24", {33501, 33666}, kT0 + 7200);  // after a gap
  f.Withdraw(1, 33501, "195.0.113.0/24", kT0 + 7260);
  PeriodResult r = o.Finish(Period{kT0, kT0 + 86400});
  auto v = IncidentsOf(Find(r, 33666), IncidentKind::kHijack, IncidentRole::kCulprit);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0]->start, kT0);
  EXPECT_EQ(*v[0]->end, kT0 + 2400);
  EXPECT_EQ(v[0]->prefix_count, 2u);
  EXPECT_DOUBLE_EQ(v[0]->score, 1);  // 40 minutes
  EXPECT_EQ(v[1]->start, kT0 + 7200);
  EXPECT_DOUBLE_EQ(v[1]->score, 0.5);
  EXPECT_DOUBLE_EQ(Find(r, 33666)->metrics.incident_score[0][0], 1.5);
  // A hijack of the filtering score: 100 - 20 x 1.5.
  EXPECT_DOUBLE_EQ(*Find(r, 33666)->metrics.actions[0].score, 70);
  EXPECT_EQ(Find(r, 33666)->metrics.actions[0].label, ReadinessLabel::kAspiring);
}

TEST(ObserverTest, MinIncidentPeersDropsSinglePeerViews) {
  World w({V("195.0.113.0/24", 24, 33510)});
  w.config.min_peers = 1;
  w.config.incidents.min_peers = 2;
  Observer o(w.Inputs(), w.config);
  Feeder f(&o);
  f.Announce(1, "195.0.113.0/24", {33501, 33666}, kT0);
  PeriodResult r = o.Finish(Period{kT0, kT0 + 60});
  EXPECT_TRUE(IncidentsOf(Find(r, 33666), IncidentKind::kHijack, IncidentRole::kCulprit).empty());
}

TEST(ObserverTest, ReadinessThresholds) {
  ObserveConfig c;
  AsMetrics m;
  m.rpki_valid = 9;
  m.rpki_not_found = 1;
  m.irr_measured = true;
  m.irr_registered = 10;
  m.policy_registered = true;
  m.contacts_registered = false;
  ComputeReadiness(c, &m);
  EXPECT_EQ(m.actions[0].label, ReadinessLabel::kReady);
  EXPECT_EQ(m.actions[1].label, ReadinessLabel::kUnmeasured);
  EXPECT_EQ(m.actions[2].label, ReadinessLabel::kLagging);
  EXPECT_DOUBLE_EQ(*m.actions[3].score, (90.0 + 100 + 100) / 3);
  EXPECT_EQ(m.actions[3].label, ReadinessLabel::kReady);
}

TEST(ReportTest, IncidentScoreByDuration) {
  // MANRS.md: 29 min, 13 h and 25 h give 0.5 + 1 + 2.
  EXPECT_DOUBLE_EQ(IncidentScore(29 * 60), 0.5);
  EXPECT_DOUBLE_EQ(IncidentScore(30 * 60), 1);
  EXPECT_DOUBLE_EQ(IncidentScore(13 * 3600), 1);
  EXPECT_DOUBLE_EQ(IncidentScore(25 * 3600), 2);
  EXPECT_DOUBLE_EQ(IncidentScore(49 * 3600), 3);
}

TEST(ReportTest, PeriodsRoundTrip) {
  auto p = ParsePeriod("2014-05-30T22:00:00Z/2014-05-31T00:00Z");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->start, kT0);
  EXPECT_EQ(p->end, kT0 + 7200);
  EXPECT_EQ(ToString(*p), "2014-05-30T22:00:00Z/2014-05-31T00:00:00Z");
  EXPECT_EQ(*ParseIsoTime("1970-01-01"), 0);
  EXPECT_FALSE(ParsePeriod("2014-05-31/2014-05-30"));
  EXPECT_FALSE(ParsePeriod("2014-05-31"));
  EXPECT_FALSE(ParseIsoTime("2014-13-01"));
  EXPECT_FALSE(ParseIsoTime("2014-05-30T22:00:00Zx"));
}

}  // namespace
}  // namespace manrs

namespace manrs {
namespace {

// A crafted stream with every kind of incident, withdrawals, replaced routes
// and sessions going down, over many prefixes and peers.
void FeedMixedStream(Observer* o) {
  Feeder f(o);
  std::uint32_t x = 12345;
  auto next = [&](std::uint32_t n) {
    x = x * 1103515245u + 12345u;
    return (x >> 8) % n;
  };
  const std::vector<std::vector<Asn>> tails = {
      {33510},                // hijacks 193.0.x.0/24 (VRP for 33500)
      {33500},                // the holder
      {33520, 33510, 33530},  // a valley: 33510 leaks (relationships below)
      {33520, 64512, 33540},  // a bogon ASN
      {33550},
      {33560, 33570},
  };
  for (int i = 0; i < 400; ++i) {
    const int peer = 1 + static_cast<int>(next(7));
    const std::string prefix = next(5) == 0 ? fmt::format("10.{}.0.0/16", next(4))
                                            : fmt::format("193.0.{}.0/24", next(60));
    std::vector<Asn> path = {static_cast<Asn>(3356 + peer)};
    const auto& tail = tails[next(static_cast<std::uint32_t>(tails.size()))];
    path.insert(path.end(), tail.begin(), tail.end());
    const std::int64_t time = kT0 + i * 30;
    switch (next(10)) {
      case 0:
        f.Withdraw(peer, path.front(), prefix.c_str(), time);
        break;
      case 1:
        if (i % 40 == 1) f.SessionDown(peer, path.front(), time);
        break;
      case 2:
        f.Route(ElementType::kAnnounce, peer, prefix.c_str(), path, time, {}, 33510);
        break;
      case 3:
        f.Route(ElementType::kAnnounce, peer, prefix.c_str(), path, time, {64600, 64601});
        break;
      default:
        f.Route(i < 150 ? ElementType::kRibEntry : ElementType::kAnnounce, peer, prefix.c_str(),
                path, i < 150 ? kT0 : time);
    }
  }
}

std::string AllJson(const PeriodResult& r) {
  std::string out = fmt::format("{} {} {} {} {}\n", r.summary.elements, r.summary.as_set_routes,
                                r.summary.peers, r.summary.prefixes, r.ases.size());
  for (const AsReport& a : r.ases) {
    AppendReportJson(a, &out);
    out += '\n';
  }
  return out;
}

// The observer sharded over threads gives the single-threaded result byte
// for byte (doc/observatory.md, "Threads").
TEST(ObserverThreadsTest, ShardedResultIsIdentical) {
  World w({V("193.0.0.0/16", 24, 33500)});
  ProblemLog problems;
  w.rel =
      *AsRelationships::Parse("33520|33510|-1\n33530|33510|-1\n33540|33520|-1\n", "rel", problems);
  w.config.min_peers = 2;
  std::string single;
  std::uint64_t single_paths = 0;
  for (int threads : {1, 2, 3, 4}) {
    w.config.threads = threads;
    Observer o(w.Inputs(), w.config);
    FeedMixedStream(&o);
    PeriodResult r = o.Finish(Period{kT0, kT0 + 4 * 3600});
    const std::string json = AllJson(r);
    if (threads == 1) {
      single = json;
      single_paths = o.stats().distinct_paths;
      // The stream has what the comparison is about.
      for (const char* kind : {"\"hijack\"", "\"leak\"", "\"bogon_prefix\"", "\"bogon_asn\""}) {
        EXPECT_NE(json.find(kind), std::string::npos) << kind;
      }
      EXPECT_NE(json.find("\"end\":\"2014"), std::string::npos);
      continue;
    }
    EXPECT_EQ(json, single) << threads << " threads";
    EXPECT_EQ(o.stats().distinct_paths, single_paths) << threads << " threads";
  }
}

// An observer dropped without Finish stops its workers.
TEST(ObserverThreadsTest, DroppedObserverStopsItsThreads) {
  World w;
  w.config.threads = 3;
  Observer o(w.Inputs(), w.config);
  FeedMixedStream(&o);
}

}  // namespace
}  // namespace manrs
