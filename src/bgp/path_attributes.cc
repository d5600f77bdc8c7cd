#include "manrs/bgp/path_attributes.h"

#include "fmt/format.h"

namespace manrs {

void PathAttributes::Clear() {
  present.reset();
  origin = Origin::kIncomplete;
  as_path.Clear();
  as4_path.Clear();
  merged_path.Clear();
  next_hop = IpAddress();
  med = local_pref = 0;
  aggregator_asn = as4_aggregator_asn = 0;
  aggregator_address = as4_aggregator_address = IpAddress();
  aggregator_raw = {};
  communities.clear();
  ext_communities.clear();
  large_communities.clear();
  originator_id = IpAddress();
  cluster_list.clear();
  otc = 0;
  mp_reach.clear();
  mp_unreach.clear();
  unknown.clear();
}

namespace {

Error AttrError(ErrorCode code, std::uint8_t type, const std::string& what, std::uint64_t at) {
  return Error{code, fmt::format("path attribute {}: {}", type, what), at};
}

Status BadLength(std::uint8_t type, std::size_t length, std::uint64_t at) {
  return Unexpected<Error>(
      AttrError(ErrorCode::kBadLength, type, fmt::format("bad length {}", length), at));
}

IpAddress ReadV4(ByteCursor& in) { return IpAddress::V4(in.U32()); }

IpAddress ReadV6(ByteCursor& in) {
  std::uint64_t hi = in.U64();
  return IpAddress::V6(hi, in.U64());
}

// Reads a next hop of the given length: 4 (IPv4), 16 (IPv6), 32 (IPv6 global
// and link-local, RFC 2545), or with an 8-octet route distinguisher first
// (12, 24, 48; RFC 4364/4659). Anything else is skipped.
void ReadNextHop(ByteCursor nh, MpReach* out) {
  std::size_t len = nh.remaining();
  if (len == 12 || len == 24 || len == 48) {
    nh.Skip(8);
    len -= 8;
    if (len == 40) len = 32;
  }
  if (len == 4) {
    out->next_hop = ReadV4(nh);
  } else if (len == 16 || len == 32 || len == 40) {
    out->next_hop = ReadV6(nh);
    if (len >= 32) {
      if (len == 40) nh.Skip(8);
      out->next_hop_link_local = ReadV6(nh);
    }
  }
}

bool DecodableFamily(std::uint16_t afi, std::uint8_t safi, Afi* family) {
  return AfiFromWire(afi, family) && (safi == kSafiUnicast || safi == kSafiMulticast);
}

Status DecodeMpReach(ByteCursor value, const AttributeContext& ctx, PathAttributes* out) {
  MpReach& reach = out->mp_reach.emplace_back();
  std::uint64_t at = value.offset();
  // RFC 6396 4.3.4: in RIB entries only the next hop length and next hop are
  // stored. Some writers store the full attribute anyway; the first octet
  // tells the two apart.
  if (ctx.rib_entry && value.remaining() >= 1 &&
      std::to_integer<std::size_t>(value.rest()[0]) == value.remaining() - 1) {
    reach.afi = ctx.rib_afi == Afi::kIpv4 ? kAfiIpv4 : kAfiIpv6;
    reach.safi = kSafiUnicast;
    reach.next_hop_length = value.U8();
    ReadNextHop(value.Sub(reach.next_hop_length), &reach);
    return {};
  }
  reach.afi = value.U16();
  reach.safi = value.U8();
  reach.next_hop_length = value.U8();
  ByteCursor nh = value.Sub(reach.next_hop_length);
  value.Skip(1);  // reserved (formerly SNPA count)
  if (!value.ok()) {
    return Unexpected<Error>(AttrError(ErrorCode::kTruncated, kAttrMpReach, "header", at));
  }
  ReadNextHop(nh, &reach);
  Afi family;
  if (!DecodableFamily(reach.afi, reach.safi, &family)) {
    reach.nlri_raw = value.rest();
    return {};
  }
  return DecodeNlri(value, family, ctx.add_path, &reach.nlri);
}

Status DecodeMpUnreach(ByteCursor value, const AttributeContext& ctx, PathAttributes* out) {
  MpUnreach& unreach = out->mp_unreach.emplace_back();
  std::uint64_t at = value.offset();
  unreach.afi = value.U16();
  unreach.safi = value.U8();
  if (!value.ok()) {
    return Unexpected<Error>(AttrError(ErrorCode::kTruncated, kAttrMpUnreach, "header", at));
  }
  Afi family;
  if (!DecodableFamily(unreach.afi, unreach.safi, &family)) {
    unreach.nlri_raw = value.rest();
    return {};
  }
  return DecodeNlri(value, family, ctx.add_path, &unreach.nlri);
}

Status DecodeOne(std::uint8_t flags, std::uint8_t type, ByteCursor value,
                 const AttributeContext& ctx, PathAttributes* out) {
  std::size_t len = value.remaining();
  std::uint64_t at = value.offset();
  switch (type) {
    case kAttrOrigin:
      if (len != 1) return BadLength(type, len, at);
      out->origin = static_cast<Origin>(std::min<std::uint8_t>(value.U8(), 2));
      return {};
    case kAttrAsPath:
      return out->as_path.Decode(value, ctx.asn_size);
    case kAttrAs4Path:
      return out->as4_path.Decode(value, 4);
    case kAttrNextHop:
      if (len != 4) return BadLength(type, len, at);
      out->next_hop = ReadV4(value);
      return {};
    case kAttrMed:
      if (len != 4) return BadLength(type, len, at);
      out->med = value.U32();
      return {};
    case kAttrLocalPref:
      if (len != 4) return BadLength(type, len, at);
      out->local_pref = value.U32();
      return {};
    case kAttrAtomicAggregate:
      return {};
    case kAttrAggregator:
      if (len != 6 && len != 8) return BadLength(type, len, at);
      out->aggregator_raw = value.rest();
      out->aggregator_asn = len == 8 ? value.U32() : value.U16();
      out->aggregator_address = ReadV4(value);
      return {};
    case kAttrAs4Aggregator:
      if (len != 8) return BadLength(type, len, at);
      out->as4_aggregator_asn = value.U32();
      out->as4_aggregator_address = ReadV4(value);
      return {};
    case kAttrCommunities:
      if (len % 4) return BadLength(type, len, at);
      while (!value.empty()) out->communities.push_back(value.U32());
      return {};
    case kAttrExtCommunities:
      if (len % 8) return BadLength(type, len, at);
      while (!value.empty()) value.Copy(out->ext_communities.emplace_back().data(), 8);
      return {};
    case kAttrLargeCommunities:
      if (len % 12) return BadLength(type, len, at);
      while (!value.empty()) {
        std::uint32_t a = value.U32(), b = value.U32();
        out->large_communities.push_back({a, b, value.U32()});
      }
      return {};
    case kAttrOriginatorId:
      if (len != 4) return BadLength(type, len, at);
      out->originator_id = ReadV4(value);
      return {};
    case kAttrClusterList:
      if (len % 4) return BadLength(type, len, at);
      while (!value.empty()) out->cluster_list.push_back(value.U32());
      return {};
    case kAttrOtc:
      if (len != 4) return BadLength(type, len, at);
      out->otc = value.U32();
      return {};
    case kAttrMpReach:
      return DecodeMpReach(value, ctx, out);
    case kAttrMpUnreach:
      return DecodeMpUnreach(value, ctx, out);
    default:
      out->unknown.push_back(RawAttribute{flags, type, value.rest()});
      return {};
  }
}

Status DecodeEach(ByteCursor in, const AttributeContext& ctx, PathAttributes* out) {
  while (!in.empty()) {
    std::uint64_t at = in.offset();
    std::uint8_t flags = in.U8();
    std::uint8_t type = in.U8();
    std::size_t length = (flags & 0x10) ? in.U16() : in.U8();  // extended length bit
    if (!in.ok()) return MakeError(ErrorCode::kTruncated, "path attribute header", at);
    if (in.remaining() < length) {
      return Unexpected<Error>(AttrError(
          ErrorCode::kTruncated, type,
          fmt::format("length {} overruns the {} octets left", length, in.remaining()), at));
    }
    ByteCursor value = in.Sub(length);
    MANRS_TRY(DecodeOne(flags, type, value, ctx, out));
    out->present.set(type);
  }
  return {};
}

}  // namespace

Status DecodePathAttributes(ByteCursor in, const AttributeContext& ctx, PathAttributes* out) {
  out->Clear();
  out->asn_size = ctx.asn_size;
  Status status = DecodeEach(in, ctx, out);
  // Merged even when a later attribute is malformed: path() must describe the
  // AS_PATH and AS4_PATH that were read, for the routes decoded before the damage.
  if (out->has(kAttrAs4Path) && ctx.asn_size == 2) {
    AsPath::MergeAs4(out->as_path, out->as4_path, &out->merged_path);
  }
  return status;
}

}  // namespace manrs
