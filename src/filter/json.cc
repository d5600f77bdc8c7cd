// JSON: {"NAME": [ {"prefix": ..., "exact": ...} ]} and the origin list
// (bgpq4 -j, -j -f, -j -t). The slash is escaped as bgpq4 does ("\/").
#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteJson(const PrefixContext& ctx, std::string* out) {
  Append(out, "{ \"" + ctx.options.name + "\": [");
  bool first = true;
  char buf[64];
  for (const PrefixRange& line : ctx.lines) {
    Append(out, first ? "\n    { \"prefix\": \"" : ",\n    { \"prefix\": \"");
    first = false;
    out->append(buf, line.prefix.address().FormatTo(buf));
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
  Append(out, "{\"" + ctx.options.name + "\": [");
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
