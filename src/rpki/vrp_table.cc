// VrpTable: sorting and splitting the VRPs by family; the families do the rest
// (vrp_table_family.cc).
#include "manrs/rpki/vrp_table.h"

#include <algorithm>
#include <span>

namespace manrs {

Result<VrpTable> VrpTable::Build(std::vector<Vrp> vrps) {
  for (const Vrp& vrp : vrps) {
    if (vrp.max_length < vrp.prefix.length() ||
        vrp.max_length > MaxPrefixLength(vrp.prefix.afi())) {
      return MakeError(ErrorCode::kBadValue, "vrp max length out of range: " + ToString(vrp));
    }
  }
  std::sort(vrps.begin(), vrps.end());
  vrps.erase(std::unique(vrps.begin(), vrps.end()), vrps.end());
  // IPv4 sorts first (IpAddress compares the family first).
  const auto v6 =
      std::find_if(vrps.begin(), vrps.end(), [](const Vrp& v) { return !v.prefix.is_v4(); });
  const auto split = static_cast<std::size_t>(v6 - vrps.begin());
  VrpTable table;
  MANRS_TRY(table.v4_.Build(std::span<const Vrp>(vrps).first(split)));
  MANRS_TRY(table.v6_.Build(std::span<const Vrp>(vrps).subspan(split)));
  return table;
}

std::vector<Vrp> VrpTable::Covering(const Prefix& prefix) const {
  std::vector<Vrp> out;
  ForEachCovering(prefix, [&](const Vrp& vrp) { out.push_back(vrp); });
  return out;
}

std::vector<Vrp> VrpTable::Vrps() const {
  std::vector<Vrp> out;
  out.reserve(size());
  v4_.AppendVrps(&out);
  v6_.AppendVrps(&out);
  return out;
}

}  // namespace manrs
