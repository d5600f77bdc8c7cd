// The source address of a captured frame: the link layers a capture of a
// router's ingress holds (Ethernet with any number of 802.1Q / 802.1ad tags,
// Linux cooked SLL and SLL2, raw IP, BSD loopback), then IPv4 or IPv6.
// Bounds-checked on every read: a frame cut short by the snap length or by
// damage is reported as truncated, never read past.
#ifndef MANRS_SAV_PACKET_H_
#define MANRS_SAV_PACKET_H_

#include <cstdint>
#include <span>

#include "manrs/net/ip_address.h"

namespace manrs {

// The link types (pcap LINKTYPE_ values) DecodeFrameSource reads.
inline constexpr int kLinkNull = 0;  // BSD loopback, host-order family
inline constexpr int kLinkEthernet = 1;
inline constexpr int kLinkRaw = 101;   // raw IPv4 or IPv6
inline constexpr int kLinkLoop = 108;  // OpenBSD loopback, network-order family
inline constexpr int kLinkLinuxSll = 113;
inline constexpr int kLinkIpv4 = 228;
inline constexpr int kLinkIpv6 = 229;
inline constexpr int kLinkLinuxSll2 = 276;

enum class FrameStatus : std::uint8_t {
  kIp,         // source found
  kNotIp,      // ARP, LLDP, ...: not subject to SAV
  kTruncated,  // ends before the source address
  kBadIp,      // IP version field disagrees with the ethertype, or is unknown
  kUnsupportedLink,
};

struct FrameSource {
  IpAddress source;
  std::int32_t vlan = -1;  // the outermost VLAN id, -1 when untagged
};

FrameStatus DecodeFrameSource(int link_type, std::span<const std::uint8_t> frame, FrameSource* out);

}  // namespace manrs

#endif  // MANRS_SAV_PACKET_H_
