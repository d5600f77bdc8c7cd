// Nokia SR OS filter match-lists, MD-CLI (bgpq4 -n -E): addresses for IP
// filters, a line is its prefix alone.
#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteNokiaMdIpPrefixList(const PrefixContext& ctx, std::string* out) {
  const std::string kind = ctx.v4() ? "ip-prefix-list" : "ipv6-prefix-list";
  const std::string& name = ctx.options.name;
  Append(out, "/configure filter match-list\ndelete " + kind + " \"" + name + "\"\n" + kind +
                  " \"" + name + "\" {\n");
  if (ctx.lines.empty()) Append(out, "# generated " + kind + " " + name + " is empty\n");
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "    prefix ");
    AppendPrefix(out, line.prefix);
    Append(out, " { }\n");
  }
  Append(out, "}\n");
  return {};
}

}  // namespace manrs::filter_internal
