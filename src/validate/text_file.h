// Small helpers for the line-oriented text files of this area (bogon lists,
// CAIDA as-rel): reading a possibly compressed file whole, and walking its
// lines with their numbers (trimming and splitting: base/text.h).
#ifndef MANRS_SRC_VALIDATE_TEXT_FILE_H_
#define MANRS_SRC_VALIDATE_TEXT_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "manrs/base/result.h"

namespace manrs::validate_internal {

// The whole decompressed content of path (see OpenInput). Errors name the path.
Result<std::string> ReadTextFile(const std::string& path);

// Calls f(line_number, line) for each line of text, numbered from 1, without
// its '\n'. A final line without '\n' counts; an empty text has no lines.
template <typename F>
void ForEachLine(std::string_view text, F&& f) {
  std::uint64_t number = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    f(++number, line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

}  // namespace manrs::validate_internal

#endif  // MANRS_SRC_VALIDATE_TEXT_FILE_H_
