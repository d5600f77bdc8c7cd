// OpenBGPD: a "prefix { ... }" macro (bgpq4 -B), a prefix-set (-B -E),
// "allow from/to AS" rules (-f/-G) and an as-set (-t).
#include "filter/writer.h"

namespace manrs::filter_internal {

namespace {

void AppendLines(const PrefixContext& ctx, std::string* out) {
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "\n\t");
    AppendPrefix(out, line.prefix);
    if (line.exact()) continue;
    if (line.min_length == line.max_length) {
      Append(out, " prefixlen = ");
      AppendInt(out, line.max_length);
    } else {
      Append(out, " prefixlen ");
      AppendInt(out, line.min_length);
      Append(out, " - ");
      AppendInt(out, line.max_length);
    }
  }
}

}  // namespace

Status WriteOpenBgpd(const PrefixContext& ctx, std::string* out) {
  const std::string& name = ctx.options.name;
  const Asn asn = ctx.options.asn;
  if (ctx.lines.empty()) {
    Append(out, "# generated prefix-list " + name + " (AS ");
    AppendUint(out, asn);
    Append(out, ") is empty\n");
    if (asn == 0)
      Append(out, "# use -a <asn> to generate \"deny from ASN <asn>\" instead of this list\n");
    if (asn != 0) {
      Append(out, "deny from AS ");
      AppendUint(out, asn);
      out->push_back('\n');
      return {};
    }
  }
  const bool named = name != "NN";
  if (named) Append(out, name + "=\"");
  Append(out, "prefix { ");
  AppendLines(ctx, out);
  Append(out, "\n\t}");
  if (named) out->push_back('"');
  out->push_back('\n');
  return {};
}

Status WriteOpenBgpdPrefixSet(const PrefixContext& ctx, std::string* out) {
  Append(out, "prefix-set " + ctx.options.name + " {");
  AppendLines(ctx, out);
  Append(out, "\n}\n");
  return {};
}

Status WriteOpenBgpdAsPath(const AsPathContext& ctx, std::string* out) {
  if (ctx.kind == AsPathKind::kAsSet) {
    Append(out, "as-set " + ctx.options.name + " {");
    for (const auto& chunk : Chunks(ctx.origins, ctx.width, 0, false)) {
      for (std::size_t i = 0; i < chunk.size(); ++i) {
        Append(out, i == 0 ? "\n\t" : " ");
        AppendUint(out, chunk[i]);
      }
    }
    Append(out, "\n}\n");
    return {};
  }
  const std::string_view direction = ctx.kind == AsPathKind::kInput ? "from" : "to";
  if (ctx.origins.empty()) {
    Append(out, "deny ");
    Append(out, direction);
    Append(out, " AS ");
    AppendUint(out, ctx.options.asn);
    out->push_back('\n');
    return {};
  }
  for (Asn asn : ctx.origins) {
    Append(out, "allow ");
    Append(out, direction);
    Append(out, " AS ");
    AppendUint(out, ctx.options.asn);
    Append(out, " AS ");
    AppendUint(out, asn);
    out->push_back('\n');
  }
  return {};
}

}  // namespace manrs::filter_internal
