#include "manrs/mrt/peer_index.h"

#include "fmt/format.h"

namespace manrs {

Status DecodePeerIndexTable(ByteCursor body, PeerIndexTable* out) {
  std::uint64_t at = body.offset();
  out->peers.clear();
  out->collector_bgp_id = IpAddress::V4(body.U32());
  Bytes name = body.Take(body.U16());
  out->view_name.assign(reinterpret_cast<const char*>(name.data()), name.size());
  std::uint16_t count = body.U16();
  if (!body.ok()) return MakeError(ErrorCode::kTruncated, "peer index table header", at);
  out->peers.reserve(count);
  for (std::uint16_t i = 0; i < count; ++i) {
    std::uint64_t peer_at = body.offset();
    std::uint8_t peer_type = body.U8();
    MrtPeer peer;
    peer.bgp_id = IpAddress::V4(body.U32());
    std::uint8_t raw[16];
    Afi afi = (peer_type & 1) ? Afi::kIpv6 : Afi::kIpv4;
    body.Copy(raw, afi == Afi::kIpv6 ? 16 : 4);
    peer.address = IpAddress::FromBytes(afi, raw);
    peer.asn = (peer_type & 2) ? body.U32() : body.U16();
    if (!body.ok()) {
      return MakeError(ErrorCode::kTruncated,
                       fmt::format("peer index table entry {} of {}", i, count), peer_at);
    }
    out->peers.push_back(peer);
  }
  return {};
}

}  // namespace manrs
