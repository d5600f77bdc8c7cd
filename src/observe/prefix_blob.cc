// The binary prefix list of one AS (prefix_blob.h).
#include "manrs/observe/prefix_blob.h"

#include <array>
#include <cstdint>

#include "fmt/format.h"
#include "manrs/base/cursor.h"

namespace manrs {

namespace {

constexpr int kRovStates = 3;
constexpr int kIrrStates = 4;

}  // namespace

void AppendPrefixBlob(std::span<const PrefixState> prefixes, std::string* out) {
  for (const PrefixState& p : prefixes) {
    const bool v6 = !p.prefix.is_v4();
    out->push_back(static_cast<char>((v6 ? 1 : 0) | static_cast<int>(p.rpki) << 1 |
                                     static_cast<int>(p.irr) << 3 | (p.bogon ? 1 : 0) << 5));
    out->push_back(static_cast<char>(p.prefix.length()));
    const std::array<std::uint8_t, 16> bytes = p.prefix.address().bytes();
    out->append(reinterpret_cast<const char*>(bytes.data()),
                static_cast<std::size_t>((p.prefix.length() + 7) / 8));
    for (std::uint32_t v = p.peers;; v >>= 7) {
      if (v < 0x80) {
        out->push_back(static_cast<char>(v));
        break;
      }
      out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    }
  }
}

Result<std::vector<PrefixState>> DecodePrefixBlob(std::span<const std::byte> data,
                                                  std::size_t count) {
  ByteCursor in(data);
  std::vector<PrefixState> out;
  out.reserve(std::min(count, data.size() / 3));
  auto fail = [&](std::uint64_t offset, const char* what) {
    return MakeError(ErrorCode::kBadValue, fmt::format("offset {}: {}", offset, what), offset);
  };
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t at = in.offset();
    const std::uint8_t flags = in.U8();
    const std::uint8_t length = in.U8();
    if (!in.ok()) return fail(at, "truncated prefix record");
    const int rpki = flags >> 1 & 3, irr = flags >> 3 & 3;
    if ((flags & 0xc0) != 0 || rpki >= kRovStates || irr >= kIrrStates) {
      return fail(at, "bad prefix flags");
    }
    const Afi afi = (flags & 1) ? Afi::kIpv6 : Afi::kIpv4;
    if (length > MaxPrefixLength(afi)) return fail(at + 1, "prefix length too long");
    std::array<std::uint8_t, 16> bytes{};
    const std::size_t n = (length + 7u) / 8u;
    if (!in.Has(n)) return fail(in.offset(), "truncated prefix address");
    for (std::size_t b = 0; b < n && b < bytes.size(); ++b) bytes[b] = in.U8();
    auto prefix = Prefix::Make(IpAddress::FromBytes(afi, bytes.data()), length);
    if (!prefix) return fail(at + 2, "host bits set beyond the prefix length");
    std::uint64_t peers = 0;
    for (int shift = 0;; shift += 7) {
      const std::uint64_t byte_at = in.offset();
      const std::uint8_t byte = in.U8();
      if (!in.ok()) return fail(byte_at, "truncated peer count");
      if (shift == 28 && byte > 0x0f) return fail(byte_at, "peer count over 32 bits");
      peers |= std::uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) break;
    }
    out.push_back(PrefixState{*prefix, static_cast<RovState>(rpki), static_cast<IrrState>(irr),
                              static_cast<std::uint32_t>(peers), (flags & 0x20) != 0});
  }
  if (!in.empty()) return fail(in.offset(), "bytes left after the last prefix");
  return out;
}

}  // namespace manrs
