// ByteCursor: a bounds-checked reader over a span of bytes, big-endian as on
// the wire. Every read either succeeds or leaves the cursor in a failed state
// that the caller checks once at the end of a structure (like a stream's
// failbit), so decoders stay short without ever reading past the end.
//
// Sub(n) carves out the next n bytes as a cursor of their own: an inner parser
// given a sub-cursor for a length-prefixed part cannot overrun that part.
#ifndef MANRS_BASE_CURSOR_H_
#define MANRS_BASE_CURSOR_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace manrs {

using Bytes = std::span<const std::byte>;

inline Bytes AsBytes(const void* data, std::size_t size) {
  return Bytes(static_cast<const std::byte*>(data), size);
}

class ByteCursor {
 public:
  ByteCursor() = default;
  explicit ByteCursor(Bytes data, std::uint64_t base_offset = 0)
      : data_(data), base_offset_(base_offset) {}

  std::size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return remaining() == 0; }
  bool ok() const { return ok_; }
  // Position relative to the start of this cursor's span.
  std::size_t position() const { return pos_; }
  // Position in the outermost buffer this cursor was carved from.
  std::uint64_t offset() const { return base_offset_ + pos_; }
  Bytes rest() const { return data_.subspan(pos_); }

  bool Has(std::size_t n) {
    if (remaining() < n) ok_ = false;
    return ok_;
  }

  std::uint8_t U8() {
    if (!Has(1)) return 0;
    return static_cast<std::uint8_t>(data_[pos_++]);
  }
  std::uint16_t U16() {
    if (!Has(2)) return 0;
    const auto* p = reinterpret_cast<const std::uint8_t*>(data_.data() + pos_);
    pos_ += 2;
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
  }
  std::uint32_t U32() {
    if (!Has(4)) return 0;
    const auto* p = reinterpret_cast<const std::uint8_t*>(data_.data() + pos_);
    pos_ += 4;
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
  }
  std::uint64_t U64() {
    std::uint64_t hi = U32();
    return (hi << 32) | U32();
  }
  // Copies n bytes out; on failure the destination is zero-filled.
  void Copy(void* out, std::size_t n) {
    if (!Has(n)) {
      std::memset(out, 0, n);
      return;
    }
    std::memcpy(out, data_.data() + pos_, n);
    pos_ += n;
  }
  Bytes Take(std::size_t n) {
    if (!Has(n)) return {};
    Bytes out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  void Skip(std::size_t n) {
    if (Has(n)) pos_ += n;
  }
  // The next n bytes as a cursor of their own; this cursor moves past them.
  ByteCursor Sub(std::size_t n) {
    std::uint64_t at = offset();
    if (!Has(n)) return ByteCursor(Bytes{}, at);
    ByteCursor sub(data_.subspan(pos_, n), at);
    pos_ += n;
    return sub;
  }

 private:
  Bytes data_;
  std::size_t pos_ = 0;
  std::uint64_t base_offset_ = 0;
  bool ok_ = true;
};

}  // namespace manrs

#endif  // MANRS_BASE_CURSOR_H_
