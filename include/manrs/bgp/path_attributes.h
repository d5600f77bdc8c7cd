// PathAttributes: every path attribute of one route (RFC 4271 section 5 and the
// RFCs that added attributes), decoded once and shared by all prefixes of the
// UPDATE or RIB entry that carried it. Clear() keeps the buffers, so a decoder
// reusing one PathAttributes allocates nothing in the steady state.
//
// Views (Bytes, spans) point into the record buffer the attributes were
// decoded from and are valid as long as that buffer.
#ifndef MANRS_BGP_PATH_ATTRIBUTES_H_
#define MANRS_BGP_PATH_ATTRIBUTES_H_

#include <array>
#include <bitset>
#include <cstdint>
#include <vector>

#include "manrs/base/cursor.h"
#include "manrs/base/result.h"
#include "manrs/bgp/as_path.h"
#include "manrs/bgp/nlri.h"
#include "manrs/net/ip_address.h"

namespace manrs {

// Path attribute type codes (IANA "BGP Path Attributes").
enum AttrType : std::uint8_t {
  kAttrOrigin = 1,
  kAttrAsPath = 2,
  kAttrNextHop = 3,
  kAttrMed = 4,
  kAttrLocalPref = 5,
  kAttrAtomicAggregate = 6,
  kAttrAggregator = 7,
  kAttrCommunities = 8,        // RFC 1997
  kAttrOriginatorId = 9,       // RFC 4456
  kAttrClusterList = 10,       // RFC 4456
  kAttrMpReach = 14,           // RFC 4760
  kAttrMpUnreach = 15,         // RFC 4760
  kAttrExtCommunities = 16,    // RFC 4360
  kAttrAs4Path = 17,           // RFC 6793
  kAttrAs4Aggregator = 18,     // RFC 6793
  kAttrLargeCommunities = 32,  // RFC 8092
  kAttrOtc = 35,               // RFC 9234
};

enum class Origin : std::uint8_t { kIgp = 0, kEgp = 1, kIncomplete = 2 };

// Community well-known values (RFC 1997, RFC 7999, RFC 8326).
inline constexpr std::uint32_t kCommunityNoExport = 0xFFFFFF01;
inline constexpr std::uint32_t kCommunityNoAdvertise = 0xFFFFFF02;
inline constexpr std::uint32_t kCommunityNoExportSubconfed = 0xFFFFFF03;

struct LargeCommunity {
  std::uint32_t global_admin, local_data1, local_data2;
  bool operator==(const LargeCommunity&) const = default;
};
using ExtCommunity = std::array<std::uint8_t, 8>;

struct MpReach {
  std::uint16_t afi = 0;  // as on the wire; unknown families are kept, not decoded
  std::uint8_t safi = 0;
  std::uint8_t next_hop_length = 0;
  IpAddress next_hop;             // global next hop (IPv4 or IPv6)
  IpAddress next_hop_link_local;  // set when the next hop is 32 octets
  Bytes nlri_raw;                 // undecoded NLRI of an unknown AFI/SAFI
  std::vector<NlriEntry> nlri;
};

struct MpUnreach {
  std::uint16_t afi = 0;
  std::uint8_t safi = 0;
  Bytes nlri_raw;
  std::vector<NlriEntry> nlri;
};

struct RawAttribute {
  std::uint8_t flags;
  std::uint8_t type;
  Bytes value;
};

// How to read the attributes: they depend on the session and the container.
struct AttributeContext {
  int asn_size = 4;          // octets per AS in AS_PATH and AGGREGATOR
  bool add_path = false;     // MP NLRI carry RFC 7911 path identifiers
  bool rib_entry = false;    // an MRT RIB entry: MP_REACH may hold only the next hop
  Afi rib_afi = Afi::kIpv4;  // the RIB record's family, for that abbreviated form
};

struct PathAttributes {
  std::bitset<256> present;  // attribute type codes seen
  Origin origin = Origin::kIncomplete;
  AsPath as_path;
  AsPath as4_path;
  AsPath merged_path;  // RFC 6793 merge when a 2-octet session sent AS4_PATH
  IpAddress next_hop;
  std::uint32_t med = 0;
  std::uint32_t local_pref = 0;
  Asn aggregator_asn = 0;
  IpAddress aggregator_address;
  Bytes aggregator_raw;  // the AGGREGATOR value as sent (6 or 8 octets)
  Asn as4_aggregator_asn = 0;
  IpAddress as4_aggregator_address;
  std::vector<std::uint32_t> communities;
  std::vector<ExtCommunity> ext_communities;
  std::vector<LargeCommunity> large_communities;
  IpAddress originator_id;
  std::vector<std::uint32_t> cluster_list;
  Asn otc = 0;
  std::vector<MpReach> mp_reach;
  std::vector<MpUnreach> mp_unreach;
  std::vector<RawAttribute> unknown;  // types we do not interpret, kept whole
  int asn_size = 4;                   // the context the attributes were read in

  bool has(std::uint8_t type) const { return present.test(type); }
  void Clear();
  // The AS path to use: the RFC 6793 merge for 2-octet sessions carrying
  // AS4_PATH, otherwise AS_PATH itself.
  const AsPath& path() const { return has(kAttrAs4Path) && asn_size == 2 ? merged_path : as_path; }
};

// Decodes the attribute block into out (cleared first). A malformed attribute
// returns an error naming its type and offset; out then holds what came before.
Status DecodePathAttributes(ByteCursor in, const AttributeContext& ctx, PathAttributes* out);

}  // namespace manrs

#endif  // MANRS_BGP_PATH_ATTRIBUTES_H_
