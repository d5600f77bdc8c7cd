#include "validate/text_file.h"

#include <array>
#include <cstddef>
#include <memory>
#include <span>

#include "manrs/base/input.h"

namespace manrs::validate_internal {

Result<std::string> ReadTextFile(const std::string& path) {
  auto input = OpenInput(path);
  if (!input) return Unexpected<Error>(input.error());
  std::string text;
  std::array<std::byte, 1 << 16> buffer;
  while (true) {
    auto n = (*input)->Read(std::span<std::byte>(buffer));
    if (!n) {
      Error e = n.error();
      e.message = path + ": " + e.message;
      return Unexpected<Error>(std::move(e));
    }
    if (*n == 0) break;
    text.append(reinterpret_cast<const char*>(buffer.data()), *n);
  }
  return text;
}

}  // namespace manrs::validate_internal
