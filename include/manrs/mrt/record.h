// MRT records (RFC 6396): the common header, the type and subtype codes, and a
// raw record as the framing layer delivers it.
#ifndef MANRS_MRT_RECORD_H_
#define MANRS_MRT_RECORD_H_

#include <cstdint>
#include <string>

#include "manrs/base/cursor.h"

namespace manrs {

enum MrtType : std::uint16_t {
  kMrtBgp = 5,  // deprecated MRTd type found in 1999-2000 RIS files
  kMrtTableDump = 12,
  kMrtTableDumpV2 = 13,
  kMrtBgp4mp = 16,
  kMrtBgp4mpEt = 17,  // extended timestamp: microseconds lead the body
};

// TABLE_DUMP_V2 subtypes (RFC 6396 4.3, RFC 8050 for ADD-PATH).
enum TableDumpV2Subtype : std::uint16_t {
  kPeerIndexTable = 1,
  kRibIpv4Unicast = 2,
  kRibIpv4Multicast = 3,
  kRibIpv6Unicast = 4,
  kRibIpv6Multicast = 5,
  kRibGeneric = 6,
  kRibIpv4UnicastAddPath = 8,
  kRibIpv4MulticastAddPath = 9,
  kRibIpv6UnicastAddPath = 10,
  kRibIpv6MulticastAddPath = 11,
  kRibGenericAddPath = 12,
};

// BGP4MP subtypes (RFC 6396 4.4, RFC 8050).
enum Bgp4mpSubtype : std::uint16_t {
  kBgp4mpStateChange = 0,
  kBgp4mpMessage = 1,
  kBgp4mpMessageAs4 = 4,
  kBgp4mpStateChangeAs4 = 5,
  kBgp4mpMessageLocal = 6,
  kBgp4mpMessageAs4Local = 7,
  kBgp4mpMessageAddPath = 8,
  kBgp4mpMessageAs4AddPath = 9,
  kBgp4mpMessageLocalAddPath = 10,
  kBgp4mpMessageAs4LocalAddPath = 11,
};

// Deprecated BGP type subtypes (RFC 6396 appendix B).
enum MrtBgpSubtype : std::uint16_t {
  kMrtBgpNull = 0,
  kMrtBgpUpdate = 1,
  kMrtBgpPrefUpdate = 2,
  kMrtBgpStateChange = 3,
  kMrtBgpSync = 4,
  kMrtBgpOpen = 5,
  kMrtBgpNotify = 6,
  kMrtBgpKeepalive = 7,
};

inline constexpr std::size_t kMrtHeaderLength = 12;

inline constexpr bool IsExtendedTimestamp(std::uint16_t type) {
  return type == kMrtBgp4mpEt || type == 33 || type == 49;  // BGP4MP_ET, ISIS_ET, OSPFv3_ET
}

struct RawRecord {
  std::uint32_t timestamp = 0;
  std::uint32_t microseconds = 0;  // extended-timestamp types only
  std::uint16_t type = 0;
  std::uint16_t subtype = 0;
  Bytes body;                // after the header (and after the microseconds)
  std::uint64_t offset = 0;  // of the record header in the decompressed stream
};

// A name for a type and subtype, e.g. "TABLE_DUMP_V2/RIB_IPV4_UNICAST".
std::string MrtTypeName(std::uint16_t type, std::uint16_t subtype);

}  // namespace manrs

#endif  // MANRS_MRT_RECORD_H_
