// Input quoted in messages: never echoed whole, never raw.
#ifndef MANRS_BASE_QUOTE_H_
#define MANRS_BASE_QUOTE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace manrs {

// The longest piece of input a message quotes, in bytes of the input.
inline constexpr std::size_t kQuoteLimit = 64;

// text in single quotes for an error message: bytes outside printable ASCII
// (and the backslash and quote) escaped as \xHH, \n, \t, \r, \\ or \', and cut
// after max_bytes of input with "..." behind the closing quote.
// E.g. QuoteForMessage("ab\n") == "'ab\\n'".
std::string QuoteForMessage(std::string_view text, std::size_t max_bytes = kQuoteLimit);

// The same without the quotes (for text that brings its own, such as a JSON
// token): EscapeForMessage("\"AS1\"") == "\"AS1\"".
std::string EscapeForMessage(std::string_view text, std::size_t max_bytes = kQuoteLimit);

}  // namespace manrs

#endif  // MANRS_BASE_QUOTE_H_
