// Integers appended in network byte order (big-endian) to a byte string:
// what the RTR PDUs and the IRR snapshot write. Cursor (cursor.h) reads
// them back.
#ifndef MANRS_BASE_BIG_ENDIAN_H_
#define MANRS_BASE_BIG_ENDIAN_H_

#include <cstdint>
#include <string>

namespace manrs {

inline void AppendU8(std::uint8_t v, std::string* out) { out->push_back(static_cast<char>(v)); }
inline void AppendU16(std::uint16_t v, std::string* out) {
  const char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(b, 2);
}
inline void AppendU32(std::uint32_t v, std::string* out) {
  const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(b, 4);
}
inline void AppendU64(std::uint64_t v, std::string* out) {
  AppendU32(static_cast<std::uint32_t>(v >> 32), out);
  AppendU32(static_cast<std::uint32_t>(v), out);
}

}  // namespace manrs

#endif  // MANRS_BASE_BIG_ENDIAN_H_
