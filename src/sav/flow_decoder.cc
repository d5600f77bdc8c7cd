#include "manrs/sav/flow_decoder.h"

#include "fmt/format.h"

namespace manrs {

namespace {

// Information elements (IANA IPFIX registry; NetFlow v9 uses the same
// numbers for these).
constexpr std::uint16_t kOctetDeltaCount = 1;
constexpr std::uint16_t kPacketDeltaCount = 2;
constexpr std::uint16_t kSourceIpv4Address = 8;
constexpr std::uint16_t kIngressInterface = 10;
constexpr std::uint16_t kSourceIpv6Address = 27;
constexpr std::uint16_t kOctetTotalCount = 85;
constexpr std::uint16_t kPacketTotalCount = 86;
constexpr std::uint16_t kVariable = 65535;

std::uint64_t Unsigned(Bytes b) {  // reduced-size encoding: 1 to 8 octets
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < b.size() && i < 8; ++i)
    v = (v << 8) | static_cast<std::uint8_t>(b[i]);
  return v;
}

Status Malformed(const ByteCursor& at, const std::string& what) {
  return MakeError(ErrorCode::kBadLength, what, at.offset());
}

}  // namespace

std::size_t FlowDecoder::template_count() const { return templates_total_; }

bool FlowDecoder::Admit(const Templates& templates, std::uint16_t id) {
  if (templates.contains(id)) return true;  // a refresh
  if (templates.size() >= options_.max_templates_per_domain ||
      templates_total_ >= options_.max_templates_total) {
    ++stats_.templates_refused;
    return false;
  }
  ++templates_total_;
  return true;
}

Status FlowDecoder::Decode(const FlowExporter& exporter, std::span<const std::uint8_t> datagram,
                           std::uint64_t now, const std::function<void(const FlowRecord&)>& emit) {
  ++stats_.datagrams;
  ByteCursor in(AsBytes(datagram.data(), datagram.size()));
  const std::uint16_t version = in.U16();
  Status s;
  if (!in.ok()) {
    s = Malformed(in, "datagram shorter than a version field");
  } else if (version == 5) {
    ++stats_.v5;
    s = DecodeV5(in, emit);
  } else if (version == 9) {
    ++stats_.v9;
    in.U16();  // count: records, which exporters get wrong; the sets' lengths decide
    in.Skip(12);
    DomainKey key{exporter, 9, in.U32()};
    if (!in.ok()) {
      s = Malformed(in, "netflow v9 header truncated");
    } else {
      s = DecodeSets(in, key, now, false, emit);
    }
  } else if (version == 10) {
    ++stats_.ipfix;
    const std::uint16_t length = in.U16();
    in.Skip(8);
    DomainKey key{exporter, 10, in.U32()};
    if (!in.ok()) {
      s = Malformed(in, "ipfix header truncated");
    } else if (length != datagram.size()) {
      s = MakeError(ErrorCode::kBadLength,
                    fmt::format("ipfix message length {} but the datagram has {} bytes", length,
                                datagram.size()),
                    2);
    } else {
      s = DecodeSets(in, key, now, true, emit);
    }
  } else {
    s = MakeError(ErrorCode::kBadValue, fmt::format("unknown version {}", version), 0);
  }
  if (!s) ++stats_.malformed;
  return s;
}

Status FlowDecoder::DecodeV5(ByteCursor in, const std::function<void(const FlowRecord&)>& emit) {
  const std::uint16_t count = in.U16();
  in.Skip(20);
  if (!in.ok()) return Malformed(in, "netflow v5 header truncated");
  if (count == 0 || count > 30 || in.remaining() != std::size_t{count} * 48) {
    return MakeError(
        ErrorCode::kBadLength,
        fmt::format("netflow v5: {} records but {} bytes follow the header", count, in.remaining()),
        2);
  }
  FlowRecord r;
  for (int i = 0; i < count; ++i) {
    ByteCursor rec = in.Sub(48);
    r.source = IpAddress::V4(rec.U32());
    r.has_source = true;
    rec.Skip(8);
    r.ingress_interface = rec.U16();
    rec.Skip(2);
    r.packets = rec.U32();
    r.bytes = rec.U32();
    ++stats_.records;
    emit(r);
  }
  return {};
}

Status FlowDecoder::DecodeSets(ByteCursor in, const DomainKey& key, std::uint64_t now, bool ipfix,
                               const std::function<void(const FlowRecord&)>& emit) {
  Templates& templates = domains_[key];
  const std::uint16_t template_set = ipfix ? 2 : 0;
  const std::uint16_t options_set = ipfix ? 3 : 1;
  while (!in.empty()) {
    const std::uint64_t set_offset = in.offset();
    const std::uint16_t id = in.U16();
    const std::uint16_t length = in.U16();
    if (!in.ok() || length < 4 || length - 4u > in.remaining()) {
      return MakeError(ErrorCode::kBadLength,
                       fmt::format("set {} of length {} does not fit the datagram", id, length),
                       set_offset);
    }
    ByteCursor set = in.Sub(length - 4u);
    if (id == template_set) {
      MANRS_TRY(LearnTemplates(set, id, templates, now, ipfix));
    } else if (id == options_set) {
      ++stats_.option_sets;
      LearnOptionTemplates(set, templates, now, ipfix);
    } else if (id >= 256) {
      auto it = templates.find(id);
      if (it != templates.end() && options_.template_timeout_seconds > 0 &&
          now > it->second.last_seen + options_.template_timeout_seconds) {
        templates.erase(it);
        --templates_total_;
        ++stats_.templates_expired;
        it = templates.end();
      }
      if (it == templates.end()) {
        ++stats_.unknown_template_sets;
      } else if (it->second.options) {
        ++stats_.option_sets;  // exporter statistics, sampling: no flows
      } else {
        DecodeData(set, it->second, ipfix, emit);
      }
    } else {
      return MakeError(ErrorCode::kBadValue, fmt::format("reserved set id {}", id), set_offset);
    }
  }
  return {};
}

