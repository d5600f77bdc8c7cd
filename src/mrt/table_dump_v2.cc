// TABLE_DUMP_V2 (RFC 6396 4.3, RFC 8050): a PEER_INDEX_TABLE, then one RIB
// record per prefix holding one entry per peer (and per path with ADD-PATH).
#include "fmt/format.h"
#include "manrs/mrt/record_decoder.h"

namespace manrs {

namespace {

struct RibKind {
  Afi afi;
  std::uint8_t safi;
  bool add_path;
  bool generic;
};

bool ClassifyRib(std::uint16_t subtype, RibKind* kind) {
  switch (subtype) {
    case kRibIpv4Unicast:
      *kind = {Afi::kIpv4, kSafiUnicast, false, false};
      return true;
    case kRibIpv4Multicast:
      *kind = {Afi::kIpv4, kSafiMulticast, false, false};
      return true;
    case kRibIpv6Unicast:
      *kind = {Afi::kIpv6, kSafiUnicast, false, false};
      return true;
    case kRibIpv6Multicast:
      *kind = {Afi::kIpv6, kSafiMulticast, false, false};
      return true;
    case kRibIpv4UnicastAddPath:
      *kind = {Afi::kIpv4, kSafiUnicast, true, false};
      return true;
    case kRibIpv4MulticastAddPath:
      *kind = {Afi::kIpv4, kSafiMulticast, true, false};
      return true;
    case kRibIpv6UnicastAddPath:
      *kind = {Afi::kIpv6, kSafiUnicast, true, false};
      return true;
    case kRibIpv6MulticastAddPath:
      *kind = {Afi::kIpv6, kSafiMulticast, true, false};
      return true;
    case kRibGeneric:
      *kind = {Afi::kIpv4, 0, false, true};
      return true;
    case kRibGenericAddPath:
      *kind = {Afi::kIpv4, 0, true, true};
      return true;
    default:
      return false;
  }
}

}  // namespace

void RecordDecoder::DecodeTableDumpV2(const RawRecord& record, ByteCursor body,
                                      std::vector<Element>* out) {
  if (record.subtype == kPeerIndexTable) {
    if (auto status = DecodePeerIndexTable(body, &peer_index_); !status) {
      Report(status.error());
      return;
    }
    have_peer_index_ = true;
    return;
  }
  RibKind kind;
  if (!ClassifyRib(record.subtype, &kind)) {
    ReportOnce(record, "unsupported");
    return;
  }
  std::uint64_t at = body.offset();
  body.Skip(4);  // sequence number
  if (kind.generic) {
    std::uint16_t afi = body.U16();
    kind.safi = body.U8();
    if (!AfiFromWire(afi, &kind.afi) ||
        (kind.safi != kSafiUnicast && kind.safi != kSafiMulticast)) {
      ++stats_.unknown_afi_safi;
      ReportOnce(record, "rib_generic of an afi/safi not decoded in");
      return;
    }
  }
  NlriEntry nlri;
  if (auto status = DecodeNlriEntry(body, kind.afi, false, &nlri); !status) {
    Report(status.error());
    return;
  }
  std::uint16_t count = body.U16();
  if (!body.ok()) {
    Report(at, "rib record header truncated");
    return;
  }
  if (!have_peer_index_) {
    Report(record.offset, "rib record before any peer_index_table");
    return;
  }
  // Size the buffers by the entries the body can hold, not by the count it
  // claims: a few bytes claiming 65535 entries must not cost megabytes. An
  // entry is at least peer index, originated time, (path id,) attribute length.
  std::size_t fit = std::min<std::size_t>(count, body.remaining() / (kind.add_path ? 12 : 8));
  if (rib_attributes_.size() < fit) rib_attributes_.resize(fit);
  AttributeContext ctx;
  ctx.asn_size = 4;
  ctx.rib_entry = true;
  ctx.rib_afi = kind.afi;
  out->reserve(fit);
  for (std::uint16_t i = 0; i < count; ++i) {
    std::uint64_t entry_at = body.offset();
    std::uint16_t peer_index = body.U16();
    std::uint32_t originated = body.U32();
    std::uint32_t path_id = kind.add_path ? body.U32() : 0;
    ByteCursor attributes = body.Sub(body.U16());
    if (!body.ok()) {
      Report(entry_at, fmt::format("rib entry {} of {} truncated", i, count));
      return;
    }
    if (peer_index >= peer_index_.peers.size()) {
      Report(entry_at, fmt::format("rib entry peer index {} beyond the {} peers", peer_index,
                                   peer_index_.peers.size()));
      continue;
    }
    PathAttributes& attrs = rib_attributes_[i];  // i < fit: entries 0..i were read whole
    if (auto status = DecodePathAttributes(attributes, ctx, &attrs); !status) {
      Report(status.error());
      continue;
    }
    const MrtPeer& peer = peer_index_.peers[peer_index];
    Element& e = out->emplace_back();
    e.type = ElementType::kRibEntry;
    e.mrt_type = record.type;
    e.mrt_subtype = record.subtype;
    e.timestamp = record.timestamp;
    e.record_offset = record.offset;
    e.peer_ip = peer.address;
    e.peer_asn = peer.asn;
    e.prefix = nlri.prefix;
    e.wire_address = nlri.wire_address;
    e.path_id = path_id;
    e.add_path = kind.add_path;
    e.safi = kind.safi;
    e.attributes = &attrs;
    e.originated_time = originated;
    if (!attrs.mp_reach.empty()) e.mp_reach = &attrs.mp_reach.front();
  }
}

}  // namespace manrs
