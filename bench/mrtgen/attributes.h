// The BGP path attributes mrtgen writes, and their wire encoding (RFC 4271
// section 4.3, 4-byte AS numbers throughout as RFC 6793 and RFC 6396 4.3.4
// require for BGP4MP_*_AS4 and TABLE_DUMP_V2). Attributes go out in type-code
// order; one longer than 255 bytes gets the Extended Length flag.
#ifndef MANRS_BENCH_MRTGEN_ATTRIBUTES_H_
#define MANRS_BENCH_MRTGEN_ATTRIBUTES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "manrs/net/ip_address.h"
#include "manrs/net/prefix.h"
#include "wire.h"

namespace manrs::mrtgen {

enum class Origin : std::uint8_t { kIgp = 0, kEgp = 1, kIncomplete = 2 };

struct Aggregator {
  std::uint32_t asn;
  std::uint32_t address;  // IPv4, host order
};

// One route's attributes. next_hop is IPv4 for IPv4 routes; an IPv6 route
// carries its next hop in MP_REACH_NLRI, link_local optionally as the second
// half of a 32-byte next hop (RFC 2545 section 3).
struct RouteAttributes {
  Origin origin = Origin::kIgp;
  std::vector<std::uint32_t> as_path;  // one AS_SEQUENCE, peer first
  IpAddress next_hop;
  std::optional<IpAddress> link_local;
  std::optional<std::uint32_t> med;
  std::optional<std::uint32_t> local_pref;
  bool atomic_aggregate = false;
  std::optional<Aggregator> aggregator;
  std::vector<std::uint32_t> communities;  // RFC 1997, high 16 bits = AS
};

// Where the attributes go, which decides the MP_REACH_NLRI form.
enum class AttributeForm {
  // TABLE_DUMP_V2 RIB entry: MP_REACH_NLRI holds only the next-hop length and
  // next hop (RFC 6396 section 4.3.4).
  kRibEntry,
  // BGP UPDATE: MP_REACH_NLRI in full (RFC 4760 section 3) with the NLRI.
  kUpdate,
};

// Appends the attributes of route to out. For an IPv6 route (next_hop is
// IPv6) writes MP_REACH_NLRI; in kUpdate form it carries reach_nlri, and
// unreach_nlri, when not empty, goes into an MP_UNREACH_NLRI. IPv4 NLRI is
// never written here (it follows the attributes in an UPDATE).
void EncodeAttributes(const RouteAttributes& route, AttributeForm form,
                      std::span<const Prefix> reach_nlri, std::span<const Prefix> unreach_nlri,
                      WireWriter& out);

// Appends an MP_UNREACH_NLRI for IPv6 unicast alone: an UPDATE that only
// withdraws IPv6 prefixes carries nothing else.
void EncodeV6Unreach(std::span<const Prefix> prefixes, WireWriter& out);

// Appends prefix as NLRI: length byte, then ceil(length / 8) address bytes.
void EncodeNlri(const Prefix& prefix, WireWriter& out);
inline std::size_t NlriSize(const Prefix& prefix) {
  return 1 + (static_cast<std::size_t>(prefix.length()) + 7) / 8;
}

}  // namespace manrs::mrtgen

#endif  // MANRS_BENCH_MRTGEN_ATTRIBUTES_H_
