// BGP4MP and BGP4MP_ET (RFC 6396 4.4, RFC 8050): BGP messages and session
// state changes as a collector saw them, and the deprecated MRTd BGP type of
// the 1999-2000 RIS archives (RFC 6396 appendix B.2).
#include "fmt/format.h"
#include "manrs/mrt/record_decoder.h"

namespace manrs {

namespace {

struct Bgp4mpKind {
  bool state_change;
  int asn_size;
  bool local;
  bool add_path;
};

bool ClassifyBgp4mp(std::uint16_t subtype, Bgp4mpKind* kind) {
  switch (subtype) {
    case kBgp4mpStateChange:
      *kind = {true, 2, false, false};
      return true;
    case kBgp4mpStateChangeAs4:
      *kind = {true, 4, false, false};
      return true;
    case kBgp4mpMessage:
      *kind = {false, 2, false, false};
      return true;
    case kBgp4mpMessageAs4:
      *kind = {false, 4, false, false};
      return true;
    case kBgp4mpMessageLocal:
      *kind = {false, 2, true, false};
      return true;
    case kBgp4mpMessageAs4Local:
      *kind = {false, 4, true, false};
      return true;
    case kBgp4mpMessageAddPath:
      *kind = {false, 2, false, true};
      return true;
    case kBgp4mpMessageAs4AddPath:
      *kind = {false, 4, false, true};
      return true;
    case kBgp4mpMessageLocalAddPath:
      *kind = {false, 2, true, true};
      return true;
    case kBgp4mpMessageAs4LocalAddPath:
      *kind = {false, 4, true, true};
      return true;
    default:
      return false;
  }
}

Element BaseElement(const RawRecord& record) {
  Element e;
  e.mrt_type = record.type;
  e.mrt_subtype = record.subtype;
  e.timestamp = record.timestamp;
  e.microseconds = record.microseconds;
  e.record_offset = record.offset;
  return e;
}

}  // namespace

void RecordDecoder::DecodeBgp4mp(const RawRecord& record, ByteCursor body,
                                 std::vector<Element>* out) {
  Bgp4mpKind kind;
  if (!ClassifyBgp4mp(record.subtype, &kind)) {
    ReportOnce(record, "unsupported");
    return;
  }
  std::uint64_t at = body.offset();
  Element base = BaseElement(record);
  base.asn_size = static_cast<std::uint8_t>(kind.asn_size);
  base.local = kind.local;
  base.add_path = kind.add_path;
  base.peer_asn = kind.asn_size == 4 ? body.U32() : body.U16();
  base.local_asn = kind.asn_size == 4 ? body.U32() : body.U16();
  if (kind.state_change && kind.asn_size == 2 && record.body.size() == 8) {
    // Zebra once wrote state changes without interface, family and
    // addresses: two ASes, then the two states. Read them as such.
    Report(at, "bgp4mp state change of 8 bytes (zebra bug): read without addresses");
    base.type = ElementType::kStateChange;
    base.peer_ip = IpAddress::V4(0);
    base.old_state = body.U16();
    base.new_state = body.U16();
    out->push_back(base);
    return;
  }
  body.Skip(2);  // interface index
  std::uint16_t wire_afi = body.U16();
  Afi afi;
  if (!body.ok()) {
    Report(at, "bgp4mp header truncated");
    return;
  }
  if (!AfiFromWire(wire_afi, &afi)) {
    Report(at, fmt::format("bgp4mp address family {}", wire_afi));
    return;
  }
  std::uint8_t raw[16] = {};
  std::size_t address_size = afi == Afi::kIpv4 ? 4 : 16;
  body.Copy(raw, address_size);
  base.peer_ip = IpAddress::FromBytes(afi, raw);
  body.Copy(raw, address_size);
  base.local_ip = IpAddress::FromBytes(afi, raw);
  if (!body.ok()) {
    Report(at, "bgp4mp header truncated");
    return;
  }
  if (kind.state_change) {
    base.type = ElementType::kStateChange;
    base.old_state = body.U16();
    base.new_state = body.U16();
    if (!body.ok()) {
      Report(at, "bgp4mp state change truncated");
      return;
    }
    out->push_back(base);
    return;
  }
  ByteCursor message;
  auto header = DecodeMessageHeader(body, &message);
  if (!header) {
    Report(header.error());
    return;
  }
  if (header->type >= 1 && header->type <= 5) ++stats_.bgp_messages[header->type];
  if (header->type != static_cast<std::uint8_t>(BgpMessageType::kUpdate)) {
    if (session_messages_) EmitSessionMessage(base, header->type, message, out);
    return;
  }
  AttributeContext ctx;
  ctx.asn_size = kind.asn_size;
  ctx.add_path = kind.add_path;
  auto status = DecodeUpdate(message, ctx, &update_);
  if (!status && !ctx.add_path) {
    // Some BIRD versions wrote ADD-PATH NLRI under the plain subtypes. If the
    // message decodes whole with path identifiers, take it that way.
    AttributeContext retry = ctx;
    retry.add_path = true;
    if (DecodeUpdate(message, retry, &update_)) {
      if (!add_path_guess_reported_) {
        add_path_guess_reported_ = true;
        Report(status.error().offset,
               status.error().message +
                   "; the message decodes whole with ADD-PATH identifiers and was read so "
                   "(further ones not reported)");
      }
      base.add_path = true;
      EmitUpdate(base, out);
      return;
    }
    status = DecodeUpdate(message, ctx, &update_);
  }
  // A damaged UPDATE still yields the routes decoded before the damage.
  if (!status) Report(status.error());
  EmitUpdate(base, out);
}

void RecordDecoder::EmitSessionMessage(const Element& base, std::uint8_t type, ByteCursor message,
                                       std::vector<Element>* out) {
  Element e = base;
  e.type = ElementType::kMessage;
  e.message_type = type;
  if (type == static_cast<std::uint8_t>(BgpMessageType::kOpen)) {
    if (auto status = DecodeOpen(message, &open_); !status) {
      Report(status.error());
      return;
    }
    e.open = &open_;
  } else if (type == static_cast<std::uint8_t>(BgpMessageType::kNotification)) {
    if (auto status = DecodeNotification(message, &notification_); !status) {
      Report(status.error());
      return;
    }
    e.notification = &notification_;
  }
  out->push_back(e);
}

void RecordDecoder::DecodeMrtBgp(const RawRecord& record, ByteCursor body,
                                 std::vector<Element>* out) {
  std::uint64_t at = body.offset();
  Element base = BaseElement(record);
  base.asn_size = 2;
  switch (record.subtype) {
    case kMrtBgpStateChange: {
      base.type = ElementType::kStateChange;
      base.peer_asn = body.U16();
      base.peer_ip = IpAddress::V4(body.U32());
      base.old_state = body.U16();
      base.new_state = body.U16();
      if (!body.ok()) {
        Report(at, "bgp state change truncated");
        return;
      }
      out->push_back(base);
      return;
    }
    case kMrtBgpUpdate: {
      base.peer_asn = body.U16();
      base.peer_ip = IpAddress::V4(body.U32());
      base.local_asn = body.U16();
      base.local_ip = IpAddress::V4(body.U32());
      if (!body.ok()) {
        Report(at, "bgp update header truncated");
        return;
      }
      ++stats_.bgp_messages[static_cast<int>(BgpMessageType::kUpdate)];
      AttributeContext ctx;
      ctx.asn_size = 2;
      // The MRTd format stores the UPDATE body without the BGP header.
      if (auto status = DecodeUpdate(body, ctx, &update_); !status) Report(status.error());
      EmitUpdate(base, out);
      return;
    }
    case kMrtBgpOpen:
      ++stats_.bgp_messages[static_cast<int>(BgpMessageType::kOpen)];
      return;
    case kMrtBgpNotify:
      ++stats_.bgp_messages[static_cast<int>(BgpMessageType::kNotification)];
      return;
    case kMrtBgpKeepalive:
      ++stats_.bgp_messages[static_cast<int>(BgpMessageType::kKeepalive)];
      return;
    case kMrtBgpNull:
    case kMrtBgpSync:
    case kMrtBgpPrefUpdate:
      return;
    default:
      ReportOnce(record, "unsupported");
      return;
  }
}

}  // namespace manrs
