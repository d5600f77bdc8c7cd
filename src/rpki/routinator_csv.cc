// VRPs as CSV, recognised by the header line and read by its column names,
// so that every variant in use loads:
//   Routinator csv        ASN,IP Prefix,Max Length,Trust Anchor   (AS196615,...)
//   Routinator csvcompat  "ASN","IP Prefix","Max Length","Trust Anchor" (RIPE validator)
//   Routinator csvext     URI,ASN,IP Prefix,Max Length,Not Before,Not After
//   RIPE NCC exports      ASN,IP Prefix,Max Length  (rpki-irr-bgp-stats roas.csv)
// Locations are line numbers (1 is the header).
#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

#include "fmt/format.h"
#include "manrs/base/quote.h"
#include "manrs/base/text.h"
#include "rpki/payload_formats.h"

namespace manrs::rpki_internal {

namespace {

constexpr std::size_t kMaxFields = 16;

struct Fields {
  std::array<std::string_view, kMaxFields> value;
  std::size_t count = 0;  // may exceed kMaxFields; only the first are kept
};

// Splits a line at commas outside double quotes, and takes the quotes off
// (a doubled quote inside stays doubled: none of the columns read needs one).
Fields Split(std::string_view line) {
  Fields fields;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && line[i] == '"') quoted = !quoted;
    if (i == line.size() || (line[i] == ',' && !quoted)) {
      std::string_view field = Trim(line.substr(start, i - start));
      if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
        field = field.substr(1, field.size() - 2);
      }
      if (fields.count < kMaxFields) fields.value[fields.count] = field;
      ++fields.count;
      start = i + 1;
    }
  }
  return fields;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

struct Columns {
  std::size_t asn = kMaxFields, prefix = kMaxFields, max_length = kMaxFields;
  bool ok() const { return asn < kMaxFields && prefix < kMaxFields && max_length < kMaxFields; }
  std::size_t needed() const { return std::max({asn, prefix, max_length}) + 1; }
};

Columns HeaderColumns(std::string_view line) {
  Columns columns;
  const Fields header = Split(line);
  for (std::size_t i = 0; i < std::min(header.count, kMaxFields); ++i) {
    const std::string_view name = header.value[i];
    if (EqualsIgnoreCase(name, "ASN")) columns.asn = i;
    if (EqualsIgnoreCase(name, "IP Prefix")) columns.prefix = i;
    if (EqualsIgnoreCase(name, "Max Length")) columns.max_length = i;
  }
  return columns;
}

std::string_view FirstLine(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // byte order mark
  return text.substr(0, text.find('\n'));
}

}  // namespace

bool LooksLikePayloadCsv(std::string_view content) {
  return HeaderColumns(FirstLine(content)).ok();
}

Status ParseCsvPayloads(std::string_view text, RawPayloads* out) {
  out->format = PayloadFormat::kRoutinatorCsv;
  out->locations_are_lines = true;
  const std::string_view header = FirstLine(text);
  const Columns columns = HeaderColumns(header);
  if (!columns.ok()) {
    return MakeError(ErrorCode::kParse,
                     "not a vrp csv: the first line names no ASN, IP Prefix and Max Length columns",
                     1);
  }
  // A file cut in transfer ends inside a line, and the piece left often still
  // parses: "AS13335,1.1.1.0/24,24,ap" (cut in the trust anchor) is a whole
  // VRP, and so is "AS13335,1.1.1.0/24,2" cut from a max length of 24 had the
  // prefix been a /2. Every writer in use ends each line with a newline, so a
  // last line without one marks the file as cut: it is refused whole, like a
  // JSON document that does not parse to its end. A cut that falls exactly
  // on a line end leaves a shorter but well-formed file; the RTR server's
  // --max-drop guard is what stands against that.
  if (!text.empty() && text.back() != '\n') {
    const std::size_t last = text.rfind('\n');
    const std::uint64_t start = last == std::string_view::npos ? 0 : last + 1;
    std::uint64_t last_line = 1;
    for (char c : text) last_line += c == '\n' ? 1 : 0;
    out->BadAt(last_line,
               fmt::format("line {}: the last line has no newline: the file looks cut", last_line));
    out->unparsed_from = start;
  }
  std::size_t pos = text.find('\n');
  std::uint64_t line_number = 1;
  while (pos != std::string_view::npos && pos < text.size()) {
    ++pos;
    ++line_number;
    const std::size_t end = text.find('\n', pos);
    const std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end;
    if (Trim(line).empty()) continue;
    const Fields fields = Split(line);
    auto bad = [&](std::string_view why) {
      out->BadAt(line_number, fmt::format("line {}: {}", line_number, why));
    };
    if (fields.count < columns.needed()) {
      bad(fmt::format("{} fields, the header has {}", fields.count, columns.needed()));
      continue;
    }
    auto asn = ParseAsn(fields.value[columns.asn]);
    if (!asn) {
      bad(asn.error().message);
      continue;
    }
    auto prefix = ParsePrefixText(fields.value[columns.prefix]);
    if (!prefix) {
      bad(prefix.error().message);
      continue;
    }
    const std::string_view max_text = fields.value[columns.max_length];
    std::int64_t max_length = 0;
    auto [rest, ec] =
        std::from_chars(max_text.data(), max_text.data() + max_text.size(), max_length);
    if (ec != std::errc() || rest != max_text.data() + max_text.size() || max_text.empty()) {
      bad(fmt::format("bad max length {}", QuoteForMessage(max_text)));
      continue;
    }
    auto vrp = MakeCheckedVrp(*prefix, max_length, *asn);
    if (!vrp) {
      bad(vrp.error().message);
      continue;
    }
    out->vrps.push_back(LocatedVrp{*vrp, line_number});
  }
  return {};
}

}  // namespace manrs::rpki_internal
