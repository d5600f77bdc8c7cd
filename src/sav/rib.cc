#include "manrs/sav/rib.h"

#include <algorithm>

#include "manrs/mrt/element_reader.h"

namespace manrs {

std::uint32_t SavRib::InterfaceOf(const SavInterface& iface) {
  // Elements of one peer come in runs (BGP4MP) or in a fixed rotation (RIBs):
  // the last hit first, then the index.
  if (last_ < interfaces_.size() && interfaces_[last_] == iface) return last_;
  auto [it, added] = index_.emplace(iface, static_cast<std::uint32_t>(interfaces_.size()));
  if (added) interfaces_.push_back(iface);
  last_ = it->second;
  return last_;
}

std::uint32_t SavRib::FindOrAddPath(std::span<const Asn> path) {
  std::uint64_t h = 1469598103934665603ull;
  for (Asn a : path) h = (h ^ a) * 1099511628211ull;
  auto [lo, hi] = path_index_.equal_range(h);
  for (auto it = lo; it != hi; ++it) {
    if (std::ranges::equal(this->path(it->second), path)) return it->second;
  }
  const auto id = static_cast<std::uint32_t>(path_offsets_.size());
  path_offsets_.push_back(static_cast<std::uint32_t>(path_asns_.size()));
  path_lengths_.push_back(static_cast<std::uint32_t>(path.size()));
  path_asns_.insert(path_asns_.end(), path.begin(), path.end());
  path_index_.emplace(h, id);
  return id;
}

std::span<const Asn> SavRib::path(std::uint32_t id) const {
  if (id >= path_offsets_.size()) return {};
  return std::span<const Asn>(path_asns_).subspan(path_offsets_[id], path_lengths_[id]);
}

void SavRib::Announce(SavRoute route, std::span<const Asn> path) {
  route.path_id = FindOrAddPath(path);
  route.withdrawn = false;
  routes_.push_back(route);
}

void SavRib::Withdraw(const Prefix& prefix, std::uint32_t interface) {
  SavRoute tombstone;
  tombstone.prefix = prefix;
  tombstone.interface = interface;
  tombstone.withdrawn = true;
  routes_.push_back(tombstone);
}

void SavRib::DropInterface(std::uint32_t interface) {
  for (SavRoute& r : routes_) {
    if (r.interface == interface) r.withdrawn = true;
  }
}

void SavRib::Finish() {
  // Stable: among routes of one key the last in file order wins.
  std::stable_sort(routes_.begin(), routes_.end(), [](const SavRoute& a, const SavRoute& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return a.interface < b.interface;
  });
  std::size_t out = 0;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const bool last_of_key = i + 1 == routes_.size() ||
                             routes_[i + 1].prefix != routes_[i].prefix ||
                             routes_[i + 1].interface != routes_[i].interface;
    if (last_of_key && !routes_[i].withdrawn) routes_[out++] = routes_[i];
  }
  routes_.resize(out);
  routes_.shrink_to_fit();
  path_index_.clear();
}

Result<SavRib> LoadSavRib(const std::string& path, ProblemLog& problems, SavRibStats* stats) {
  auto reader = ElementReader::Open(path, problems);
  if (!reader) return MakeError(reader.error().code, reader.error().message);
  SavRib rib;
  SavRibStats local;
  std::vector<Asn> flat;
  (*reader)->ForEach([&](const Element& e) {
    ++local.elements;
    constexpr std::uint16_t kEstablished = 6;
    if (e.type == ElementType::kStateChange) {
      if (e.old_state == kEstablished && e.new_state != kEstablished) {
        rib.DropInterface(rib.InterfaceOf({e.peer_asn, e.peer_ip}));
        ++local.sessions_down;
      }
      return;
    }
    if (e.safi != 1) return;  // unicast only: SAV is about forwarding
    if (e.prefix.length() == 0) {
      // A default route says nothing about where sources live: it is left
      // out (a list holding it would accept every source).
      ++local.default_routes;
      return;
    }
    if (e.type == ElementType::kWithdraw) {
      rib.Withdraw(e.prefix, rib.InterfaceOf({e.peer_asn, e.peer_ip}));
      ++local.withdrawals;
      return;
    }
    if (e.type != ElementType::kRibEntry && e.type != ElementType::kAnnounce) return;
    if (e.attributes == nullptr) return;
    const PathAttributes& a = *e.attributes;
    const AsPath& as_path = a.path();
    SavRoute r;
    r.prefix = e.prefix;
    r.interface = rib.InterfaceOf({e.peer_asn, e.peer_ip});
    r.origin_asn = as_path.OriginAsn().value_or(0);
    r.neighbor_asn = as_path.FirstAsn().value_or(0);
    if (a.has(kAttrLocalPref)) r.local_pref = a.local_pref;
    if (a.has(kAttrMed)) r.med = a.med;
    r.path_length = static_cast<std::uint16_t>(std::min(as_path.Length(), 0xFFFF));
    r.origin = static_cast<std::uint8_t>(a.origin);
    r.path_has_set = as_path.ContainsSet();
    flat.clear();
    for (std::size_t k = 0; k < as_path.segment_count(); ++k) {
      const AsPathSegment seg = as_path.segment(k);
      if (seg.type == SegmentType::kAsSet) break;
      if (seg.type == SegmentType::kAsSequence)
        flat.insert(flat.end(), seg.asns.begin(), seg.asns.end());
    }
    rib.Announce(r, flat);
  });
  rib.Finish();
  local.routes = rib.routes().size();
  if (stats) *stats = local;
  if (rib.routes().empty()) {
    return MakeError(ErrorCode::kBadValue, path + ": no unicast route in the MRT file");
  }
  return rib;
}

}  // namespace manrs
