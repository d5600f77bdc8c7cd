// WriteUpdates: a BGP4MP update file (RFC 6396 section 4.4): MESSAGE_AS4
// records each holding one BGP UPDATE, and now and then a session reset as a
// run of STATE_CHANGE_AS4 records; timestamps never decrease. IPv4 prefixes go
// in the UPDATE's own withdrawn-routes and NLRI fields, IPv6 ones in
// MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760, AFI 2 SAFI 1).
#ifndef MANRS_BENCH_MRTGEN_UPDATES_H_
#define MANRS_BENCH_MRTGEN_UPDATES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "manrs/base/result.h"

namespace manrs::mrtgen {

struct UpdateOptions {
  std::uint64_t messages = 100000;  // UPDATE records
  std::uint32_t peers = 20;
  double v6_share = 0.18;  // of the UPDATEs
  std::uint64_t seed = 1;
  std::uint32_t start_time = 1767225600;  // 2026-01-01T00:00:00Z
  std::optional<double> local_pref_share;
  double long_attr_share = 0;
  std::string output;
};

struct UpdateStats {
  std::uint64_t updates = 0;        // MESSAGE_AS4 records
  std::uint64_t state_changes = 0;  // STATE_CHANGE_AS4 records
  std::uint64_t announced = 0;      // prefixes announced, over all UPDATEs
  std::uint64_t withdrawn = 0;      // prefixes withdrawn
  std::uint32_t last_time = 0;
  std::uint64_t bytes = 0;
  // What bgpdump -m prints: a line per prefix and per state change.
  std::uint64_t lines() const { return announced + withdrawn + state_changes; }
};

// REQUIRES: 1 <= peers <= 65535, 0 <= v6_share <= 1.
Result<UpdateStats> WriteUpdates(const UpdateOptions& options);

}  // namespace manrs::mrtgen

#endif  // MANRS_BENCH_MRTGEN_UPDATES_H_
