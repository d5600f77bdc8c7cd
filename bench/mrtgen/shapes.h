// The measured shapes mrtgen draws from, as constant tables. The numbers live
// in shapes.inc, which measure_shapes.sh writes from real collector dumps; this
// header only declares the row types the tables use and includes them.
#ifndef MANRS_BENCH_MRTGEN_SHAPES_H_
#define MANRS_BENCH_MRTGEN_SHAPES_H_

#include <cstdint>

namespace manrs::mrtgen {

// A measured share: numerator out of denominator (both raw counts).
struct Share {
  std::uint64_t num;
  std::uint64_t den;

  constexpr double value() const {
    return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
  }
};

// One real BGP session of a RIB dump. Visibility is routes / family_prefixes:
// a session holds at most one route per prefix.
struct SessionShape {
  int family;  // 4 or 6: the family of the routes the session carried
  std::uint64_t routes;
  std::uint64_t family_prefixes;  // unique prefixes of that family in the dump
  std::uint64_t with_communities;
  std::uint64_t with_med;
  std::uint64_t with_local_pref;
};

// prefixes: how many prefixes an origin AS announced; origins: how many origin
// ASes announced exactly that many.
struct OriginBucket {
  std::uint64_t prefixes;
  std::uint64_t origins;
};

// The leading 16 bits of IPv6 prefixes, and how many prefixes started so.
struct GroupCount {
  std::uint32_t group;
  std::uint64_t prefixes;
};

#include "shapes.inc"  // NOLINT(build/include): generated tables

}  // namespace manrs::mrtgen

#endif  // MANRS_BENCH_MRTGEN_SHAPES_H_
