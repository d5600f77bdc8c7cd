// Small helpers for the line-oriented text files of this area (bogon lists,
// CAIDA as-rel): reading a possibly compressed file whole, and walking its
// lines with their numbers (trimming and splitting: base/text.h).
#ifndef MANRS_SRC_VALIDATE_TEXT_FILE_H_
#define MANRS_SRC_VALIDATE_TEXT_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"

namespace manrs::validate_internal {

// The complete lines of path, decompressed (see ReadWholeInput). The file is
// read in part when it is cut short: a damaged compressed stream, or text that
// ends inside a line. Either is reported to problems at the byte (and line)
// where the good part ends, and the text returned stops at the last complete
// line, so that a cut line ("174|335" for "174|3356|-1") is never read as
// data. Errors (the file cannot be opened) name the path.
Result<std::string> ReadTextFile(const std::string& path, ProblemLog& problems);

// Calls f(line_number, offset, line) for each line of text, numbered from 1,
// with the byte offset of its start, without its '\n'. A final line without
// '\n' counts; an empty text has no lines.
template <typename F>
void ForEachLine(std::string_view text, F&& f) {
  std::uint64_t number = 0;
  std::uint64_t offset = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    f(++number, offset, line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
    offset += end + 1;
  }
}

}  // namespace manrs::validate_internal

#endif  // MANRS_SRC_VALIDATE_TEXT_FILE_H_
