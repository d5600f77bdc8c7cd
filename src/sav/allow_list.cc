// The five modes over one sorted route table. Each mode is a few set
// operations; the data structures are the route runs of one prefix (routes
// are sorted by prefix) and an origin -> prefixes index.
#include "manrs/sav/allow_list.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace manrs {

const char* SavModeName(SavMode mode) {
  switch (mode) {
    case SavMode::kStrict:
      return "strict";
    case SavMode::kFeasible:
      return "feasible";
    case SavMode::kEfpA:
      return "efp-a";
    case SavMode::kEfpB:
      return "efp-b";
    case SavMode::kBarSav:
      return "bar-sav";
  }
  return "?";
}

Result<SavMode> ParseSavMode(std::string_view name) {
  for (SavMode m :
       {SavMode::kStrict, SavMode::kFeasible, SavMode::kEfpA, SavMode::kEfpB, SavMode::kBarSav}) {
    if (name == SavModeName(m)) return m;
  }
  return MakeError(ErrorCode::kBadValue, "unknown SAV mode '" + std::string(name) +
                                             "' (strict, feasible, efp-a, efp-b, bar-sav)");
}

std::size_t BestRoute(std::span<const SavRoute> routes, std::span<const SavInterface> interfaces) {
  std::vector<std::size_t> c(routes.size());
  for (std::size_t i = 0; i < c.size(); ++i) c[i] = i;
  auto keep_min = [&](auto key) {
    auto best = key(routes[c[0]]);
    for (std::size_t i : c) best = std::min(best, key(routes[i]));
    std::erase_if(c, [&](std::size_t i) { return key(routes[i]) != best; });
  };
  // a) highest LOCAL_PREF (RFC 4271 9.1.1; the default when absent).
  keep_min([](const SavRoute& r) { return ~r.local_pref; });
  // b) shortest AS_PATH, c) lowest ORIGIN.
  keep_min([](const SavRoute& r) { return r.path_length; });
  keep_min([](const SavRoute& r) { return r.origin; });
  // d) MED, compared only among routes from the same neighbouring AS.
  std::erase_if(c, [&](std::size_t i) {
    for (std::size_t j : c) {
      if (routes[j].neighbor_asn == routes[i].neighbor_asn && routes[j].med < routes[i].med) {
        return true;
      }
    }
    return false;
  });
  // e) eBGP over iBGP and f) IGP cost: not in a dump. g) lowest BGP
  // Identifier: not in the element; the last tie-breaker, the lowest peer
  // address, decides.
  return *std::min_element(c.begin(), c.end(), [&](std::size_t a, std::size_t b) {
    return interfaces[routes[a].interface].peer_ip < interfaces[routes[b].interface].peer_ip;
  });
}

