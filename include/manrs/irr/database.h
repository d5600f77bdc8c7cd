// IrrDatabase: the local IRR. Holds the objects of one or more sources
// (RIPE, RADB, ...) in a preference order, with the indexes the whois
// queries and set expansion need:
//  - route and route6 objects by origin AS (sorted by origin, then prefix)
//    and by prefix (for exact, less- and more-specific searches);
//  - as-set and route-set objects by name, one per source;
//  - every other object by class and key (aut-num, mntner, person, ...);
//  - member-of claims of routes and aut-nums, by set name, for mbrs-by-ref.
// Every object keeps its RPSL text for replies that return whole objects.
//
// Invariants after Finish(): routes_by_origin_ is sorted by (origin, afi,
// prefix, source) and holds each (prefix, origin, source) once; sources are
// numbered in preference order (0 = preferred); every index refers into the
// vectors of this database only.
#ifndef MANRS_IRR_DATABASE_H_
#define MANRS_IRR_DATABASE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "manrs/base/input.h"
#include "manrs/base/problem.h"
#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/rpsl/object.h"
#include "manrs/rpsl/set_name.h"

namespace manrs {

using SourceMask = std::uint64_t;  // bit i: source i selected
inline constexpr SourceMask kAllSources = ~SourceMask{0};
inline constexpr std::size_t kMaxSources = 64;

struct IrrObjectRef {
  std::string class_name;  // lower case
  std::string key;         // upper case; empty for route objects (see IrrRoute)
  std::uint16_t source = 0;
  std::uint64_t text_offset = 0;  // into the text store
  std::uint32_t text_length = 0;
};

struct IrrRoute {
  Prefix prefix;
  Asn origin = 0;
  std::uint16_t source = 0;
  std::uint32_t object = 0;  // index into objects()

  friend bool operator==(const IrrRoute&, const IrrRoute&) = default;
};

// as-set or route-set. Members as written, upper-cased (route-set members
// keep their range operators: "192.0.2.0/24^+", "AS-FOO^24").
struct IrrSet {
  std::string name;
  SetKind kind = SetKind::kAsSet;
  std::uint16_t source = 0;
  std::uint32_t object = 0;
  std::vector<std::string> members;
  std::vector<std::string> mbrs_by_ref;
};

// "this route / aut-num wants to be a member of set_name" (member-of).
struct IrrMembership {
  std::string set_name;
  bool is_route = false;
  Prefix prefix;  // route only
  Asn asn = 0;    // the route's origin, or the aut-num's AS
  std::uint16_t source = 0;
  std::vector<std::string> mnt_by;
};

class IrrDatabase {
 public:
  // Adds (or finds) a source; returns its number. Sources added first are
  // preferred. Fails past kMaxSources.
  Result<std::uint16_t> AddSource(std::string_view name);
  // Sets the preference order: the named sources first, in this order, the
  // others after them in their current order. Unknown names are errors.
  Status Reorder(const std::vector<std::string>& preferred);
  // Drops every object of a source (for a reload of that source).
  void ClearSource(std::uint16_t source);

  // Adds one object read from a dump. Objects that cannot be used (a route
  // with a bad prefix or origin, a set with a bad name) are reported to
  // problems under file and skipped. Returns whether it was added.
  bool AddObject(const RpslObject& object, std::uint16_t source, const std::string& file,
                 ProblemLog& problems);

  // Builds the indexes; call after adding, before querying.
  void Finish();

  const std::vector<std::string>& sources() const { return sources_; }
  // The mask of the named sources (case-insensitive); false if one is unknown.
  bool MaskOf(const std::vector<std::string>& names, SourceMask* mask) const;
  int SourceIndex(std::string_view name) const;

  // Route objects of an origin AS in the given family, from every source
  // (callers filter by source; a route appears once per source holding it).
  std::span<const IrrRoute> RoutesOf(Asn origin, Afi afi) const;
  // Route objects whose prefix equals / lies inside / contains prefix.
  std::vector<const IrrRoute*> RoutesExact(const Prefix& prefix) const;
  std::vector<const IrrRoute*> RoutesMoreSpecific(const Prefix& prefix, bool include_exact) const;
  std::vector<const IrrRoute*> RoutesLessSpecific(const Prefix& prefix, bool include_exact) const;

  // The set called name (upper case) from the most preferred selected source:
  // the first of order (source numbers) that holds it, or, when order is
  // empty, the lowest-numbered one.
  const IrrSet* FindSet(std::string_view name, SourceMask mask,
                        std::span<const std::uint16_t> order = {}) const;
  // Objects of a class (lower case) with a key (upper case), preferred source first.
  std::vector<const IrrObjectRef*> FindObjects(std::string_view class_name, std::string_view key,
                                               SourceMask mask) const;
  // The member-of claims naming a set.
  std::span<const IrrMembership> MembershipsOf(std::string_view set_name) const;
  // Whether an aut-num object exists for asn in a selected source (mnt-by
  // is returned for mbrs-by-ref checks).
  const std::vector<std::string>* AutNumMntBy(Asn asn, SourceMask mask) const;

  std::string_view Text(const IrrObjectRef& object) const {
    return TextStore().substr(object.text_offset, object.text_length);
  }
  const std::vector<IrrObjectRef>& objects() const { return objects_; }
  const std::vector<IrrRoute>& routes() const { return routes_; }
  const std::vector<IrrSet>& sets() const { return sets_; }
  std::uint64_t serial() const { return serial_; }

  // Persistence (snapshot.cc): the whole database in one file, written to a
  // temporary name and renamed, so a reader never sees half a snapshot.
  Status Save(const std::string& path) const;
  static Result<IrrDatabase> Open(const std::string& path);
  // The same from bytes in memory (tests, fuzzing); data must outlive the
  // database (its texts are viewed, not copied).
  static Result<IrrDatabase> OpenMemory(Bytes data, const std::string& name = "<memory>");

 private:
  static Result<IrrDatabase> FromInput(std::unique_ptr<Input> input, const std::string& path);
  std::uint32_t StoreObject(const RpslObject& object, std::string key, std::uint16_t source);

  std::vector<std::string> sources_;
  std::vector<IrrObjectRef> objects_;
  // The text store: owned, or (after Open of a plain file) a view into the
  // mmap'd snapshot, so a server pages in only the texts it sends. The first
  // object added after Open copies the view into texts_.
  std::string_view TextStore() const { return mapped_ ? mapped_texts_ : std::string_view(texts_); }
  std::string texts_;
  std::shared_ptr<Input> mapped_;
  std::string_view mapped_texts_;
  std::vector<IrrRoute> routes_;  // sorted by (origin, afi, prefix, source) after Finish
  std::vector<IrrSet> sets_;
  std::vector<IrrMembership> memberships_;  // sorted by set name after Finish
  struct AutNum {
    Asn asn;
    std::uint16_t source;
    std::vector<std::string> mnt_by;
  };
  std::vector<AutNum> aut_nums_;  // sorted by (asn, source) after Finish
  std::uint64_t serial_ = 0;      // number of objects ever added; the !j serial

  // Indexes (rebuilt by Finish; the prefix index is also persisted, and
  // trusted by Finish only while prefix_index_valid_).
  std::vector<std::uint32_t> routes_by_prefix_;  // indexes into routes_, sorted by prefix
  bool prefix_index_valid_ = false;
  std::unordered_map<std::string, std::vector<std::uint32_t>> sets_by_name_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> objects_by_key_;
};

}  // namespace manrs

#endif  // MANRS_IRR_DATABASE_H_
