// JSON strings (RFC 8259 section 7) from arbitrary bytes: what every JSON
// writer uses for text it did not make itself (set names, file names,
// messages), so that the document stays valid JSON whatever the input holds.
#ifndef MANRS_BASE_JSON_STRING_H_
#define MANRS_BASE_JSON_STRING_H_

#include <string>
#include <string_view>

namespace manrs {

// Appends s as a JSON string, quotes included. '"' and '\' are escaped,
// control characters U+0000 to U+001F become \b, \t, \n, \f, \r or \u00XX
// (none is dropped), and each byte that is not part of well-formed UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF)
// becomes \ufffd, the replacement character. Everything else is copied.
void AppendJsonString(std::string* out, std::string_view s);

// The same, returned.
std::string JsonString(std::string_view s);

}  // namespace manrs

#endif  // MANRS_BASE_JSON_STRING_H_
