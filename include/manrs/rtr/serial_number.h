// SerialNumber: the RTR cache serial, a 32-bit number compared with the
// serial number arithmetic of RFC 1982 (RFC 8210 section 5.1): it wraps
// from 2^32 - 1 to 0, and a < b when b is "ahead" of a by less than 2^31.
// Two serials exactly 2^31 apart are neither less nor greater (undefined
// in RFC 1982), so operator< is not a total order and the type has no <=>.
#ifndef MANRS_RTR_SERIAL_NUMBER_H_
#define MANRS_RTR_SERIAL_NUMBER_H_

#include <cstdint>

namespace manrs::rtr {

class SerialNumber {
 public:
  constexpr SerialNumber() = default;
  constexpr explicit SerialNumber(std::uint32_t value) : value_(value) {}

  constexpr std::uint32_t value() const { return value_; }

  // RFC 1982 section 3.1 with SERIAL_BITS 32: adds 1, wrapping.
  constexpr SerialNumber Next() const { return SerialNumber(value_ + 1); }

  // RFC 1982 section 3.2.
  friend constexpr bool operator<(SerialNumber a, SerialNumber b) {
    constexpr std::uint32_t kHalf = 1u << 31;
    return (a.value_ < b.value_ && b.value_ - a.value_ < kHalf) ||
           (a.value_ > b.value_ && a.value_ - b.value_ > kHalf);
  }
  friend constexpr bool operator>(SerialNumber a, SerialNumber b) { return b < a; }
  friend constexpr bool operator==(SerialNumber a, SerialNumber b) = default;

 private:
  std::uint32_t value_ = 0;
};

}  // namespace manrs::rtr

#endif  // MANRS_RTR_SERIAL_NUMBER_H_
