// Huawei VRP: "ip ip-prefix" / "ip ipv6-prefix" and "ip as-path-filter"
// (bgpq4 -U).
#include <algorithm>

#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteHuawei(const PrefixContext& ctx, std::string* out) {
  const std::string kind = ctx.v4() ? "ip-prefix " : "ipv6-prefix ";
  const std::string& name = ctx.options.name;
  Append(out, "undo ip " + kind + name + "\n");
  if (ctx.lines.empty()) {
    Append(out, "ip " + kind + name + " deny " + (ctx.v4() ? "0.0.0.0/0\n" : "::/0\n"));
    return {};
  }
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "ip " + kind + name + " permit ");
    AppendAddress(out, line.prefix.address());
    out->push_back(' ');
    AppendInt(out, line.prefix.length());
    AppendGeLe(out, line, "greater-equal", "less-equal");
    out->push_back('\n');
  }
  return {};
}

Status WriteHuaweiAsPath(const AsPathContext& ctx, std::string* out) {
  const std::string head = "ip as-path-filter " + ctx.options.name + " ";
  const Asn owner = ctx.options.asn;
  const bool input = ctx.kind == AsPathKind::kInput;
  Append(out, "undo " + head.substr(0, head.size() - 1) + "\n");
  // bgpq4 checks for emptiness before taking out the owner AS for -f, after it
  // for -G.
  if (input && ctx.origins.empty()) {
    Append(out, head + "deny .*\n");
    return {};
  }
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  if (has_owner) Append(out, head + "permit " + OwnerRegex(owner, input) + "\n");
  const auto chunks = Chunks(ctx.origins, ctx.width, owner, has_owner);
  if (!input && chunks.empty()) {
    Append(out, head + "deny .*\n");
    return {};
  }
  for (const auto& chunk : chunks)
    Append(out, head + "permit " + OriginRegex(owner, input, chunk) + "\n");
  return {};
}

}  // namespace manrs::filter_internal
