// Cisco IOS XR: RPL prefix-set and as-path-set.
#include <algorithm>

#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteCiscoIosXr(const PrefixContext& ctx, std::string* out) {
  const std::string& name = ctx.options.name;
  Append(out, "no prefix-set " + name + "\nprefix-set " + name + "\n");
  bool first = true;
  for (const PrefixRange& line : ctx.lines) {
    Append(out, first ? " " : ",\n ");
    first = false;
    AppendPrefix(out, line.prefix);
    AppendGeLe(out, line);
  }
  Append(out, "\nend-set\n");
  return {};
}

Status WriteCiscoIosXrAsPath(const AsPathContext& ctx, std::string* out) {
  const Asn owner = ctx.options.asn;
  const bool input = ctx.kind == AsPathKind::kInput;
  Append(out, "as-path-set " + ctx.options.name);
  // bgpq4 puts a comma after the name of an input set even when nothing
  // precedes the first regex; an output set gets one only between entries.
  bool comma = input;
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  if (has_owner) {
    Append(out, "\n  ios-regex '" + OwnerRegex(owner, input) + "'");
    comma = true;
  }
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, owner, has_owner)) {
    Append(out, comma ? ",\n  ios-regex '" : "\n  ios-regex '");
    comma = true;
    Append(out, OriginRegex(owner, input, chunk) + "'");
  }
  Append(out, "\nend-set\n");
  return {};
}

}  // namespace manrs::filter_internal
