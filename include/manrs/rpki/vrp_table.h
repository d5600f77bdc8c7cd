// VrpTable: an immutable set of VRPs answering the one question route origin
// validation asks (RFC 6811 section 2): which VRPs cover this route prefix?
// Built once from a vector of VRPs, then queried from any number of threads;
// a new RPKI state is a new table (vrp_snapshot.h swaps them under readers).
//
// Designed for 2 M VRPs and > 20 M IPv4 lookups per second on one core. Per
// family (vrp_table_family.h), the distinct VRP prefixes are records in one
// flat array, each holding its VRPs' (ASN, max length) pairs and a link to
// the record of the next shorter prefix covering it. The address space is cut
// into intervals, each knowing the longest VRP prefix containing it, and the
// intervals are found through a 2^16-slot index and a cached sample of their
// starts. A lookup reads two cache lines that are likely not in cache (one
// block of intervals, one record) and walks the parent links for the rest.
// 723 k VRPs take 25 MB. Figures: BENCHMARKS.md, bench/rov_bench.cc.
#ifndef MANRS_RPKI_VRP_TABLE_H_
#define MANRS_RPKI_VRP_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/net/ip_address.h"
#include "manrs/net/prefix.h"
#include "manrs/rpki/vrp.h"
#include "manrs/rpki/vrp_table_family.h"

namespace manrs {

// Thread safety: const members may run on any number of threads at once.
class VrpTable {
 public:
  VrpTable() = default;  // no VRPs: every route is NotFound

  // Builds the table. vrps may come in any order; duplicates are kept once.
  // A VRP breaking Vrp's invariant (max_length below the prefix length or
  // above the family's maximum) is an error naming it; so is a table
  // outgrowing its 32-bit offsets (over 500 M VRPs in one family).
  // Cost: a sort plus linear passes; about 0.1 s for 723 k VRPs.
  static Result<VrpTable> Build(std::vector<Vrp> vrps);

  // Calls visit(const Vrp&) for every VRP covering prefix (RFC 6811
  // "Covered": the VRP prefix contains the route prefix, equal counts): most
  // specific VRP prefix first, the VRPs of one prefix by (max_length, asn).
  // visit may return bool, false stopping the walk. Returns false iff it was
  // stopped. Allocates nothing.
  template <typename F>
  bool ForEachCovering(const Prefix& prefix, F&& visit) const {
    auto on_vrp = [&](const auto& record, Asn asn, int max_length) {
      const Vrp vrp{Prefix::Normalized(ToAddress(record.address()), record.length()),
                    static_cast<std::uint8_t>(max_length), asn};
      return vrp_table_internal::Visit(visit, vrp);
    };
    return ForEachCoveringNode(prefix, on_vrp);
  }

  // The fast path of ForEachCovering: visit(Asn asn, int max_length) for the
  // same VRPs in the same order, without building a Vrp for each.
  template <typename F>
  bool ForEachCoveringAuthorization(const Prefix& prefix, F&& visit) const {
    auto on_auth = [&](const auto&, Asn asn, int max_length) {
      return vrp_table_internal::Visit(visit, asn, max_length);
    };
    return ForEachCoveringNode(prefix, on_auth);
  }

  // ForEachCoveringAuthorization for count prefixes at once: for each i in
  // [0, count), visit(i, asn, max_length) for the VRPs covering
  // prefix_of(i), in the same order, route after route; returning false
  // ends route i's walk only. Faster than one call per route when the
  // routes are in no particular order (UPDATEs, a shuffled set), because the
  // cache misses of a group of routes overlap (vrp_table_family.h).
  template <typename PrefixOf, typename F>
  void ForEachCoveringAuthorizationBatch(std::size_t count, PrefixOf&& prefix_of,
                                         F&& visit) const;

  // The VRPs ForEachCovering visits, in its order.
  std::vector<Vrp> Covering(const Prefix& prefix) const;
  // Every VRP of the table, sorted.
  std::vector<Vrp> Vrps() const;

  std::size_t size() const { return v4_.size() + v6_.size(); }
  bool empty() const { return size() == 0; }
  // Distinct VRP prefixes, and interval-map entries (for BENCHMARKS.md).
  std::size_t prefix_count() const { return v4_.prefix_count() + v6_.prefix_count(); }
  std::size_t interval_count() const { return v4_.interval_count() + v6_.interval_count(); }
  // Heap bytes held.
  std::size_t MemoryBytes() const { return v4_.MemoryBytes() + v6_.MemoryBytes(); }

 private:
  using V4 = vrp_table_internal::VrpFamily<vrp_table_internal::V4Keys>;
  using V6 = vrp_table_internal::VrpFamily<vrp_table_internal::V6Keys>;

  static IpAddress ToAddress(std::uint32_t key) {
    return vrp_table_internal::V4Keys::ToAddress(key);
  }
  static IpAddress ToAddress(vrp_table_internal::Key128 key) {
    return vrp_table_internal::V6Keys::ToAddress(key);
  }

  template <typename F>
  bool ForEachCoveringNode(const Prefix& prefix, F& visit) const {
    const IpAddress& a = prefix.address();
    if (a.is_v4()) return v4_.ForEachCovering(a.v4(), prefix.length(), visit);
    return v6_.ForEachCovering({a.hi(), a.lo()}, prefix.length(), visit);
  }

  V4 v4_;
  V6 v6_;
};

template <typename PrefixOf, typename F>
void VrpTable::ForEachCoveringAuthorizationBatch(std::size_t count, PrefixOf&& prefix_of,
                                                 F&& visit) const {
  constexpr std::size_t kGroup = 16;
  const V4::Interval* v4_block[kGroup];
  const V6::Interval* v6_block[kGroup];
  std::uint32_t n[kGroup];
  std::uint32_t offset[kGroup];
  for (std::size_t first = 0; first < count; first += kGroup) {
    const std::size_t m = std::min(kGroup, count - first);
    for (std::size_t j = 0; j < m; ++j) {
      const IpAddress& a = prefix_of(first + j).address();
      if (a.is_v4()) {
        v4_block[j] = v4_.PrefetchBlock(a.v4(), &n[j]);
      } else {
        v6_block[j] = v6_.PrefetchBlock({a.hi(), a.lo()}, &n[j]);
      }
    }
    for (std::size_t j = 0; j < m; ++j) {
      const IpAddress& a = prefix_of(first + j).address();
      offset[j] = a.is_v4() ? v4_.PrefetchDeepest(v4_block[j], n[j], a.v4())
                            : v6_.PrefetchDeepest(v6_block[j], n[j], {a.hi(), a.lo()});
    }
    for (std::size_t j = 0; j < m; ++j) {
      const std::size_t i = first + j;
      const Prefix& p = prefix_of(i);
      auto on_auth = [&](const auto&, Asn asn, int max_length) {
        return vrp_table_internal::Visit(visit, i, asn, max_length);
      };
      if (p.is_v4()) {
        v4_.ForEachCoveringFrom(offset[j], p.length(), on_auth);
      } else {
        v6_.ForEachCoveringFrom(offset[j], p.length(), on_auth);
      }
    }
  }
}

}  // namespace manrs

#endif  // MANRS_RPKI_VRP_TABLE_H_
