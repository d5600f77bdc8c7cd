// IncidentTracker against a plain model (a std::map of open occurrences per
// (peer, prefix)) on random update sequences: the flat per-peer tables with
// backward-shift deletion must give exactly the same spans.
#include "manrs/observe/incidents.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>
#include <vector>

namespace manrs {
namespace {

using Span = std::tuple<int, Asn, Asn, Prefix, std::uint32_t, std::int64_t, std::int64_t>;

class Model {
 public:
  void Update(std::uint32_t peer, const Prefix& prefix, std::int64_t time,
              const std::vector<Offence>& offences) {
    auto& open = open_[{peer, prefix}];
    std::vector<bool> continued(offences.size(), false);
    std::vector<std::pair<Offence, std::int64_t>> still;
    for (auto& [o, start] : open) {
      bool same = false;
      for (std::size_t i = 0; i < offences.size(); ++i) {
        if (!continued[i] && offences[i].SameAs(o)) {
          continued[i] = same = true;
          break;
        }
      }
      if (same) {
        still.push_back({o, start});
      } else {
        closed_.push_back(Make(o, prefix, peer, start, std::max(time, start)));
      }
    }
    for (std::size_t i = 0; i < offences.size(); ++i) {
      if (!continued[i]) still.push_back({offences[i], time});
    }
    open = std::move(still);
  }
  void PeerDown(std::uint32_t peer, std::int64_t time) {
    for (auto& [key, open] : open_) {
      if (key.first != peer) continue;
      for (auto& [o, start] : open) {
        closed_.push_back(Make(o, key.second, peer, start, std::max(time, start)));
      }
      open.clear();
    }
  }
  std::vector<Span> Spans() const {
    std::vector<Span> out = closed_;
    for (const auto& [key, open] : open_) {
      for (const auto& [o, start] : open) {
        out.push_back(Make(o, key.second, key.first, start, INT64_MAX));
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  static Span Make(const Offence& o, const Prefix& p, std::uint32_t peer, std::int64_t start,
                   std::int64_t end) {
    return {static_cast<int>(o.kind), o.culprit, o.accomplice, p, peer, start, end};
  }
  std::map<std::pair<std::uint32_t, Prefix>, std::vector<std::pair<Offence, std::int64_t>>> open_;
  std::vector<Span> closed_;
};

TEST(IncidentTrackerTest, MatchesAPlainModelOnRandomSequences) {
  std::mt19937 engine(20260604);
  auto rng = [&engine] { return static_cast<std::uint32_t>(engine()); };
  std::vector<Prefix> prefixes;
  for (int i = 0; i < 300; ++i) {
    prefixes.push_back(Prefix::Normalized(IpAddress::V4(static_cast<std::uint32_t>(
                                              0x0b000000u + (static_cast<std::uint32_t>(i) << 8))),
                                          24));
  }
  for (int round = 0; round < 20; ++round) {
    IncidentTracker tracker;
    Model model;
    std::int64_t time = 1000;
    for (int step = 0; step < 5000; ++step) {
      time += static_cast<std::int64_t>(rng() % 3);
      const auto peer = static_cast<std::uint32_t>(rng() % 6);
      const Prefix& prefix = prefixes[rng() % prefixes.size()];
      const unsigned action = rng() % 100;
      if (action < 2) {
        tracker.PeerDown(peer, time);
        model.PeerDown(peer, time);
        continue;
      }
      std::vector<Offence> offences;
      if (action < 60) {
        const unsigned n = 1 + rng() % 3;
        for (unsigned k = 0; k < n; ++k) {
          Offence o;
          o.kind = static_cast<IncidentKind>(rng() % 4);
          o.culprit = 100 + rng() % 3;
          o.accomplice = rng() % 2;
          offences.push_back(o);
        }
      }
      tracker.Update(peer, prefix, time, offences, 0);
      model.Update(peer, prefix, time, offences);
    }
    std::vector<Span> got;
    tracker.ForEachSpan([&](const Offence& o, const Prefix& p, std::uint32_t peer,
                            std::int64_t start, std::int64_t end) {
      got.push_back({static_cast<int>(o.kind), o.culprit, o.accomplice, p, peer, start, end});
    });
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, model.Spans()) << "round " << round;
  }
}

}  // namespace
}  // namespace manrs
