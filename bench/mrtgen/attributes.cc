#include "attributes.h"

#include <algorithm>

namespace manrs::mrtgen {
namespace {

// RFC 4271 section 4.3 attribute flags and type codes.
constexpr std::uint8_t kOptional = 0x80;
constexpr std::uint8_t kTransitive = 0x40;
constexpr std::uint8_t kExtendedLength = 0x10;

constexpr std::uint8_t kOriginType = 1;
constexpr std::uint8_t kAsPathType = 2;
constexpr std::uint8_t kNextHopType = 3;
constexpr std::uint8_t kMedType = 4;
constexpr std::uint8_t kLocalPrefType = 5;
constexpr std::uint8_t kAtomicAggregateType = 6;
constexpr std::uint8_t kAggregatorType = 7;
constexpr std::uint8_t kCommunitiesType = 8;
constexpr std::uint8_t kMpReachType = 14;
constexpr std::uint8_t kMpUnreachType = 15;

constexpr std::uint8_t kAsSequence = 2;
constexpr std::size_t kMaxSegmentAses = 255;
constexpr std::uint16_t kAfiIpv6 = 2;
constexpr std::uint8_t kSafiUnicast = 1;

// Writes flags, type and length; the Extended Length flag when length > 255.
void Header(std::uint8_t flags, std::uint8_t type, std::size_t length, WireWriter& out) {
  if (length > 255) {
    out.U8(flags | kExtendedLength);
    out.U8(type);
    out.U16(static_cast<std::uint16_t>(length));
  } else {
    out.U8(flags);
    out.U8(type);
    out.U8(static_cast<std::uint8_t>(length));
  }
}

void U32Attribute(std::uint8_t flags, std::uint8_t type, std::uint32_t v, WireWriter& out) {
  Header(flags, type, 4, out);
  out.U32(v);
}

void EncodeAsPath(const std::vector<std::uint32_t>& path, WireWriter& out) {
  const std::size_t segments = (path.size() + kMaxSegmentAses - 1) / kMaxSegmentAses;
  Header(kTransitive, kAsPathType, segments * 2 + path.size() * 4, out);
  for (std::size_t start = 0; start < path.size(); start += kMaxSegmentAses) {
    const std::size_t n = std::min(kMaxSegmentAses, path.size() - start);
    out.U8(kAsSequence);
    out.U8(static_cast<std::uint8_t>(n));
    for (std::size_t i = start; i < start + n; ++i) out.U32(path[i]);
  }
}

void AppendV6(const IpAddress& a, WireWriter& out) {
  const auto bytes = a.bytes();
  out.Append(bytes);
}

std::size_t NlriBytes(std::span<const Prefix> prefixes) {
  std::size_t n = 0;
  for (const Prefix& p : prefixes) n += NlriSize(p);
  return n;
}

void EncodeMpReach(const RouteAttributes& route, AttributeForm form, std::span<const Prefix> nlri,
                   WireWriter& out) {
  const std::size_t next_hop_len = route.link_local ? 32 : 16;
  const std::size_t length = form == AttributeForm::kRibEntry
                                 ? 1 + next_hop_len
                                 : 2 + 1 + 1 + next_hop_len + 1 + NlriBytes(nlri);
  Header(kOptional, kMpReachType, length, out);
  if (form == AttributeForm::kUpdate) {
    out.U16(kAfiIpv6);
    out.U8(kSafiUnicast);
  }
  out.U8(static_cast<std::uint8_t>(next_hop_len));
  AppendV6(route.next_hop, out);
  if (route.link_local) AppendV6(*route.link_local, out);
  if (form == AttributeForm::kUpdate) {
    out.U8(0);  // reserved (formerly SNPA count)
    for (const Prefix& p : nlri) EncodeNlri(p, out);
  }
}

}  // namespace

void EncodeNlri(const Prefix& prefix, WireWriter& out) {
  out.U8(static_cast<std::uint8_t>(prefix.length()));
  const auto bytes = prefix.address().bytes();
  const std::size_t n = (static_cast<std::size_t>(prefix.length()) + 7) / 8;
  out.Append(std::span<const std::uint8_t>(bytes.data(), n));
}

void EncodeV6Unreach(std::span<const Prefix> prefixes, WireWriter& out) {
  Header(kOptional, kMpUnreachType, 3 + NlriBytes(prefixes), out);
  out.U16(kAfiIpv6);
  out.U8(kSafiUnicast);
  for (const Prefix& p : prefixes) EncodeNlri(p, out);
}

void EncodeAttributes(const RouteAttributes& route, AttributeForm form,
                      std::span<const Prefix> reach_nlri, std::span<const Prefix> unreach_nlri,
                      WireWriter& out) {
  Header(kTransitive, kOriginType, 1, out);
  out.U8(static_cast<std::uint8_t>(route.origin));
  EncodeAsPath(route.as_path, out);
  const bool v6 = route.next_hop.is_v6();
  if (!v6) U32Attribute(kTransitive, kNextHopType, route.next_hop.v4(), out);
  if (route.med) U32Attribute(kOptional, kMedType, *route.med, out);
  if (route.local_pref) U32Attribute(kTransitive, kLocalPrefType, *route.local_pref, out);
  if (route.atomic_aggregate) Header(kTransitive, kAtomicAggregateType, 0, out);
  if (route.aggregator) {
    Header(kOptional | kTransitive, kAggregatorType, 8, out);
    out.U32(route.aggregator->asn);
    out.U32(route.aggregator->address);
  }
  if (!route.communities.empty()) {
    Header(kOptional | kTransitive, kCommunitiesType, route.communities.size() * 4, out);
    for (std::uint32_t c : route.communities) out.U32(c);
  }
  if (v6) EncodeMpReach(route, form, reach_nlri, out);
  if (!unreach_nlri.empty()) EncodeV6Unreach(unreach_nlri, out);
}

}  // namespace manrs::mrtgen
