// Incident spans over time. Each route a collector peer holds for a prefix
// either is an incident occurrence (an Offence: a hijack, leak or bogon with
// its culprit) or not. An occurrence starts when the peer first has such a
// route and ends when the peer withdraws it, replaces it with a route that is
// not the same offence (same kind, culprit and accomplice), or its session
// goes down. A RIB entry starts an occurrence at the dump time; if nothing
// ends it, it is still open when the period ends.
//
// Finish merges the occurrences into incidents, per AS and role: same kind,
// same culprit (and, for an accomplice, the same culprit behind it), same
// confidence, overlapping or adjoining spans: one incident, scored by its
// duration (report.h, IncidentScore). doc/observatory.md has the rules.
//
// Invariants: an occurrence is open (end == kOpen) exactly while it is on
// the chain open_[peer] holds for its prefix (except those AddOccurrence
// adds for a merge); occurrences_ only grows;
// prefixes_ and offences_ hold each value once.
#ifndef MANRS_OBSERVE_INCIDENTS_H_
#define MANRS_OBSERVE_INCIDENTS_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/observe/announcements.h"
#include "manrs/observe/report.h"

namespace manrs {

// Why one route is an incident. reason and path are ids into the caller's
// tables of JSON reasons and AS path texts (IncidentTracker::Finish takes them).
struct Offence {
  IncidentKind kind = IncidentKind::kHijack;
  Asn culprit = 0;
  Asn accomplice = 0;  // 0: none (the culprit is the collector's peer)
  bool low_confidence = false;
  bool administrative = false;  // an administrative (not full) bogon
  std::uint32_t reason = 0;
  bool SameAs(const Offence& o) const {
    return kind == o.kind && culprit == o.culprit && accomplice == o.accomplice &&
           low_confidence == o.low_confidence && administrative == o.administrative;
  }
};

struct IncidentOptions {
  // Merged incidents seen by fewer distinct peers are dropped (a false
  // positive guard: one peer's view is often that peer's own arrangement).
  int min_peers = 1;
  std::size_t evidence_routes = 10;  // routes listed in each incident's evidence
};

class IncidentTracker {
 public:
  // The route peer holds for prefix is now one with these offences (empty:
  // a clean route, or a withdrawal) and AS path path_id, since time.
  void Update(std::uint32_t peer, const Prefix& prefix, std::int64_t time,
              std::span<const Offence> offences, std::uint32_t path_id);
  // The peer's session went down: all its routes are gone.
  void PeerDown(std::uint32_t peer, std::int64_t time);

  // The merged incidents, each AS's culprit and accomplice records, sorted
  // by (asn, start, kind, role, culprit). reasons and paths resolve the ids
  // of the Offences; peers the peer ids. Open occurrences count until
  // period.end.
  std::vector<Incident> Finish(const Period& period, const IncidentOptions& options,
                               const std::vector<std::string>& reasons,
                               const std::vector<std::string>& paths,
                               const std::vector<CollectorPeer>& peers) const;

  // One tracker's part in a merge, with the tables its ids point into.
  struct Source {
    const IncidentTracker* tracker = nullptr;
    const std::vector<std::string>* reasons = nullptr;
    const std::vector<std::string>* paths = nullptr;
    const std::vector<CollectorPeer>* peers = nullptr;
  };
  // The same for several trackers that each saw a disjoint set of prefixes
  // (the observer's shards): the incidents one tracker would have found had
  // it seen everything. Nothing depends on the trackers' ids: peers are
  // compared by address and AS, an incident's routes are ordered by (prefix,
  // path text, reason text).
  // The incidents are formed on up to threads threads (groups of the same
  // AS, kind and role are independent); the result does not depend on it.
  static std::vector<Incident> Merge(std::span<const Source> sources, const Period& period,
                                     const IncidentOptions& options, int threads = 1);

