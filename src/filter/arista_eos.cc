// Arista EOS: "ip prefix-list NAME" with numbered entries (bgpq4 -e). Its
// AS-path lists are Cisco's (cisco_ios.cc).
#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteAristaEos(const PrefixContext& ctx, std::string* out) {
  const std::string family = ctx.v4() ? "ip" : "ipv6";
  const std::string& name = ctx.options.name;
  Append(out, "no " + family + " prefix-list " + name + "\n");
  if (ctx.lines.empty()) {
    Append(out, "! generated prefix-list " + name + " is empty\n");
    Append(out, family + " prefix-list " + name + "\n   seq 1 deny " +
                    (ctx.v4() ? "0.0.0.0/0\n" : "::/0\n"));
    return {};
  }
  Append(out, family + " prefix-list " + name + "\n");
  int seq = 1;
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "    seq ");
    AppendInt(out, seq++);
    Append(out, " permit ");
    AppendPrefix(out, line.prefix);
    AppendGeLe(out, line);
    out->push_back('\n');
  }
  return {};
}

}  // namespace manrs::filter_internal
