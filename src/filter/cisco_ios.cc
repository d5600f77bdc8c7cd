// Cisco IOS: "ip prefix-list" and "ip as-path access-list" (bgpq4's default
// output). Arista EOS shares the AS-path form.
#include <algorithm>

#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteCiscoIos(const PrefixContext& ctx, std::string* out) {
  const std::string head =
      std::string(ctx.v4() ? "ip" : "ipv6") + " prefix-list " + ctx.options.name;
  Append(out, "no " + head + "\n");
  if (ctx.lines.empty()) {
    Append(out, "! generated prefix-list " + ctx.options.name + " is empty\n");
    Append(out, head + (ctx.options.sequence ? " seq 1" : "") + " deny ");
    Append(out, ctx.v4() ? "0.0.0.0/0\n" : "::/0\n");
    return {};
  }
  int seq = 1;
  for (const PrefixRange& line : ctx.lines) {
    Append(out, head);
    if (ctx.options.sequence) {
      Append(out, " seq ");
      AppendInt(out, seq++);
    }
    Append(out, " permit ");
    AppendPrefix(out, line.prefix);
    AppendGeLe(out, line);
    out->push_back('\n');
  }
  return {};
}

Status WriteCiscoIosAsPath(const AsPathContext& ctx, std::string* out) {
  const std::string head = "ip as-path access-list " + ctx.options.name;
  const Asn owner = ctx.options.asn;
  const bool input = ctx.kind == AsPathKind::kInput;
  Append(out, "no " + head + "\n");
  if (ctx.origins.empty()) {
    Append(out, head + " deny .*\n");
    return {};
  }
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  if (has_owner) Append(out, head + " permit " + OwnerRegex(owner, input) + "\n");
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, owner, has_owner)) {
    Append(out, head + " permit " + OriginRegex(owner, input, chunk) + "\n");
  }
  return {};
}

}  // namespace manrs::filter_internal
