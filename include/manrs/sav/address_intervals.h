// A set of addresses as sorted, disjoint, non-adjacent closed intervals, one
// table per family: membership is one binary search, the hot path of the
// traffic audit (a packet's source against its interface's allow-list).
//
// Invariant: each table is sorted by start, intervals do not overlap and are
// not adjacent (start(i+1) > end(i) + 1).
#ifndef MANRS_SAV_ADDRESS_INTERVALS_H_
#define MANRS_SAV_ADDRESS_INTERVALS_H_

#include <cstdint>
#include <span>
#include <vector>

#include "manrs/net/ip_address.h"
#include "manrs/net/prefix.h"

namespace manrs {

class AddressIntervals {
 public:
  struct V6 {
    std::uint64_t hi, lo;
    friend auto operator<=>(const V6&, const V6&) = default;
  };

  static AddressIntervals FromPrefixes(std::span<const Prefix> prefixes);

  // The addresses in this set and not in other.
  AddressIntervals Minus(const AddressIntervals& other) const;

  bool Contains(const IpAddress& a) const {
    return a.is_v4() ? Contains4(a.v4()) : Contains6({a.hi(), a.lo()});
  }
  bool Contains4(std::uint32_t a) const;
  bool Contains6(V6 a) const;

  std::size_t size() const { return v4_.size() + v6_.size(); }
  bool empty() const { return size() == 0; }

 private:
  template <typename T>
  struct Interval {
    T first, last;
  };
  std::vector<Interval<std::uint32_t>> v4_;
  std::vector<Interval<V6>> v6_;
  template <typename T>
  static void Normalize(std::vector<Interval<T>>* v);
  template <typename T>
  static std::vector<Interval<T>> Subtract(const std::vector<Interval<T>>& a,
                                           const std::vector<Interval<T>>& b);
  template <typename T>
  static bool Find(const std::vector<Interval<T>>& v, T a);
};

}  // namespace manrs

#endif  // MANRS_SAV_ADDRESS_INTERVALS_H_
