// RouteBuilder: the attributes a peer holds for a prefix. The path runs from
// the peer through its provider and other transits to the origin's upstream
// and the origin (so paths differ per peer but end alike), with a number of
// distinct hops, prepending, communities and MED drawn from measured shapes.
#ifndef MANRS_BENCH_MRTGEN_ROUTES_H_
#define MANRS_BENCH_MRTGEN_ROUTES_H_

#include <cstddef>

#include "attributes.h"
#include "population.h"
#include "random.h"

namespace manrs::mrtgen {

struct PathShape {
  Distribution distinct_hops;  // index = distinct ASes in the path
  double prepended = 0;        // share of routes with a repeated AS
  Distribution extra;          // extra copies in a prepended route
  Distribution runs_at;        // 0 = at the origin, 1 = at the peer, 2 = between
};

// The shapes one kind of file draws routes from.
struct RouteShapes {
  PathShape v4;
  PathShape v6;
  Distribution communities;  // how many, given at least one
  // RIB: each peer's own community and MED shares (per-session profiles);
  // UPDATEs: the pooled shares below.
  bool per_peer_shares = true;
  double community_share = 0;
  double med_share = 0;
  // Test knob: share of routes given 64-100 communities, so COMMUNITIES
  // exceeds 255 bytes and needs the Extended Length flag.
  double long_attr_share = 0;

  static RouteShapes ForRib(double long_attr_share);
  static RouteShapes ForUpdates(double long_attr_share);
};

class RouteBuilder {
 public:
  // Both must outlive the builder.
  RouteBuilder(const Population& population, const RouteShapes& shapes)
      : population_(population), shapes_(shapes) {}

  // Fills out with the route peer holds for population.prefixes()[prefix].
  // REQUIRES: prefix < population.prefixes().size().
  void Build(const Peer& peer, std::size_t prefix, Rng& rng, RouteAttributes& out) const;

 private:
  void BuildPath(const Peer& peer, std::uint32_t origin_index, const PathShape& shape, Rng& rng,
                 std::vector<std::uint32_t>& path) const;
  void BuildCommunities(const Peer& peer, const std::vector<std::uint32_t>& path, Rng& rng,
                        std::vector<std::uint32_t>& out) const;

  const Population& population_;
  const RouteShapes& shapes_;
};

}  // namespace manrs::mrtgen

#endif  // MANRS_BENCH_MRTGEN_ROUTES_H_
