// RPSL range operators (RFC 2622 section 2, "address prefix range"): a prefix
// followed by ^- (exclusive more specifics), ^+ (inclusive more specifics),
// ^n (the more specifics of length n) or ^n-m (lengths n to m). A
// PrefixRange holds the prefix and the range of lengths it stands for.
#ifndef MANRS_RPSL_RANGE_OPERATOR_H_
#define MANRS_RPSL_RANGE_OPERATOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "manrs/base/result.h"
#include "manrs/net/prefix.h"

namespace manrs {

// A range operator as written, before it meets a prefix.
struct RangeOperator {
  enum class Kind : std::uint8_t { kNone, kExclusive, kInclusive, kLength, kLengths };
  Kind kind = Kind::kNone;
  std::uint8_t n = 0;  // kLength, kLengths
  std::uint8_t m = 0;  // kLengths

  friend bool operator==(const RangeOperator&, const RangeOperator&) = default;
};

// Parses the operator text ("", "^-", "^+", "^24", "^24-32").
Result<RangeOperator> ParseRangeOperator(std::string_view text);

// A prefix and the lengths it admits: min_length..max_length, both at least
// the prefix length and at most the family maximum.
struct PrefixRange {
  Prefix prefix;
  std::uint8_t min_length = 0;
  std::uint8_t max_length = 0;

  // The exact prefix.
  static PrefixRange Exact(const Prefix& p) {
    return PrefixRange{p, static_cast<std::uint8_t>(p.length()),
                       static_cast<std::uint8_t>(p.length())};
  }
  bool exact() const { return min_length == prefix.length() && max_length == prefix.length(); }
  // "192.0.2.0/24", "192.0.2.0/24^+", "192.0.2.0/24^-", "192.0.2.0/24^26",
  // "192.0.2.0/24^25-28": the shortest operator that says the range.
  std::string ToString() const;

  friend auto operator<=>(const PrefixRange&, const PrefixRange&) = default;
  friend bool operator==(const PrefixRange&, const PrefixRange&) = default;
};

// Applies op to range (RFC 2622 section 5.3: an operator applied to a set
// applies to each member; an operator applied to a member that already has
// one narrows it: the lower bound is the larger of the two, the upper bound
// the new one). Returns nullopt when no length is left.
std::optional<PrefixRange> ApplyRangeOperator(const PrefixRange& range, RangeOperator op);

// Parses a prefix as registries write it: strictly, except that IPv4 octets
// may carry leading zeros ("192.0.02.0/24", which IRRd also accepts).
Result<Prefix> ParseRpslPrefix(std::string_view text);

// Parses "192.0.2.0/24", "192.0.2.0/24^+", "2001:db8::/32^48-64". Host bits
// beyond the length are an error, as are operator lengths out of range.
Result<PrefixRange> ParsePrefixRange(std::string_view text);

}  // namespace manrs

#endif  // MANRS_RPSL_RANGE_OPERATOR_H_
