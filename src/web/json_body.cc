#include "manrs/web/json_body.h"

#include "fmt/format.h"
#include "simdjson.h"

namespace manrs::web {
namespace {

constexpr std::size_t kMaxMembers = 64;
constexpr std::size_t kMaxString = 4096;

Status CheckString(std::string_view name, std::string_view s) {
  if (s.size() > kMaxString) {
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("member {}: longer than {} bytes", name, kMaxString));
  }
  return {};
}

}  // namespace

std::optional<std::string> JsonBody::String(const std::string& name) const {
  auto it = strings.find(name);
  if (it == strings.end()) return std::nullopt;
  return it->second;
}

Result<JsonBody> ParseJsonBody(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  if (auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kParse,
                     fmt::format("JSON body: {}", simdjson::error_message(error)));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kBadValue, "JSON body: not an object");
  }
  JsonBody body;
  std::size_t members = 0;
  for (auto [key, value] : object) {
    if (++members > kMaxMembers)
      return MakeError(ErrorCode::kBadValue, "JSON body: too many members");
    const std::string name(key);
    switch (value.type()) {
      case simdjson::dom::element_type::STRING: {
        std::string_view s;
        if (value.get_string().get(s) != simdjson::SUCCESS) {
          return MakeError(ErrorCode::kBadValue, fmt::format("member {}: bad string", name));
        }
        if (auto ok = CheckString(name, s); !ok) return Unexpected<Error>(ok.error());
        body.strings[name] = std::string(s);
        break;
      }
      case simdjson::dom::element_type::INT64:
        if (value.get_int64().get(body.integers[name]) != simdjson::SUCCESS) {
          return MakeError(ErrorCode::kBadValue, fmt::format("member {}: bad number", name));
        }
        break;
      case simdjson::dom::element_type::UINT64:
        return MakeError(ErrorCode::kBadValue, fmt::format("member {}: number out of range", name));
      case simdjson::dom::element_type::ARRAY: {
        std::vector<std::string> list;
        simdjson::dom::array array;
        if (value.get_array().get(array) != simdjson::SUCCESS) {
          return MakeError(ErrorCode::kBadValue, fmt::format("member {}: not a list", name));
        }
        for (simdjson::dom::element item : array) {
          std::string_view s;
          if (item.get_string().get(s) != simdjson::SUCCESS) {
            return MakeError(ErrorCode::kBadValue,
                             fmt::format("member {}: not a list of strings", name));
          }
          if (auto ok = CheckString(name, s); !ok) return Unexpected<Error>(ok.error());
          if (list.size() == kMaxMembers) {
            return MakeError(ErrorCode::kBadValue,
                             fmt::format("member {}: too many entries", name));
          }
          list.emplace_back(s);
        }
        body.lists[name] = std::move(list);
        break;
      }
      case simdjson::dom::element_type::OBJECT: {
        std::map<std::string, std::string> entries;
        simdjson::dom::object inner;
        if (value.get_object().get(inner) != simdjson::SUCCESS) {
          return MakeError(ErrorCode::kBadValue, fmt::format("member {}: not an object", name));
        }
        for (auto [k, v] : inner) {
          std::string_view s;
          if (v.get_string().get(s) != simdjson::SUCCESS) {
            return MakeError(ErrorCode::kBadValue,
                             fmt::format("member {}: not an object of strings", name));
          }
          if (auto ok = CheckString(name, s); !ok) return Unexpected<Error>(ok.error());
          if (entries.size() == kMaxMembers) {
            return MakeError(ErrorCode::kBadValue,
                             fmt::format("member {}: too many entries", name));
          }
          entries[std::string(k)] = std::string(s);
        }
        body.objects[name] = std::move(entries);
        break;
      }
      case simdjson::dom::element_type::NULL_VALUE:
        break;
      default:
        return MakeError(ErrorCode::kBadValue, fmt::format("member {}: unsupported type", name));
    }
  }
  return body;
}

}  // namespace manrs::web
