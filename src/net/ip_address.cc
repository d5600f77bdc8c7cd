#include "manrs/net/ip_address.h"

#include <arpa/inet.h>

#include <cstring>

#include "manrs/base/quote.h"

namespace manrs {

IpAddress IpAddress::FromBytes(Afi afi, const std::uint8_t* b) {
  if (afi == Afi::kIpv4) {
    return V4((std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
              (std::uint32_t{b[2]} << 8) | b[3]);
  }
  std::uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) hi = (hi << 8) | b[i];
  for (int i = 8; i < 16; ++i) lo = (lo << 8) | b[i];
  return V6(hi, lo);
}

std::array<std::uint8_t, 16> IpAddress::bytes() const {
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(hi_ >> (56 - 8 * i));
  for (std::size_t i = 0; i < 8; ++i) out[8 + i] = static_cast<std::uint8_t>(lo_ >> (56 - 8 * i));
  return out;
}

Result<IpAddress> IpAddress::Parse(std::string_view text) {
  char buf[INET6_ADDRSTRLEN + 1];
  // An embedded NUL would end the C string early and let trailing junk pass.
  if (text.empty() || text.size() >= sizeof(buf) || text.find('\0') != std::string_view::npos) {
    return MakeError(ErrorCode::kParse, "bad ip address " + QuoteForMessage(text));
  }
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  std::uint8_t raw[16];
  if (text.find(':') == std::string_view::npos) {
    if (inet_pton(AF_INET, buf, raw) == 1) return FromBytes(Afi::kIpv4, raw);
  } else if (inet_pton(AF_INET6, buf, raw) == 1) {
    return FromBytes(Afi::kIpv6, raw);
  }
  return MakeError(ErrorCode::kParse, "bad ip address " + QuoteForMessage(text));
}

namespace {

std::size_t FormatDecimal(char* out, unsigned v) {
  if (v >= 100) {
    out[0] = static_cast<char>('0' + v / 100);
    out[1] = static_cast<char>('0' + v / 10 % 10);
    out[2] = static_cast<char>('0' + v % 10);
    return 3;
  }
  if (v >= 10) {
    out[0] = static_cast<char>('0' + v / 10);
    out[1] = static_cast<char>('0' + v % 10);
    return 2;
  }
  out[0] = static_cast<char>('0' + v);
  return 1;
}

}  // namespace

std::size_t IpAddress::FormatTo(char* out) const {
  if (is_v4()) {
    std::uint32_t a = v4();
    std::size_t n = 0;
    for (int shift = 24; shift >= 0; shift -= 8) {
      n += FormatDecimal(out + n, (a >> shift) & 0xff);
      if (shift) out[n++] = '.';
    }
    return n;
  }
  // IPv6 text follows inet_ntop(3) exactly (zero-run choice, embedded IPv4),
  // because bgpdump-compatible output must match it byte for byte.
  auto raw = bytes();
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, raw.data(), buf, sizeof(buf));
  std::size_t n = std::strlen(buf);
  std::memcpy(out, buf, n);
  return n;
}

std::string IpAddress::ToString() const {
  char buf[64];
  return std::string(buf, FormatTo(buf));
}

}  // namespace manrs
