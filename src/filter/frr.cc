// FRRouting (vtysh configuration): "ip prefix-list NAME seq N permit P ge L
// le H" and "bgp as-path access-list NAME seq N permit REGEX". bgpq4 has no
// FRR output; the syntax follows FRR's documentation (docs.frrouting.org,
// "IP Prefix List" and "AS Path Access Lists"): sequence numbers step by 5 as
// FRR numbers entries itself, "ge" only when above the prefix length, and the
// empty list, when allowed, is an explicit "deny any".
#include <algorithm>

#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteFrr(const PrefixContext& ctx, std::string* out) {
  const std::string head =
      std::string(ctx.v4() ? "ip" : "ipv6") + " prefix-list " + ctx.options.name;
  Append(out, "no " + head + "\n");
  if (ctx.lines.empty()) {
    Append(out, head + " seq 5 deny any\n");
    return {};
  }
  int seq = 5;
  for (const PrefixRange& line : ctx.lines) {
    Append(out, head + " seq ");
    AppendInt(out, seq);
    seq += 5;
    Append(out, " permit ");
    AppendPrefix(out, line.prefix);
    AppendGeLe(out, line);
    out->push_back('\n');
  }
  return {};
}

Status WriteFrrAsPath(const AsPathContext& ctx, std::string* out) {
  const std::string head = "bgp as-path access-list " + ctx.options.name;
  const Asn owner = ctx.options.asn;
  const bool input = ctx.kind == AsPathKind::kInput;
  Append(out, "no " + head + "\n");
  int seq = 5;
  auto entry = [&](std::string_view action) {
    Append(out, head + " seq ");
    AppendInt(out, seq);
    seq += 5;
    out->push_back(' ');
    Append(out, action);
    out->push_back(' ');
  };
  if (ctx.origins.empty()) {
    entry("deny");
    Append(out, ".*\n");
    return {};
  }
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  if (has_owner) {
    entry("permit");
    Append(out, OwnerRegex(owner, input) + "\n");
  }
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, owner, has_owner)) {
    entry("permit");
    Append(out, OriginRegex(owner, input, chunk) + "\n");
  }
  return {};
}

}  // namespace manrs::filter_internal
