// Applying SLURM (RFC 8416 section 4): filters first, then assertions, so
// that what the operator asserts is never filtered away. The payloads keep
// the loader's order: VRPs sorted and unique, ASPAs by customer with sorted
// providers, router keys by AS, SKI and key.
#include <algorithm>
#include <vector>

#include "manrs/rpki/slurm.h"
#include "rpki/payload_formats.h"

namespace manrs {

bool Matches(const SlurmPrefixFilter& filter, const Vrp& vrp) {
  if (!filter.prefix && !filter.asn) return false;
  if (filter.prefix && !filter.prefix->Contains(vrp.prefix)) return false;
  return !filter.asn || *filter.asn == vrp.asn;
}

bool Matches(const SlurmBgpsecFilter& filter, const RouterKey& key) {
  if (!filter.ski && !filter.asn) return false;
  if (filter.ski && *filter.ski != key.ski) return false;
  return !filter.asn || *filter.asn == key.asn;
}

bool Matches(const SlurmAspaFilter& filter, const Aspa& aspa) {
  return filter.customer_asn == aspa.customer_asn;
}

namespace {

template <typename Item, typename Filter>
void RemoveMatching(std::vector<Item>* items, const std::vector<Filter>& filters) {
  if (filters.empty()) return;
  std::erase_if(*items, [&](const Item& item) {
    return std::any_of(filters.begin(), filters.end(),
                       [&](const Filter& filter) { return Matches(filter, item); });
  });
}

// Adds sorted additions to the sorted range, keeping it sorted and unique.
template <typename T, typename Less>
void MergeSorted(std::vector<T>* items, std::vector<T> additions, Less less) {
  if (additions.empty()) return;
  std::sort(additions.begin(), additions.end(), less);
  const auto middle = static_cast<std::ptrdiff_t>(items->size());
  items->insert(items->end(), std::make_move_iterator(additions.begin()),
                std::make_move_iterator(additions.end()));
  std::inplace_merge(items->begin(), items->begin() + middle, items->end(), less);
  items->erase(std::unique(items->begin(), items->end()), items->end());
}

void AddAspa(std::vector<Aspa>* aspas, const Aspa& asserted) {
  auto it =
      std::lower_bound(aspas->begin(), aspas->end(), asserted.customer_asn,
                       [](const Aspa& aspa, Asn customer) { return aspa.customer_asn < customer; });
  if (it == aspas->end() || it->customer_asn != asserted.customer_asn) {
    aspas->insert(it, asserted);
    return;
  }
  auto& providers = it->providers;
  providers.insert(providers.end(), asserted.providers.begin(), asserted.providers.end());
  std::sort(providers.begin(), providers.end());
  providers.erase(std::unique(providers.begin(), providers.end()), providers.end());
}

}  // namespace

void ApplySlurm(const Slurm& slurm, RpkiPayloads* payloads) {
  RemoveMatching(&payloads->vrps, slurm.prefix_filters);
  RemoveMatching(&payloads->router_keys, slurm.bgpsec_filters);
  RemoveMatching(&payloads->aspas, slurm.aspa_filters);

  std::vector<Vrp> vrps;
  for (const auto& assertion : slurm.prefix_assertions) vrps.push_back(assertion.vrp);
  MergeSorted(&payloads->vrps, std::move(vrps), std::less<Vrp>());

  std::vector<RouterKey> keys;
  for (const auto& assertion : slurm.bgpsec_assertions) keys.push_back(assertion.key);
  MergeSorted(&payloads->router_keys, std::move(keys), rpki_internal::RouterKeyLess);

  for (const auto& assertion : slurm.aspa_assertions) AddAspa(&payloads->aspas, assertion.aspa);
}

}  // namespace manrs
