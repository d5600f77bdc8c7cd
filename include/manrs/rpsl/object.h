// RpslObject: one RPSL object (RFC 2622 section 2) as read from a database
// dump: its attributes in order, names lower-cased, values with continuation
// lines joined and end-of-line comments removed. The class is the name of the
// first attribute, the key its value (for route and route6 the key is the
// prefix; the origin is a second key attribute, see typed_objects.h).
#ifndef MANRS_RPSL_OBJECT_H_
#define MANRS_RPSL_OBJECT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace manrs {

struct RpslAttribute {
  std::string name;        // lower case ("mnt-by")
  std::string value;       // continuation lines joined by one space; comments removed; trimmed
  std::uint32_t line = 0;  // 1-based line of the attribute's first line in its file
};

struct RpslObject {
  std::vector<RpslAttribute> attributes;  // never empty for an object a reader returns
  std::string text;                       // the object as written (lines up to the blank line)
  std::uint32_t line = 0;                 // 1-based line where the object starts
  std::uint64_t offset = 0;               // byte offset where the object starts

  const std::string& class_name() const { return attributes.front().name; }
  const std::string& key() const { return attributes.front().value; }
  // The value of the first attribute called name (lower case), or nullptr.
  const std::string* Find(std::string_view name) const;
  // The values of every attribute called name, in order.
  std::vector<std::string_view> FindAll(std::string_view name) const;
  // Every value of the attributes called name, split at commas and blanks
  // (list-valued attributes such as members, mnt-by, member-of), in order.
  std::vector<std::string> ListOf(std::string_view name) const;
};

// Splits an RPSL list value ("AS1, AS2 AS-FOO") into its items.
std::vector<std::string> SplitRpslList(std::string_view value);

// Upper-cases ASCII letters (RPSL names compare case-insensitively).
std::string ToUpperAscii(std::string_view text);
std::string ToLowerAscii(std::string_view text);

}  // namespace manrs

#endif  // MANRS_RPSL_OBJECT_H_
