// PrefixRange: a prefix and the lengths accepted under it, what an RPSL
// address prefix range says (RFC 2622 section 2: "192.0.2.0/24^+") and what
// one line of a router prefix filter accepts ("192.0.2.0/24 ge 25 le 26"):
// every prefix inside `prefix` whose length lies in [min_length, max_length].
#ifndef MANRS_RPSL_PREFIX_RANGE_H_
#define MANRS_RPSL_PREFIX_RANGE_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "manrs/base/result.h"
#include "manrs/net/prefix.h"

namespace manrs {

// Invariant: prefix.length() <= min_length <= max_length <= MaxPrefixLength.
struct PrefixRange {
  Prefix prefix;
  std::uint8_t min_length = 0;
  std::uint8_t max_length = 0;

  // The prefix alone (RPSL without operator, "permit P" in a filter).
  static PrefixRange Exact(const Prefix& p) {
    auto len = static_cast<std::uint8_t>(p.length());
    return PrefixRange{p, len, len};
  }
  // REQUIRES: p.length() <= min <= max <= MaxPrefixLength(p.afi()).
  static PrefixRange Make(const Prefix& p, int min, int max) {
    return PrefixRange{p, static_cast<std::uint8_t>(min), static_cast<std::uint8_t>(max)};
  }

  bool exact() const { return min_length == max_length && max_length == prefix.length(); }
  Afi afi() const { return prefix.afi(); }
  // True when a route for p falls in the range.
  bool Matches(const Prefix& p) const {
    return p.length() >= min_length && p.length() <= max_length && prefix.Contains(p);
  }
  // Number of prefixes the range accepts, saturating at 2^63.
  std::uint64_t Count() const;

  // RPSL form: "P", "P^-", "P^+", "P^n" or "P^n-m", the shortest that fits.
  std::string ToString() const;
  // The same with "P^n" written "P^n-n": the form for text that leaves over
  // whois (bgpq4 drops a "^n" member, bgpq3 reads garbage as its upper length).
  std::string ToExplicitString() const;

  // By prefix (address, then shorter first), then by range.
  friend auto operator<=>(const PrefixRange&, const PrefixRange&) = default;
  friend bool operator==(const PrefixRange&, const PrefixRange&) = default;
};

// Parses a prefix (strictly: no host bits) with an optional RPSL range
// operator: "^-" (exclusive more specifics), "^+" (inclusive), "^n" (exactly
// length n), "^n-m" (lengths n to m). Rejects n below the prefix length,
// m < n and lengths past the family maximum.
Result<PrefixRange> ParsePrefixRange(std::string_view text);

}  // namespace manrs

#endif  // MANRS_RPSL_PREFIX_RANGE_H_
