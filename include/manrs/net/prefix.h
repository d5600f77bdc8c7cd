// Prefix: an address and a length. Make() is strict and rejects host bits
// beyond the length (configuration and registry data must be exact); Normalized()
// clears them, for wire data where senders are known to leave junk there.
#ifndef MANRS_NET_PREFIX_H_
#define MANRS_NET_PREFIX_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "manrs/net/ip_address.h"

namespace manrs {

class Prefix {
 public:
  constexpr Prefix() = default;

  static Result<Prefix> Make(IpAddress address, int length);
  // REQUIRES: 0 <= length <= MaxPrefixLength(address.afi()); wire decoders
  // check the length before they get here.
  static constexpr Prefix Normalized(IpAddress address, int length) {
    return Prefix(address.Masked(length), static_cast<std::uint8_t>(length));
  }
  // Parses "192.0.2.0/24" or "2001:db8::/32" strictly.
  static Result<Prefix> Parse(std::string_view text);

  constexpr const IpAddress& address() const { return address_; }
  constexpr int length() const { return length_; }
  constexpr Afi afi() const { return address_.afi(); }
  constexpr bool is_v4() const { return address_.is_v4(); }

  // True when other lies inside this prefix (equal counts).
  constexpr bool Contains(const Prefix& other) const {
    return other.afi() == afi() && other.length_ >= length_ &&
           other.address_.Masked(length_) == address_;
  }
  constexpr bool Contains(const IpAddress& a) const {
    return a.afi() == afi() && a.Masked(length_) == address_;
  }

  std::string ToString() const;
  std::size_t FormatTo(char* out) const;  // out must hold 50 bytes

  friend constexpr auto operator<=>(const Prefix&, const Prefix&) = default;
  friend constexpr bool operator==(const Prefix&, const Prefix&) = default;

 private:
  constexpr Prefix(IpAddress address, std::uint8_t length) : address_(address), length_(length) {}

  IpAddress address_;
  std::uint8_t length_ = 0;
};

}  // namespace manrs

#endif  // MANRS_NET_PREFIX_H_
