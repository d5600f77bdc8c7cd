// The RTR PDU codec; layouts in RFC 8210 section 5 and 8210bis section 5.
#include "manrs/rtr/pdu.h"

#include <string_view>

#include "fmt/format.h"
#include "manrs/base/big_endian.h"
#include "manrs/base/encoding.h"

namespace manrs::rtr {

namespace {

void PutHeader(std::uint8_t version, PduType type, std::uint16_t field, std::uint32_t length,
               std::string* out) {
  AppendU8(version, out);
  AppendU8(static_cast<std::uint8_t>(type), out);
  AppendU16(field, out);
  AppendU32(length, out);
}

Unexpected<Error> Bad(ErrorCode code, const char* what, PduType type, std::uint64_t offset = 0) {
  return MakeError(code, fmt::format("rtr {} pdu: {}", PduTypeName(type), what), offset);
}

}  // namespace

const char* PduTypeName(PduType type) {
  switch (type) {
    case PduType::kSerialNotify:
      return "serial notify";
    case PduType::kSerialQuery:
      return "serial query";
    case PduType::kResetQuery:
      return "reset query";
    case PduType::kCacheResponse:
      return "cache response";
    case PduType::kIpv4Prefix:
      return "ipv4 prefix";
    case PduType::kIpv6Prefix:
      return "ipv6 prefix";
    case PduType::kEndOfData:
      return "end of data";
    case PduType::kCacheReset:
      return "cache reset";
    case PduType::kRouterKey:
      return "router key";
    case PduType::kErrorReport:
      return "error report";
    case PduType::kAspa:
      return "aspa";
  }
  return "unknown";
}

bool IsKnownType(std::uint8_t type, std::uint8_t version) {
  switch (type) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 6:
    case 7:
    case 8:
    case 10:
      return version <= kMaxVersion;
    case 9:
      return version >= 1 && version <= kMaxVersion;
    case 11:
      return version == 2;
    default:
      return false;
  }
}

const char* ReportCodeName(ReportCode code) {
  switch (code) {
    case ReportCode::kCorruptData:
      return "corrupt data";
    case ReportCode::kInternalError:
      return "internal error";
    case ReportCode::kNoDataAvailable:
      return "no data available";
    case ReportCode::kInvalidRequest:
      return "invalid request";
    case ReportCode::kUnsupportedProtocolVersion:
      return "unsupported protocol version";
    case ReportCode::kUnsupportedPduType:
      return "unsupported pdu type";
    case ReportCode::kWithdrawalOfUnknownRecord:
      return "withdrawal of unknown record";
    case ReportCode::kDuplicateAnnouncement:
      return "duplicate announcement received";
    case ReportCode::kUnexpectedProtocolVersion:
      return "unexpected protocol version";
    case ReportCode::kAspaProviderListError:
      return "aspa provider list error";
  }
  return "unknown error code";
}

Status CheckTimers(const Timers& t) {
  if (t.refresh < 1 || t.refresh > 86400) {
    return MakeError(ErrorCode::kBadValue, "refresh interval must be 1..86400 s");
  }
  if (t.retry < 1 || t.retry > 7200) {
    return MakeError(ErrorCode::kBadValue, "retry interval must be 1..7200 s");
  }
  if (t.expire < 600 || t.expire > 172800) {
    return MakeError(ErrorCode::kBadValue, "expire interval must be 600..172800 s");
  }
  if (t.expire <= t.refresh || t.expire <= t.retry) {
    return MakeError(ErrorCode::kBadValue, "expire interval must exceed refresh and retry");
  }
  return {};
}

Result<WireRouterKey> ToWire(const RouterKey& key) {
  WireRouterKey wire;
  wire.asn = key.asn;
  if (key.ski.size() != 40)
    return MakeError(ErrorCode::kBadValue, "router key: ski is not 40 hex digits");
  std::string ski;
  if (!DecodeHex(key.ski, &ski)) {
    return MakeError(ErrorCode::kBadValue, "router key: ski is not hex");
  }
  for (std::size_t i = 0; i < wire.ski.size(); ++i) wire.ski[i] = static_cast<std::uint8_t>(ski[i]);
  if (!DecodeBase64(key.spki_base64, &wire.spki) || wire.spki.empty()) {
    return MakeError(ErrorCode::kBadValue, "router key: public key is not base64");
  }
  return wire;
}

Result<std::uint32_t> FramePdu(Bytes data, std::uint32_t max_length) {
  ByteCursor c(data);
  c.Skip(4);
  std::uint32_t length = c.U32();
  if (!c.ok()) return MakeError(ErrorCode::kTruncated, "rtr pdu header: truncated");
  if (length < kHeaderLength || length > max_length) {
    return MakeError(ErrorCode::kBadLength, fmt::format("rtr pdu header: length {}", length), 4);
  }
  return length;
}

