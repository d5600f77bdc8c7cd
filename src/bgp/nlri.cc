#include "manrs/bgp/nlri.h"

#include "fmt/format.h"

namespace manrs {

Status DecodeNlriEntry(ByteCursor& in, Afi afi, bool add_path, NlriEntry* out) {
  std::uint64_t at = in.offset();
  out->path_id = add_path ? in.U32() : 0;
  int length = in.U8();
  if (!in.ok()) return MakeError(ErrorCode::kTruncated, "nlri prefix header", at);
  int max = MaxPrefixLength(afi);
  if (length > max) {
    return MakeError(ErrorCode::kBadValue, fmt::format("nlri prefix length {} > {}", length, max),
                     at);
  }
  std::size_t octets = static_cast<std::size_t>((length + 7) / 8);
  std::uint8_t raw[16] = {};
  in.Copy(raw, octets);
  if (!in.ok()) {
    return MakeError(ErrorCode::kTruncated,
                     fmt::format("nlri prefix /{} needs {} octets", length, octets), at);
  }
  out->wire_address = IpAddress::FromBytes(afi, raw);
  out->prefix = Prefix::Normalized(out->wire_address, length);
  return {};
}

Status DecodeNlri(ByteCursor in, Afi afi, bool add_path, std::vector<NlriEntry>* out) {
  while (!in.empty()) {
    NlriEntry entry;
    MANRS_TRY(DecodeNlriEntry(in, afi, add_path, &entry));
    out->push_back(entry);
  }
  return {};
}

}  // namespace manrs
