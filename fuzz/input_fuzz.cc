// Fuzz target for the compressed-input layer: whatever the bytes, opening
// them as an Input and reading to the end must not crash, must return the
// bytes it claims, and must keep the Read protocol (data, at most one error,
// then 0 for ever).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "manrs/base/input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto input = manrs::OpenMemoryInput(manrs::AsBytes(data, size), "<fuzz>");
  std::vector<std::byte> buffer(4096);
  std::uint64_t total = 0;
  bool ended = false;
  // Bounds the work on inputs that decompress to a lot (a few KiB of zstd or
  // xz can stand for gigabytes).
  constexpr std::uint64_t kMaxOutput = std::uint64_t{64} << 20;
  while (total < kMaxOutput) {
    auto got = input->Read(buffer);
    if (!got || *got == 0) {
      ended = true;
      break;
    }
    if (*got > buffer.size()) std::abort();
    total += *got;
  }
  if (ended) {
    auto again = input->Read(buffer);
    if (!again || *again != 0) std::abort();
  }
  if (input->compression() == manrs::Compression::kNone && total > size) std::abort();
  return 0;
}
