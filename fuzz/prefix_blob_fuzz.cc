// Fuzz target for the SQLite store's binary prefix sets (DecodePrefixBlob).
// Whatever the bytes, it must not crash; an error names an offset inside the
// input; what it accepts encodes back to the same bytes.
//
// The first byte is the prefix count; the rest is the blob.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>

#include "manrs/observe/prefix_blob.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t count = data[0];
  std::span<const std::byte> blob(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  auto r = manrs::DecodePrefixBlob(blob, count);
  if (!r) {
    if (r.error().offset > blob.size()) std::abort();
    if (r.error().message.rfind("offset ", 0) != 0) std::abort();
    return 0;
  }
  if (r->size() != count) std::abort();
  std::string again;
  manrs::AppendPrefixBlob(*r, &again);
  // LEB128 has redundant forms (0x80 0x00 is 0); only minimal ones round-trip.
  if (again.size() > blob.size()) std::abort();
  if (again.size() == blob.size() && std::memcmp(again.data(), blob.data(), again.size()) != 0) {
    std::abort();
  }
  return 0;
}
