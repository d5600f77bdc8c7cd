// WriteRib: a TABLE_DUMP_V2 RIB dump (RFC 6396 section 4.3): one
// PEER_INDEX_TABLE, then one RIB_IPV4_UNICAST or RIB_IPV6_UNICAST record per
// prefix in prefix order, holding the route of every peer that sees it.
#ifndef MANRS_BENCH_MRTGEN_RIB_H_
#define MANRS_BENCH_MRTGEN_RIB_H_

#include <cstdint>
#include <optional>
#include <string>

#include "manrs/base/result.h"

namespace manrs::mrtgen {

struct RibOptions {
  std::uint64_t prefixes = 1000000;
  double v6_share = 0.18;  // of the prefixes
  std::uint32_t peers = 50;
  std::uint64_t seed = 1;
  std::uint32_t dump_time = 1767225600;  // 2026-01-01T00:00:00Z
  std::optional<double> local_pref_share;
  double long_attr_share = 0;
  std::string output;
};

struct RibStats {
  std::uint64_t v4_prefixes = 0;
  std::uint64_t v6_prefixes = 0;
  std::uint64_t entries = 0;  // routes: one bgpdump -m line each
  std::uint64_t records = 0;  // MRT records, the peer index table included
  std::uint64_t bytes = 0;
};

// REQUIRES: 1 <= peers <= 65535, 0 <= v6_share <= 1.
Result<RibStats> WriteRib(const RibOptions& options);

}  // namespace manrs::mrtgen

#endif  // MANRS_BENCH_MRTGEN_RIB_H_
