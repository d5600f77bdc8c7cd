#include "manrs/sav/address_intervals.h"

#include <algorithm>

namespace manrs {

namespace {

using V6 = AddressIntervals::V6;

V6 Next(V6 a) { return a.lo == ~0ull ? V6{a.hi + 1, 0} : V6{a.hi, a.lo + 1}; }
V6 Prev(V6 a) { return a.lo == 0 ? V6{a.hi - 1, ~0ull} : V6{a.hi, a.lo - 1}; }
std::uint32_t Next(std::uint32_t a) { return a + 1; }
std::uint32_t Prev(std::uint32_t a) { return a - 1; }
bool IsMax(std::uint32_t a) { return a == ~0u; }
bool IsMax(V6 a) { return a.hi == ~0ull && a.lo == ~0ull; }

}  // namespace

template <typename T>
void AddressIntervals::Normalize(std::vector<Interval<T>>* v) {
  std::sort(v->begin(), v->end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (out > 0 && !IsMax((*v)[out - 1].last) && (*v)[i].first <= Next((*v)[out - 1].last)) {
      (*v)[out - 1].last = std::max((*v)[out - 1].last, (*v)[i].last);
    } else if (out > 0 && IsMax((*v)[out - 1].last)) {
      continue;  // the previous interval runs to the end of the space
    } else {
      (*v)[out++] = (*v)[i];
    }
  }
  v->resize(out);
}

AddressIntervals AddressIntervals::FromPrefixes(std::span<const Prefix> prefixes) {
  AddressIntervals s;
  for (const Prefix& p : prefixes) {
    const int len = p.length();
    if (p.is_v4()) {
      const std::uint32_t first = p.address().v4();
      const std::uint32_t host = len >= 32 ? 0u : (~0u >> len);
      s.v4_.push_back({first, first | host});
    } else {
      const std::uint64_t hi_host = len >= 64 ? 0 : (len == 0 ? ~0ull : (~0ull >> len));
      const std::uint64_t lo_host = len >= 128 ? 0 : (len <= 64 ? ~0ull : (~0ull >> (len - 64)));
      const V6 first{p.address().hi(), p.address().lo()};
      s.v6_.push_back({first, V6{first.hi | hi_host, first.lo | lo_host}});
    }
  }
  Normalize(&s.v4_);
  Normalize(&s.v6_);
  return s;
}

template <typename T>
std::vector<AddressIntervals::Interval<T>> AddressIntervals::Subtract(
    const std::vector<Interval<T>>& a, const std::vector<Interval<T>>& b) {
  std::vector<Interval<T>> out;
  std::size_t j = 0;
  for (Interval<T> cur : a) {
    while (j < b.size() && b[j].last < cur.first) ++j;
    std::size_t k = j;
    bool alive = true;
    while (alive && k < b.size() && b[k].first <= cur.last) {
      if (b[k].first > cur.first) out.push_back({cur.first, Prev(b[k].first)});
      if (b[k].last >= cur.last) {
        alive = false;
      } else {
        cur.first = Next(b[k].last);
      }
      ++k;
    }
    if (alive) out.push_back(cur);
  }
  return out;
}

AddressIntervals AddressIntervals::Minus(const AddressIntervals& other) const {
  AddressIntervals s;
  s.v4_ = Subtract(v4_, other.v4_);
  s.v6_ = Subtract(v6_, other.v6_);
  return s;
}

template <typename T>
bool AddressIntervals::Find(const std::vector<Interval<T>>& v, T a) {
  // The last interval starting at or before a.
  auto it = std::upper_bound(v.begin(), v.end(), a,
                             [](const T& x, const Interval<T>& i) { return x < i.first; });
  if (it == v.begin()) return false;
  --it;
  return a <= it->last;
}

bool AddressIntervals::Contains4(std::uint32_t a) const { return Find(v4_, a); }
bool AddressIntervals::Contains6(V6 a) const { return Find(v6_, a); }

}  // namespace manrs
