// Population::MakePeers: the collector's peers. Each peer takes the profile of
// a real session of the measured RIBs (visibility, share of routes with
// COMMUNITIES and MED) of its own family; a family carried by no peer (one
// peer in all, or a skewed draw) is carried by every peer.
#include <algorithm>
#include <cmath>

#include "population.h"
#include "shapes.h"

namespace manrs::mrtgen {
namespace {

// Addresses are synthetic: an IXP-like LAN 185.1.0.0/16 and 2001:7f8:1::/64
// (with the ASN in the interface identifier, as IXPs number their members),
// link-local next hops in fe80::/64, and BGP identifiers from 185.2.0.0/16.
constexpr std::uint32_t kPeerLanV4 = 0xb9010000;  // 185.1.0.0
constexpr std::uint64_t kPeerLanV6 = 0x200107f800010000;
constexpr std::uint32_t kBgpIdBase = 0xb9020000;  // 185.2.0.0
constexpr std::uint64_t kLinkLocal = 0xfe80000000000000;
// Peer sessions came up between an hour and 60 days before the dump.
constexpr std::uint32_t kMinSessionAge = 3600;
constexpr std::uint32_t kMaxSessionAge = 60 * 86400;

double Ratio(std::uint64_t num, std::uint64_t den) {
  return den == 0 ? 0 : std::min(1.0, static_cast<double>(num) / static_cast<double>(den));
}

std::vector<const SessionShape*> SessionsOf(int family) {
  std::vector<const SessionShape*> out;
  for (const SessionShape& s : kRibSessions) {
    if (s.family == family) out.push_back(&s);
  }
  return out;
}

}  // namespace

void Population::MakePeers(const PopulationOptions& options, Rng& rng) {
  const std::size_t n = peer_asns_.size();
  const auto v4_sessions = SessionsOf(4);
  const auto v6_sessions = SessionsOf(6);
  // The peers' family mix follows the sessions measured.
  const double v6_peer_share = static_cast<double>(v6_sessions.size()) /
                               static_cast<double>(v4_sessions.size() + v6_sessions.size());
  auto v6_peers = static_cast<std::size_t>(std::llround(static_cast<double>(n) * v6_peer_share));
  if (options.v6_prefixes == 0) {
    v6_peers = 0;
  } else if (options.v4_prefixes == 0) {
    v6_peers = n;
  } else if (n >= 2) {
    v6_peers = std::clamp<std::size_t>(v6_peers, 1, n - 1);
  }
  std::vector<bool> is_v6(n, false);
  for (std::size_t i = 0; i < v6_peers; ++i) is_v6[i] = true;
  for (std::size_t i = n; i > 1; --i) {
    const std::size_t j = rng.Below(i);
    const bool t = is_v6[i - 1];
    is_v6[i - 1] = is_v6[j];
    is_v6[j] = t;
  }
  const bool v4_orphaned = options.v4_prefixes > 0 && v6_peers == n;
  const bool v6_orphaned = options.v6_prefixes > 0 && v6_peers == 0;
  const double link_local_share = kRibV6LinkLocalNextHop.value();
  std::vector<std::uint64_t> activity_ppm(std::begin(kSessionActivityPpm),
                                          std::end(kSessionActivityPpm));

  peers_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    Peer& p = peers_[i];
    p.asn = peer_asns_[i];
    const auto index = static_cast<std::uint32_t>(i);
    const IpAddress v4 = IpAddress::V4(kPeerLanV4 + index + 1);
    const IpAddress v6 =
        IpAddress::V6(kPeerLanV6, (std::uint64_t{0xa5} << 56) | (std::uint64_t{p.asn} << 16) | 1);
    p.address = is_v6[i] ? v6 : v4;
    p.bgp_id = is_v6[i] ? kBgpIdBase + index + 1 : v4.v4();
    p.carries_v4 = !is_v6[i] || v4_orphaned;
    p.carries_v6 = is_v6[i] || v6_orphaned;
    const auto& pool = is_v6[i] ? v6_sessions : v4_sessions;
    const SessionShape& s = *pool[rng.Below(pool.size())];
    // A peer standing in for an orphaned family carries all of both.
    p.visibility = p.carries_v4 && p.carries_v6 ? 1.0 : Ratio(s.routes, s.family_prefixes);
    p.community_share = Ratio(s.with_communities, s.routes);
    p.med_share = Ratio(s.with_med, s.routes);
    p.local_pref_share = options.local_pref_share.value_or(Ratio(s.with_local_pref, s.routes));
    p.activity = static_cast<double>(activity_ppm[rng.Below(activity_ppm.size())]) / 1e6;
    p.v4_next_hop = v4;
    p.v6_next_hop = v6;
    if (rng.Chance(link_local_share)) p.link_local = IpAddress::V6(kLinkLocal, rng.Next());
    p.provider = SampleTransit(rng);
    p.community_base = static_cast<std::uint32_t>(rng.Between(100, 30000));
    const auto age = static_cast<std::uint32_t>(rng.Between(kMinSessionAge, kMaxSessionAge));
    p.session_start = options.dump_time > age ? options.dump_time - age : 0;
  }
}

}  // namespace manrs::mrtgen
