#include "manrs/filter/prefix_filter.h"

#include <algorithm>
#include <string>

#include "manrs/filter/aggregate.h"

namespace manrs {
namespace {

struct Limits {
  int max_length;  // -m, or the family maximum
  int refine_hi;   // R': -R, or the family maximum under -r alone; 0 = no refinement
  int refine_lo;   // -r or 0
};

Limits LimitsFor(const PrefixFilterOptions& o) {
  const int family_max = MaxPrefixLength(o.afi);
  Limits l{o.max_length > 0 ? o.max_length : family_max, 0, o.refine_from};
  if (o.refine_up_to > 0) {
    l.refine_hi = o.refine_up_to;
  } else if (o.refine_from > 0) {
    l.refine_hi = family_max;
  }
  return l;
}

// Appends every prefix inside p with a length in [lo, hi]. Addresses are
// left-aligned in 128 bits for both families, so the i-th more specific of
// length len is p with i placed just above bit 128 - len.
void Enumerate(const Prefix& p, int lo, int hi, std::vector<Prefix>* out) {
  for (int len = lo; len <= hi; ++len) {
    const std::uint64_t count = std::uint64_t{1} << (len - p.length());
    const int shift = 128 - len;
    for (std::uint64_t i = 0; i < count; ++i) {
      std::uint64_t hi_word = p.address().hi();
      std::uint64_t lo_word = p.address().lo();
      if (i != 0) {
        if (shift >= 64) {
          hi_word |= i << (shift - 64);
        } else {
          lo_word |= i << shift;
          if (shift != 0) hi_word |= i >> (64 - shift);
        }
      }
      const IpAddress a = p.is_v4() ? IpAddress::V4(static_cast<std::uint32_t>(hi_word >> 32))
                                    : IpAddress::V6(hi_word, lo_word);
      out->push_back(Prefix::Normalized(a, len));
    }
  }
}

}  // namespace

Status ValidatePrefixFilterOptions(const PrefixFilterOptions& o) {
  const int max = MaxPrefixLength(o.afi);
  const char* family = o.afi == Afi::kIpv4 ? "ipv4" : "ipv6";
  auto check = [&](int value, const char* what) -> Status {
    if (value < 0 || value > max) {
      return MakeError(ErrorCode::kBadValue, std::string(what) + " " + std::to_string(value) +
                                                 " is out of range for " + family + " (1-" +
                                                 std::to_string(max) + ")");
    }
    return {};
  };
  MANRS_TRY(check(o.max_length, "max length (-m)"));
  MANRS_TRY(check(o.refine_up_to, "refine length (-R)"));
  MANRS_TRY(check(o.refine_from, "refine-from length (-r)"));
  if (o.refine_from > 0 && o.refine_up_to > 0 && o.refine_from > o.refine_up_to) {
    return MakeError(ErrorCode::kBadValue,
                     "refine-from length (-r) " + std::to_string(o.refine_from) +
                         " is past refine length (-R) " + std::to_string(o.refine_up_to));
  }
  return {};
}

Result<PrefixFilter> BuildPrefixFilter(std::span<const PrefixRange> members,
                                       const PrefixFilterOptions& options) {
  MANRS_TRY(ValidatePrefixFilterOptions(options));
  const Limits limits = LimitsFor(options);
  PrefixFilter filter;
  filter.afi = options.afi;

  if (options.exact_lines_only && limits.refine_hi > 0) {
    return MakeError(
        ErrorCode::kUnsupported,
        "more-specific filters (-R/-r) need length ranges, which this dialect does not have");
  }
  if (options.aggregate && !options.exact_lines_only) {
    // Each member stays one or two ranges; nothing is enumerated.
    std::vector<PrefixRange> ranges;
    for (const PrefixRange& m : members) {
      if (m.afi() != options.afi) {
        ++filter.skipped_other_family;
        continue;
      }
      const int lo = m.min_length;
      const int hi = std::min<int>(m.max_length, limits.max_length);
      if (lo > hi) {
        ++filter.skipped_too_long;
        continue;
      }
      if (limits.refine_hi == 0) {
        ranges.push_back(PrefixRange::Make(m.prefix, lo, hi));
        continue;
      }
      // Lengths below R' are refined to [max(len, r), R']; the union over the
      // member's lengths is [max(lo, r), R']. Lengths from R' on stay exact.
      if (lo < limits.refine_hi) {
        ranges.push_back(
            PrefixRange::Make(m.prefix, std::max(lo, limits.refine_lo), limits.refine_hi));
      }
      if (hi >= limits.refine_hi) {
        ranges.push_back(PrefixRange::Make(m.prefix, std::max(lo, limits.refine_hi), hi));
      }
    }
    filter.lines = Aggregate(ranges);
    return filter;
  }

  std::vector<Prefix> prefixes;
  std::size_t total = 0;
  for (const PrefixRange& m : members) {
    if (m.afi() != options.afi) {
      ++filter.skipped_other_family;
      continue;
    }
    const int hi = std::min<int>(m.max_length, limits.max_length);
    if (m.min_length > hi) {
      ++filter.skipped_too_long;
      continue;
    }
    const std::uint64_t count = PrefixRange::Make(m.prefix, m.min_length, hi).Count();
    total += count;
    if (count > options.max_lines || total > options.max_lines) {
      return MakeError(ErrorCode::kBadValue, "member " + m.ToString() + " expands to more than " +
                                                 std::to_string(options.max_lines) +
                                                 " prefixes; aggregate (-A) instead");
    }
    Enumerate(m.prefix, m.min_length, hi, &prefixes);
  }
  std::sort(prefixes.begin(), prefixes.end());
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());

  // Refine, and leave out lines an enclosing refined line already accepts
  // (all refined lines end at R', so the outermost one decides).
  filter.lines.reserve(prefixes.size());
  bool have_cover = false;
  Prefix cover;
  for (const Prefix& p : prefixes) {
    if (have_cover && cover.Contains(p) && p.length() <= limits.refine_hi) continue;
    if (limits.refine_hi > 0 && p.length() < limits.refine_hi) {
      filter.lines.push_back(
          PrefixRange::Make(p, std::max(p.length(), limits.refine_lo), limits.refine_hi));
      if (!have_cover || !cover.Contains(p)) {
        cover = p;
        have_cover = true;
      }
    } else {
      filter.lines.push_back(PrefixRange::Exact(p));
    }
  }
  return filter;
}

}  // namespace manrs
