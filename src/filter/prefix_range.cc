#include "manrs/filter/prefix_range.h"

#include <charconv>

namespace manrs {
namespace {

Result<int> ParseLength(std::string_view text, std::string_view whole) {
  int value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return MakeError(ErrorCode::kParse,
                     "range operator of '" + std::string(whole) + "' is not ^-, ^+, ^n or ^n-m");
  }
  return value;
}

}  // namespace

std::uint64_t PrefixRange::Count() const {
  std::uint64_t total = 0;
  for (int len = min_length; len <= max_length; ++len) {
    int bits = len - prefix.length();
    if (bits >= 63) return std::uint64_t{1} << 63;
    total += std::uint64_t{1} << bits;
    if (total >= (std::uint64_t{1} << 63)) return std::uint64_t{1} << 63;
  }
  return total;
}

std::string PrefixRange::ToString() const {
  std::string out = prefix.ToString();
  const int len = prefix.length();
  const int max = MaxPrefixLength(prefix.afi());
  if (exact()) return out;
  if (max_length == max && min_length == len) return out + "^+";
  if (max_length == max && min_length == len + 1) return out + "^-";
  out += '^';
  out += std::to_string(min_length);
  if (max_length != min_length) {
    out += '-';
    out += std::to_string(max_length);
  }
  return out;
}

Result<PrefixRange> ParsePrefixRange(std::string_view text) {
  auto caret = text.find('^');
  auto prefix = Prefix::Parse(text.substr(0, caret));
  if (!prefix) return Unexpected<Error>(prefix.error());
  if (caret == std::string_view::npos) return PrefixRange::Exact(*prefix);
  const int len = prefix->length();
  const int max = MaxPrefixLength(prefix->afi());
  std::string_view op = text.substr(caret + 1);
  int lo = 0;
  int hi = 0;
  if (op == "-") {
    lo = len + 1;
    hi = max;
  } else if (op == "+") {
    lo = len;
    hi = max;
  } else {
    auto dash = op.find('-');
    auto first = ParseLength(op.substr(0, dash), text);
    if (!first) return Unexpected<Error>(first.error());
    lo = hi = *first;
    if (dash != std::string_view::npos) {
      auto second = ParseLength(op.substr(dash + 1), text);
      if (!second) return Unexpected<Error>(second.error());
      hi = *second;
    }
  }
  if (lo < len || hi < lo || hi > max) {
    return MakeError(ErrorCode::kBadValue,
                     "range operator of '" + std::string(text) + "' selects no length between /" +
                         std::to_string(len) + " and /" + std::to_string(max));
  }
  return PrefixRange::Make(*prefix, lo, hi);
}

}  // namespace manrs
