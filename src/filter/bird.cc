// BIRD 2: a prefix set constant "NAME = [ P{lo,hi}, ... ];" and an AS set
// constant of the origins (bgpq4 -b, -b -f, -b -t).
#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteBird(const PrefixContext& ctx, std::string* out) {
  // bgpq4 writes nothing at all for an empty list.
  if (ctx.lines.empty()) return {};
  Append(out, ctx.options.name + " = [");
  bool first = true;
  for (const PrefixRange& line : ctx.lines) {
    Append(out, first ? "\n    " : ",\n    ");
    first = false;
    AppendPrefix(out, line.prefix);
    if (!line.exact()) {
      out->push_back('{');
      AppendInt(out, line.min_length);
      out->push_back(',');
      AppendInt(out, line.max_length);
      out->push_back('}');
    }
  }
  Append(out, "\n];\n");
  return {};
}

Status WriteBirdAsPath(const AsPathContext& ctx, std::string* out) {
  if (ctx.kind == AsPathKind::kOutput) {
    return MakeError(ErrorCode::kUnsupported,
                     "bird has no output AS-path lists (-G); use an as-set");
  }
  Append(out, ctx.options.name + " = [");
  if (ctx.origins.empty()) {
    Append(out, "];\n");
    return {};
  }
  bool first = true;
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, 0, false)) {
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      if (i == 0) {
        Append(out, first ? "\n    " : ",\n    ");
      } else {
        Append(out, ", ");
      }
      first = false;
      AppendUint(out, chunk[i]);
    }
  }
  Append(out, "\n];\n");
  return {};
}

}  // namespace manrs::filter_internal
