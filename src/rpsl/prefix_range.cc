#include "manrs/rpsl/prefix_range.h"

#include <charconv>

#include "fmt/format.h"

namespace manrs {

namespace {

bool ParseLength(std::string_view text, int* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::uint64_t PrefixRange::Count() const {
  constexpr std::uint64_t kCap = std::uint64_t{1} << 63;
  std::uint64_t total = 0;
  for (int len = min_length; len <= max_length; ++len) {
    const int bits = len - prefix.length();
    if (bits >= 63) return kCap;
    total += std::uint64_t{1} << bits;
    if (total >= kCap) return kCap;
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
  if (min_length == max_length) return fmt::format("{}^{}", out, min_length);
  return fmt::format("{}^{}-{}", out, min_length, max_length);
}

std::string PrefixRange::ToExplicitString() const {
  std::string out = ToString();
  if (min_length == max_length && !exact()) out += fmt::format("-{}", max_length);
  return out;
}

Result<PrefixRange> ParsePrefixRange(std::string_view text) {
  const auto caret = text.find('^');
  auto prefix = Prefix::Parse(text.substr(0, caret));
  if (!prefix) return Unexpected<Error>(prefix.error());
  if (caret == std::string_view::npos) return PrefixRange::Exact(*prefix);
  const int len = prefix->length();
  const int max = MaxPrefixLength(prefix->afi());
  const std::string_view op = text.substr(caret + 1);
  int lo = 0;
  int hi = 0;
  if (op == "-") {
    lo = len + 1;
    hi = max;
  } else if (op == "+") {
    lo = len;
    hi = max;
  } else {
    const auto dash = op.find('-');
    if (!ParseLength(op.substr(0, dash), &lo) ||
        (dash != std::string_view::npos && !ParseLength(op.substr(dash + 1), &hi))) {
      return MakeError(ErrorCode::kParse,
                       fmt::format("range operator of '{}' is not ^-, ^+, ^n or ^n-m", text));
    }
    if (dash == std::string_view::npos) hi = lo;
  }
  if (lo < len || hi < lo || hi > max) {
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("range operator of '{}' selects no length between /{} and /{}",
                                 text, len, max));
  }
  return PrefixRange::Make(*prefix, lo, hi);
}

}  // namespace manrs
