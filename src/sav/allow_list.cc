// The five modes over one sorted route table. Each mode is a few set
// operations; the data structures are the route runs of one prefix (routes
// are sorted by prefix) and an origin -> prefixes index.
#include "manrs/sav/allow_list.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "manrs/rpki/aspa_verification.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/rpki/vrp_table.h"

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
  // The degree of preference: highest LOCAL_PREF (RFC 4271 9.1.1; the
  // default when absent).
  keep_min([](const SavRoute& r) { return ~r.local_pref; });
  // 9.1.2.2 a) shortest AS_PATH, b) lowest ORIGIN.
  keep_min([](const SavRoute& r) { return r.path_length; });
  keep_min([](const SavRoute& r) { return r.origin; });
  // c) lowest MULTI_EXIT_DISC, compared only among routes from the same
  // neighbouring AS. (remove_if only moves indexes forward, and the lowest
  // MED of each neighbour AS is never removed, so reading c inside the
  // predicate still sees every group's minimum.)
  std::erase_if(c, [&](std::size_t i) {
    for (std::size_t j : c) {
      if (routes[j].neighbor_asn == routes[i].neighbor_asn && routes[j].med < routes[i].med) {
        return true;
      }
    }
    return false;
  });
  // d) eBGP over iBGP and e) interior cost: not in a dump. f) lowest BGP
  // Identifier: not in the element; g), the lowest peer address, decides.
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

// The routes BAR-SAV may use (draft-ietf-sidrops-bar-sav-01 section 4): not
// RPKI-ROV Invalid ("MUST ... be excluded") when VRPs are given, and not on an
// ASPA-Invalid AS_PATH ("SHOULD") when ASPAs are given. Paths from customer
// interfaces are verified upstream; the others downstream, since the dump does
// not say whether a non-customer is a lateral peer or a provider and the
// downstream procedure is the more lenient one (nothing valid is dropped).
Result<std::vector<char>> BarSavUsable(const SavInputs& in, std::span<const std::size_t> slot) {
  const SavRib& rib = *in.rib;
  const auto routes = rib.routes();
  std::vector<char> usable(routes.size(), 1);
  if (!in.vrps.empty()) {
    auto table = VrpTable::Build(std::vector<Vrp>(in.vrps.begin(), in.vrps.end()));
    if (!table) return Unexpected<Error>(table.error());
    for (std::size_t i = 0; i < routes.size(); ++i) {
      const SavRoute& r = routes[i];
      const auto origin = r.origin_asn != 0 ? std::optional<Asn>(r.origin_asn) : std::nullopt;
      if (ValidateOrigin(*table, r.prefix, origin) == RovState::kInvalid) usable[i] = 0;
    }
  }
  if (!in.aspas.empty()) {
    const AspaTable table(in.aspas);
    std::unordered_map<std::uint64_t, bool> invalid;  // (path, direction) -> verdict
    for (std::size_t i = 0; i < routes.size(); ++i) {
      const SavRoute& r = routes[i];
      if (r.path_has_set) {  // the ASPA procedure: an AS_SET makes the path Invalid
        usable[i] = 0;
        continue;
      }
      const bool upstream = slot[r.interface] != kNoSlot;
      const std::uint64_t key = std::uint64_t{r.path_id} << 1 | (upstream ? 1 : 0);
      auto it = invalid.find(key);
      if (it == invalid.end()) {
        const AspaVerdict v =
            VerifyAsPath(table, rib.path(r.path_id),
                         upstream ? AspaDirection::kUpstream : AspaDirection::kDownstream);
        it = invalid.emplace(key, v.state == AspaState::kInvalid).first;
      }
      if (it->second) usable[i] = 0;
    }
  }
  return usable;
}

// draft-ietf-sidrops-bar-sav-01 section 4, steps 1-12 (the ASN and prefix ACLs
// of steps 3 and 12 are not supported). Z(i) is computed breadth first: the
// ASes whose ASPA names a member of Z(i-1) as provider (step 5), and the ASes
// that follow a member of Z(i-1) in a unique AS_PATH of any interface (step 6:
// "each AS is a customer of the AS added next"), less those already found.
Result<std::vector<InterfaceAllowList>> BarSav(const SavInputs& in) {
  const SavRib& rib = *in.rib;
  const auto routes = rib.routes();
  auto lists = ListsFor(in.customers);
  const auto slot = Slots(rib.interfaces().size(), lists);
  auto usable = BarSavUsable(in, slot);
  if (!usable) return Unexpected<Error>(usable.error());
  // customers_of[p]: by ASPA, the ASes naming p as a provider; by AS_PATH,
  // the ASes that follow p in a usable path.
  std::unordered_map<Asn, std::vector<Asn>> customers_of;
  for (const Aspa& a : in.aspas) {
    for (Asn p : a.providers) customers_of[p].push_back(a.customer_asn);
  }
  std::unordered_set<std::uint32_t> seen_paths;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    if (!(*usable)[i] || !seen_paths.insert(routes[i].path_id).second) continue;
    const auto path = rib.path(routes[i].path_id);
    for (std::size_t j = 0; j + 1 < path.size(); ++j) {
      if (path[j] != path[j + 1]) customers_of[path[j]].push_back(path[j + 1]);
    }
  }
  std::unordered_map<Asn, std::vector<Prefix>> roas_of;
  for (const Vrp& v : in.vrps) roas_of[v.asn].push_back(v.prefix);
  for (auto& list : lists) {
    // Steps 1-9: D, the union of the Z(i).
    std::unordered_set<Asn> cone;
    std::vector<Asn> frontier, next;
    const Asn k = rib.interfaces()[list.interface].peer_asn;
    if (k != 0) {
      cone.insert(k);
      frontier.push_back(k);
    }
    while (!frontier.empty()) {
      next.clear();
      for (Asn z : frontier) {
        auto it = customers_of.find(z);
        if (it == customers_of.end()) continue;
        for (Asn c : it->second) {
          if (c != 0 && cone.insert(c).second) next.push_back(c);
        }
      }
      frontier.swap(next);
    }
    // Step 10: P1, the prefixes of the ROAs of D. Step 11: P2, the prefixes
    // D originates in the Adj-RIBs-In of all interfaces. Step 12: P1 u P2.
    for (Asn a : cone) {
      auto it = roas_of.find(a);
      if (it != roas_of.end())
        list.allow.insert(list.allow.end(), it->second.begin(), it->second.end());
    }
    for (std::size_t i = 0; i < routes.size(); ++i) {
      const SavRoute& r = routes[i];
      if ((*usable)[i] && r.origin_asn != 0 && cone.contains(r.origin_asn)) {
        list.allow.push_back(r.prefix);
      }
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
