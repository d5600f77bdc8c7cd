#include "manrs/rpsl/range_operator.h"

#include <charconv>

#include "fmt/format.h"
#include "manrs/base/quote.h"

namespace manrs {

namespace {

bool ParseLength(std::string_view text, std::uint8_t* out) {
  unsigned v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty() || v > 128) return false;
  *out = static_cast<std::uint8_t>(v);
  return true;
}

}  // namespace

Result<RangeOperator> ParseRangeOperator(std::string_view text) {
  RangeOperator op;
  if (text.empty()) return op;
  if (text.size() < 2 || text[0] != '^') {
    return MakeError(ErrorCode::kParse,
                     fmt::format("bad range operator {}", QuoteForMessage(text)));
  }
  std::string_view rest = text.substr(1);
  if (rest == "-") {
    op.kind = RangeOperator::Kind::kExclusive;
  } else if (rest == "+") {
    op.kind = RangeOperator::Kind::kInclusive;
  } else if (auto dash = rest.find('-'); dash != std::string_view::npos) {
    op.kind = RangeOperator::Kind::kLengths;
    if (!ParseLength(rest.substr(0, dash), &op.n) || !ParseLength(rest.substr(dash + 1), &op.m) ||
        op.m < op.n) {
      return MakeError(ErrorCode::kParse,
                       fmt::format("bad range operator {}", QuoteForMessage(text)));
    }
  } else {
    op.kind = RangeOperator::Kind::kLength;
    if (!ParseLength(rest, &op.n)) {
      return MakeError(ErrorCode::kParse,
                       fmt::format("bad range operator {}", QuoteForMessage(text)));
    }
    op.m = op.n;
  }
  return op;
}

std::optional<PrefixRange> ApplyRangeOperator(const PrefixRange& range, RangeOperator op) {
  const int len = range.prefix.length();
  const int max = MaxPrefixLength(range.prefix.afi());
  int lo = len;
  int hi = len;
  switch (op.kind) {
    case RangeOperator::Kind::kNone:
      return range;
    case RangeOperator::Kind::kExclusive:
      lo = len + 1;
      hi = max;
      break;
    case RangeOperator::Kind::kInclusive:
      lo = len;
      hi = max;
      break;
    case RangeOperator::Kind::kLength:
    case RangeOperator::Kind::kLengths:
      lo = op.n;
      hi = op.m;
      break;
  }
  lo = std::max(lo, static_cast<int>(range.min_length));
  hi = std::min(hi, max);
  if (lo < len || lo > hi) return std::nullopt;
  return PrefixRange{range.prefix, static_cast<std::uint8_t>(lo), static_cast<std::uint8_t>(hi)};
}

Result<Prefix> ParseRpslPrefix(std::string_view text) {
  auto prefix = Prefix::Parse(text);
  if (prefix || text.find(':') != std::string_view::npos) return prefix;
  std::string cleaned;
  bool at_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    const bool zero_lead =
        at_start && c == '0' && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9';
    if (zero_lead) continue;
    cleaned.push_back(c);
    at_start = c == '.' || c == '/';
  }
  return Prefix::Parse(cleaned);
}

Result<PrefixRange> ParseRpslPrefixRange(std::string_view text) {
  std::string_view op_text;
  if (auto caret = text.find('^'); caret != std::string_view::npos) {
    op_text = text.substr(caret);
    text = text.substr(0, caret);
  }
  auto prefix = ParseRpslPrefix(text);
  if (!prefix)
    return MakeError(ErrorCode::kParse, fmt::format("bad prefix {}", QuoteForMessage(text)));
  auto op = ParseRangeOperator(op_text);
  if (!op) return Unexpected<Error>(op.error());
  auto range = ApplyRangeOperator(PrefixRange::Exact(*prefix), *op);
  const int max = MaxPrefixLength(prefix->afi());
  if (!range || (op->kind >= RangeOperator::Kind::kLength && op->m > max)) {
    return MakeError(ErrorCode::kParse,
                     fmt::format("range operator '{}' out of range for {}", op_text, text));
  }
  return *range;
}

}  // namespace manrs
