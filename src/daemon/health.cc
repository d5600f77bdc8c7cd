// One line of JSON for /health.
#include "manrs/daemon/health.h"

#include <iterator>

#include "fmt/format.h"

namespace manrs::daemon {

namespace {

// The names and results are ours; the reason may quote input.
std::string Escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  }
  return out;
}

}  // namespace

std::string RenderHealth(const HealthReport& r) {
  std::string out = fmt::format("{{\"status\":\"{}\"", r.status);
  for (const auto& [name, value] : r.counts) {
    fmt::format_to(std::back_inserter(out), ",\"{}\":{}", name, value);
  }
  fmt::format_to(std::back_inserter(out),
                 ",\"last_reload\":\"{}\",\"last_reload_reason\":\"{}\"}}\n", r.last_reload,
                 Escaped(r.last_reload_reason));
  return out;
}

}  // namespace manrs::daemon
