// Population: the synthetic Internet a generated file describes: origin ASes
// with Zipf-like prefix counts (drawn from the measured prefixes-per-origin
// table), a pool of transit ASes, the prefixes themselves (lengths and leading
// bits drawn from the measured tables, unique, sorted) and which AS originates
// each, and the collector's peers, each given the profile of a real session.
//
// Invariants: prefixes() is sorted (IPv4 before IPv6, then by address and
// length) and holds no duplicates; info()[i] describes prefixes()[i]; every
// ASN in the population (origins, transits, peers) is distinct.
#ifndef MANRS_BENCH_MRTGEN_POPULATION_H_
#define MANRS_BENCH_MRTGEN_POPULATION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "attributes.h"
#include "manrs/base/result.h"
#include "manrs/net/prefix.h"
#include "random.h"

namespace manrs::mrtgen {

inline constexpr std::uint32_t kNoOrigin = 0xffffffff;

struct OriginAs {
  std::uint32_t asn;
  std::uint32_t upstream;  // the transit AS right before it in most paths
};

// Per prefix, fixed across peers: who originates it and what it carries.
struct PrefixInfo {
  std::uint32_t origin = 0;               // index into origins()
  std::uint32_t moas_origin = kNoOrigin;  // a second origin some peers see
  Origin origin_code = Origin::kIgp;
  bool atomic_aggregate = false;
  std::optional<std::uint32_t> aggregator_address;  // AGGREGATOR present when set
};

struct Peer {
  std::uint32_t asn = 0;
  std::uint32_t bgp_id = 0;
  IpAddress address;  // session address: its family is the peer's family
  bool carries_v4 = false;
  bool carries_v6 = false;
  double visibility = 1;  // share of the prefixes of its family it holds
  double community_share = 0;
  double med_share = 0;
  double local_pref_share = 0;
  double activity = 1;  // relative UPDATE rate
  IpAddress v4_next_hop;
  IpAddress v6_next_hop;
  std::optional<IpAddress> link_local;
  std::uint32_t provider = 0;        // first transit hop behind the peer
  std::uint32_t community_base = 0;  // low halves of its communities start here
  std::uint32_t session_start = 0;   // routes cannot be older than this
};

struct PopulationOptions {
  std::size_t v4_prefixes = 0;
  std::size_t v6_prefixes = 0;
  std::size_t peers = 1;
  std::uint32_t dump_time = 0;
  // Overrides the measured share of routes with LOCAL_PREF (0 in every real
  // collector feed measured: eBGP sessions do not carry it).
  std::optional<double> local_pref_share;
};

class Population {
 public:
  // Builds everything from rng. Fails only when the prefix counts cannot be
  // met (more unique prefixes asked for than the drawn lengths allow).
  static Result<Population> Build(const PopulationOptions& options, Rng& rng);

  const std::vector<Prefix>& prefixes() const { return prefixes_; }
  const std::vector<PrefixInfo>& info() const { return info_; }
  const std::vector<OriginAs>& origins() const { return origins_; }
  const std::vector<Peer>& peers() const { return peers_; }
  std::size_t v4_count() const { return v4_count_; }

  // A transit AS drawn with Zipf-like weights (big transits are in most paths).
  std::uint32_t SampleTransit(Rng& rng) const { return transits_[transit_weights_.Sample(rng)]; }

 private:
  Population() = default;
  Status MakePrefixes(const PopulationOptions& options, Rng& rng);
  void MakeAses(std::size_t origin_count, std::size_t peer_count, Rng& rng);
  void AssignOrigins(Rng& rng);
  void MakePeers(const PopulationOptions& options, Rng& rng);

  std::vector<Prefix> prefixes_;
  std::vector<PrefixInfo> info_;
  std::vector<OriginAs> origins_;
  std::vector<std::uint32_t> transits_;
  Distribution transit_weights_;
  std::vector<std::uint32_t> peer_asns_;
  std::vector<Peer> peers_;
  std::size_t v4_count_ = 0;
};

}  // namespace manrs::mrtgen

#endif  // MANRS_BENCH_MRTGEN_POPULATION_H_
