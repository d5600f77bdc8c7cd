// JSON: {"NAME": [ {"prefix": ..., "exact": ...} ]} and the origin list
// (bgpq4 -j, -j -f, -j -t). The slash is escaped as bgpq4 does ("\/"); the
// name is written as a JSON string, so that any -l name gives valid JSON.
#include "filter/writer.h"
#include "manrs/base/json_string.h"

namespace manrs::filter_internal {

Status WriteJson(const PrefixContext& ctx, std::string* out) {
  Append(out, "{ ");
  AppendJsonString(out, ctx.options.name);
  Append(out, ": [");
  bool first = true;
  for (const PrefixRange& line : ctx.lines) {
    Append(out, first ? "\n    { \"prefix\": \"" : ",\n    { \"prefix\": \"");
    first = false;
    AppendAddress(out, line.prefix.address());
    Append(out, "\\/");
    AppendInt(out, line.prefix.length());
    switch (FormOf(line)) {
      case RangeForm::kExact:
        Append(out, "\", \"exact\": true }");
        break;
      case RangeForm::kUpTo:
        Append(out, "\", \"exact\": false, \"less-equal\": ");
        AppendInt(out, line.max_length);
        Append(out, " }");
        break;
      case RangeForm::kRange:
        Append(out, "\", \"exact\": false,\n      \"greater-equal\": ");
        AppendInt(out, line.min_length);
        Append(out, ", \"less-equal\": ");
        AppendInt(out, line.max_length);
        Append(out, " }");
        break;
    }
  }
  Append(out, "\n] }\n");
  return {};
}

Status WriteJsonAsPath(const AsPathContext& ctx, std::string* out) {
  if (ctx.kind == AsPathKind::kOutput) {
    return MakeError(ErrorCode::kUnsupported,
                     "json has no output AS-path lists (-G); use the origin list");
  }
  Append(out, "{");
  AppendJsonString(out, ctx.options.name);
  Append(out, ": [");
  bool first = true;
  for (const auto& chunk : Chunks(ctx.origins, ctx.width, 0, false)) {
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      if (!first) out->push_back(',');
      if (i == 0) Append(out, "\n  ");
      first = false;
      AppendUint(out, chunk[i]);
    }
  }
  Append(out, "\n]}\n");
  return {};
}

}  // namespace manrs::filter_internal
