// MRT framing shared by the two writers (RFC 6396 section 2: timestamp, type,
// subtype, length, message) and the type codes they use.
#ifndef MANRS_BENCH_MRTGEN_MRT_H_
#define MANRS_BENCH_MRTGEN_MRT_H_

#include <cstdint>

#include "manrs/net/ip_address.h"
#include "wire.h"

namespace manrs::mrtgen {

inline constexpr std::uint16_t kTableDumpV2 = 13;
inline constexpr std::uint16_t kPeerIndexTable = 1;
inline constexpr std::uint16_t kRibIpv4Unicast = 2;
inline constexpr std::uint16_t kRibIpv6Unicast = 4;

inline constexpr std::uint16_t kBgp4mp = 16;
inline constexpr std::uint16_t kBgp4mpMessageAs4 = 4;
inline constexpr std::uint16_t kBgp4mpStateChangeAs4 = 5;

// The collector's own side of every session.
inline constexpr std::uint32_t kCollectorAsn = 12654;
inline constexpr std::uint32_t kCollectorBgpId = 0xc0000201;  // 192.0.2.1
inline constexpr IpAddress kCollectorV4 = IpAddress::V4(0xc0000201);
inline constexpr IpAddress kCollectorV6 = IpAddress::V6(0x20010db800000000, 1);

// Starts a record: writes the common header with a length to be patched.
// Returns the position to pass to EndRecord.
inline std::size_t BeginRecord(std::uint32_t timestamp, std::uint16_t type, std::uint16_t subtype,
                               WireWriter& out) {
  out.U32(timestamp);
  out.U16(type);
  out.U16(subtype);
  return out.Reserve32();
}
inline void EndRecord(std::size_t at, WireWriter& out) { out.Patch32(at); }

// Appends an address in its family's width: 4 or 16 bytes.
inline void AppendAddress(const IpAddress& a, WireWriter& out) {
  if (a.is_v4()) {
    out.U32(a.v4());
  } else {
    out.Append(a.bytes());
  }
}

}  // namespace manrs::mrtgen

#endif  // MANRS_BENCH_MRTGEN_MRT_H_
