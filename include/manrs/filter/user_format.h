// User format strings (bgpq4 -F): each prefix-filter line is written through
// the format. Sequences: %n network, %l prefix length, %a and %A the lowest
// and highest accepted length, %N the filter name, %m the netmask, %i the
// inverse (wildcard) mask, %% a percent sign; escapes \n, \t and \\. As in
// bgpq4 no newline is added between lines; one is added after the last line
// when the format does not end in \n.
#ifndef MANRS_FILTER_USER_FORMAT_H_
#define MANRS_FILTER_USER_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/rpsl/prefix_range.h"

namespace manrs {

struct FormatPiece {
  enum class Kind : std::uint8_t {
    kLiteral,
    kNetwork,
    kLength,
    kLow,
    kHigh,
    kName,
    kMask,
    kInverseMask
  };
  Kind kind = Kind::kLiteral;
  std::string literal;  // kLiteral only
};

struct UserFormat {
  std::vector<FormatPiece> pieces;
  bool ends_with_newline = false;
};

// Parses a format; an unknown %x or \x sequence, or a lone % or \ at the end,
// is an error naming its offset (bgpq4 would print it as is; a typo in a
// router filter is better caught).
Result<UserFormat> ParseUserFormat(std::string_view format);

// Appends one line through the format.
void FormatLine(const UserFormat& format, const PrefixRange& line, std::string_view name,
                std::string* out);

}  // namespace manrs

#endif  // MANRS_FILTER_USER_FORMAT_H_
