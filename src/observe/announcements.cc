// The visibility rule: (prefix, origin) keys with the set of peers that saw them.
#include "manrs/observe/announcements.h"

#include <algorithm>
#include <bit>

#include "fmt/format.h"
#include "manrs/mrt/element_reader.h"
#include "manrs/rpki/route_origin_validation.h"

namespace manrs {

namespace {

std::uint64_t Mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace

bool PeerSet::Insert(std::uint32_t peer) {
  if (peer < 64) {
    const std::uint64_t bit = std::uint64_t{1} << peer;
    const bool added = (mask_ & bit) == 0;
    mask_ |= bit;
    return added;
  }
  auto it = std::lower_bound(more_.begin(), more_.end(), peer);
  if (it != more_.end() && *it == peer) return false;
  more_.insert(it, peer);
  return true;
}

std::uint32_t PeerSet::size() const {
  return static_cast<std::uint32_t>(static_cast<std::size_t>(std::popcount(mask_)) + more_.size());
}

bool PeerSet::Contains(std::uint32_t peer) const {
  if (peer < 64) return (mask_ >> peer & 1) != 0;
  return std::binary_search(more_.begin(), more_.end(), peer);
}

std::uint64_t AnnouncementTable::Hash(const Key& k) {
  const IpAddress& a = k.prefix.address();
  return Mix(a.hi() ^
             Mix(a.lo() + static_cast<std::uint64_t>(k.prefix.length()) * 0x9e3779b97f4a7c15ULL) ^
             (std::uint64_t{k.origin} << 8 | static_cast<std::uint64_t>(a.afi())));
}

void AnnouncementTable::Grow() {
  std::vector<std::uint32_t> slots(std::max<std::size_t>(1024, slots_.size() * 2), 0);
  const std::size_t mask = slots.size() - 1;
  for (std::uint32_t i = 0; i < keys_.size(); ++i) {
    std::size_t at = Hash(keys_[i]) & mask;
    while (slots[at] != 0) at = (at + 1) & mask;
    slots[at] = i + 1;
  }
  slots_ = std::move(slots);
}

std::uint64_t AnnouncementTable::PeerHash(const CollectorPeer& peer) {
  return Mix(peer.ip.hi() ^ Mix(peer.ip.lo()) ^ (std::uint64_t{peer.asn} << 2) ^
             static_cast<std::uint64_t>(peer.ip.afi()));
}

std::optional<std::uint32_t> AnnouncementTable::FindPeerId(const CollectorPeer& peer) const {
  auto it = peer_index_.find(PeerHash(peer));
  if (it == peer_index_.end()) return std::nullopt;
  for (std::uint32_t id : it->second) {
    if (peers_[id] == peer) return id;
  }
  return std::nullopt;
}

std::uint32_t AnnouncementTable::PeerId(const CollectorPeer& peer) {
  auto& ids = peer_index_[PeerHash(peer)];
  for (std::uint32_t id : ids) {
    if (peers_[id] == peer) return id;
  }
  const auto id = static_cast<std::uint32_t>(peers_.size());
  peers_.push_back(peer);
  ids.push_back(id);
  return id;
}

AnnouncementTable::Entry& AnnouncementTable::Add(const Prefix& prefix, Asn origin,
                                                 std::uint32_t peer) {
  if ((keys_.size() + 1) * 2 > slots_.size()) Grow();
  const Key key{prefix, origin};
  const std::size_t mask = slots_.size() - 1;
  std::size_t at = Hash(key) & mask;
  while (slots_[at] != 0) {
    const std::uint32_t index = slots_[at] - 1;
    if (keys_[index] == key) {
      entries_[index].peers.Insert(peer);
      return entries_[index];
    }
    at = (at + 1) & mask;
  }
  slots_[at] = static_cast<std::uint32_t>(keys_.size() + 1);
  keys_.push_back(key);
  Entry& e = entries_.emplace_back();
  e.peers.Insert(peer);
  return e;
}

const AnnouncementTable::Entry* AnnouncementTable::Find(const Prefix& prefix, Asn origin) const {
  if (slots_.empty()) return nullptr;
  const Key key{prefix, origin};
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = Hash(key) & mask; slots_[at] != 0; at = (at + 1) & mask) {
    const std::uint32_t index = slots_[at] - 1;
    if (keys_[index] == key) return &entries_[index];
  }
  return nullptr;
}

std::vector<Announcement> AnnouncementTable::Announced(int min_peers) const {
  std::vector<Announcement> out;
  for (const auto& [a, entry] : AnnouncedEntries(min_peers)) out.push_back(a);
  return out;
}

std::vector<std::pair<Announcement, const AnnouncementTable::Entry*>>
AnnouncementTable::AnnouncedEntries(int min_peers) const {
  std::vector<std::pair<Announcement, const Entry*>> out;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const std::uint32_t n = entries_[i].peers.size();
    if (n >= static_cast<std::uint32_t>(std::max(min_peers, 1))) {
      out.emplace_back(Announcement{keys_[i].origin, keys_[i].prefix, n}, &entries_[i]);
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return x.first.origin != y.first.origin ? x.first.origin < y.first.origin
                                            : x.first.prefix < y.first.prefix;
  });
  return out;
}

void AnnouncementTable::ForEach(
    const std::function<void(const Prefix&, Asn, const Entry&)>& f) const {
  for (std::size_t i = 0; i < keys_.size(); ++i) f(keys_[i].prefix, keys_[i].origin, entries_[i]);
}

Result<std::vector<Announcement>> AnnouncedPrefixes(const std::vector<std::string>& mrt_files,
                                                    int min_peers, ProblemLog& problems,
                                                    std::optional<Asn> only) {
  AnnouncementTable table;
  for (const std::string& file : mrt_files) {
    auto reader = ElementReader::Open(file, problems);
    if (!reader) {
      return MakeError(reader.error().code, fmt::format("{}: {}", file, reader.error().message));
    }
    (*reader)->ForEach([&](const Element& e) {
      if (!e.attributes) return;
      auto origin = RouteOriginAsn(e.attributes->path());
      if (!origin || (only && *origin != *only)) return;
      table.Add(e.prefix, *origin, table.PeerId(CollectorPeer{e.peer_ip, e.peer_asn}));
    });
  }
  return table.Announced(min_peers);
}

}  // namespace manrs
