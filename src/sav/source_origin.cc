#include "manrs/sav/source_origin.h"

#include "manrs/sav/allow_list.h"

namespace manrs {

SourceOrigins::SourceOrigins(const SavRib& rib) {
  const auto routes = rib.routes();
  for (std::size_t i = 0; i < routes.size();) {
    std::size_t j = i + 1;
    while (j < routes.size() && routes[j].prefix == routes[i].prefix) ++j;
    const auto run = routes.subspan(i, j - i);
    prefixes_.Insert(routes[i].prefix);
    origin_[routes[i].prefix] = run[BestRoute(run, rib.interfaces())].origin_asn;
    i = j;
  }
}

std::optional<RoutedOrigin> SourceOrigins::Find(const IpAddress& source) const {
  auto p = prefixes_.LongestMatch(source);
  if (!p) return std::nullopt;
  auto it = origin_.find(*p);
  return RoutedOrigin{*p, it == origin_.end() ? 0 : it->second};
}

}  // namespace manrs
