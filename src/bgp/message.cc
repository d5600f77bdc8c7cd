#include "manrs/bgp/message.h"

#include "fmt/format.h"

namespace manrs {

Result<BgpMessageHeader> DecodeMessageHeader(ByteCursor& in, ByteCursor* body) {
  std::uint64_t at = in.offset();
  in.Skip(16);  // marker: all ones on the wire, but MRT writers vary; not checked
  BgpMessageHeader header;
  header.length = in.U16();
  header.type = in.U8();
  if (!in.ok()) return MakeError(ErrorCode::kTruncated, "bgp message header", at);
  if (header.length < kBgpHeaderLength) {
    return MakeError(ErrorCode::kBadLength, fmt::format("bgp message length {}", header.length),
                     at);
  }
  std::size_t body_length = header.length - kBgpHeaderLength;
  if (in.remaining() < body_length) {
    return MakeError(ErrorCode::kTruncated,
                     fmt::format("bgp message of {} octets has only {} after its header",
                                 header.length, in.remaining()),
                     at);
  }
  *body = in.Sub(body_length);
  return header;
}

Status DecodeUpdate(ByteCursor body, const AttributeContext& ctx, BgpUpdate* out) {
  out->Clear();
  std::uint64_t at = body.offset();
  std::uint16_t withdrawn_length = body.U16();
  if (!body.ok() || body.remaining() < withdrawn_length) {
    return MakeError(ErrorCode::kTruncated,
                     fmt::format("update withdrawn routes length {}", withdrawn_length), at);
  }
  MANRS_TRY(DecodeNlri(body.Sub(withdrawn_length), Afi::kIpv4, ctx.add_path, &out->withdrawn));
  at = body.offset();
  std::uint16_t attributes_length = body.U16();
  if (!body.ok() || body.remaining() < attributes_length) {
    return MakeError(ErrorCode::kTruncated,
                     fmt::format("update path attributes length {}", attributes_length), at);
  }
  MANRS_TRY(DecodePathAttributes(body.Sub(attributes_length), ctx, &out->attributes));
  return DecodeNlri(body, Afi::kIpv4, ctx.add_path, &out->nlri);
}

Status DecodeOpen(ByteCursor body, BgpOpen* out) {
  std::uint64_t at = body.offset();
  out->version = body.U8();
  out->my_as = body.U16();
  out->hold_time = body.U16();
  out->bgp_id = IpAddress::V4(body.U32());
  std::uint8_t params_length = body.U8();
  ByteCursor params = body.Sub(params_length);
  if (!body.ok()) return MakeError(ErrorCode::kTruncated, "open message", at);
  out->capabilities.clear();
  while (!params.empty()) {
    std::uint8_t param_type = params.U8();
    ByteCursor param = params.Sub(params.U8());
    if (!params.ok()) return MakeError(ErrorCode::kTruncated, "open optional parameter", at);
    if (param_type != 2) continue;  // only capabilities (RFC 5492) are of interest
    while (!param.empty()) {
      std::uint8_t code = param.U8();
      Bytes value = param.Take(param.U8());
      if (!param.ok()) return MakeError(ErrorCode::kTruncated, "open capability", at);
      out->capabilities.push_back({code, value});
      if (code == 65 && value.size() == 4) {  // RFC 6793 four-octet AS
        out->my_as = ByteCursor(value).U32();
      }
    }
  }
  return {};
}

Status DecodeNotification(ByteCursor body, BgpNotification* out) {
  std::uint64_t at = body.offset();
  out->code = body.U8();
  out->subcode = body.U8();
  if (!body.ok()) return MakeError(ErrorCode::kTruncated, "notification message", at);
  out->data = body.rest();
  return {};
}

}  // namespace manrs
