#include "manrs/mrt/record_decoder.h"

#include "fmt/format.h"

namespace manrs {

void DecodeStats::Merge(const DecodeStats& other) {
  records += other.records;
  for (const auto& [key, count] : other.records_by_type) records_by_type[key] += count;
  for (std::size_t i = 0; i < bgp_messages.size(); ++i) bgp_messages[i] += other.bgp_messages[i];
  unknown_afi_safi += other.unknown_afi_safi;
  bad_records += other.bad_records;
}

void RecordDecoder::Report(std::uint64_t offset, std::string message) {
  ++stats_.bad_records;
  problems_.Report(source_, offset, std::move(message));
}

void RecordDecoder::ReportOnce(const RawRecord& record, const char* what) {
  if (reported_types_.insert({record.type, record.subtype}).second) {
    problems_.Report(source_, record.offset,
                     fmt::format("{} mrt type {} subtype {} (further ones not reported)", what,
                                 record.type, record.subtype));
  }
}

void RecordDecoder::Decode(const RawRecord& record, std::vector<Element>* out) {
  out->clear();
  ++stats_.records;
  ++stats_.records_by_type[{record.type, record.subtype}];
  std::uint64_t body_offset =
      record.offset + kMrtHeaderLength + (IsExtendedTimestamp(record.type) ? 4 : 0);
  ByteCursor body(record.body, body_offset);
  switch (record.type) {
    case kMrtTableDump:
      DecodeTableDump(record, body, out);
      break;
    case kMrtTableDumpV2:
      DecodeTableDumpV2(record, body, out);
      break;
    case kMrtBgp4mp:
    case kMrtBgp4mpEt:
      DecodeBgp4mp(record, body, out);
      break;
    case kMrtBgp:
      DecodeMrtBgp(record, body, out);
      break;
    default:
      ReportOnce(record, "unsupported");
      break;
  }
}

void RecordDecoder::EmitUpdate(const Element& base, std::vector<Element>* out) {
  const PathAttributes& attrs = update_.attributes;
  auto emit = [&](ElementType type, const NlriEntry& nlri, std::uint8_t safi,
                  const MpReach* reach) {
    Element& e = out->emplace_back(base);
    e.type = type;
    e.prefix = nlri.prefix;
    e.wire_address = nlri.wire_address;
    e.path_id = nlri.path_id;
    e.safi = safi;
    e.mp_reach = reach;
    e.attributes = type == ElementType::kAnnounce ? &attrs : nullptr;
  };
  for (const NlriEntry& nlri : update_.withdrawn) {
    emit(ElementType::kWithdraw, nlri, kSafiUnicast, nullptr);
  }
  for (const MpUnreach& unreach : attrs.mp_unreach) {
    if (!unreach.nlri_raw.empty()) ++stats_.unknown_afi_safi;
    for (const NlriEntry& nlri : unreach.nlri) {
      emit(ElementType::kWithdraw, nlri, unreach.safi, nullptr);
    }
  }
  for (const NlriEntry& nlri : update_.nlri) {
    emit(ElementType::kAnnounce, nlri, kSafiUnicast, nullptr);
  }
  for (const MpReach& reach : attrs.mp_reach) {
    if (!reach.nlri_raw.empty()) ++stats_.unknown_afi_safi;
    for (const NlriEntry& nlri : reach.nlri) {
      emit(ElementType::kAnnounce, nlri, reach.safi, &reach);
    }
  }
}

}  // namespace manrs
