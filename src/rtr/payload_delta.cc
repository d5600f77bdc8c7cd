// Deltas between payload sets: merges of sorted lists.
#include "manrs/rtr/payload_delta.h"

#include <algorithm>
#include <iterator>

namespace manrs::rtr {

namespace {

// The elements of a not in b; both sorted.
template <typename T>
std::vector<T> Minus(const std::vector<T>& a, const std::vector<T>& b) {
  std::vector<T> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

template <typename T>
std::vector<T> Union(const std::vector<T>& a, const std::vector<T>& b) {
  std::vector<T> out;
  out.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// Composes two (announced, withdrawn) pairs of sorted lists.
template <typename T>
void ComposeLists(const std::vector<T>& a1, const std::vector<T>& w1, const std::vector<T>& a2,
                  const std::vector<T>& w2, std::vector<T>* a, std::vector<T>* w) {
  *a = Union(Minus(a1, w2), Minus(a2, w1));
  *w = Union(Minus(w1, a2), Minus(w2, a1));
}

}  // namespace

PayloadSet MakePayloadSet(const RpkiPayloads& payloads, std::size_t* bad_router_keys) {
  PayloadSet set;
  set.vrps = payloads.vrps;
  set.aspas = payloads.aspas;
  std::size_t bad = 0;
  for (const RouterKey& key : payloads.router_keys) {
    auto wire = ToWire(key);
    if (wire) {
      set.router_keys.push_back(std::move(*wire));
    } else {
      ++bad;
    }
  }
  std::sort(set.router_keys.begin(), set.router_keys.end());
  set.router_keys.erase(std::unique(set.router_keys.begin(), set.router_keys.end()),
                        set.router_keys.end());
  if (bad_router_keys) *bad_router_keys = bad;
  return set;
}

PayloadDelta ComputeDelta(const PayloadSet& from, const PayloadSet& to) {
  PayloadDelta d;
  d.vrps_announced = Minus(to.vrps, from.vrps);
  d.vrps_withdrawn = Minus(from.vrps, to.vrps);
  d.keys_announced = Minus(to.router_keys, from.router_keys);
  d.keys_withdrawn = Minus(from.router_keys, to.router_keys);
  auto i = from.aspas.begin();
  auto j = to.aspas.begin();
  while (i != from.aspas.end() || j != to.aspas.end()) {
    if (j == to.aspas.end() || (i != from.aspas.end() && i->customer_asn < j->customer_asn)) {
      d.aspas.push_back(AspaChange{Aspa{i->customer_asn, {}}, true, true});
      ++i;
    } else if (i == from.aspas.end() || j->customer_asn < i->customer_asn) {
      d.aspas.push_back(AspaChange{*j, false, false});
      ++j;
    } else {
      if (i->providers != j->providers) d.aspas.push_back(AspaChange{*j, false, true});
      ++i;
      ++j;
    }
  }
  return d;
}

PayloadDelta ComposeDeltas(const PayloadDelta& first, const PayloadDelta& second) {
  PayloadDelta d;
  ComposeLists(first.vrps_announced, first.vrps_withdrawn, second.vrps_announced,
               second.vrps_withdrawn, &d.vrps_announced, &d.vrps_withdrawn);
  ComposeLists(first.keys_announced, first.keys_withdrawn, second.keys_announced,
               second.keys_withdrawn, &d.keys_announced, &d.keys_withdrawn);
  auto i = first.aspas.begin();
  auto j = second.aspas.begin();
  while (i != first.aspas.end() || j != second.aspas.end()) {
    if (j == second.aspas.end() ||
        (i != first.aspas.end() && i->aspa.customer_asn < j->aspa.customer_asn)) {
      d.aspas.push_back(*i++);
    } else if (i == first.aspas.end() || j->aspa.customer_asn < i->aspa.customer_asn) {
      d.aspas.push_back(*j++);
    } else {
      // The same customer changed twice: what it was before the first change
      // decides whether the net change is a withdrawal or nothing at all.
      const bool existed = i->existed_before;
      if (j->withdraw) {
        if (existed) d.aspas.push_back(AspaChange{Aspa{j->aspa.customer_asn, {}}, true, true});
      } else {
        d.aspas.push_back(AspaChange{j->aspa, false, existed});
      }
      ++i;
      ++j;
    }
  }
  return d;
}

PayloadSet ApplyDelta(const PayloadSet& set, const PayloadDelta& delta) {
  PayloadSet out;
  out.vrps = Union(Minus(set.vrps, delta.vrps_withdrawn), delta.vrps_announced);
  out.router_keys = Union(Minus(set.router_keys, delta.keys_withdrawn), delta.keys_announced);
  auto i = set.aspas.begin();
  auto j = delta.aspas.begin();
  while (i != set.aspas.end() || j != delta.aspas.end()) {
    if (j == delta.aspas.end() ||
        (i != set.aspas.end() && i->customer_asn < j->aspa.customer_asn)) {
      out.aspas.push_back(*i++);
    } else {
      if (i != set.aspas.end() && i->customer_asn == j->aspa.customer_asn) ++i;
      if (!j->withdraw) out.aspas.push_back(j->aspa);
      ++j;
    }
  }
  return out;
}

}  // namespace manrs::rtr
