// RpslReader: splits RPSL text (a database dump or a whois reply) into
// objects (RFC 2622 section 2, RFC 4012, RFC 2725 for the security attributes).
//
// Syntax handled: objects separated by empty lines (a line of blanks only
// is an empty continuation line inside an object, as in IRRd); attribute names case-insensitive and
// followed by ':'; continuation lines starting with a space, a tab or '+'; lines starting with '#'
// or '%' are comments; '#' starts an end-of-line comment inside a value; CRLF line ends. Many
// objects per file.
//
// Bad input is reported to the ProblemLog with the source, the byte offset,
// and "line N: ..." in the message, and reading goes on:
//  - a line that is no attribute (bad name, no ':'): the object is dropped;
//  - a continuation line before any attribute: the line is dropped;
//  - an unknown object class: the object is dropped;
//  - an attribute unknown to RPSL and the RIPE schema: reported, object kept;
//  - a single-valued attribute given twice: reported, the first kept.
#ifndef MANRS_RPSL_OBJECT_READER_H_
#define MANRS_RPSL_OBJECT_READER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "manrs/base/problem.h"
#include "manrs/rpsl/object.h"

namespace manrs {

class RpslReader {
 public:
  // text must outlive the reader; source names it in problem reports.
  RpslReader(std::string_view text, std::string source, ProblemLog* problems)
      : text_(text), source_(std::move(source)), problems_(problems) {}

  // Reads the next well-formed object into *out; false at the end of the text.
  bool Next(RpslObject* out);

  std::uint64_t objects_read() const { return objects_read_; }
  std::uint64_t objects_dropped() const { return objects_dropped_; }

 private:
  void Report(std::uint64_t offset, std::uint32_t line, const std::string& message);

  std::string_view text_;
  std::string source_;
  ProblemLog* problems_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 0;
  std::uint64_t objects_read_ = 0;
  std::uint64_t objects_dropped_ = 0;
};

// True for the object classes of RPSL (RFC 2622, 4012, 2725) and of the RIPE
// and IRRd schemas; name in lower case.
bool IsKnownRpslClass(std::string_view name);
// True for the attribute names of those schemas; name in lower case.
bool IsKnownRpslAttribute(std::string_view name);

}  // namespace manrs

#endif  // MANRS_RPSL_OBJECT_READER_H_
