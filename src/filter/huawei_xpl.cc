// Huawei XPL: "xpl ip-prefix-list" and "xpl as-path-list" (bgpq4 -u).
#include <algorithm>

#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteHuaweiXpl(const PrefixContext& ctx, std::string* out) {
  const std::string kind = ctx.v4() ? "ip-prefix-list " : "ipv6-prefix-list ";
  const std::string& name = ctx.options.name;
  Append(out, "no xpl " + kind + name + "\nxpl " + kind + name + "\n");
  bool first = true;
  for (const PrefixRange& line : ctx.lines) {
    Append(out, first ? "  " : ",\n  ");
    first = false;
    AppendAddress(out, line.prefix.address());
    out->push_back(' ');
    AppendInt(out, line.prefix.length());
    AppendGeLe(out, line);
  }
  Append(out, "\nend-list\n");
  return {};
}

Status WriteHuaweiXplAsPath(const AsPathContext& ctx, std::string* out) {
  const Asn owner = ctx.options.asn;
  const bool input = ctx.kind == AsPathKind::kInput;
  Append(out, "xpl as-path-list " + ctx.options.name);
  bool comma = input;  // as bgpq4: "NAME," heads an input list
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  if (has_owner) {
    Append(out, "\n  regular " + OwnerRegex(owner, input));
    comma = true;
  }
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, owner, has_owner)) {
    Append(out, comma ? ",\n  regular " : "\n  regular ");
    comma = true;
    Append(out, OriginRegex(owner, input, chunk));
  }
  Append(out, "\nend-list\n");
  return {};
}

}  // namespace manrs::filter_internal
