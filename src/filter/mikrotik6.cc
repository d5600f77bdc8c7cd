// MikroTik RouterOS 6: "/routing filter add" rules in chain NAME-V4 / NAME-V6
// (bgpq4 -K).
#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteMikrotik6(const PrefixContext& ctx, std::string* out) {
  const std::string& name = ctx.options.name;
  if (ctx.lines.empty()) {
    Append(out, "# generated prefix-list " + name + " is empty\n");
    return {};
  }
  const std::string head = "/routing filter add action=accept chain=\"" + name +
                           (ctx.v4() ? "-V4" : "-V6") + "\" prefix=";
  for (const PrefixRange& line : ctx.lines) {
    Append(out, head);
    AppendPrefix(out, line.prefix);
    if (!line.exact()) {
      Append(out, " prefix-length=");
      AppendInt(out, line.min_length);
      out->push_back('-');
      AppendInt(out, line.max_length);
    }
    out->push_back('\n');
  }
  return {};
}

}  // namespace manrs::filter_internal
