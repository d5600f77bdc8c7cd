// Junos: policy-options prefix-list, route-filters in a policy-statement,
// route-filter-list, and as-path-group. One file: the three share their
// line syntax.
#include <algorithm>

#include "filter/writer.h"

namespace manrs::filter_internal {

namespace {

// "P exact", "P upto /H" or "P prefix-length-range /L-/H".
void AppendRouteFilter(std::string* out, const PrefixRange& line) {
  AppendPrefix(out, line.prefix);
  switch (FormOf(line)) {
    case RangeForm::kExact:
      Append(out, " exact;\n");
      break;
    case RangeForm::kUpTo:
      Append(out, " upto /");
      AppendInt(out, line.max_length);
      Append(out, ";\n");
      break;
    case RangeForm::kRange:
      Append(out, " prefix-length-range /");
      AppendInt(out, line.min_length);
      Append(out, "-/");
      AppendInt(out, line.max_length);
      Append(out, ";\n");
      break;
  }
}

}  // namespace

Status WriteJunosPrefixList(const PrefixContext& ctx, std::string* out) {
  Append(out, "policy-options {\nreplace:\n prefix-list " + ctx.options.name + " {\n");
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "    ");
    AppendPrefix(out, line.prefix);
    Append(out, ";\n");
  }
  Append(out, " }\n}\n");
  return {};
}

Status WriteJunosPolicyStatement(const PrefixContext& ctx, std::string* out) {
  const std::string& name = ctx.options.name;
  const auto slash = name.find('/');
  if (slash != std::string::npos) {
    Append(out, "policy-options {\n policy-statement " + name.substr(0, slash) + " {\n  term " +
                    name.substr(slash + 1) + " {\nreplace:\n   from {\n");
  } else {
    Append(out, "policy-options {\n policy-statement " + name + " { \nreplace:\n  from {\n");
  }
  if (!ctx.options.match.empty()) Append(out, "    " + ctx.options.match + ";\n");
  if (ctx.lines.empty()) {
    Append(out, ctx.v4() ? "    route-filter 0.0.0.0/0 orlonger reject;\n"
                         : "    route-filter ::/0 orlonger reject;\n");
  }
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "    route-filter ");
    AppendRouteFilter(out, line);
  }
  Append(out, slash != std::string::npos ? "   }\n  }\n }\n}\n" : "  }\n }\n}\n");
  return {};
}

Status WriteJunosRouteFilterList(const PrefixContext& ctx, std::string* out) {
  Append(out, "policy-options {\nreplace:\n  route-filter-list " + ctx.options.name + " {\n");
  if (ctx.lines.empty()) {
    Append(out, ctx.v4() ? "    0.0.0.0/0 orlonger reject;\n" : "    ::/0 orlonger reject;\n");
  }
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "    ");
    AppendRouteFilter(out, line);
  }
  Append(out, "  }\n}\n");
  return {};
}

namespace {

// -H: "as-list a0 members OWNER;" when the owner is an origin, then the
// others in lists of `width`; an empty group when there is no origin.
Status WriteJunosAsList(const AsPathContext& ctx, std::string* out) {
  const Asn owner = ctx.options.asn;
  Append(out, "policy-options {\nreplace:\n as-list-group " + ctx.options.name + " {\n");
  int line_no = 0;
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  if (has_owner) {
    Append(out, "  as-list a0 members ");
    AppendUint(out, owner);
    Append(out, ";\n");
    ++line_no;
  }
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, owner, has_owner)) {
    Append(out, "  as-list a");
    AppendInt(out, line_no++);
    Append(out, " members [ ");
    AppendJoined(out, chunk, ' ');
    Append(out, " ];\n");
  }
  Append(out, " }\n}\n");
  return {};
}

}  // namespace

Status WriteJunosAsPath(const AsPathContext& ctx, std::string* out) {
  if (ctx.kind == AsPathKind::kAsList) return WriteJunosAsList(ctx, out);
  const Asn owner = ctx.options.asn;
  const bool input = ctx.kind == AsPathKind::kInput;
  Append(out, "policy-options {\nreplace:\n as-path-group " + ctx.options.name + " {\n");
  int line_no = 0;
  const bool has_owner = std::binary_search(ctx.origins.begin(), ctx.origins.end(), owner);
  if (has_owner) {
    Append(out, "  as-path a0 \"^");
    AppendUint(out, owner);
    out->push_back('(');
    AppendUint(out, owner);
    Append(out, ")*$\";\n");
    ++line_no;
  }
  const auto chunks = Chunks(ctx.origins, ctx.width, owner, has_owner);
  for (const auto& chunk : chunks) {
    Append(out, "  as-path a");
    AppendInt(out, line_no++);
    Append(out, " \"^");
    if (input) AppendUint(out, owner);
    Append(out, "(.)*(");
    AppendJoined(out, chunk, '|');
    Append(out, ")$\";\n");
  }
  if (line_no == 0) Append(out, input ? "  as-path aNone \"!.*\";\n" : " as-path aNone \"!.*\";\n");
  Append(out, " }\n}\n");
  return {};
}

}  // namespace manrs::filter_internal
