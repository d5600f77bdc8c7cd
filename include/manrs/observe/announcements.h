// "The prefixes AS X announces", the one definition the observatory,
// `manrs coverage` and the web server share (doc/observatory.md, "Routes"):
// X announces P in a period when at least min_peers distinct collector peers
// (peer IP and peer AS) had a route to P whose AS path ends in X, in a RIB
// or in any announcement of the period. Paths ending in an AS_SET have no
// origin (RFC 6811 "NONE"): the caller counts them apart and never adds them.
//
// Invariant: each (prefix, origin) key holds the set of distinct peer ids
// that saw it; peer ids are dense, in order of first appearance.
#ifndef MANRS_OBSERVE_ANNOUNCEMENTS_H_
#define MANRS_OBSERVE_ANNOUNCEMENTS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/net/asn.h"
#include "manrs/net/ip_address.h"
#include "manrs/net/prefix.h"

namespace manrs {

// The default visibility rule: the MANRS Observatory's "seen by at least 5 peers".
inline constexpr int kDefaultMinPeers = 5;

struct CollectorPeer {
  IpAddress ip;
  Asn asn = 0;
  friend auto operator<=>(const CollectorPeer&, const CollectorPeer&) = default;
};

// A set of peer ids: a bit mask for the first 64, a sorted list beyond.
class PeerSet {
 public:
  // Returns true when peer was not in the set.
  bool Insert(std::uint32_t peer);
  std::uint32_t size() const;
  bool Contains(std::uint32_t peer) const;
  template <typename F>
  void ForEach(F&& f) const {
    for (std::uint32_t i = 0; i < 64; ++i) {
      if (mask_ >> i & 1) f(i);
    }
    for (std::uint32_t p : more_) f(p);
  }

 private:
  std::uint64_t mask_ = 0;
  std::vector<std::uint32_t> more_;
};

struct Announcement {
  Asn origin = 0;
  Prefix prefix;
  std::uint32_t peers = 0;
  friend bool operator==(const Announcement&, const Announcement&) = default;
};

class AnnouncementTable {
 public:
  static constexpr std::uint32_t kNoTag = ~std::uint32_t{0};
  struct Entry {
    PeerSet peers;
    std::uint32_t tag = kNoTag;  // free for the caller (the observer's facts index)
  };

  // The dense id of a collector peer, assigned on first sight.
  std::uint32_t PeerId(const CollectorPeer& peer);
  // The id of a peer seen before; nullopt for one never seen.
  std::optional<std::uint32_t> FindPeerId(const CollectorPeer& peer) const;
  const std::vector<CollectorPeer>& peers() const { return peers_; }

  // Records that peer had a route to prefix with this origin; returns the
  // entry, valid until the next Add.
  Entry& Add(const Prefix& prefix, Asn origin, std::uint32_t peer);
  const Entry* Find(const Prefix& prefix, Asn origin) const;

  // Every (origin, prefix) seen by at least min_peers peers, sorted by
  // (origin, prefix).
  std::vector<Announcement> Announced(int min_peers) const;
  // The same, each with its entry (valid until the next Add).
  std::vector<std::pair<Announcement, const Entry*>> AnnouncedEntries(int min_peers) const;
  // Calls f(prefix, origin, entry) for every key, in order of first sight.
  void ForEach(const std::function<void(const Prefix&, Asn, const Entry&)>& f) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Key {
    Prefix prefix;
    Asn origin;
    bool operator==(const Key&) const = default;
  };
  static std::uint64_t Hash(const Key& k);
  static std::uint64_t PeerHash(const CollectorPeer& peer);
  void Grow();
  // Open addressing with linear probing over slots_ (a power of two, at most
  // half full); a slot holds 1 + the index into keys_/entries_, 0 when empty.
  // One flat table: a lookup touches one slot line and one key, and freeing
  // it is three deallocations, not one per key.
  std::vector<std::uint32_t> slots_;
  std::vector<Key> keys_;
  std::vector<Entry> entries_;
  std::vector<CollectorPeer> peers_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> peer_index_;  // hash -> ids
};

// Reads MRT files (RIBs and updates) and returns what each origin announces
// under the visibility rule; with only set, just that origin's. Damaged
// records are reported to problems and the rest is used; a file that cannot
// be opened is an error.
Result<std::vector<Announcement>> AnnouncedPrefixes(const std::vector<std::string>& mrt_files,
                                                    int min_peers, ProblemLog& problems,
                                                    std::optional<Asn> only = std::nullopt);

}  // namespace manrs

#endif  // MANRS_OBSERVE_ANNOUNCEMENTS_H_
