// Fuzz target for the JSON API's request bodies (web/json_body.h): whatever
// the bytes, nothing crashes, and an accepted body keeps the limits (64
// members, 64 entries per list or object, 4 KiB per string).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "manrs/web/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto body =
      manrs::web::ParseJsonBody(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!body) return 0;
  const std::size_t members =
      body->strings.size() + body->integers.size() + body->lists.size() + body->objects.size();
  if (members > 64) std::abort();
  for (const auto& [name, value] : body->strings) {
    if (value.size() > 4096) std::abort();
  }
  for (const auto& [name, list] : body->lists) {
    if (list.size() > 64) std::abort();
  }
  for (const auto& [name, object] : body->objects) {
    if (object.size() > 64) std::abort();
  }
  return 0;
}
