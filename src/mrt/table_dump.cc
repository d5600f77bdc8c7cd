// TABLE_DUMP (RFC 6396 4.2): the original RIB dump format, one route per
// record, 2-octet AS numbers throughout.
#include "fmt/format.h"
#include "manrs/mrt/record_decoder.h"

namespace manrs {

void RecordDecoder::DecodeTableDump(const RawRecord& record, ByteCursor body,
                                    std::vector<Element>* out) {
  Afi afi;
  if (record.subtype == 1) {
    afi = Afi::kIpv4;
  } else if (record.subtype == 2) {
    afi = Afi::kIpv6;
  } else {
    ReportOnce(record, "unsupported");
    return;
  }
  std::size_t address_size = afi == Afi::kIpv4 ? 4 : 16;
  body.Skip(4);  // view number, sequence number
  // One entry per record as RFC 6396 has it; early RIS dumps batch more
  // entries (without view and sequence) behind the first one.
  AttributeContext ctx;
  ctx.asn_size = 2;
  ctx.rib_entry = true;
  ctx.rib_afi = afi;
  std::size_t index = 0;
  do {
    std::uint64_t at = body.offset();
    std::uint8_t raw[16] = {};
    body.Copy(raw, address_size);
    int length = body.U8();
    body.Skip(1);  // status
    std::uint32_t originated = body.U32();
    std::uint8_t peer_raw[16] = {};
    body.Copy(peer_raw, address_size);
    Asn peer_asn = body.U16();
    ByteCursor attributes = body.Sub(body.U16());
    // break, not return: the entries before the damage still need their
    // attribute pointers set below.
    if (!body.ok()) {
      Report(at, "table_dump entry truncated");
      break;
    }
    if (length > MaxPrefixLength(afi)) {
      Report(at, fmt::format("table_dump prefix length {}", length));
      break;
    }
    if (rib_attributes_.size() <= index) rib_attributes_.resize(index + 1);
    PathAttributes& attrs = rib_attributes_[index];
    if (auto status = DecodePathAttributes(attributes, ctx, &attrs); !status) {
      Report(status.error());
      continue;
    }
    ++index;
    Element& e = out->emplace_back();
    e.type = ElementType::kRibEntry;
    e.mrt_type = record.type;
    e.mrt_subtype = record.subtype;
    e.timestamp = record.timestamp;
    e.record_offset = record.offset;
    e.peer_ip = IpAddress::FromBytes(afi, peer_raw);
    e.peer_asn = peer_asn;
    e.asn_size = 2;
    e.wire_address = IpAddress::FromBytes(afi, raw);
    e.prefix = Prefix::Normalized(e.wire_address, length);
    e.originated_time = originated;
    if (afi == Afi::kIpv6 && !attrs.mp_reach.empty()) e.mp_reach = &attrs.mp_reach.front();
  } while (!body.empty());
  // Attributes are final now (the vector no longer grows): point at them.
  for (std::size_t i = 0; i < out->size(); ++i) {
    Element& e = (*out)[i];
    e.attributes = &rib_attributes_[i];
    if (e.mp_reach) e.mp_reach = &rib_attributes_[i].mp_reach.front();
  }
}

}  // namespace manrs
