// Small JSON text helpers shared by the observatory's writers.
#ifndef MANRS_SRC_OBSERVE_JSON_TEXT_H_
#define MANRS_SRC_OBSERVE_JSON_TEXT_H_

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "fmt/format.h"
#include "manrs/base/json_string.h"

namespace manrs::observe_internal {

// One RFC 8259 string writer for the whole tree (base/json_string.h).
using ::manrs::AppendJsonString;

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
