// VyOS 1.4+ ("set policy prefix-list NAME rule N ..." and "set policy
// as-path-list NAME rule N ..."). bgpq4 has no VyOS output; the syntax follows
// the VyOS documentation (docs.vyos.io, Configuration > Policy): IPv6 lists
// are prefix-list6, rule numbers step by 10, ge/le are separate leaves, and
// the list is deleted first so the result replaces it.
#include <algorithm>

#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteVyos(const PrefixContext& ctx, std::string* out) {
  const std::string list =
      std::string(ctx.v4() ? "prefix-list " : "prefix-list6 ") + ctx.options.name;
  Append(out, "delete policy " + list + "\n");
  int rule = 10;
  auto leaf = [&](std::string_view what, std::string_view value) {
    Append(out, "set policy " + list + " rule ");
    AppendInt(out, rule);
    out->push_back(' ');
    Append(out, what);
    Append(out, " '");
    Append(out, value);
    Append(out, "'\n");
  };
  if (ctx.lines.empty()) {
    leaf("action", "deny");
    leaf("prefix", ctx.v4() ? "0.0.0.0/0" : "::/0");
    leaf("le", ctx.v4() ? "32" : "128");
    return {};
  }
  for (const PrefixRange& line : ctx.lines) {
    leaf("action", "permit");
    leaf("prefix", line.prefix.ToString());
    if (FormOf(line) == RangeForm::kRange) leaf("ge", std::to_string(line.min_length));
    if (!line.exact()) leaf("le", std::to_string(line.max_length));
    rule += 10;
  }
  return {};
}

Status WriteVyosAsPath(const AsPathContext& ctx, std::string* out) {
  const std::string list = "as-path-list " + ctx.options.name;
  const Asn owner = ctx.options.asn;
  const bool input = ctx.kind == AsPathKind::kInput;
  Append(out, "delete policy " + list + "\n");
  int rule = 10;
  auto entry = [&](std::string_view action, const std::string& regex) {
    for (int leaf = 0; leaf < 2; ++leaf) {
      Append(out, "set policy " + list + " rule ");
      AppendInt(out, rule);
      Append(out, leaf == 0 ? " action '" : " regex '");
      Append(out, leaf == 0 ? action : std::string_view(regex));
      Append(out, "'\n");
    }
    rule += 10;
  };
  if (ctx.origins.empty()) {
    entry("deny", ".*");
    return {};
  }
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  if (has_owner) entry("permit", OwnerRegex(owner, input));
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, owner, has_owner)) {
    entry("permit", OriginRegex(owner, input, chunk));
  }
  return {};
}

}  // namespace manrs::filter_internal
