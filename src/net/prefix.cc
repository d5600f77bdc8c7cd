#include "manrs/net/prefix.h"

#include <charconv>

#include "manrs/base/quote.h"

namespace manrs {

Result<Prefix> Prefix::Make(IpAddress address, int length) {
  if (length < 0 || length > MaxPrefixLength(address.afi())) {
    return MakeError(ErrorCode::kBadValue, "prefix length " + std::to_string(length) +
                                               " out of range for " + address.ToString());
  }
  if (address.Masked(length) != address) {
    return MakeError(ErrorCode::kBadValue, "prefix " + address.ToString() + "/" +
                                               std::to_string(length) + " has host bits set");
  }
  return Prefix(address, static_cast<std::uint8_t>(length));
}

Result<Prefix> Prefix::Parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return MakeError(ErrorCode::kParse, "prefix " + QuoteForMessage(text) + " has no length");
  }
  auto address = IpAddress::Parse(text.substr(0, slash));
  if (!address) return Unexpected<Error>(address.error());
  int length = -1;
  auto len_text = text.substr(slash + 1);
  auto [end, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), length);
  if (ec != std::errc() || end != len_text.data() + len_text.size() || len_text.empty()) {
    return MakeError(ErrorCode::kParse, "prefix " + QuoteForMessage(text) + " has a bad length");
  }
  return Make(*address, length);
}

std::size_t Prefix::FormatTo(char* out) const {
  std::size_t n = address_.FormatTo(out);
  out[n++] = '/';
  auto [end, ec] = std::to_chars(out + n, out + n + 4, static_cast<int>(length_));
  return static_cast<std::size_t>(end - out);
}

std::string Prefix::ToString() const {
  char buf[64];
  return std::string(buf, FormatTo(buf));
}

}  // namespace manrs
