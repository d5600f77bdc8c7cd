#include "routes.h"

#include <algorithm>
#include <array>

#include "shapes.h"

namespace manrs::mrtgen {
namespace {

// Not measurable with bgpdump -m (it prints an absent MED as 0): the values
// carried. Half the MEDs are 0, as IGP-cost MEDs toward a collector often are.
constexpr double kZeroMedShare = 0.5;
constexpr std::array<std::uint32_t, 6> kLocalPrefs = {100, 100, 100, 80, 120, 200};
constexpr std::uint64_t kLongCommunitiesMin = 64;
constexpr std::uint64_t kLongCommunitiesMax = 100;
constexpr int kTransitTries = 8;

PathShape MakePathShape(std::span<const std::uint64_t> distinct_hops, Share prepended,
                        std::span<const std::uint64_t> extra,
                        std::span<const std::uint64_t> runs_at) {
  PathShape s;
  s.distinct_hops = Distribution(distinct_hops);
  s.prepended = prepended.value();
  s.extra = Distribution::WithoutZero(extra);
  s.runs_at = Distribution(runs_at);
  return s;
}

double NonZeroShare(std::span<const std::uint64_t> counts) {
  std::uint64_t all = 0;
  for (std::uint64_t c : counts) all += c;
  return all == 0 ? 0 : 1.0 - static_cast<double>(counts[0]) / static_cast<double>(all);
}

bool Contains(const std::vector<std::uint32_t>& v, std::uint32_t asn) {
  return std::find(v.begin(), v.end(), asn) != v.end();
}

// The high half of a community names an AS; 32-bit ASes, which do not fit,
// use a private 16-bit AS as they do in practice.
std::uint32_t CommunityAs(std::uint32_t asn) { return asn <= 0xffff ? asn : 64512 + asn % 1000; }

}  // namespace

RouteShapes RouteShapes::ForRib(double long_attr_share) {
  RouteShapes s;
  s.v4 = MakePathShape(kV4DistinctHopCounts, kV4PrependedRoutes, kV4PrependExtraCounts,
                       kV4PrependRunsAt);
  s.v6 = MakePathShape(kV6DistinctHopCounts, kV6PrependedRoutes, kV6PrependExtraCounts,
                       kV6PrependRunsAt);
  s.communities = Distribution::WithoutZero(kRibCommunityCounts);
  s.per_peer_shares = true;
  s.long_attr_share = long_attr_share;
  return s;
}

RouteShapes RouteShapes::ForUpdates(double long_attr_share) {
  RouteShapes s;
  // Where prepends sit was measured on the RIBs only.
  s.v4 = MakePathShape(kUpdateV4DistinctHopCounts, kUpdateV4PrependedRoutes,
                       kUpdateV4PrependExtraCounts, kV4PrependRunsAt);
  s.v6 = MakePathShape(kUpdateV6DistinctHopCounts, kUpdateV6PrependedRoutes,
                       kUpdateV6PrependExtraCounts, kV6PrependRunsAt);
  s.communities = Distribution::WithoutZero(kUpdateCommunityCounts);
  s.per_peer_shares = false;
  s.community_share = NonZeroShare(kUpdateCommunityCounts);
  s.med_share = kUpdateMed.value();
  s.long_attr_share = long_attr_share;
  return s;
}

void RouteBuilder::Build(const Peer& peer, std::size_t prefix, Rng& rng,
                         RouteAttributes& out) const {
  const PrefixInfo& info = population_.info()[prefix];
  const bool v6 = !population_.prefixes()[prefix].is_v4();
  std::uint32_t origin = info.origin;
  if (info.moas_origin != kNoOrigin && rng.Chance(0.5)) origin = info.moas_origin;

  out.origin = info.origin_code;
  BuildPath(peer, origin, v6 ? shapes_.v6 : shapes_.v4, rng, out.as_path);
  out.next_hop = v6 ? peer.v6_next_hop : peer.v4_next_hop;
  out.link_local = v6 ? peer.link_local : std::nullopt;
  const double med_share = shapes_.per_peer_shares ? peer.med_share : shapes_.med_share;
  out.med.reset();
  if (rng.Chance(med_share)) {
    out.med = rng.Chance(kZeroMedShare) ? 0 : static_cast<std::uint32_t>(rng.Between(1, 2000));
  }
  out.local_pref.reset();
  if (rng.Chance(peer.local_pref_share))
    out.local_pref = kLocalPrefs[rng.Below(kLocalPrefs.size())];
  out.atomic_aggregate = info.atomic_aggregate;
  out.aggregator.reset();
  if (info.aggregator_address) {
    out.aggregator = Aggregator{population_.origins()[origin].asn, *info.aggregator_address};
  }
  BuildCommunities(peer, out.as_path, rng, out.communities);
}

void RouteBuilder::BuildPath(const Peer& peer, std::uint32_t origin_index, const PathShape& shape,
                             Rng& rng, std::vector<std::uint32_t>& path) const {
  const OriginAs& origin = population_.origins()[origin_index];
  path.clear();
  path.push_back(peer.asn);
  // A one-hop path means the peer originates the prefix; here the prefix has
  // its own origin, so the (0.1%) one-hop paths become two-hop ones.
  const std::size_t hops = std::max<std::size_t>(2, shape.distinct_hops.Sample(rng));
  if (hops >= 4 && !Contains(path, peer.provider) && peer.provider != origin.upstream &&
      peer.provider != origin.asn) {
    path.push_back(peer.provider);
  }
  // Transits between the peer's provider and the origin's upstream.
  while (path.size() + (hops >= 3 ? 2 : 1) < hops) {
    std::uint32_t asn = 0;
    for (int t = 0; t < kTransitTries && asn == 0; ++t) {
      const std::uint32_t candidate = population_.SampleTransit(rng);
      if (!Contains(path, candidate) && candidate != origin.upstream && candidate != origin.asn) {
        asn = candidate;
      }
    }
    if (asn == 0) break;  // the pool is too small for a path this long
    path.push_back(asn);
  }
  if (hops >= 3 && !Contains(path, origin.upstream)) path.push_back(origin.upstream);
  path.push_back(origin.asn);

  if (!rng.Chance(shape.prepended)) return;
  const std::size_t extra = shape.extra.Sample(rng);
  std::size_t at = path.size() - 1;  // at the origin
  switch (shape.runs_at.Sample(rng)) {
    case 1:
      at = 0;
      break;
    case 2:
      if (path.size() > 2) at = 1 + rng.Below(path.size() - 2);
      break;
    default:
      break;
  }
  const std::uint32_t repeated = path[at];
  path.insert(path.begin() + static_cast<std::ptrdiff_t>(at), extra, repeated);
}

void RouteBuilder::BuildCommunities(const Peer& peer, const std::vector<std::uint32_t>& path,
                                    Rng& rng, std::vector<std::uint32_t>& out) const {
  out.clear();
  std::size_t count = 0;
  if (shapes_.long_attr_share > 0 && rng.Chance(shapes_.long_attr_share)) {
    count = rng.Between(kLongCommunitiesMin, kLongCommunitiesMax);
  } else {
    const double share = shapes_.per_peer_shares ? peer.community_share : shapes_.community_share;
    if (!rng.Chance(share)) return;
    count = shapes_.communities.Sample(rng);
  }
  // Mostly the peer's own tags, some from the next AS on the path; the low
  // halves step by 37, so they never repeat within one route.
  const std::uint32_t next = path.size() > 1 ? path[1] : path[0];
  for (std::size_t j = 0; j < count; ++j) {
    const std::uint32_t asn = (j % 4 == 3) ? next : peer.asn;
    const auto low = static_cast<std::uint32_t>((peer.community_base + j * 37) & 0xffff);
    out.push_back((CommunityAs(asn) << 16) | low);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace manrs::mrtgen
