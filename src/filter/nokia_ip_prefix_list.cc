// Nokia SR OS filter match-lists, classic CLI (bgpq4 -N -E): addresses for IP
// filters, so a line is its prefix alone (the dialect has no length ranges).
#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteNokiaIpPrefixList(const PrefixContext& ctx, std::string* out) {
  const std::string kind = ctx.v4() ? "ip-prefix-list" : "ipv6-prefix-list";
  const std::string& name = ctx.options.name;
  Append(out, "configure filter match-list\nno " + kind + " \"" + name + "\"\n" + kind + " \"" +
                  name + "\" create\n");
  if (ctx.lines.empty()) Append(out, "# generated ip-prefix-list " + name + " is empty\n");
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "    prefix ");
    AppendPrefix(out, line.prefix);
    out->push_back('\n');
  }
  Append(out, "exit\n");
  return {};
}

}  // namespace manrs::filter_internal
