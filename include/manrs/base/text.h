// Small text helpers every reader and writer of line-oriented text uses:
// trimming, splitting at a separator, and appending decimal numbers without a
// format string or a temporary string (the output hot paths print tens of
// millions of lines). ASCII only; bytes >= 0x80 are never blanks.
#ifndef MANRS_BASE_TEXT_H_
#define MANRS_BASE_TEXT_H_

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace manrs {

// Space, tab, carriage return and line feed: the blanks of RFC 8259 JSON and
// of the line-oriented formats read here.
constexpr bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// s without leading and trailing blanks.
inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// Splits text at every separator into fields, kept as they are (untrimmed,
// empty ones included): "a||b" has three fields, "" has one. Stores the first
// fields.size() of them and returns how many there are, which may be more
// than it stored. Allocates nothing.
std::size_t SplitInto(std::string_view text, char separator, std::span<std::string_view> fields);

// The items of a list such as "RIPE, RADB,,ARIN": trimmed, empty ones left
// out ({"RIPE", "RADB", "ARIN"}).
std::vector<std::string> SplitList(std::string_view text, char separator);

// Lines joined by '\n' (a store's list of input files) and split again,
// each as it is: SplitLines(JoinLines(v)) == v unless an item holds a '\n'
// or the last one is empty; "" has no lines.
std::string JoinLines(const std::vector<std::string>& lines);
std::vector<std::string> SplitLines(std::string_view text);

// Appends v in decimal.
inline void AppendUint(std::string* out, std::uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}
inline void AppendInt(std::string* out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}

}  // namespace manrs

#endif  // MANRS_BASE_TEXT_H_
