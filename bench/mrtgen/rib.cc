#include "rib.h"

#include <algorithm>
#include <cmath>

#include "attributes.h"
#include "mrt.h"
#include "population.h"
#include "routes.h"
#include "wire.h"

namespace manrs::mrtgen {
namespace {

// RFC 6396 section 4.3.1 peer type bits.
constexpr std::uint8_t kPeerTypeIpv6 = 0x01;
constexpr std::uint8_t kPeerTypeAs4 = 0x02;

void WritePeerIndexTable(const std::vector<Peer>& peers, std::uint32_t time, WireWriter& out) {
  const std::size_t at = BeginRecord(time, kTableDumpV2, kPeerIndexTable, out);
  out.U32(kCollectorBgpId);
  out.U16(0);  // view name length: no view name
  out.U16(static_cast<std::uint16_t>(peers.size()));
  for (const Peer& p : peers) {
    out.U8(static_cast<std::uint8_t>(kPeerTypeAs4 | (p.address.is_v6() ? kPeerTypeIpv6 : 0)));
    out.U32(p.bgp_id);
    AppendAddress(p.address, out);
    out.U32(p.asn);
  }
  EndRecord(at, out);
}

// Peers that hold prefix i: each carrier of its family with its visibility;
// the most visible carrier when the draw left none (a RIB lists no prefix
// without a route).
void ChoosePeers(const std::vector<Peer>& peers, const std::vector<std::uint16_t>& carriers,
                 std::uint16_t fallback, Rng& rng, std::vector<std::uint16_t>& chosen) {
  chosen.clear();
  for (std::uint16_t i : carriers) {
    if (rng.Chance(peers[i].visibility)) chosen.push_back(i);
  }
  if (chosen.empty()) chosen.push_back(fallback);
}

}  // namespace

Result<RibStats> WriteRib(const RibOptions& options) {
  Rng rng(options.seed);
  PopulationOptions popts;
  popts.v6_prefixes = static_cast<std::size_t>(
      std::llround(static_cast<double>(options.prefixes) * std::clamp(options.v6_share, 0.0, 1.0)));
  popts.v4_prefixes = options.prefixes - popts.v6_prefixes;
  popts.peers = options.peers;
  popts.dump_time = options.dump_time;
  popts.local_pref_share = options.local_pref_share;
  auto population = Population::Build(popts, rng);
  if (!population) return Unexpected<Error>(population.error());
  const Population& pop = *population;
  const std::vector<Peer>& peers = pop.peers();

  std::vector<std::uint16_t> carriers[2];
  std::uint16_t fallback[2] = {0, 0};
  for (std::size_t i = 0; i < peers.size(); ++i) {
    const auto index = static_cast<std::uint16_t>(i);
    for (int f = 0; f < 2; ++f) {
      if (!(f == 0 ? peers[i].carries_v4 : peers[i].carries_v6)) continue;
      if (carriers[f].empty() || peers[i].visibility > peers[fallback[f]].visibility) {
        fallback[f] = index;
      }
      carriers[f].push_back(index);
    }
  }

  OutputFile file;
  MANRS_TRY(file.Open(options.output));
  RibStats stats;
  WireWriter out;
  WritePeerIndexTable(peers, options.dump_time, out);
  MANRS_TRY(file.Write(out.bytes()));
  stats.records = 1;

  const RouteShapes shapes = RouteShapes::ForRib(options.long_attr_share);
  const RouteBuilder builder(pop, shapes);
  Rng route_rng = rng.Fork(5);
  RouteAttributes route;
  std::vector<std::uint16_t> chosen;
  const std::vector<Prefix>& prefixes = pop.prefixes();
  for (std::size_t i = 0; i < prefixes.size(); ++i) {
    const Prefix& prefix = prefixes[i];
    const int f = prefix.is_v4() ? 0 : 1;
    ChoosePeers(peers, carriers[f], fallback[f], route_rng, chosen);
    out.Clear();
    const std::size_t at = BeginRecord(options.dump_time, kTableDumpV2,
                                       f == 0 ? kRibIpv4Unicast : kRibIpv6Unicast, out);
    out.U32(static_cast<std::uint32_t>(i));  // sequence number
    EncodeNlri(prefix, out);
    out.U16(static_cast<std::uint16_t>(chosen.size()));
    for (std::uint16_t peer_index : chosen) {
      const Peer& peer = peers[peer_index];
      builder.Build(peer, i, route_rng, route);
      out.U16(peer_index);
      out.U32(peer.session_start + static_cast<std::uint32_t>(route_rng.Below(
                                       options.dump_time - peer.session_start + 1)));
      const std::size_t attr_at = out.Reserve16();
      EncodeAttributes(route, AttributeForm::kRibEntry, {}, {}, out);
      out.Patch16(attr_at);
    }
    EndRecord(at, out);
    MANRS_TRY(file.Write(out.bytes()));
    stats.entries += chosen.size();
    ++stats.records;
  }
  MANRS_TRY(file.Close());
  stats.v4_prefixes = pop.v4_count();
  stats.v6_prefixes = prefixes.size() - pop.v4_count();
  stats.bytes = file.bytes_written();
  return stats;
}

}  // namespace manrs::mrtgen
