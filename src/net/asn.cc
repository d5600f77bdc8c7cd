#include "manrs/net/asn.h"

#include <charconv>

#include "manrs/base/quote.h"

namespace manrs {

namespace {

bool ParseU32(std::string_view text, std::uint64_t limit, std::uint32_t* out) {
  if (text.empty() || text.size() > 10) return false;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > limit) return false;
  *out = static_cast<std::uint32_t>(value);
  return true;
}

}  // namespace

Result<Asn> ParseAsn(std::string_view text) {
  std::string_view digits = text;
  if (digits.size() >= 2 && (digits[0] == 'A' || digits[0] == 'a') &&
      (digits[1] == 'S' || digits[1] == 's')) {
    digits.remove_prefix(2);
  }
  std::uint32_t value = 0;
  if (auto dot = digits.find('.'); dot != std::string_view::npos) {
    std::uint32_t high = 0, low = 0;
    if (ParseU32(digits.substr(0, dot), 0xffff, &high) &&
        ParseU32(digits.substr(dot + 1), 0xffff, &low)) {
      return (high << 16) | low;
    }
  } else if (ParseU32(digits, 0xffffffffULL, &value)) {
    return value;
  }
  return MakeError(ErrorCode::kParse, "bad as number " + QuoteForMessage(text));
}

std::string FormatAsplain(Asn asn) { return std::to_string(asn); }

std::string FormatAsdot(Asn asn) {
  if (asn < 65536) return std::to_string(asn);
  return std::to_string(asn >> 16) + "." + std::to_string(asn & 0xffff);
}

}  // namespace manrs
