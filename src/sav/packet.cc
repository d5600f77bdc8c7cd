#include "manrs/sav/packet.h"

namespace manrs {

namespace {

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86DD;
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88A8;
constexpr std::uint16_t kEtherQinQOld = 0x9100;

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }

// IPv4 source at offset 12, IPv6 at 8; the version nibble must agree with
// what the link layer said (0: take it from the nibble).
FrameStatus IpSource(std::span<const std::uint8_t> ip, int expect_version, FrameSource* out) {
  if (ip.empty()) return FrameStatus::kTruncated;
  const int version = ip[0] >> 4;
  if (expect_version != 0 && version != expect_version) return FrameStatus::kBadIp;
  if (version == 4) {
    if (ip.size() < 16) return FrameStatus::kTruncated;
    out->source = IpAddress::V4((std::uint32_t{ip[12]} << 24) | (std::uint32_t{ip[13]} << 16) |
                                (std::uint32_t{ip[14]} << 8) | ip[15]);
    return FrameStatus::kIp;
  }
  if (version == 6) {
    if (ip.size() < 24) return FrameStatus::kTruncated;
    out->source = IpAddress::FromBytes(Afi::kIpv6, ip.data() + 8);
    return FrameStatus::kIp;
  }
  return FrameStatus::kBadIp;
}

FrameStatus ByEthertype(std::uint16_t type, std::span<const std::uint8_t> rest, FrameSource* out) {
  if (type == kEtherIpv4) return IpSource(rest, 4, out);
  if (type == kEtherIpv6) return IpSource(rest, 6, out);
  return FrameStatus::kNotIp;
}

}  // namespace

FrameStatus DecodeFrameSource(int link_type, std::span<const std::uint8_t> frame,
                              FrameSource* out) {
  out->vlan = -1;
  switch (link_type) {
    case kLinkEthernet: {
      if (frame.size() < 14) return FrameStatus::kTruncated;
      std::size_t at = 12;
      std::uint16_t type = Be16(frame.data() + at);
      // Stacked tags: each is TPID(2) TCI(2), then the next type.
      while (type == kEtherVlan || type == kEtherQinQ || type == kEtherQinQOld) {
        if (frame.size() < at + 6) return FrameStatus::kTruncated;
        if (out->vlan < 0) out->vlan = Be16(frame.data() + at + 2) & 0x0FFF;
        at += 4;
        type = Be16(frame.data() + at);
      }
      return ByEthertype(type, frame.subspan(at + 2), out);
    }
    case kLinkRaw:
      return IpSource(frame, 0, out);
    case kLinkIpv4:
      return IpSource(frame, 4, out);
    case kLinkIpv6:
      return IpSource(frame, 6, out);
    case kLinkNull:
    case kLinkLoop: {
      if (frame.size() < 4) return FrameStatus::kTruncated;
      // The family is in host order for NULL (either order seen in files),
      // network order for LOOP: accept both byte orders.
      const std::uint32_t be = (std::uint32_t{frame[0]} << 24) | (std::uint32_t{frame[1]} << 16) |
                               (std::uint32_t{frame[2]} << 8) | frame[3];
      const std::uint32_t le = (std::uint32_t{frame[3]} << 24) | (std::uint32_t{frame[2]} << 16) |
                               (std::uint32_t{frame[1]} << 8) | frame[0];
      const std::uint32_t family = be < 256 ? be : le;
      if (family == 2) return IpSource(frame.subspan(4), 4, out);
      if (family == 10 || family == 24 || family == 28 || family == 30) {
        return IpSource(frame.subspan(4), 6, out);
      }
      return FrameStatus::kNotIp;
    }
    case kLinkLinuxSll:
      if (frame.size() < 16) return FrameStatus::kTruncated;
      return ByEthertype(Be16(frame.data() + 14), frame.subspan(16), out);
    case kLinkLinuxSll2:
      if (frame.size() < 20) return FrameStatus::kTruncated;
      return ByEthertype(Be16(frame.data()), frame.subspan(20), out);
    default:
      return FrameStatus::kUnsupportedLink;
  }
}

}  // namespace manrs
