// Fuzz target for the BGP message decoders. The first byte selects the
// session: bit 0 the AS size (2 or 4 octets), bit 1 ADD-PATH. The rest is an
// UPDATE body (after the 19-octet header) for DecodeUpdate, and the same bytes
// go to DecodeOpen, DecodeNotification and DecodeMessageHeader.
//
// Checks beyond "no crash, no sanitizer report": decoded prefixes fit their
// family, AS path segments cover the path, the RFC 6793 merge keeps the
// AS_PATH length, and a BgpUpdate reused for a second decode gives the same
// result as a fresh one (Clear() leaves nothing behind).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "manrs/bgp/message.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckPath(const manrs::AsPath& path) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < path.segment_count(); ++i) total += path.segment(i).asns.size();
  Check(total == path.asns().size());
  (void)path.ToString();
}

void CheckNlri(const std::vector<manrs::NlriEntry>& nlri, bool add_path) {
  for (const manrs::NlriEntry& n : nlri) {
    Check(n.prefix.length() <= manrs::MaxPrefixLength(n.prefix.afi()));
    Check(n.prefix.address() == n.wire_address.Masked(n.prefix.length()));
    Check(add_path || n.path_id == 0);
  }
}

void CheckAttributes(const manrs::PathAttributes& a, bool add_path) {
  CheckPath(a.as_path);
  CheckPath(a.as4_path);
  if (a.has(manrs::kAttrAs4Path) && a.asn_size == 2) {
    CheckPath(a.merged_path);
    // RFC 6793 4.2.3: the merged path is as long as AS_PATH, whether AS4_PATH
    // was merged or ignored.
    Check(a.merged_path.Length() == a.as_path.Length());
  }
  for (const manrs::MpReach& r : a.mp_reach) CheckNlri(r.nlri, add_path);
  for (const manrs::MpUnreach& u : a.mp_unreach) CheckNlri(u.nlri, add_path);
}

bool SameNlri(const std::vector<manrs::NlriEntry>& a, const std::vector<manrs::NlriEntry>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].prefix != b[i].prefix || a[i].wire_address != b[i].wire_address ||
        a[i].path_id != b[i].path_id) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  manrs::AttributeContext ctx;
  ctx.asn_size = (data[0] & 1) ? 4 : 2;
  ctx.add_path = (data[0] & 2) != 0;
  manrs::Bytes body = manrs::AsBytes(data + 1, size - 1);

  // A reused update, dirtied by decoding the body with the other AS size
  // first, must come out as a fresh one does.
  static manrs::BgpUpdate reused;
  manrs::AttributeContext other = ctx;
  other.asn_size = 6 - ctx.asn_size;
  (void)manrs::DecodeUpdate(manrs::ByteCursor(body), other, &reused);

  manrs::BgpUpdate update;
  manrs::Status status = manrs::DecodeUpdate(manrs::ByteCursor(body, 19), ctx, &update);
  manrs::Status status2 = manrs::DecodeUpdate(manrs::ByteCursor(body, 19), ctx, &reused);
  Check(status.has_value() == status2.has_value());
  if (!status) {
    Check(status.error().offset >= 19 && status.error().offset <= 19 + body.size());
    Check(!status.error().message.empty());
  }
  CheckNlri(update.withdrawn, ctx.add_path);
  CheckNlri(update.nlri, ctx.add_path);
  CheckAttributes(update.attributes, ctx.add_path);
  Check(SameNlri(update.withdrawn, reused.withdrawn));
  Check(SameNlri(update.nlri, reused.nlri));
  Check(update.attributes.as_path == reused.attributes.as_path);
  Check(update.attributes.communities == reused.attributes.communities);
  Check(update.attributes.present == reused.attributes.present);

  manrs::BgpOpen open;
  if (manrs::DecodeOpen(manrs::ByteCursor(body), &open)) {
    for (const manrs::BgpCapability& c : open.capabilities) Check(c.value.size() < 256);
  }
  manrs::BgpNotification notification;
  if (manrs::DecodeNotification(manrs::ByteCursor(body), &notification)) {
    Check(notification.data.size() + 2 == body.size());
  }
  manrs::ByteCursor whole(body);
  manrs::ByteCursor message;
  if (auto header = manrs::DecodeMessageHeader(whole, &message)) {
    Check(message.remaining() + manrs::kBgpHeaderLength == header->length);
  }
  return 0;
}
