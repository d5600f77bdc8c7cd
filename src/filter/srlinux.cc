// Nokia SR Linux: "set / routing-policy prefix-set NAME prefix P
// mask-length-range exact|L..H" (flat CLI). bgpq4 has no SR Linux output; the
// syntax follows the SR Linux routing-policy model (prefix-set/prefix with
// ip-prefix and mask-length-range keys). The set is deleted first so the
// result replaces it. AS-path sets are not written: SR Linux holds one
// expression per as-path-set, which does not fit an origin list of any size.
#include "filter/writer.h"

namespace manrs::filter_internal {

Status WriteSrLinux(const PrefixContext& ctx, std::string* out) {
  const std::string head = "/ routing-policy prefix-set " + ctx.options.name;
  Append(out, "delete " + head + "\n");
  if (ctx.lines.empty()) {
    // An empty prefix-set matches nothing; the set still has to exist for the
    // policy that names it.
    Append(out, "set " + head + "\n");
    return {};
  }
  for (const PrefixRange& line : ctx.lines) {
    Append(out, "set " + head + " prefix ");
    AppendPrefix(out, line.prefix);
    Append(out, " mask-length-range ");
    if (line.exact()) {
      Append(out, "exact\n");
      continue;
    }
    AppendInt(out, line.min_length);
    Append(out, "..");
    AppendInt(out, line.max_length);
    out->push_back('\n');
  }
  return {};
}

Status WriteSrLinuxAsPath(const AsPathContext&, std::string*) {
  return MakeError(ErrorCode::kUnsupported,
                   "srlinux AS-path sets are not written (one expression a set)");
}

}  // namespace manrs::filter_internal
