// Differential tests of VerifyAsPath against AspaOracle (the draft's sentences
// applied literally) and AspaOracle::VerifyByWorlds (the meaning of section
// 6.1, by enumeration), three ways:
//  1. the snapshot's 100 real ASPAs on every route of a real RouteViews RIB
//     (503,590 routes), both procedures, the peer AS as the neighbour;
//  2. synthetic ASPAs drawn from the RIB's own adjacencies on a sample of its
//     distinct paths, so that real paths come out Valid and Invalid often;
//  3. random ASPA sets and random paths over a small AS universe, with
//     prepends, AS_SETs, confederation segments, AS0 ASPAs and sessions.
// Each prints its counts (paths checked, Valid / Invalid / Unknown per
// procedure) so they can be quoted.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "manrs/mrt/element_reader.h"
#include "manrs/rpki/aspa_oracle.h"
#include "manrs/rpki/aspa_verification.h"
#include "manrs/rpki/payload_loader.h"

namespace manrs {
namespace {

constexpr AspaDirection kDirections[] = {AspaDirection::kUpstream, AspaDirection::kDownstream};

std::string TestFile(const std::string& name) { return std::string(MANRS_TESTDATA) + "/" + name; }

template <typename E>
std::size_t Ix(E e) {
  return static_cast<std::size_t>(e);
}

// Outcome counts per direction and state.
struct Tally {
  std::array<std::array<std::uint64_t, 3>, 2> states{};
  std::array<std::array<std::uint64_t, 6>, 2> reasons{};
  std::uint64_t checked = 0;
  std::uint64_t mismatches = 0;
  std::uint64_t worlds_checked = 0;
  std::uint64_t worlds_mismatches = 0;