Result<Pdu> DecodePdu(Bytes data) {
  ByteCursor c(data);
  Pdu pdu;
  pdu.version = c.U8();
  std::uint8_t type = c.U8();
  std::uint16_t field = c.U16();
  std::uint32_t length = c.U32();
  if (!c.ok()) return MakeError(ErrorCode::kTruncated, "rtr pdu header: truncated");
  if (pdu.version > kMaxVersion) {
    return MakeError(ErrorCode::kUnsupported, fmt::format("rtr pdu: version {}", pdu.version));
  }
  if (!IsKnownType(type, pdu.version)) {
    return MakeError(ErrorCode::kUnsupported,
                     fmt::format("rtr pdu: type {} in version {}", type, pdu.version), 1);
  }
  pdu.type = static_cast<PduType>(type);
  if (length != data.size())
    return Bad(ErrorCode::kBadLength, "length disagrees with data", pdu.type, 4);
  auto expect = [&](std::uint32_t want) { return length == want; };
  switch (pdu.type) {
    case PduType::kSerialNotify:
    case PduType::kSerialQuery:
      if (!expect(12)) return Bad(ErrorCode::kBadLength, "length is not 12", pdu.type, 4);
      pdu.session_id = field;
      pdu.serial = c.U32();
      break;
    case PduType::kResetQuery:
    case PduType::kCacheReset:
    case PduType::kCacheResponse:
      if (!expect(8)) return Bad(ErrorCode::kBadLength, "length is not 8", pdu.type, 4);
      pdu.session_id = field;
      break;
    case PduType::kIpv4Prefix:
    case PduType::kIpv6Prefix: {
      const bool v4 = pdu.type == PduType::kIpv4Prefix;
      if (!expect(v4 ? 20 : 32)) return Bad(ErrorCode::kBadLength, "wrong length", pdu.type, 4);
      std::uint8_t flags = c.U8();
      int prefix_length = c.U8();
      int max_length = c.U8();
      c.Skip(1);
      std::uint8_t address[16];
      c.Copy(address, v4 ? 4 : 16);
      pdu.announce = (flags & 1) != 0;
      const Afi afi = v4 ? Afi::kIpv4 : Afi::kIpv6;
      if (prefix_length > max_length || max_length > MaxPrefixLength(afi)) {
        return Bad(ErrorCode::kBadValue, "prefix length, max length out of range", pdu.type, 9);
      }
      pdu.vrp.prefix = Prefix::Normalized(IpAddress::FromBytes(afi, address), prefix_length);
      pdu.vrp.max_length = static_cast<std::uint8_t>(max_length);
      pdu.vrp.asn = c.U32();
      break;
    }
    case PduType::kEndOfData:
      if (!expect(pdu.version == 0 ? 12 : 24)) {
        return Bad(ErrorCode::kBadLength, "wrong length for version", pdu.type, 4);
      }
      pdu.session_id = field;
      pdu.serial = c.U32();
      if (pdu.version > 0) {
        pdu.timers.refresh = c.U32();
        pdu.timers.retry = c.U32();
        pdu.timers.expire = c.U32();
      }
      break;
    case PduType::kRouterKey:
      if (length < 33) return Bad(ErrorCode::kBadLength, "shorter than 33", pdu.type, 4);
      pdu.announce = (field >> 8 & 1) != 0;
      c.Copy(pdu.router_key.ski.data(), 20);
      pdu.router_key.asn = c.U32();
      {
        Bytes spki = c.rest();
        pdu.router_key.spki.assign(reinterpret_cast<const char*>(spki.data()), spki.size());
      }
      break;
    case PduType::kErrorReport: {
      if (length < 16) return Bad(ErrorCode::kBadLength, "shorter than 16", pdu.type, 4);
      pdu.error_code = static_cast<ReportCode>(field);
      std::uint32_t inner = c.U32();
      if (inner > c.remaining() - 4) {
        return Bad(ErrorCode::kBadLength, "encapsulated pdu overruns", pdu.type, 8);
      }
      Bytes pdu_bytes = c.Take(inner);
      pdu.encapsulated.assign(reinterpret_cast<const char*>(pdu_bytes.data()), pdu_bytes.size());
      std::uint32_t text_length = c.U32();
      if (text_length != c.remaining()) {
        return Bad(ErrorCode::kBadLength, "error text length disagrees", pdu.type, c.offset() - 4);
      }
      Bytes text = c.Take(text_length);
      pdu.text.assign(reinterpret_cast<const char*>(text.data()), text.size());
      break;
    }
    case PduType::kAspa: {
      if (length < 12 || (length - 12) % 4 != 0) {
        return Bad(ErrorCode::kBadLength, "length is not 12 + 4n", pdu.type, 4);
      }
      pdu.announce = (field >> 8 & 1) != 0;
      pdu.aspa.customer_asn = c.U32();
      pdu.aspa.providers.reserve((length - 12) / 4);
      while (c.remaining() >= 4) pdu.aspa.providers.push_back(c.U32());
      break;
    }
  }
  if (!c.ok()) return Bad(ErrorCode::kTruncated, "truncated", pdu.type, c.offset());
  return pdu;
}

