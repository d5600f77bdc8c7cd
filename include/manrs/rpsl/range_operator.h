// RPSL range operators (RFC 2622 section 2, "address prefix range"): a prefix
// followed by ^- (exclusive more specifics), ^+ (inclusive more specifics),
// ^n (the more specifics of length n) or ^n-m (lengths n to m), as operators
// of their own: set members carry them ("AS-FOO^24", "RS-BAR^+") and they
// apply to whatever the member stands for. The range a prefix and operator
// make is a PrefixRange (prefix_range.h).
#ifndef MANRS_RPSL_RANGE_OPERATOR_H_
#define MANRS_RPSL_RANGE_OPERATOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "manrs/base/result.h"
#include "manrs/net/prefix.h"
#include "manrs/rpsl/prefix_range.h"

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

// Applies op to range (RFC 2622 section 5.3: an operator applied to a set
// applies to each member; an operator applied to a member that already has
// one narrows it: the lower bound is the larger of the two, the upper bound
// the new one). Returns nullopt when no length is left.
std::optional<PrefixRange> ApplyRangeOperator(const PrefixRange& range, RangeOperator op);

// Parses a prefix as registries write it: strictly, except that IPv4 octets
// may carry leading zeros ("192.0.02.0/24", which IRRd also accepts).
Result<Prefix> ParseRpslPrefix(std::string_view text);

// ParsePrefixRange (prefix_range.h) as registries need it: the prefix as
// ParseRpslPrefix reads it (leading zeros allowed), then the operator.
Result<PrefixRange> ParseRpslPrefixRange(std::string_view text);

}  // namespace manrs

#endif  // MANRS_RPSL_RANGE_OPERATOR_H_
