// Fuzz target for DecodePathAttributes. The first byte selects the context:
// bit 0 the AS size (2 or 4 octets), bit 1 ADD-PATH, bit 2 the RIB record's
// family (IPv4 or IPv6). The rest is an attribute block, decoded both as an
// UPDATE's (rib_entry false) and as an MRT RIB entry's (rib_entry true, where
// MP_REACH_NLRI may hold only the next hop, RFC 6396 4.3.4).
//
// Checks beyond "no crash, no sanitizer report": the present bits match what
// was decoded, AS path segments cover the path, the RFC 6793 merge keeps the
// AS_PATH length, and views point into the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "manrs/bgp/path_attributes.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckPath(const manrs::AsPath& path) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < path.segment_count(); ++i) total += path.segment(i).asns.size();
  Check(total == path.asns().size());
  (void)path.ToString();
  (void)path.OriginAsn();
  (void)path.FirstAsn();
}

void CheckInside(manrs::Bytes view, manrs::Bytes whole) {
  if (view.empty()) return;
  Check(view.data() >= whole.data() && view.data() + view.size() <= whole.data() + whole.size());
}

void CheckNlri(const std::vector<manrs::NlriEntry>& nlri, bool add_path) {
  for (const manrs::NlriEntry& n : nlri) {
    Check(n.prefix.length() <= manrs::MaxPrefixLength(n.prefix.afi()));
    Check(add_path || n.path_id == 0);
  }
}

void Decode(manrs::Bytes block, const manrs::AttributeContext& ctx) {
  manrs::PathAttributes a;
  manrs::Status status = manrs::DecodePathAttributes(manrs::ByteCursor(block, 100), ctx, &a);
  if (!status) {
    Check(status.error().offset >= 100 && status.error().offset <= 100 + block.size());
    Check(!status.error().message.empty());
  }
  Check(a.asn_size == ctx.asn_size);
  CheckPath(a.as_path);
  CheckPath(a.as4_path);
  CheckPath(a.path());
  if (a.has(manrs::kAttrAs4Path) && ctx.asn_size == 2) {
    // RFC 6793 4.2.3: the merged path is as long as AS_PATH, whether AS4_PATH
    // was merged or ignored.
    Check(a.merged_path.Length() == a.as_path.Length());
  }
  Check(a.mp_reach.empty() || a.has(manrs::kAttrMpReach) || !status);
  Check(a.communities.empty() || a.has(manrs::kAttrCommunities) || !status);
  CheckInside(a.aggregator_raw, block);
  if (a.has(manrs::kAttrAggregator)) {
    Check(a.aggregator_raw.size() == 6 || a.aggregator_raw.size() == 8);
  }
  for (const manrs::MpReach& r : a.mp_reach) {
    CheckInside(r.nlri_raw, block);
    CheckNlri(r.nlri, ctx.add_path);
    Check(r.nlri_raw.empty() || r.nlri.empty());
  }
  for (const manrs::MpUnreach& u : a.mp_unreach) {
    CheckInside(u.nlri_raw, block);
    CheckNlri(u.nlri, ctx.add_path);
    Check(u.nlri_raw.empty() || u.nlri.empty());
  }
  for (const manrs::RawAttribute& u : a.unknown) {
    CheckInside(u.value, block);
    Check(a.has(u.type) || !status);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  manrs::AttributeContext ctx;
  ctx.asn_size = (data[0] & 1) ? 4 : 2;
  ctx.add_path = (data[0] & 2) != 0;
  ctx.rib_afi = (data[0] & 4) ? manrs::Afi::kIpv6 : manrs::Afi::kIpv4;
  manrs::Bytes block = manrs::AsBytes(data + 1, size - 1);
  ctx.rib_entry = false;
  Decode(block, ctx);
  ctx.rib_entry = true;
  Decode(block, ctx);
  return 0;
}
