// Nokia SR OS model-driven CLI: /configure policy-options prefix-list and
// as-path-group (bgpq4 -n).
#include <algorithm>

#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteNokiaMdCli(const PrefixContext& ctx, std::string* out) {
  const std::string& name = ctx.options.name;
  Append(out, "/configure policy-options\ndelete prefix-list \"" + name + "\"\nprefix-list \"" +
                  name + "\" {\n");
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "    prefix ");
    AppendPrefix(out, line.prefix);
    switch (FormOf(line)) {
      case RangeForm::kExact:
        Append(out, " type exact {\n    }\n");
        break;
      case RangeForm::kUpTo:
        Append(out, " type through {\n        through-length ");
        AppendInt(out, line.max_length);
        Append(out, "\n    }\n");
        break;
      case RangeForm::kRange:
        Append(out, " type range {\n        start-length ");
        AppendInt(out, line.min_length);
        Append(out, "\n        end-length ");
        AppendInt(out, line.max_length);
        Append(out, "\n    }\n");
        break;
    }
  }
  Append(out, "}\n");
  return {};
}

Status WriteNokiaMdCliAsPath(const AsPathContext& ctx, std::string* out) {
  const std::string& name = ctx.options.name;
  const Asn owner = ctx.options.asn;
  const bool input = ctx.kind == AsPathKind::kInput;
  Append(out, "/configure policy-options\ndelete as-path-group \"" + name + "\"\nas-path-group \"" +
                  name + "\" {\n");
  int entry = 1;
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  if (has_owner) {
    Append(out, "  entry ");
    AppendInt(out, entry++);
    Append(out, " {\n    expression \"");
    AppendUint(out, owner);
    Append(out, "+\"\n  }\n");
  }
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, owner, has_owner)) {
    Append(out, "  entry ");
    AppendInt(out, entry++);
    Append(out, " {\n    expression \"");
    if (input) AppendUint(out, owner);
    Append(out, ".*[");
    AppendJoined(out, chunk, ' ');
    Append(out, "]\"\n  }\n");
  }
  Append(out, "}\n");
  return {};
}

}  // namespace manrs::filter_internal
