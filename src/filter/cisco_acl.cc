// Cisco IOS extended access-list used as a prefix filter (bgpq4 -E): the
// source pair matches the network address, the destination pair the netmask,
// so "permit ip A W M WM" accepts the prefixes inside A (bits W free) whose
// mask is M with bits WM free, i.e. lengths lo..hi. IPv4 only, as in bgpq4.
#include "filter/writer.h"

namespace manrs::filter_internal {

namespace {

// Bits [from, to) of a 32-bit word, counted from the most significant.
std::uint32_t Bits(int from, int to) {
  auto upto = [](int n) { return n <= 0 ? 0u : n >= 32 ? ~0u : ~0u << (32 - n); };
  return upto(to) & ~upto(from);
}

void AppendPair(std::string* out, std::uint32_t value, std::uint32_t wildcard) {
  if (wildcard == 0) Append(out, "host ");
  AppendAddress(out, IpAddress::V4(value));
  if (wildcard != 0) {
    out->push_back(' ');
    AppendAddress(out, IpAddress::V4(wildcard));
  }
}

}  // namespace

Status WriteCiscoExtendedAcl(const PrefixContext& ctx, std::string* out) {
  if (!ctx.v4()) return MakeError(ErrorCode::kUnsupported, "cisco-acl is IPv4 only (as in bgpq4)");
  const std::string& name = ctx.options.name;
  Append(out, "no ip access-list extended " + name + "\n");
  if (ctx.lines.empty()) {
    Append(out, "! generated access-list " + name + " is empty\nip access-list extended " + name +
                    " deny any any\n");
    return {};
  }
  Append(out, "ip access-list extended " + name + "\n");
  for (const PrefixRange& line : ctx.lines) {
    const int len = line.prefix.length();
    Append(out, " permit ip ");
    AppendPair(out, line.prefix.address().v4(), line.exact() ? 0 : Bits(len, line.max_length));
    out->push_back(' ');
    AppendPair(out, Bits(0, line.min_length),
               line.exact() ? 0 : Bits(line.min_length, line.max_length));
    out->push_back('\n');
  }
  return {};
}

}  // namespace manrs::filter_internal
