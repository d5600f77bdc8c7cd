// IpAddress: an IPv4 or IPv6 address held left-aligned in 128 bits (an IPv4
// address occupies the top 32), so prefix arithmetic is the same for both
// families: bit i counts from the most significant bit of the address.
#ifndef MANRS_NET_IP_ADDRESS_H_
#define MANRS_NET_IP_ADDRESS_H_

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "manrs/base/result.h"

namespace manrs {

enum class Afi : std::uint8_t { kIpv4 = 1, kIpv6 = 2 };

inline constexpr int MaxPrefixLength(Afi afi) { return afi == Afi::kIpv4 ? 32 : 128; }

class IpAddress {
 public:
  constexpr IpAddress() = default;

  static constexpr IpAddress V4(std::uint32_t host_order) {
    return IpAddress(Afi::kIpv4, std::uint64_t{host_order} << 32, 0);
  }
  static constexpr IpAddress V6(std::uint64_t hi, std::uint64_t lo) {
    return IpAddress(Afi::kIpv6, hi, lo);
  }
  // From network-order bytes: 4 for IPv4, 16 for IPv6.
  static IpAddress FromBytes(Afi afi, const std::uint8_t* bytes);
  // Parses dotted-quad IPv4 or RFC 4291 text IPv6.
  static Result<IpAddress> Parse(std::string_view text);

  constexpr Afi afi() const { return afi_; }
  constexpr bool is_v4() const { return afi_ == Afi::kIpv4; }
  constexpr bool is_v6() const { return afi_ == Afi::kIpv6; }
  constexpr std::uint32_t v4() const { return static_cast<std::uint32_t>(hi_ >> 32); }
  constexpr std::uint64_t hi() const { return hi_; }
  constexpr std::uint64_t lo() const { return lo_; }
  std::array<std::uint8_t, 16> bytes() const;

  // Bit i (0 = most significant) of the address.
  constexpr bool bit(int i) const {
    return i < 64 ? ((hi_ >> (63 - i)) & 1) != 0 : ((lo_ >> (127 - i)) & 1) != 0;
  }
  // This address with every bit from position len on cleared.
  constexpr IpAddress Masked(int len) const {
    std::uint64_t hi = len <= 0 ? 0 : len >= 64 ? hi_ : hi_ & (~std::uint64_t{0} << (64 - len));
    std::uint64_t lo = len <= 64 ? 0 : len >= 128 ? lo_ : lo_ & (~std::uint64_t{0} << (128 - len));
    return IpAddress(afi_, hi, lo);
  }
  constexpr bool is_zero() const { return hi_ == 0 && lo_ == 0; }

  // Text form: dotted quad, or IPv6 in the form inet_ntop(3) prints.
  std::string ToString() const;
  // Appends the text form to out; returns the number of characters written.
  std::size_t FormatTo(char* out) const;  // out must hold 46 bytes

  friend constexpr auto operator<=>(const IpAddress&, const IpAddress&) = default;
  friend constexpr bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  constexpr IpAddress(Afi afi, std::uint64_t hi, std::uint64_t lo) : afi_(afi), hi_(hi), lo_(lo) {}

  // Declaration order is comparison order: IPv4 sorts before IPv6.
  Afi afi_ = Afi::kIpv4;
  std::uint64_t hi_ = 0;
  std::uint64_t lo_ = 0;
};

}  // namespace manrs

#endif  // MANRS_NET_IP_ADDRESS_H_
