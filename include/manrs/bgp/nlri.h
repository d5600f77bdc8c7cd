// NLRI: the prefixes of UPDATE messages, MP_REACH/MP_UNREACH and MRT RIB
// records (RFC 4271 4.3, RFC 4760), with RFC 7911 ADD-PATH identifiers.
#ifndef MANRS_BGP_NLRI_H_
#define MANRS_BGP_NLRI_H_

#include <cstdint>
#include <vector>

#include "manrs/base/cursor.h"
#include "manrs/base/result.h"
#include "manrs/net/prefix.h"

namespace manrs {

// Address family identifiers and subsequent AFIs as on the wire.
inline constexpr std::uint16_t kAfiIpv4 = 1;
inline constexpr std::uint16_t kAfiIpv6 = 2;
inline constexpr std::uint8_t kSafiUnicast = 1;
inline constexpr std::uint8_t kSafiMulticast = 2;

struct NlriEntry {
  Prefix prefix;           // host bits beyond the length cleared
  IpAddress wire_address;  // the address bytes as sent, host bits and all
  std::uint32_t path_id = 0;
};

// Decodes one prefix (length octet, then ceil(length/8) address octets),
// preceded by a 4-octet path identifier when add_path is set.
Status DecodeNlriEntry(ByteCursor& in, Afi afi, bool add_path, NlriEntry* out);

// Decodes prefixes until the cursor is empty, appending to out.
Status DecodeNlri(ByteCursor in, Afi afi, bool add_path, std::vector<NlriEntry>* out);

// Maps a wire AFI to ours; nullopt-like false for AFIs we do not decode.
inline bool AfiFromWire(std::uint16_t afi, Afi* out) {
  if (afi == kAfiIpv4) {
    *out = Afi::kIpv4;
    return true;
  }
  if (afi == kAfiIpv6) {
    *out = Afi::kIpv6;
    return true;
  }
  return false;
}

}  // namespace manrs

#endif  // MANRS_BGP_NLRI_H_