  // Calls f(const Offence&, const Prefix&, peer id) for every occurrence
  // (the per-AS bogon counts are taken from them).
  template <typename F>
  void ForEachOccurrence(F&& f) const {
    for (const Occurrence& o : occurrences_) {
      f(offences_[o.offence], prefixes_[o.prefix], o.peer);
    }
  }

  // Calls f(const Offence&, const Prefix&, peer id, start, end) for every
  // occurrence; end is INT64_MAX while it is open.
  template <typename F>
  void ForEachSpan(F&& f) const {
    for (const Occurrence& o : occurrences_) {
      f(offences_[o.offence], prefixes_[o.prefix], o.peer, o.start, o.end);
    }
  }

  // Calls f(const Offence&, const Prefix&, peer id, path id, start, end) for
  // every occurrence; end is INT64_MAX while it is open.
  template <typename F>
  void ForEachRecord(F&& f) const {
    for (const Occurrence& o : occurrences_) {
      f(offences_[o.offence], prefixes_[o.prefix], o.peer, o.path, o.start, o.end);
    }
  }

  // Adds an occurrence read back from a store (several observations of one
  // period merged, doc/clickhouse.md): for Finish only, it is on no open
  // chain, so no Update or PeerDown may follow. end INT64_MAX: open.
  void AddOccurrence(std::uint32_t peer, const Prefix& prefix, const Offence& offence,
                     std::uint32_t path_id, std::int64_t start, std::int64_t end);

  std::size_t occurrence_count() const { return occurrences_.size(); }
  std::size_t open_count() const { return open_count_; }

 private:
  static constexpr std::int64_t kOpen = INT64_MAX;
  static constexpr std::uint32_t kNoOccurrence = ~std::uint32_t{0};
  // 32 bytes: there is one per offending route and peer (tens of millions
  // on synthetic tables with random origins).
  struct Occurrence {
    std::uint32_t offence = 0;  // into offences_ (each distinct offence once)
    std::uint32_t prefix = 0;   // into prefixes_
    std::uint32_t peer = 0;
    std::uint32_t path = 0;
    std::int64_t start = 0;
    std::int64_t end = kOpen;
  };
  // A flat map from prefix id to the first open occurrence of one peer
  // (linear probing, backward-shift deletion); further open occurrences of
  // the same (peer, prefix) chain through next_open_.
  class OpenTable {
   public:
    std::uint32_t* Find(std::uint32_t prefix);
    void Set(std::uint32_t prefix, std::uint32_t first);
    void Erase(std::uint32_t prefix);
    template <typename F>
    void ForEach(F&& f) const {
      for (std::size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i] != 0) f(values_[i]);
      }
    }
    void Clear() { *this = OpenTable(); }

   private:
    void Grow();
    std::vector<std::uint32_t> keys_;  // prefix id + 1; 0 empty
    std::vector<std::uint32_t> values_;
    std::size_t size_ = 0;
  };

  std::uint32_t PrefixId(const Prefix& prefix);
  std::uint32_t OffenceId(const Offence& offence);

  std::vector<Occurrence> occurrences_;
  std::vector<std::uint32_t> next_open_;  // parallel to occurrences_
  std::vector<Offence> offences_;
  struct OffenceHash {
    std::size_t operator()(const Offence& o) const;
  };
  struct OffenceEqual {
    bool operator()(const Offence& a, const Offence& b) const {
      return a.SameAs(b) && a.reason == b.reason;
    }
  };
  std::unordered_map<Offence, std::uint32_t, OffenceHash, OffenceEqual> offence_ids_;
  std::vector<Prefix> prefixes_;
  std::vector<std::uint32_t> prefix_slots_;  // flat: 1 + index into prefixes_
  std::vector<OpenTable> open_;              // by peer id: a session going down ends its own only
  // A filter over the keys ever opened (never cleared, so it only errs on
  // the side of a lookup): most routes are clean and skip the tables.
  std::vector<std::uint64_t> opened_ = std::vector<std::uint64_t>(1 << 15, 0);
  std::size_t open_count_ = 0;
};

}  // namespace manrs

#endif  // MANRS_OBSERVE_INCIDENTS_H_
