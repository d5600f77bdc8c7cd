// Request bodies of the JSON API: one flat object whose members are strings,
// integers, arrays of strings, or objects of strings (doc/web.md lists the
// calls). Parsed with simdjson; anything else is refused with the reason and
// byte offset where simdjson gives one. Fuzzed (fuzz/web_json_body_fuzz.cc).
#ifndef MANRS_WEB_JSON_BODY_H_
#define MANRS_WEB_JSON_BODY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"

namespace manrs::web {

struct JsonBody {
  std::map<std::string, std::string> strings;
  std::map<std::string, std::int64_t> integers;
  std::map<std::string, std::vector<std::string>> lists;
  std::map<std::string, std::map<std::string, std::string>> objects;

  // The string member name, or nullopt.
  std::optional<std::string> String(const std::string& name) const;
};

// Limits: 64 members, 64 array or object entries, 4 KiB per string.
Result<JsonBody> ParseJsonBody(std::string_view text);

}  // namespace manrs::web

#endif  // MANRS_WEB_JSON_BODY_H_
