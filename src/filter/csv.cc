// CSV (RFC 4180, header line first) for spreadsheets and scripts: one row a
// line, "name,prefix,min_length,max_length"; or "name,asn" for origin lists.
// Names are quoted when they hold a comma, quote or newline.
#include "filter/writer.h"

namespace manrs::filter_internal {

namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

}  // namespace

Status WriteCsv(const PrefixContext& ctx, std::string* out) {
  const std::string name = CsvField(ctx.options.name);
  Append(out, "name,prefix,min_length,max_length\n");
  for (const PrefixRange& line : ctx.lines) {
    Append(out, name);
    out->push_back(',');
    AppendPrefix(out, line.prefix);
    out->push_back(',');
    AppendInt(out, line.min_length);
    out->push_back(',');
    AppendInt(out, line.max_length);
    out->push_back('\n');
  }
  return {};
}

Status WriteCsvAsPath(const AsPathContext& ctx, std::string* out) {
  if (ctx.kind != AsPathKind::kAsSet) {
    return MakeError(ErrorCode::kUnsupported, "csv writes origin lists (-t), not AS-path regexes");
  }
  const std::string name = CsvField(ctx.options.name);
  Append(out, "name,asn\n");
  for (Asn asn : ctx.origins) {
    Append(out, name);
    out->push_back(',');
    AppendUint(out, asn);
    out->push_back('\n');
  }
  return {};
}

}  // namespace manrs::filter_internal
