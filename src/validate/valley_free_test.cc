// The valley-free check: hand-made paths for each leak type of RFC 7908 and
// each way a link can be unknown, a randomized comparison with an
// enumeration of every way the unknown links could be, and a real RIB
// against a real relationship file.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <random>
#include <vector>

#include "manrs/mrt/element_reader.h"
#include "manrs/validate/route_leak.h"

namespace manrs {
namespace {

std::string TestFile(const std::string& name) { return std::string(MANRS_TESTDATA) + "/" + name; }

AsPath Seq(std::vector<Asn> asns) {
  AsPath p;
  p.Append(SegmentType::kAsSequence, asns);
  return p;
}

// 1, 2 and 3 are tier-1s, 1 peering with 2 and 3; 10, 11 customers of 1; 20, 21 customers of 2;
// 10 and 20 peer; 100 is a customer of 10 and of 20; 101 of 11; 110 and 111
// are siblings, 110 a customer of 100.
AsRelationships Topology() {
  AsRelationships r;
  r.Add(1, 2, 0);
  r.Add(1, 3, 0);
  r.Add(1, 10, -1);
  r.Add(1, 11, -1);
  r.Add(2, 20, -1);
  r.Add(2, 21, -1);
  r.Add(10, 20, 0);
  r.Add(10, 100, -1);
  r.Add(20, 100, -1);
  r.Add(11, 101, -1);
  r.Add(100, 110, -1);
  r.Add(110, 111, 1);
  return r;
}

TEST(ValleyFreeTest, ValleyFreePaths) {
  AsRelationships r = Topology();
  // Paths are neighbour first; the route travels right to left.
  for (const std::vector<Asn>& p : std::vector<std::vector<Asn>>{
           {100},                  // origin only
           {10, 100},              // up
           {1, 10, 100},           // up, up
           {2, 1, 10, 100},        // up, up, across
           {21, 2, 1, 10, 100},    // up, up, across, down
           {20, 10, 100},          // up, across
           {101, 11, 1, 10, 100},  // up, up, down, down
           {110, 100, 10},         // down, down
           {111, 110, 100},        // down, sibling
           {1, 10, 10, 100, 100},  // prepends collapse
       }) {
    ValleyFreeVerdict v = CheckValleyFree(r, Seq(p));
    EXPECT_EQ(v.state, ValleyFreeState::kValid) << Seq(p).ToString() << ": " << ToString(v);
  }
}

// RFC 7908 type 1 (hairpin: provider to provider), type 2 (lateral peer to
// lateral peer), types 3 and 4 (provider to peer, peer to provider). The
// leaking AS is the one that sends up or across after receiving from a
// provider or peer.
TEST(ValleyFreeTest, LeaksNameTheLeaker) {
  AsRelationships r = Topology();
  struct Case {
    std::vector<Asn> path;
    Asn leaker, from, to;
    AsRelation from_is, to_is;
  };
  for (const Case& c : std::vector<Case>{
           // type 1: 100 learns from provider 10, sends to provider 20.
           {{20, 100, 10, 1}, 100, 10, 20, AsRelation::kProvider, AsRelation::kProvider},
           // type 2: 1 learns from its peer 2, sends to its peer 3.
           {{3, 1, 2, 20, 100}, 1, 2, 3, AsRelation::kPeer, AsRelation::kPeer},
           // type 3: 10 learns from its provider 1, sends to its peer 20.
           {{20, 10, 1, 11, 101}, 10, 1, 20, AsRelation::kProvider, AsRelation::kPeer},
           // type 4: 10 learns from its peer 20, sends to its provider 1.
           {{1, 10, 20, 100}, 10, 20, 1, AsRelation::kPeer, AsRelation::kProvider},
       }) {
    ValleyFreeVerdict v = CheckValleyFree(r, Seq(c.path));
    ASSERT_EQ(v.state, ValleyFreeState::kLeak) << Seq(c.path).ToString() << ": " << ToString(v);
    EXPECT_TRUE(v.leaker_certain);
    EXPECT_EQ(v.leaking_asn, c.leaker) << Seq(c.path).ToString();
    EXPECT_EQ(v.learned_from, c.from);
    EXPECT_EQ(v.sent_to, c.to);
    EXPECT_EQ(v.learned_from_relation, c.from_is);
    EXPECT_EQ(v.sent_to_relation, c.to_is);
  }
  ValleyFreeVerdict v = CheckValleyFree(r, Seq({20, 100, 10, 1}));
  EXPECT_EQ(v.position, 1u);
  EXPECT_EQ(ToString(v),
            "leak: AS100 sent the route to its provider AS20 after learning it from its "
            "provider AS10 (position 1)");
}

TEST(ValleyFreeTest, UnknownLinks) {
  AsRelationships r = Topology();
  // An unknown link that cannot matter: the first hop, followed by downs.
  EXPECT_EQ(CheckValleyFree(r, Seq({110, 100, 999})).state, ValleyFreeState::kValid);
  // Unknown after a descent: could be a leak.
  ValleyFreeVerdict u = CheckValleyFree(r, Seq({999, 100, 10}));
  EXPECT_EQ(u.state, ValleyFreeState::kUnknown);
  EXPECT_EQ(u.leaking_asn, 100u);
  EXPECT_EQ(u.sent_to, 999u);
  EXPECT_EQ(u.sent_to_relation, AsRelation::kUnknown);
  // A known violation behind an unknown link: a leak whatever the link is,
  // but the unknown link might hide an earlier one.
  ValleyFreeVerdict l = CheckValleyFree(r, Seq({20, 100, 998, 999}));
  EXPECT_EQ(l.state, ValleyFreeState::kUnknown);  // 998 -> 100 might be up, 999 -> 998 too
  ValleyFreeVerdict l2 = CheckValleyFree(r, Seq({20, 100, 10, 999}));
  EXPECT_EQ(l2.state, ValleyFreeState::kLeak);
  EXPECT_TRUE(l2.leaker_certain);  // 999 -> 10 comes first, nothing before it
  ValleyFreeVerdict l3 = CheckValleyFree(r, Seq({21, 2, 20, 999, 10, 1}));
  EXPECT_EQ(l3.state, ValleyFreeState::kLeak);  // 1 -> 10 down, then 20 -> 2 up
  EXPECT_EQ(l3.leaking_asn, 20u);
  EXPECT_FALSE(l3.leaker_certain);  // 999 may have leaked first
  // AS_SETs make the path unknown.
  AsPath set = Seq({10});
  set.Append(SegmentType::kAsSet, std::vector<Asn>{100, 101});
  ValleyFreeVerdict s = CheckValleyFree(r, set);
  EXPECT_EQ(s.state, ValleyFreeState::kUnknown);
  EXPECT_TRUE(s.as_set);
}

// The oracle: every completion of the unknown links (as customer, provider,
// peer or sibling), the first violation of each, in the order the route
// travelled.
enum Hop { kUp, kAcross, kDown, kSibling, kUnknownHop };

struct Outcome {
  ValleyFreeState state;
  std::size_t position = 0;  // sender of the first (possible) violation
  bool certain = true;
};

Outcome Enumerate(const std::vector<Hop>& hops) {  // hops[k]: sender k + 1 -> receiver k
  std::vector<std::size_t> unknown;
  for (std::size_t k = 0; k < hops.size(); ++k) {
    if (hops[k] == kUnknownHop) unknown.push_back(k);
  }
  std::size_t completions = 1;
  for (std::size_t i = 0; i < unknown.size(); ++i) completions *= 4;
  std::size_t leaks = 0;
  std::size_t earliest = 0;  // largest sender position = earliest in travel
  std::size_t latest = ~std::size_t{0};
  for (std::size_t c = 0; c < completions; ++c) {
    std::vector<Hop> h = hops;
    std::size_t code = c;
    for (std::size_t k : unknown) {
      h[k] = static_cast<Hop>(code % 4);
      code /= 4;
    }
    bool descended = false;
    std::size_t first = 0;
    for (std::size_t k = h.size(); k-- > 0;) {
      if ((h[k] == kUp || h[k] == kAcross) && descended) {
        first = k + 1;
        break;
      }
      if (h[k] == kDown || h[k] == kAcross) descended = true;
    }
    if (first == 0) continue;
    ++leaks;
    earliest = std::max(earliest, first);
    latest = std::min(latest, first);
  }
  if (leaks == 0) return {ValleyFreeState::kValid};
  if (leaks < completions) return {ValleyFreeState::kUnknown, earliest};
  return {ValleyFreeState::kLeak, latest, earliest == latest};
}

TEST(ValleyFreeTest, AgreesWithEnumerationOfUnknownLinks) {
  std::mt19937_64 rng(7908);
  std::uniform_int_distribution<int> kind(0, 4);
  std::map<ValleyFreeState, int> states;
  for (int round = 0; round < 20000; ++round) {
    std::size_t n = 1 + static_cast<std::size_t>(rng() % 8);
    std::vector<Asn> path;
    for (std::size_t i = 0; i < n; ++i) path.push_back(static_cast<Asn>(1000 + i));
    AsRelationships rel;
    std::vector<Hop> hops;
    for (std::size_t k = 0; k + 1 < n; ++k) {
      Hop h = static_cast<Hop>(kind(rng));
      hops.push_back(h);
      Asn sender = path[k + 1], receiver = path[k];
      if (h == kUp) rel.Add(receiver, sender, -1);
      if (h == kDown) rel.Add(sender, receiver, -1);
      if (h == kAcross) rel.Add(sender, receiver, 0);
      if (h == kSibling) rel.Add(sender, receiver, 1);
    }
    ValleyFreeVerdict v = CheckValleyFree(rel, Seq(path));
    Outcome o = Enumerate(hops);
    ++states[v.state];
    ASSERT_EQ(v.state, o.state) << Seq(path).ToString() << ": " << ToString(v);
    if (o.state == ValleyFreeState::kValid) continue;
    EXPECT_EQ(v.position, o.position) << Seq(path).ToString() << ": " << ToString(v);
    if (o.state == ValleyFreeState::kLeak) {
      EXPECT_EQ(v.leaker_certain, o.certain) << Seq(path).ToString() << ": " << ToString(v);
      EXPECT_EQ(v.leaking_asn, path[v.position]);
    }
  }
  EXPECT_GT(states[ValleyFreeState::kValid], 1000);
  EXPECT_GT(states[ValleyFreeState::kLeak], 1000);
  EXPECT_GT(states[ValleyFreeState::kUnknown], 1000);
}

// The RouteViews jinx RIB (2014-05-30) against TopoScope/ASRank's 2016
// inference: counts printed, the leakers most often named too.
TEST(ValleyFreeTest, RealRibAgainstRealRelationships) {
  ProblemLog problems;
  auto rel =
      AsRelationships::Load(TestFile("asrel/mthodi-toposcope__2016_inferred_rel.txt.gz"), problems);
  ASSERT_TRUE(rel) << rel.error().message;
  auto reader = ElementReader::Open(
      TestFile("mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2"), problems);
  ASSERT_TRUE(reader);
  std::map<ValleyFreeState, std::uint64_t> states;
  std::map<Asn, std::uint64_t> leakers;
  std::uint64_t certain = 0;
  (*reader)->ForEach([&](const Element& e) {
    if (e.attributes == nullptr) return;
    ValleyFreeVerdict v = CheckValleyFree(*rel, e.attributes->path());
    ++states[v.state];
    if (v.state == ValleyFreeState::kLeak) {
      ++leakers[v.leaking_asn];
      if (v.leaker_certain) ++certain;
    }
  });
  EXPECT_EQ(problems.count(), 0u);
  std::uint64_t total = 0;
  for (auto [s, n] : states) total += n;
  EXPECT_EQ(total, 503590u);
  std::cout << "valley-free, jinx RIB x 2016 relationships: valid "
            << states[ValleyFreeState::kValid] << ", leak " << states[ValleyFreeState::kLeak]
            << " (leaker certain " << certain << "), unknown " << states[ValleyFreeState::kUnknown]
            << "; most named:";
  std::vector<std::pair<std::uint64_t, Asn>> top;
  for (auto [asn, n] : leakers) top.emplace_back(n, asn);
  std::sort(top.rbegin(), top.rend());
  for (std::size_t i = 0; i < top.size() && i < 5; ++i) {
    std::cout << " AS" << top[i].second << " (" << top[i].first << ")";
  }
  std::cout << "\n";
  // Two years apart, and inferred: about half the routes are valid, one in
  // twenty looks like a leak.
  EXPECT_EQ(states[ValleyFreeState::kValid], 246151u);
  EXPECT_EQ(states[ValleyFreeState::kLeak], 23557u);
  EXPECT_EQ(certain, 21457u);
  EXPECT_EQ(states[ValleyFreeState::kUnknown], 233882u);
}

}  // namespace
}  // namespace manrs
