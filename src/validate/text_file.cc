#include "validate/text_file.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>

#include "manrs/base/input.h"

namespace manrs::validate_internal {

Result<std::string> ReadTextFile(const std::string& path, ProblemLog& problems) {
  std::optional<Error> damage;
  auto text = ReadWholeInput(path, &damage);
  if (!text) return Unexpected<Error>(text.error());
  const auto lines_in = [](std::string_view t) {
    return static_cast<std::uint64_t>(std::count(t.begin(), t.end(), '\n'));
  };
  if (!text->empty() && text->back() != '\n') {
    // The last line is cut: keep only the complete ones before it.
    const std::size_t end = text->rfind('\n') == std::string::npos ? 0 : text->rfind('\n') + 1;
    const std::uint64_t line = lines_in(std::string_view(*text).substr(0, end)) + 1;
    std::string what =
        damage ? damage->message : std::string("the file ends inside a line (cut short?)");
    // The message of a damaged stream names the path already.
    if (what.starts_with(path + ": ")) what.erase(0, path.size() + 2);
    problems.ReportAtLine(path, end, line, what + "; line " + std::to_string(line) + " ignored");
    text->resize(end);
  } else if (damage) {
    std::string what = damage->message;
    if (what.starts_with(path + ": ")) what.erase(0, path.size() + 2);
    problems.ReportAtLine(path, text->size(), lines_in(*text) + 1, what);
  }
  return text;
}

}  // namespace manrs::validate_internal
