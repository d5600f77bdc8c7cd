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
    switch (FormOf(line)) {
      case RangeForm::kExact:
        break;
      case RangeForm::kUpTo:
        Append(out, " le ");
        AppendInt(out, line.max_length);
        break;
      case RangeForm::kRange:
        Append(out, " ge ");
        AppendInt(out, line.min_length);
        Append(out, " le ");
        AppendInt(out, line.max_length);
        break;
    }
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
    Append(out, "\n  ios-regex '^");
    if (input) AppendUint(out, owner);
    Append(out, "(_");
    AppendUint(out, owner);
    Append(out, ")*$'");
    comma = true;
  }
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, owner, has_owner)) {
    Append(out, comma ? ",\n  ios-regex '^" : "\n  ios-regex '^");
    comma = true;
    if (input) AppendUint(out, owner);
    Append(out, "(_[0-9]+)*_(");
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      if (i > 0) out->push_back('|');
      AppendUint(out, chunk[i]);
    }
    Append(out, ")$'");
  }
  Append(out, "\nend-set\n");
  return {};
}

}  // namespace manrs::filter_internal