void AppendPrefix(std::uint8_t version, bool announce, const Vrp& vrp, std::string* out) {
  const bool v4 = vrp.prefix.is_v4();
  char b[32] = {};
  b[0] = static_cast<char>(version);
  b[1] = static_cast<char>(v4 ? 4 : 6);
  b[7] = static_cast<char>(v4 ? 20 : 32);
  b[8] = static_cast<char>(announce ? 1 : 0);
  b[9] = static_cast<char>(vrp.prefix.length());
  b[10] = static_cast<char>(vrp.max_length);
  const IpAddress& a = vrp.prefix.address();
  int n = v4 ? 4 : 16;
  for (int i = 0; i < n; ++i) {
    std::uint64_t word = i < 8 ? a.hi() : a.lo();
    b[12 + i] = static_cast<char>(word >> (56 - 8 * (i % 8)));
  }
  std::uint32_t asn = vrp.asn;
  char* p = b + 12 + n;
  p[0] = static_cast<char>(asn >> 24);
  p[1] = static_cast<char>(asn >> 16);
  p[2] = static_cast<char>(asn >> 8);
  p[3] = static_cast<char>(asn);
  out->append(b, v4 ? 20 : 32);
}

void AppendRouterKey(std::uint8_t version, bool announce, const WireRouterKey& key,
                     std::string* out) {
  PutHeader(version, PduType::kRouterKey, announce ? 0x0100 : 0,
            static_cast<std::uint32_t>(32 + key.spki.size()), out);
  out->append(reinterpret_cast<const char*>(key.ski.data()), key.ski.size());
  AppendU32(key.asn, out);
  out->append(key.spki);
}

void AppendAspa(std::uint8_t version, bool announce, const Aspa& aspa, std::string* out) {
  std::size_t n = announce ? aspa.providers.size() : 0;
  PutHeader(version, PduType::kAspa, announce ? 0x0100 : 0, static_cast<std::uint32_t>(12 + 4 * n),
            out);
  AppendU32(aspa.customer_asn, out);
  for (std::size_t i = 0; i < n; ++i) AppendU32(aspa.providers[i], out);
}

void AppendEndOfData(std::uint8_t version, std::uint16_t session_id, std::uint32_t serial,
                     const Timers& timers, std::string* out) {
  PutHeader(version, PduType::kEndOfData, session_id, version == 0 ? 12 : 24, out);
  AppendU32(serial, out);
  if (version > 0) {
    AppendU32(timers.refresh, out);
    AppendU32(timers.retry, out);
    AppendU32(timers.expire, out);
  }
}

void AppendErrorReport(std::uint8_t version, ReportCode code, Bytes erroneous_pdu,
                       std::string_view text, std::string* out) {
  PutHeader(version, PduType::kErrorReport, static_cast<std::uint16_t>(code),
            static_cast<std::uint32_t>(16 + erroneous_pdu.size() + text.size()), out);
  AppendU32(static_cast<std::uint32_t>(erroneous_pdu.size()), out);
  out->append(reinterpret_cast<const char*>(erroneous_pdu.data()), erroneous_pdu.size());
  AppendU32(static_cast<std::uint32_t>(text.size()), out);
  out->append(text);
}

void AppendSimple(std::uint8_t version, PduType type, std::uint16_t session_id,
                  std::uint32_t serial, std::string* out) {
  const bool has_serial = type == PduType::kSerialNotify || type == PduType::kSerialQuery;
  const bool has_session = has_serial || type == PduType::kCacheResponse;
  PutHeader(version, type, has_session ? session_id : 0, has_serial ? 12 : 8, out);
  if (has_serial) AppendU32(serial, out);
}

void EncodePdu(const Pdu& pdu, std::string* out) {
  switch (pdu.type) {
    case PduType::kSerialNotify:
    case PduType::kSerialQuery:
    case PduType::kResetQuery:
    case PduType::kCacheResponse:
    case PduType::kCacheReset:
      AppendSimple(pdu.version, pdu.type, pdu.session_id, pdu.serial, out);
      break;
    case PduType::kIpv4Prefix:
    case PduType::kIpv6Prefix:
      AppendPrefix(pdu.version, pdu.announce, pdu.vrp, out);
      break;
    case PduType::kEndOfData:
      AppendEndOfData(pdu.version, pdu.session_id, pdu.serial, pdu.timers, out);
      break;
    case PduType::kRouterKey:
      AppendRouterKey(pdu.version, pdu.announce, pdu.router_key, out);
      break;
    case PduType::kErrorReport:
      AppendErrorReport(pdu.version, pdu.error_code,
                        AsBytes(pdu.encapsulated.data(), pdu.encapsulated.size()), pdu.text, out);
      break;
    case PduType::kAspa:
      AppendAspa(pdu.version, pdu.announce, pdu.aspa, out);
      break;
  }
}

}  // namespace manrs::rtr
