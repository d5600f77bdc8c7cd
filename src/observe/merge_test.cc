// ObservationMerge: elements split across observers, their facts merged,
// give what one observer over all the elements gives (merge.h).
#include "manrs/observe/merge.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "manrs/observe/report_format.h"
#include "observe/observe_test_util.h"

namespace manrs {
namespace {

using observe_test::Feeder;
using observe_test::P;

constexpr std::int64_t kT0 = 1401487200;  // 2014-05-30T22:00:00Z

Vrp V(const char* prefix, int max_length, Asn asn) { return *MakeVrp(P(prefix), max_length, asn); }

// What the ClickHouse store does with the observers' facts (the visibility
// rule and the path counts done here as the cluster does them), in the
// observers' order.
PeriodResult Merge(const std::vector<const Observer*>& observers, const Period& period,
                   const ObserveConfig& config) {
  ObservationMerge m;
  m.period = period;
  m.config = config;
  std::map<std::pair<Asn, Prefix>, std::set<CollectorPeer>> peers;
  std::map<std::pair<Asn, Prefix>, MergedPrefix> states;
  std::map<std::pair<Asn, std::int8_t>, std::set<std::pair<std::uint64_t, std::uint64_t>>> paths;
  for (std::size_t rank = 0; rank < observers.size(); ++rank) {
    const Observer& o = *observers[rank];
    std::set<Asn> ases;
    o.ForEachOriginFact([&](const Observer::OriginFact& f) {
      ases.insert(f.origin);
      f.peers.ForEach([&](std::uint32_t p) { peers[{f.origin, f.prefix}].insert(o.peers()[p]); });
      states[{f.origin, f.prefix}] = MergedPrefix{
          f.origin, PrefixState{f.prefix, f.rpki, f.irr, 0, f.bogon != 0}, f.bogon == 2};
    });
    o.ForEachPathFact([&](const Observer::PathFact& f) {
      if (f.aspa >= 0) paths[{f.origin, f.aspa}].insert({f.key_a, f.key_b});
    });
    o.ForEachOccurrenceFact([&](const Observer::OccurrenceFact& f) {
      ases.insert(f.offence.culprit);
      if (f.offence.accomplice) ases.insert(f.offence.accomplice);
      m.AddOccurrence(rank, f.index, f.offence, f.customer, f.reason, f.path, f.prefix, f.peer,
                      f.start, f.end);
    });
    o.ForEachFirstEvent([&](const Observer::FirstEventFact& f) {
      m.AddFirstEvent(rank, f.peer, f.prefix, f.seq, f.time, f.begin, f.end);
    });
    o.ForEachPeerDown(
        [&](const Observer::PeerDownFact& f) { m.AddPeerDown(rank, f.peer, f.seq, f.time); });
    for (Asn asn : ases) m.facts.try_emplace(asn, StaticAsMetrics(o.inputs(), asn, nullptr));
  }
  for (auto& [key, s] : states) {
    s.state.peers = static_cast<std::uint32_t>(peers[key].size());
    if (s.state.peers >= static_cast<std::uint32_t>(config.min_peers)) m.prefixes.push_back(s);
  }
  for (const auto& [key, set] : paths) {
    m.aspa[key.first][static_cast<std::size_t>(key.second)] = set.size();
  }
  return m.Finish();
}

std::string Json(const PeriodResult& r) {
  std::string out;
  for (const AsReport& a : r.ases) {
    AppendReportJson(a, &out);
    out += '\n';
  }
  return out;
}

struct Case {
  VrpTable vrps = *VrpTable::Build({V("195.0.113.0/24", 24, 33510), V("194.51.100.0/24", 24, 33510),
                                    V("193.0.2.0/24", 24, 33510), V("196.18.0.0/24", 24, 33510)});
  AspaTable aspas;
  BogonPrefixes bogons = BogonPrefixes::BuiltIn();
  ObserveConfig config;
  ObserveInputs Inputs() {
    ObserveInputs in;
    in.vrps = &vrps;
    in.aspas = &aspas;
    in.bogons = &bogons;
    return in;
  }
};

// The stream one peer's RIB and then its UPDATEs make: occurrences the RIB
// leaves open end (withdrawal, another origin, session down), continue (the
// same hijack announced again, then withdrawn) or stay open; a prefix seen by
// one peer in each part is visible at --min-peers 2.
void RibPart(Feeder& f) {
  f.Rib(1, "195.0.113.0/24", {33501, 33601}, kT0);
  f.Rib(2, "195.0.113.0/24", {33502, 33601}, kT0);
  f.Rib(1, "194.51.100.0/24", {33501, 33602}, kT0);
  f.Rib(2, "193.0.2.0/24", {33502, 33603}, kT0);
  f.Rib(3, "196.18.0.0/24", {33503, 33604}, kT0);
  f.Rib(1, "192.0.2.0/24", {33501, 64496}, kT0);  // a bogon prefix (TEST-NET-1)
  f.Rib(3, "198.18.0.0/16", {33503, 33700}, kT0);
}
void UpdatePart(Feeder& f) {
  f.Withdraw(1, 33501, "195.0.113.0/24", kT0 + 29 * 60);
  f.Announce(2, "195.0.113.0/24", {33502, 7, 33601}, kT0 + 3600);  // the same hijack
  f.Withdraw(2, 33502, "195.0.113.0/24", kT0 + 5 * 3600);
  f.Announce(1, "194.51.100.0/24", {33501, 33510}, kT0 + 13 * 3600);
  f.SessionDown(2, 33502, kT0 + 25 * 3600);
  f.Announce(1, "198.18.0.0/16", {33501, 33700}, kT0 + 3600);
  f.Announce(4, "192.0.2.0/24", {33504, 64496}, kT0 + 7200);  // still open
}

TEST(ObservationMergeTest, RibAndUpdatesSplitGiveOneObserversReports) {
  Case c;
  c.config.min_peers = 2;
  c.config.record_route_facts = true;
  const Period period{kT0, kT0 + 30 * 3600};
  Observer one(c.Inputs(), c.config);
  {
    Feeder f(&one);
    RibPart(f);
    UpdatePart(f);
  }
  Observer rib(c.Inputs(), c.config), updates(c.Inputs(), c.config);
  Feeder fr(&rib), fu(&updates);
  RibPart(fr);
  UpdatePart(fu);
  const PeriodResult want = one.Finish(period);
  ASSERT_FALSE(want.ases.empty());
  const PeriodResult got = Merge({&rib, &updates}, period, c.config);
  EXPECT_EQ(Json(got), Json(want));
  // And the merge of one observation is that observation.
  EXPECT_EQ(Json(Merge({&one}, period, c.config)), Json(want));
}

// Without the first events the RIB's occurrences would stay open: the join
// is what the test above checks.
TEST(ObservationMergeTest, WithoutFirstEventsTheSplitDiffers) {
  Case c;
  c.config.min_peers = 2;
  const Period period{kT0, kT0 + 30 * 3600};
  Observer one(c.Inputs(), c.config);
  {
    Feeder f(&one);
    RibPart(f);
    UpdatePart(f);
  }
  Observer rib(c.Inputs(), c.config), updates(c.Inputs(), c.config);
  Feeder fr(&rib), fu(&updates);
  RibPart(fr);
  UpdatePart(fu);
  EXPECT_NE(Json(Merge({&rib, &updates}, period, c.config)), Json(one.Finish(period)));
}

// Two collectors (disjoint peers), each in its own observation.
TEST(ObservationMergeTest, CollectorsSplitGiveOneObserversReports) {
  Case c;
  c.config.min_peers = 2;
  c.config.record_route_facts = true;
  const Period period{kT0, kT0 + 30 * 3600};
  auto first = [](Feeder& f) {
    f.Rib(1, "195.0.113.0/24", {33501, 33601}, kT0);
    f.Announce(1, "194.51.100.0/24", {33501, 33602}, kT0 + 60);
    f.Withdraw(1, 33501, "194.51.100.0/24", kT0 + 7200);
  };
  auto second = [](Feeder& f) {
    f.Rib(5, "195.0.113.0/24", {33505, 9, 33601}, kT0);
    f.Announce(6, "194.51.100.0/24", {33506, 33602}, kT0 + 3600);
    f.Withdraw(6, 33506, "194.51.100.0/24", kT0 + 9000);
  };
  Observer one(c.Inputs(), c.config), a(c.Inputs(), c.config), b(c.Inputs(), c.config);
  {
    Feeder f(&one);
    first(f);
    second(f);
  }
  Feeder fa(&a), fb(&b);
  first(fa);
  second(fb);
  const PeriodResult want = one.Finish(period);
  EXPECT_EQ(Json(Merge({&a, &b}, period, c.config)), Json(want));
  EXPECT_EQ(Json(Merge({&b, &a}, period, c.config)), Json(want));
}

}  // namespace
}  // namespace manrs
