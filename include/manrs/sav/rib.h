// The router's view SAV lists are computed from: one interface per BGP
// neighbour (an MRT peer) and the Adj-RIB-In of each, as a TABLE_DUMP_V2 or
// TABLE_DUMP RIB or a BGP4MP update stream (replayed: announcements replace,
// withdrawals remove) gives it.
//
// Invariants: every route's interface indexes interfaces(); after Finish()
// routes are sorted by (prefix, interface) and hold at most one route per
// (prefix, interface) (ADD-PATH duplicates keep the last one seen).
#ifndef MANRS_SAV_RIB_H_
#define MANRS_SAV_RIB_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/net/asn.h"
#include "manrs/net/ip_address.h"
#include "manrs/net/prefix.h"

namespace manrs {

struct SavInterface {
  Asn peer_asn = 0;
  IpAddress peer_ip;
  friend auto operator<=>(const SavInterface&, const SavInterface&) = default;
  friend bool operator==(const SavInterface&, const SavInterface&) = default;
};

// What the BGP decision process (RFC 4271 9.1.2.2) needs of a route, plus the
// origin AS and the path's index in the path table (for BAR-SAV).
struct SavRoute {
  Prefix prefix;
  std::uint32_t interface = 0;
  Asn origin_asn = 0;              // 0: no origin (empty path or ending in an AS_SET)
  Asn neighbor_asn = 0;            // the first AS of the path (MED comparison group)
  std::uint32_t local_pref = 100;  // RFC 4271 default when the attribute is absent
  std::uint32_t med = 0;           // 0 when absent (RFC 4271 9.1.2.2 c)
  std::uint16_t path_length = 0;   // AS_SET counts one
  std::uint8_t origin = 2;         // IGP 0 < EGP 1 < INCOMPLETE 2
  std::uint32_t path_id = 0;       // index into SavRib::path()
  bool path_has_set = false;       // the AS_PATH holds an AS_SET (not in path())
  bool withdrawn = false;          // a tombstone until Finish()
};

class SavRib {
 public:
  // Adds an interface (idempotent); returns its index.
  std::uint32_t InterfaceOf(const SavInterface& iface);
  // Adds or replaces the route of (prefix, interface). The path (the ASNs of
  // the AS_SEQUENCE segments before any AS_SET, neighbour first: the part
  // whose order means something) is kept once per distinct path.
  void Announce(SavRoute route, std::span<const Asn> path);
  void Withdraw(const Prefix& prefix, std::uint32_t interface);
  // The session of the interface went down: every route it announced so far
  // is gone (RFC 4271: the Adj-RIB-In of a closed session is dropped).
  void DropInterface(std::uint32_t interface);
  // Sorts and drops replaced or withdrawn routes. Call once after the last
  // Announce/Withdraw; the accessors below need it.
  void Finish();

  std::span<const SavInterface> interfaces() const { return interfaces_; }
  std::span<const SavRoute> routes() const { return routes_; }
  std::span<const Asn> path(std::uint32_t id) const;
  std::size_t path_count() const { return path_offsets_.size(); }

 private:
  std::vector<SavInterface> interfaces_;
  std::map<SavInterface, std::uint32_t> index_;
  std::uint32_t last_ = 0;
  std::vector<SavRoute> routes_;
  std::vector<Asn> path_asns_;
  std::vector<std::uint32_t> path_offsets_;  // start of each path in path_asns_
  std::vector<std::uint32_t> path_lengths_;
  std::unordered_multimap<std::uint64_t, std::uint32_t> path_index_;  // hash -> path id
  std::uint32_t FindOrAddPath(std::span<const Asn> path);
};

struct SavRibStats {
  std::uint64_t elements = 0;
  std::uint64_t routes = 0;  // after replay
  std::uint64_t withdrawals = 0;
  std::uint64_t default_routes = 0;  // 0/0 and ::/0, left out
  std::uint64_t sessions_down = 0;   // state changes out of Established
};

// Reads an MRT file (any compression the MRT reader opens) into a SavRib. In
// BGP4MP streams a peer's state change out of Established drops its routes.
// Default routes are left out (counted in stats).
// Damage is reported to problems and skipped; an unreadable file, or one
// without any route, is an error.
Result<SavRib> LoadSavRib(const std::string& path, ProblemLog& problems,
                          SavRibStats* stats = nullptr);

}  // namespace manrs

#endif  // MANRS_SAV_RIB_H_
