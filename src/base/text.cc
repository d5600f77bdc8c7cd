#include "manrs/base/text.h"

namespace manrs {

std::size_t SplitInto(std::string_view text, char separator, std::span<std::string_view> fields) {
  std::size_t count = 0;
  while (true) {
    const std::size_t end = text.find(separator);
    if (count < fields.size()) fields[count] = text.substr(0, end);
    ++count;
    if (end == std::string_view::npos) return count;
    text.remove_prefix(end + 1);
  }
}

std::vector<std::string> SplitList(std::string_view text, char separator) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t end = text.find(separator);
    const std::string_view field = Trim(text.substr(0, end));
    if (!field.empty()) out.emplace_back(field);
    if (end == std::string_view::npos) return out;
    text.remove_prefix(end + 1);
  }
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    if (&line != &lines.front()) out.push_back('\n');
    out += line;
  }
  return out;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    out.emplace_back(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return out;
}

}  // namespace manrs