Status FlowDecoder::LearnTemplates(ByteCursor set, std::uint16_t set_id, Templates& templates,
                                   std::uint64_t now, bool ipfix) {
  // Records until fewer bytes than a record header remain (padding).
  while (set.remaining() >= 4) {
    const std::uint64_t at = set.offset();
    const std::uint16_t id = set.U16();
    const std::uint16_t count = set.U16();
    if (ipfix && count == 0) {
      ++stats_.template_withdrawals;
      if (id == set_id) {
        templates_total_ -= templates.size();
        templates.clear();  // all templates of the domain
      } else {
        templates_total_ -= templates.erase(id);
      }
      continue;
    }
    if (id < 256) return MakeError(ErrorCode::kBadValue, fmt::format("template id {}", id), at);
    Template t;
    t.last_seen = now;
    std::uint32_t fixed = 0;
    bool variable = false;
    for (int i = 0; i < count; ++i) {
      Field f{set.U16(), set.U16()};
      if (ipfix && (f.id & 0x8000)) {
        set.Skip(4);  // enterprise number: not an element we read
        f.id = 0;
      }
      if (f.length == kVariable) {
        if (!ipfix) return MakeError(ErrorCode::kBadLength, "variable length in netflow v9", at);
        variable = true;
      } else {
        fixed += f.length;
      }
      t.fields.push_back(f);
    }
    if (!set.ok()) return Malformed(set, fmt::format("template {} truncated", id));
    t.fixed_length = variable ? 0 : fixed;
    if (!variable && fixed == 0) {
      return MakeError(ErrorCode::kBadLength, fmt::format("template {} has no data", id), at);
    }
    if (!Admit(templates, id)) continue;
    ++stats_.templates;
    templates[id] = std::move(t);
  }
  return {};
}

void FlowDecoder::LearnOptionTemplates(ByteCursor set, Templates& templates, std::uint64_t now,
                                       bool ipfix) {
  // Only the template IDs matter (their data sets hold no flows). IPFIX
  // (RFC 7011 3.4.2.2): ID, field count, scope field count, fields. NetFlow v9
  // (RFC 3954 6.1): ID, scope length, option length (bytes of type/length
  // pairs), fields, then padding to 4 octets.
  while (set.remaining() >= 6) {
    const std::uint16_t id = set.U16();
    std::size_t fields = 0;
    if (ipfix) {
      fields = set.U16();
      set.U16();
    } else {
      const std::size_t scope_bytes = set.U16();
      const std::size_t option_bytes = set.U16();
      fields = (scope_bytes + option_bytes) / 4;
    }
    for (std::size_t i = 0; i < fields && set.ok(); ++i) {
      const std::uint16_t element = set.U16();
      set.U16();
      if (ipfix && (element & 0x8000)) set.Skip(4);
    }
    if (!set.ok() || id < 256) return;
    if (!Admit(templates, id)) return;
    Template t;
    t.options = true;
    t.last_seen = now;
    templates[id] = std::move(t);
    if (!ipfix) return;  // v9: one options template per flowset, then padding
  }
}

void FlowDecoder::DecodeData(ByteCursor set, const Template& t, bool ipfix,
                             const std::function<void(const FlowRecord&)>& emit) {
  // Records until fewer bytes than the smallest record remain (padding).
  const std::size_t min_record = t.fixed_length ? t.fixed_length : 1;
  while (set.remaining() >= min_record) {
    FlowRecord r;
    std::uint64_t total_packets = 0, total_bytes = 0;
    for (const Field& f : t.fields) {
      std::size_t len = f.length;
      if (len == kVariable) {
        len = set.U8();
        if (len == 255) len = set.U16();
      }
      Bytes v = set.Take(len);
      if (!set.ok()) break;
      switch (f.id) {
        case kSourceIpv4Address:
          if (len == 4) {
            r.source = IpAddress::V4(static_cast<std::uint32_t>(Unsigned(v)));
            r.has_source = true;
          }
          break;
        case kSourceIpv6Address:
          if (len == 16) {
            r.source =
                IpAddress::FromBytes(Afi::kIpv6, reinterpret_cast<const std::uint8_t*>(v.data()));
            r.has_source = true;
          }
          break;
        case kIngressInterface:
          r.ingress_interface = static_cast<std::int64_t>(Unsigned(v));
          break;
        case kPacketDeltaCount:
          r.packets = Unsigned(v);
          break;
        case kOctetDeltaCount:
          r.bytes = Unsigned(v);
          break;
        case kPacketTotalCount:
          total_packets = Unsigned(v);
          break;
        case kOctetTotalCount:
          total_bytes = Unsigned(v);
          break;
        default:
          break;
      }
    }
    if (!set.ok()) {
      // A variable-length record running past its set: the rest of the set
      // is damaged (or padding that looked like a record).
      if (!ipfix || t.fixed_length) break;
      ++stats_.malformed;
      break;
    }
    if (r.packets == 0) r.packets = total_packets;
    if (r.bytes == 0) r.bytes = total_bytes;
    ++stats_.records;
    if (!r.has_source) ++stats_.records_without_source;
    emit(r);
  }
}

}  // namespace manrs
