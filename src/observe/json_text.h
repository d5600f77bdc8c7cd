// Small JSON text helpers shared by the observatory's writers.
#ifndef MANRS_SRC_OBSERVE_JSON_TEXT_H_
#define MANRS_SRC_OBSERVE_JSON_TEXT_H_

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "fmt/format.h"

namespace manrs::observe_internal {

// Appends s as a JSON string (quoted, escaped; bytes >= 0x80 pass through).
inline void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(*out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

// A number as JSON: shortest round-trip form; non-finite values as null.
inline void AppendJsonNumber(std::string* out, double v) {
  if (!std::isfinite(v)) {
    out->append("null");
    return;
  }
  if (v == 0) v = 0;  // no "-0"
  fmt::format_to(std::back_inserter(*out), "{}", v);
}

inline void AppendJsonNumber(std::string* out, std::optional<double> v) {
  if (!v) {
    out->append("null");
    return;
  }
  AppendJsonNumber(out, *v);
}

}  // namespace manrs::observe_internal

#endif  // MANRS_SRC_OBSERVE_JSON_TEXT_H_
