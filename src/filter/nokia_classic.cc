// Nokia SR OS classic CLI: router policy-options prefix-list and
// as-path-group (bgpq4 -N).
#include <algorithm>

#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteNokiaClassic(const PrefixContext& ctx, std::string* out) {
  const std::string& name = ctx.options.name;
  Append(out, "configure router policy-options\nbegin\nno prefix-list \"" + name +
                  "\"\nprefix-list \"" + name + "\"\n");
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "    prefix ");
    AppendPrefix(out, line.prefix);
    if (line.exact()) {
      Append(out, " exact\n");
      continue;
    }
    Append(out, " prefix-length-range ");
    AppendInt(out, line.min_length);
    out->push_back('-');
    AppendInt(out, line.max_length);
    out->push_back('\n');
  }
  Append(out, "exit\ncommit\n");
  return {};
}

Status WriteNokiaClassicAsPath(const AsPathContext& ctx, std::string* out) {
  const std::string& name = ctx.options.name;
  const Asn owner = ctx.options.asn;
  const bool input = ctx.kind == AsPathKind::kInput;
  // bgpq4 1.9 writes the output form without the space and without the closing
  // "exit / commit"; reproduced so that its users see no change.
  Append(out, input ? "configure router policy-options\nbegin\nno as-path-group \"" + name + "\"\n"
                    : "configure router policy-options\nbegin\nno as-path-group\"" + name + "\"\n");
  Append(out, "as-path-group \"" + name + "\"\n");
  int entry = 1;
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  if (has_owner) {
    Append(out, "  entry ");
    AppendInt(out, entry++);
    Append(out, " expression \"");
    AppendUint(out, owner);
    Append(out, "+\"\n");
  }
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, owner, has_owner)) {
    Append(out, "  entry ");
    AppendInt(out, entry++);
    Append(out, " expression \"");
    if (input) AppendUint(out, owner);
    Append(out, ".*[");
    AppendJoined(out, chunk, ' ');
    Append(out, "]\"\n");
  }
  if (input) Append(out, "exit\ncommit\n");
  return {};
}

}  // namespace manrs::filter_internal
