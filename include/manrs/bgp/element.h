// Element: one route event for one (peer, prefix), the unit every analysis
// consumes: a RIB entry, an announcement, a withdrawal, or a peer's session
// state change. It lives in bgp, not mrt, because routes reach manrs from more
// than MRT files: an MRT record decodes into zero or more elements, and so will
// a BMP route monitoring message or an UPDATE from a live session.
//
// An element points at attributes owned by its decoder; it is valid until that
// decoder decodes the next record or message.
#ifndef MANRS_BGP_ELEMENT_H_
#define MANRS_BGP_ELEMENT_H_

#include <cstdint>

#include "manrs/bgp/message.h"
#include "manrs/bgp/path_attributes.h"
#include "manrs/net/prefix.h"

namespace manrs {

enum class ElementType : std::uint8_t {
  kRibEntry,     // a RIB entry: MRT TABLE_DUMP / TABLE_DUMP_V2
  kAnnounce,     // NLRI or MP_REACH_NLRI of an UPDATE
  kWithdraw,     // withdrawn routes or MP_UNREACH_NLRI of an UPDATE
  kStateChange,  // BGP FSM state change of a peer
  kMessage,      // OPEN, NOTIFICATION, KEEPALIVE or ROUTE-REFRESH; only on request
};

// Returns the lower-case name used in output formats: "rib", "announce",
// "withdraw", "state" or "message".
const char* ElementTypeName(ElementType type);

struct Element {
  ElementType type = ElementType::kRibEntry;
  // mrt_type, mrt_subtype and record_offset say where the element came from
  // when it came from an MRT file: the record's type and subtype
  // (manrs/mrt/record.h) and its offset in the decompressed stream. All three
  // stay 0 for routes from any other source.
  std::uint16_t mrt_type = 0;
  std::uint16_t mrt_subtype = 0;
  std::uint32_t timestamp = 0;  // Unix seconds
  std::uint32_t microseconds = 0;
  std::uint64_t record_offset = 0;

  IpAddress peer_ip;
  Asn peer_asn = 0;
  IpAddress local_ip;  // BGP4MP: the collector's side of the session
  Asn local_asn = 0;
  bool local = false;  // BGP4MP *_LOCAL: a message the collector sent
  std::uint8_t asn_size = 4;

  Prefix prefix;
  IpAddress wire_address;  // prefix address as sent (may have host bits set)
  std::uint32_t path_id = 0;
  bool add_path = false;
  std::uint8_t safi = 1;
  const MpReach* mp_reach = nullptr;           // the MP_REACH_NLRI the prefix came from
  const PathAttributes* attributes = nullptr;  // null for withdrawals and state changes
  std::uint32_t originated_time = 0;           // RIB entries

  std::uint16_t old_state = 0;
  std::uint16_t new_state = 0;

  // kMessage: the BGP message type, and the decoded OPEN or NOTIFICATION.
  std::uint8_t message_type = 0;
  const BgpOpen* open = nullptr;
  const BgpNotification* notification = nullptr;

  // The next hop for this prefix: from MP_REACH_NLRI when the prefix came
  // from there, else the NEXT_HOP attribute.
  IpAddress next_hop() const {
    if (mp_reach) return mp_reach->next_hop;
    return attributes ? attributes->next_hop : IpAddress();
  }
};

}  // namespace manrs

#endif  // MANRS_BGP_ELEMENT_H_
