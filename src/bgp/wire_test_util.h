// Wire: builds BGP wire bytes by hand for the tests of this folder.
#ifndef MANRS_BGP_WIRE_TEST_UTIL_H_
#define MANRS_BGP_WIRE_TEST_UTIL_H_

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "manrs/base/cursor.h"

namespace manrs {

// Builds wire bytes big-endian, as BGP sends them.
class Wire {
 public:
  Wire& U8(std::uint32_t v) {
    bytes_.push_back(static_cast<std::uint8_t>(v));
    return *this;
  }
  Wire& U16(std::uint32_t v) { return U8(v >> 8).U8(v); }
  Wire& U32(std::uint32_t v) { return U16(v >> 16).U16(v); }
  Wire& Raw(std::initializer_list<std::uint8_t> v) {
    bytes_.insert(bytes_.end(), v.begin(), v.end());
    return *this;
  }
  Wire& Append(const Wire& other) {
    bytes_.insert(bytes_.end(), other.bytes_.begin(), other.bytes_.end());
    return *this;
  }
  // A path attribute: flags, type, length (two octets when the Extended
  // Length flag 0x10 is set), value.
  Wire& Attr(std::uint8_t flags, std::uint8_t type, const Wire& value) {
    U8(flags).U8(type);
    if (flags & 0x10) {  // Extended Length
      U16(static_cast<std::uint32_t>(value.size()));
    } else {
      U8(static_cast<std::uint32_t>(value.size()));
    }
    return Append(value);
  }
  std::size_t size() const { return bytes_.size(); }
  // A cursor over the bytes; valid while this Wire lives unchanged.
  ByteCursor Cursor(std::size_t n) const { return ByteCursor(AsBytes(bytes_.data(), n)); }
  ByteCursor Cursor() const { return Cursor(bytes_.size()); }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

// Attribute flags (RFC 4271 4.3): Optional 0x80, Transitive 0x40, Partial
// 0x20, Extended Length 0x10; and the usual combinations.
inline constexpr std::uint8_t kFlagPartial = 0x20;
inline constexpr std::uint8_t kFlagExtendedLength = 0x10;
inline constexpr std::uint8_t kFlagsWellKnown = 0x40;           // transitive
inline constexpr std::uint8_t kFlagsOptionalTransitive = 0xC0;  // optional, transitive
inline constexpr std::uint8_t kFlagsOptional = 0x80;            // optional, non-transitive

}  // namespace manrs

#endif  // MANRS_BGP_WIRE_TEST_UTIL_H_
