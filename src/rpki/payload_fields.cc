// Text fields shared by the payload formats and SLURM: prefixes, max lengths,
// times, SKIs and keys. These run once per entry of files with close to a
// million entries, so the common case (an IPv4 prefix) allocates nothing.
#include <cstdint>
#include <string>
#include <string_view>

#include "fmt/format.h"
#include "manrs/base/encoding.h"
#include "manrs/base/quote.h"
#include "rpki/payload_formats.h"

namespace manrs::rpki_internal {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Dotted quad, as strict as inet_pton(3): four decimal octets without leading
// zeros.
bool ParseV4(std::string_view s, std::uint32_t* out) {
  std::uint32_t address = 0;
  std::size_t i = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
    const std::size_t start = i;
    std::uint32_t value = 0;
    while (i < s.size() && i - start < 3 && IsDigit(s[i])) {
      value = value * 10 + static_cast<std::uint32_t>(s[i] - '0');
      ++i;
    }
    const std::size_t digits = i - start;
    if (digits == 0 || value > 255 || (digits > 1 && s[start] == '0')) return false;
    address = (address << 8) | value;
  }
  if (i != s.size()) return false;
  *out = address;
  return true;
}

// 1 to 3 decimal digits, no sign, no leading zero.
bool ParseLength(std::string_view s, int* out) {
  if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0')) return false;
  int value = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

Unexpected<Error> BadPrefix(std::string_view text, std::string_view what) {
  return MakeError(ErrorCode::kBadValue, fmt::format("prefix {} {}", QuoteForMessage(text), what));
}

// Decimal digits into an int; false on overflow past limit or a non-digit.
bool ParseFixed(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
    value = value * 10 + (s[i] - '0');
  }
  *out = value;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

Result<Prefix> ParsePrefixText(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return BadPrefix(text, "has no length");
  const std::string_view address_text = text.substr(0, slash);
  int length = 0;
  if (!ParseLength(text.substr(slash + 1), &length)) return BadPrefix(text, "has a bad length");
  IpAddress address;
  if (address_text.find(':') == std::string_view::npos) {
    std::uint32_t v4 = 0;
    if (!ParseV4(address_text, &v4)) return BadPrefix(text, "has a bad address");
    address = IpAddress::V4(v4);
  } else {
    auto parsed = IpAddress::Parse(address_text);
    if (!parsed) return BadPrefix(text, "has a bad address");
    address = *parsed;
  }
  const int max = MaxPrefixLength(address.afi());
  if (length > max) {
    return BadPrefix(text, fmt::format("has length {}, more than {}", length, max));
  }
  if (address.Masked(length) != address) return BadPrefix(text, "has host bits set");
  return Prefix::Normalized(address, length);
}

Result<Vrp> MakeCheckedVrp(const Prefix& prefix, std::int64_t max_length, Asn asn) {
  if (max_length < prefix.length()) {
    return MakeError(ErrorCode::kBadValue, fmt::format("max length {} below the length of {}",
                                                       max_length, prefix.ToString()));
  }
  if (max_length > MaxPrefixLength(prefix.afi())) {
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("max length {} above {} for {}", max_length,
                                 MaxPrefixLength(prefix.afi()), prefix.ToString()));
  }
  return Vrp{prefix, static_cast<std::uint8_t>(max_length), asn};
}

Result<std::int64_t> ParseRfc3339(std::string_view s) {
  auto bad = [&] {
    return MakeError(ErrorCode::kParse, fmt::format("bad time {}", QuoteForMessage(s)));
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ParseFixed(s, 0, 4, &year) || s.size() < 20 || s[4] != '-' || !ParseFixed(s, 5, 2, &month) ||
      s[7] != '-' || !ParseFixed(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !ParseFixed(s, 11, 2, &hour) || s[13] != ':' || !ParseFixed(s, 14, 2, &minute) ||
      s[16] != ':' || !ParseFixed(s, 17, 2, &second)) {
    return bad();
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return bad();
  }
  std::size_t i = 19;
  if (s[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return bad();
  }
  std::int64_t offset = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh = 0, om = 0;
    if (!ParseFixed(s, i + 1, 2, &oh) || i + 3 >= s.size() || s[i + 3] != ':' ||
        !ParseFixed(s, i + 4, 2, &om) || oh > 23 || om > 59) {
      return bad();
    }
    offset = (s[i] == '+' ? 1 : -1) * (std::int64_t{oh} * 3600 + std::int64_t{om} * 60);
    i += 6;
  } else {
    return bad();
  }
  if (i != s.size()) return bad();
  return DaysFromCivil(year, month, day) * 86400 + std::int64_t{hour} * 3600 +
         std::int64_t{minute} * 60 + second - offset;
}

Result<RouterKey> MakeRouterKey(Asn asn, std::string_view ski_hex, std::string_view spki_base64) {
  std::string ski, spki;
  // RFC 8209 section 3.1.1: the SKI is the 160-bit SHA-1 of the key.
  if (!DecodeHex(ski_hex, &ski) || ski.size() != 20) {
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("ski {} is not 40 hex digits", QuoteForMessage(ski_hex)));
  }
  if (!DecodeBase64(spki_base64, &spki) || spki.empty()) {
    return MakeError(ErrorCode::kBadValue, "public key is not base64");
  }
  return RouterKey{EncodeHexUpper(ski), asn, EncodeBase64(spki)};
}

}  // namespace manrs::rpki_internal
