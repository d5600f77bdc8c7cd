// MikroTik RouterOS 7: "/routing filter rule add" with an if-accept rule per
// line (bgpq4 -K7).
#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteMikrotik7(const PrefixContext& ctx, std::string* out) {
  const std::string& name = ctx.options.name;
  if (ctx.lines.empty()) {
    Append(out, "# generated prefix-list " + name + " is empty\n");
    return {};
  }
  const std::string head =
      "/routing filter rule add chain=\"" + name + (ctx.v4() ? "-V4\"" : "-V6\"");
  for (const PrefixRange& line : ctx.lines) {
    Append(out, head);
    if (line.exact()) {
      Append(out, " rule=\"if (dst=");
      AppendPrefix(out, line.prefix);
      Append(out, ") {accept}\"\n");
      continue;
    }
    // Two spaces before "rule": bgpq4 1.9's text, kept byte for byte.
    Append(out, "  rule=\"if (dst in ");
    AppendPrefix(out, line.prefix);
    Append(out, " && dst-len in ");
    AppendInt(out, line.min_length);
    out->push_back('-');
    AppendInt(out, line.max_length);
    Append(out, ") {accept}\"\n");
  }
  return {};
}

}  // namespace manrs::filter_internal