namespace {

struct PrefixRun {
  std::size_t begin, end;  // routes of one prefix
};

std::vector<PrefixRun> Runs(std::span<const SavRoute> routes) {
  std::vector<PrefixRun> runs;
  for (std::size_t i = 0; i < routes.size();) {
    std::size_t j = i + 1;
    while (j < routes.size() && routes[j].prefix == routes[i].prefix) ++j;
    runs.push_back({i, j});
    i = j;
  }
  return runs;
}

void SortUniquePrefixes(std::vector<Prefix>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

std::vector<InterfaceAllowList> ListsFor(std::span<const std::uint32_t> ifaces) {
  std::vector<InterfaceAllowList> out;
  for (std::uint32_t i : ifaces) out.push_back({i, {}, {}});
  return out;
}

constexpr std::size_t kNoSlot = ~std::size_t{0};

// The position of interface i in lists, or kNoSlot.
std::vector<std::size_t> Slots(std::size_t interface_count,
                               std::span<const InterfaceAllowList> lists) {
  std::vector<std::size_t> slot(interface_count, kNoSlot);
  for (std::size_t k = 0; k < lists.size(); ++k) slot[lists[k].interface] = k;
  return slot;
}

std::vector<InterfaceAllowList> Strict(const SavInputs& in, bool feasible) {
  const SavRib& rib = *in.rib;
  std::vector<std::uint32_t> targets = in.customers;
  if (targets.empty()) {
    for (std::uint32_t i = 0; i < rib.interfaces().size(); ++i) targets.push_back(i);
  }
  auto lists = ListsFor(targets);
  const auto slot = Slots(rib.interfaces().size(), lists);
  const auto routes = rib.routes();
  for (const PrefixRun& run : Runs(routes)) {
    if (feasible) {
      for (std::size_t i = run.begin; i < run.end; ++i) {
        const std::size_t s = slot[routes[i].interface];
        if (s != kNoSlot) lists[s].allow.push_back(routes[i].prefix);
      }
    } else {
      const auto span = routes.subspan(run.begin, run.end - run.begin);
      const SavRoute& best = span[BestRoute(span, rib.interfaces())];
      const std::size_t s = slot[best.interface];
      if (s != kNoSlot) lists[s].allow.push_back(best.prefix);
    }
  }
  return lists;  // prefixes arrive in sorted order, one per run
}

std::vector<InterfaceAllowList> EfpA(const SavInputs& in) {
  const SavRib& rib = *in.rib;
  const auto routes = rib.routes();
  auto lists = ListsFor(in.customers);
  const auto slot = Slots(rib.interfaces().size(), lists);
  const auto runs = Runs(routes);
  // Step 1: Set A, the origins seen on customer interfaces. Then, for every
  // origin, the prefixes (runs) it originates on any interface.
  std::unordered_set<Asn> set_a;
  for (const SavRoute& r : routes) {
    if (slot[r.interface] != kNoSlot && r.origin_asn != 0) set_a.insert(r.origin_asn);
  }
  std::unordered_map<Asn, std::vector<std::uint32_t>> runs_of;  // origin -> run indexes
  for (std::uint32_t k = 0; k < runs.size(); ++k) {
    for (std::size_t i = runs[k].begin; i < runs[k].end; ++i) {
      const Asn o = routes[i].origin_asn;
      if (o == 0 || !set_a.contains(o)) continue;
      auto& v = runs_of[o];
      if (v.empty() || v.back() != k) v.push_back(k);
    }
  }
  // Steps 2-4: Set X_i goes to every customer interface that received one of
  // its prefixes.
  std::vector<char> receives(lists.size());
  for (const auto& [origin, x] : runs_of) {
    std::fill(receives.begin(), receives.end(), 0);
    for (std::uint32_t k : x) {
      for (std::size_t i = runs[k].begin; i < runs[k].end; ++i) {
        const std::size_t s = slot[routes[i].interface];
        if (s != kNoSlot) receives[s] = 1;
      }
    }
    for (std::size_t s = 0; s < lists.size(); ++s) {
      if (!receives[s]) continue;
      for (std::uint32_t k : x) lists[s].allow.push_back(routes[runs[k].begin].prefix);
    }
  }
  for (auto& l : lists) SortUniquePrefixes(&l.allow);
  return lists;
}

std::vector<InterfaceAllowList> EfpB(const SavInputs& in) {
  const SavRib& rib = *in.rib;
  const auto routes = rib.routes();
  auto lists = ListsFor(in.customers);
  const auto slot = Slots(rib.interfaces().size(), lists);
  // P: prefixes received on customer interfaces; A: their origins.
  std::vector<Prefix> z;
  std::unordered_set<Asn> set_a;
  for (const SavRoute& r : routes) {
    if (slot[r.interface] == kNoSlot) continue;
    z.push_back(r.prefix);
    if (r.origin_asn != 0) set_a.insert(r.origin_asn);
  }
  // Q: prefixes from the other (lateral peer and provider) interfaces whose
  // origin is in A. Z = P u Q on every customer interface.
  for (const SavRoute& r : routes) {
    if (slot[r.interface] == kNoSlot && r.origin_asn != 0 && set_a.contains(r.origin_asn)) {
      z.push_back(r.prefix);
    }
  }
  SortUniquePrefixes(&z);
  for (auto& l : lists) l.allow = z;
  return lists;
}

std::vector<InterfaceAllowList> BarSav(const SavInputs& in) {
  const SavRib& rib = *in.rib;
  const auto routes = rib.routes();
  auto lists = ListsFor(in.customers);
  // customers_of[p]: the ASes whose ASPA names p as a provider.
  std::unordered_map<Asn, std::vector<Asn>> customers_of;
  for (const Aspa& a : in.aspas) {
    for (Asn p : a.providers) customers_of[p].push_back(a.customer_asn);
  }
  std::unordered_map<Asn, std::vector<Prefix>> roas_of;
  for (const Vrp& v : in.vrps) roas_of[v.asn].push_back(v.prefix);
  for (auto& list : lists) {
    // The cone: the customer's AS and every AS on the unique paths received
    // from it, closed under "has an ASPA naming a member as provider".
    std::unordered_set<Asn> cone;
    std::vector<Asn> todo;
    auto add = [&](Asn a) {
      if (a != 0 && cone.insert(a).second) todo.push_back(a);
    };
    add(rib.interfaces()[list.interface].peer_asn);
    std::unordered_set<std::uint32_t> seen_paths;
    for (const SavRoute& r : routes) {
      if (r.interface != list.interface || !seen_paths.insert(r.path_id).second) continue;
      for (Asn a : rib.path(r.path_id)) add(a);
    }
    while (!todo.empty()) {
      const Asn a = todo.back();
      todo.pop_back();
      auto it = customers_of.find(a);
      if (it == customers_of.end()) continue;
      for (Asn c : it->second) add(c);
    }
    // The prefixes: the ROAs of the cone and the routes (any interface) the
    // cone originates.
    for (Asn a : cone) {
      auto it = roas_of.find(a);
      if (it != roas_of.end())
        list.allow.insert(list.allow.end(), it->second.begin(), it->second.end());
    }
    for (const SavRoute& r : routes) {
      if (r.origin_asn != 0 && cone.contains(r.origin_asn)) list.allow.push_back(r.prefix);
    }
    SortUniquePrefixes(&list.allow);
    list.cone.assign(cone.begin(), cone.end());
    std::sort(list.cone.begin(), list.cone.end());
  }
  return lists;
}

}  // namespace

Result<std::vector<InterfaceAllowList>> ComputeAllowLists(SavMode mode, const SavInputs& in) {
  if (in.rib == nullptr) return MakeError(ErrorCode::kBadValue, "no RIB");
  for (std::uint32_t c : in.customers) {
    if (c >= in.rib->interfaces().size()) {
      return MakeError(ErrorCode::kBadValue, "customer interface out of range");
    }
  }
  const bool needs_customers = mode != SavMode::kStrict && mode != SavMode::kFeasible;
  if (needs_customers && in.customers.empty()) {
    return MakeError(ErrorCode::kBadValue,
                     std::string(SavModeName(mode)) +
                         " needs the customer interfaces (--customers or --customer-set)");
  }
  switch (mode) {
    case SavMode::kStrict:
      return Strict(in, false);
    case SavMode::kFeasible:
      return Strict(in, true);
    case SavMode::kEfpA:
      return EfpA(in);
    case SavMode::kEfpB:
      return EfpB(in);
    case SavMode::kBarSav:
      return BarSav(in);
  }
  return MakeError(ErrorCode::kBadValue, "unknown mode");
}

}  // namespace manrs