  void Count(AspaDirection d, const AspaVerdict& v) {
    ++states[Ix(d)][Ix(v.state)];
    ++reasons[Ix(d)][Ix(v.reason)];
  }
  std::uint64_t Get(AspaDirection d, AspaState s) const { return states[Ix(d)][Ix(s)]; }
  void Print(const std::string& label) const {
    std::cout << label << ": " << checked << " paths checked per procedure, " << mismatches
              << " disagreements with the oracle; " << worlds_checked << " also by worlds, "
              << worlds_mismatches << " disagreements\n";
    for (AspaDirection d : kDirections) {
      std::cout << "  " << AspaDirectionName(d) << ": valid " << Get(d, AspaState::kValid)
                << ", invalid " << Get(d, AspaState::kInvalid) << ", unknown "
                << Get(d, AspaState::kUnknown) << " (invalid: empty "
                << reasons[Ix(d)][Ix(AspaReason::kEmptyPath)] << ", neighbor "
                << reasons[Ix(d)][Ix(AspaReason::kNeighborMismatch)] << ", as-set "
                << reasons[Ix(d)][Ix(AspaReason::kAsSet)] << ", not-provider+ "
                << reasons[Ix(d)][Ix(AspaReason::kNotProviderPlus)] << ")\n";
    }
  }
};

// Checks one path both ways against the oracle (and by worlds when short).
void CheckPath(const AspaTable& table, const AspaOracle& oracle, const AsPath& path,
               const AspaSession& session, std::size_t worlds_max_n, Tally* tally) {
  ++tally->checked;
  for (AspaDirection d : kDirections) {
    AspaVerdict fast = VerifyAsPath(table, path, d, session);
    AspaVerdict slow = oracle.Verify(path, d, session);
    tally->Count(d, fast);
    if (fast != slow) {
      if (++tally->mismatches <= 10) {
        ADD_FAILURE() << path.ToString() << " " << AspaDirectionName(d) << ": fast "
                      << ToString(fast) << ", oracle " << ToString(slow);
      }
    }
    if (slow.n == 0 || slow.n > worlds_max_n) continue;
    ++tally->worlds_checked;
    AspaState worlds = oracle.VerifyByWorlds(*AspaOracle::CompressedAsPath(path), d);
    if (worlds != slow.state && ++tally->worlds_mismatches <= 10) {
      ADD_FAILURE() << path.ToString() << " " << AspaDirectionName(d) << ": oracle "
                    << ToString(slow) << ", worlds " << AspaStateName(worlds);
    }
  }
}

constexpr const char* kRib = "mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2";
constexpr const char* kSnapshot = "rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2";

TEST(AspaDifferentialTest, RealAspasOnEveryRouteOfARib) {
  ProblemLog problems;
  auto payloads = LoadRpkiPayloads(TestFile(kSnapshot), problems);
  ASSERT_TRUE(payloads) << payloads.error().message;
  ASSERT_EQ(payloads->aspas.size(), 100u);
  AspaTable table(payloads->aspas);
  AspaOracle oracle(payloads->aspas);

  auto reader = ElementReader::Open(TestFile(kRib), problems);
  ASSERT_TRUE(reader);
  Tally tally;
  std::set<std::vector<Asn>> short_paths;  // distinct, for the worlds check
  std::vector<Asn> compressed;
  (*reader)->ForEach([&](const Element& e) {
    if (e.attributes == nullptr) return;
    const AsPath& path = e.attributes->path();
    CheckPath(table, oracle, path, AspaSession{e.peer_asn, false}, 0, &tally);
    if (CompressAsPath(path, &compressed) && !compressed.empty() && compressed.size() <= 6) {
      short_paths.insert(compressed);
    }
  });
  EXPECT_EQ(problems.count(), 0u);
  EXPECT_EQ(tally.checked, 503590u);
  EXPECT_EQ(tally.mismatches, 0u);
  for (const std::vector<Asn>& c : short_paths) {
    AsPath path;
    path.Append(SegmentType::kAsSequence, c);
    for (AspaDirection d : kDirections) {
      ++tally.worlds_checked;
      std::vector<Asn> from_origin(c.rbegin(), c.rend());
      AspaState worlds = oracle.VerifyByWorlds(from_origin, d);
      AspaState state = VerifyAsPath(table, path, d).state;
      if (worlds != state && ++tally.worlds_mismatches <= 10) {
        ADD_FAILURE() << path.ToString() << ": " << AspaStateName(state) << " vs worlds "
                      << AspaStateName(worlds);
      }
    }
  }
  EXPECT_EQ(tally.worlds_mismatches, 0u);
  tally.Print("real ASPAs x RouteViews jinx RIB");
  // Few paths of 2014 meet the 100 ASPAs of 2025 on every hop. Upstream
  // Invalid: 128 AS_SETs and 63 "Not Provider+" hops; downstream, only the
  // AS_SETs.
  EXPECT_EQ(tally.Get(AspaDirection::kUpstream, AspaState::kValid), 716u);
  EXPECT_EQ(tally.Get(AspaDirection::kUpstream, AspaState::kInvalid), 191u);
  EXPECT_EQ(tally.Get(AspaDirection::kDownstream, AspaState::kValid), 26217u);
  EXPECT_EQ(tally.Get(AspaDirection::kDownstream, AspaState::kInvalid), 128u);
}

// Synthetic ASPAs on real paths: every AS of a sampled set of distinct paths
// registers with probability 0.7, listing each AS seen next to it towards
// the neighbour (a plausible provider) with probability 0.8, and sometimes
// an unrelated AS or an AS0 ASPA.
TEST(AspaDifferentialTest, SyntheticAspasOnRealPaths) {
  ProblemLog problems;
  auto reader = ElementReader::Open(TestFile(kRib), problems);
  ASSERT_TRUE(reader);
  std::set<std::vector<Asn>> distinct;
  std::vector<Asn> compressed;
  (*reader)->ForEach([&](const Element& e) {
    if (e.attributes != nullptr && CompressAsPath(e.attributes->path(), &compressed)) {
      distinct.insert(compressed);
    }
  });
  std::vector<std::vector<Asn>> all(distinct.begin(), distinct.end());
  std::mt19937_64 rng(20250720);
  std::shuffle(all.begin(), all.end(), rng);
  std::cout << "distinct compressed AS paths in the RIB: " << all.size() << "\n";
  Tally tally;
  for (int round = 0; round < 4; ++round) {
    std::vector<std::vector<Asn>> sample(all.begin() + round * 5000,
                                         all.begin() + (round + 1) * 5000);
    std::map<Asn, std::set<Asn>> left_of;  // AS -> ASes seen next to it, neighbour side
    for (const auto& p : sample) {
      for (std::size_t i = 0; i < p.size(); ++i) {
        left_of[p[i]];
        if (i > 0) left_of[p[i]].insert(p[i - 1]);
      }
    }
    std::bernoulli_distribution registers(0.7), lists(0.8), noise(0.1), as0(0.02);
    std::vector<Aspa> aspas;
    for (const auto& [asn, candidates] : left_of) {
      if (!registers(rng)) continue;
      Aspa aspa{asn, {}};
      if (as0(rng)) {
        aspa.providers = {0};
      } else {
        for (Asn c : candidates) {
          if (lists(rng)) aspa.providers.push_back(c);
        }
        if (noise(rng)) aspa.providers.push_back(64496);
      }
      aspas.push_back(aspa);
    }
    AspaTable table(aspas);
    AspaOracle oracle(aspas);
    for (const auto& p : sample) {
      AsPath path;
      path.Append(SegmentType::kAsSequence, p);
      CheckPath(table, oracle, path, AspaSession{p.empty() ? 0 : p.front(), false}, 5, &tally);
    }
  }
  EXPECT_EQ(tally.mismatches, 0u);
  EXPECT_EQ(tally.worlds_mismatches, 0u);
  tally.Print("synthetic ASPAs x real paths");
  for (AspaDirection d : kDirections) {
    for (AspaState s : {AspaState::kValid, AspaState::kInvalid, AspaState::kUnknown}) {
      EXPECT_GT(tally.Get(d, s), 1000u) << AspaDirectionName(d) << " " << AspaStateName(s);
    }
  }
}

// Random tables and paths over ASes 0..11.
TEST(AspaDifferentialTest, RandomTablesAndPaths) {
  std::mt19937_64 rng(9234);
  std::uniform_int_distribution<Asn> asn(0, 11);
  std::uniform_int_distribution<int> percent(0, 99);
  Tally tally;
  for (int table_round = 0; table_round < 2000; ++table_round) {
    std::vector<Aspa> aspas;
    for (Asn customer = 0; customer <= 11; ++customer) {
      int records = percent(rng) < 40 ? 0 : (percent(rng) < 85 ? 1 : 2);
      for (int r = 0; r < records; ++r) {
        Aspa aspa{customer, {}};
        int k = percent(rng) % 4;
        for (int i = 0; i < k; ++i) aspa.providers.push_back(asn(rng));
        if (percent(rng) < 5) aspa.providers = {0};
        aspas.push_back(aspa);
      }
    }
    AspaTable table(aspas);
    AspaOracle oracle(aspas);
    for (int path_round = 0; path_round < 100; ++path_round) {
      AsPath path;
      int segments = percent(rng) < 3 ? 0 : 1 + percent(rng) % 3;
      for (int s = 0; s < segments; ++s) {
        int kind = percent(rng);
        SegmentType type = kind < 88   ? SegmentType::kAsSequence
                           : kind < 94 ? SegmentType::kAsSet
                           : kind < 98 ? SegmentType::kConfedSequence
                                       : SegmentType::kConfedSet;
        std::vector<Asn> asns;
        int len = percent(rng) < 2 ? 0 : 1 + percent(rng) % 5;  // empty segments decode too
        for (int i = 0; i < len; ++i) {
          asns.push_back(!asns.empty() && percent(rng) < 25 ? asns.back() : asn(rng));
        }
        path.Append(type, asns);
      }
      AspaSession session;
      std::optional<Asn> first = path.FirstAsn();
      int who = percent(rng);
      session.neighbor_asn = who < 45 ? 0 : (who < 90 && first ? *first : asn(rng));
      session.receiver_is_rs_client = percent(rng) < 10;
      CheckPath(table, oracle, path, session, 9, &tally);
      if (path.segment_count() == 1 && path.segment(0).type == SegmentType::kAsSequence) {
        for (AspaDirection d : kDirections) {
          EXPECT_EQ(VerifyAsPath(table, path.asns(), d, session),
                    VerifyAsPath(table, path, d, session));
        }
      }
    }
  }
  EXPECT_EQ(tally.mismatches, 0u);
  EXPECT_EQ(tally.worlds_mismatches, 0u);
  tally.Print("random tables x random paths");
  for (AspaDirection d : kDirections) {
    for (AspaState s : {AspaState::kValid, AspaState::kInvalid, AspaState::kUnknown}) {
      EXPECT_GT(tally.Get(d, s), 10000u) << AspaDirectionName(d) << " " << AspaStateName(s);
    }
  }
}

}  // namespace
}  // namespace manrs
