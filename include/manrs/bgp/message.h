// BGP messages (RFC 4271 section 4): the common header, UPDATE in full, and
// OPEN, NOTIFICATION and KEEPALIVE decoded enough to report them.
#ifndef MANRS_BGP_MESSAGE_H_
#define MANRS_BGP_MESSAGE_H_

#include <cstdint>
#include <vector>

#include "manrs/base/cursor.h"
#include "manrs/base/result.h"
#include "manrs/bgp/nlri.h"
#include "manrs/bgp/path_attributes.h"

namespace manrs {

enum class BgpMessageType : std::uint8_t {
  kOpen = 1,
  kUpdate = 2,
  kNotification = 3,
  kKeepalive = 4,
  kRouteRefresh = 5,  // RFC 2918
};

inline constexpr std::size_t kBgpHeaderLength = 19;

struct BgpMessageHeader {
  std::uint16_t length = 0;
  std::uint8_t type = 0;
};

// Reads the 19-octet header (marker, length, type) and checks the length
// against the data; body receives exactly the message body.
Result<BgpMessageHeader> DecodeMessageHeader(ByteCursor& in, ByteCursor* body);

struct BgpUpdate {
  std::vector<NlriEntry> withdrawn;
  std::vector<NlriEntry> nlri;
  PathAttributes attributes;

  void Clear() {
    withdrawn.clear();
    nlri.clear();
    attributes.Clear();
  }
};

// Decodes an UPDATE body (after the header). The classic withdrawn routes
// and NLRI are IPv4 (RFC 4271); ADD-PATH applies to them too when set.
Status DecodeUpdate(ByteCursor body, const AttributeContext& ctx, BgpUpdate* out);

struct BgpCapability {
  std::uint8_t code;
  Bytes value;
};

struct BgpOpen {
  std::uint8_t version = 0;
  Asn my_as = 0;  // the 4-octet AS from capability 65 when present
  std::uint16_t hold_time = 0;
  IpAddress bgp_id;
  std::vector<BgpCapability> capabilities;
};

Status DecodeOpen(ByteCursor body, BgpOpen* out);

struct BgpNotification {
  std::uint8_t code = 0;
  std::uint8_t subcode = 0;
  Bytes data;
};

Status DecodeNotification(ByteCursor body, BgpNotification* out);

}  // namespace manrs

#endif  // MANRS_BGP_MESSAGE_H_
