// AS relationships in CAIDA's as-rel format ("serial-1"): one link per line,
//   <provider-as>|<customer-as>|-1
//   <peer-as>|<peer-as>|0
// with "#" comment lines (CAIDA puts the inferred clique and the source list
// there). Older CAIDA and TopoScope/ASRank outputs also use 1 for siblings
// (ASes of one organisation), which we keep; "serial-2" adds a fourth field
// naming the inference source, which we ignore.
//
// Invariant: every link is stored from both ends, so RelationOf(a, b) and
// RelationOf(b, a) always mirror each other (customer / provider, peer /
// peer, sibling / sibling).
#ifndef MANRS_VALIDATE_AS_RELATIONSHIPS_H_
#define MANRS_VALIDATE_AS_RELATIONSHIPS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/net/asn.h"

namespace manrs {

// What AS b is to AS a.
enum class AsRelation : std::uint8_t {
  kUnknown,   // no link between them in the data
  kCustomer,  // b is a customer of a
  kProvider,  // b is a provider of a
  kPeer,      // settlement-free peers
  kSibling,   // same organisation
};

// "unknown", "customer", "provider", "peer", "sibling".
const char* AsRelationName(AsRelation r);

// Counts from one load.
struct AsRelationshipStats {
  std::uint64_t lines = 0;
  std::uint64_t comments = 0;    // lines starting with "#" (and blank lines)
  std::uint64_t links = 0;       // added
  std::uint64_t duplicates = 0;  // the same link again: ignored
  std::uint64_t conflicts = 0;   // the same pair with another relation: reported, first kept
  std::uint64_t bad_lines = 0;   // reported and skipped
};

class AsRelationships {
 public:
  AsRelationships() = default;

  // Loads a file (compressed or not, see OpenInput). Bad lines (not three or
  // four "|" fields, an AS that does not parse, a relation other than -1, 0
  // or 1, a link from an AS to itself) and conflicting repeats are reported
  // to problems with their line and byte offset, and skipped. A file cut
  // short (a damaged compressed stream, or text ending inside a line) is read
  // up to its last complete line and the cut reported. A file that cannot be
  // read or holds no link at all is an error.
  static Result<AsRelationships> Load(const std::string& path, ProblemLog& problems);
  // The same from memory; source names the data in problem reports.
  static Result<AsRelationships> Parse(std::string_view text, const std::string& source,
                                       ProblemLog& problems);

  // Adds one link in CAIDA's terms: relation -1 (a is the provider of b), 0
  // (peers) or 1 (siblings). Returns false, changing nothing, when a == b, the
  // relation is another number, or the pair is already linked (the first
  // relation stays).
  bool Add(Asn a, Asn b, int relation);

  AsRelation RelationOf(Asn a, Asn b) const;

  std::size_t link_count() const { return links_.size() / 2; }
  const AsRelationshipStats& stats() const { return stats_; }

 private:
  static std::uint64_t Key(Asn a, Asn b) { return std::uint64_t{a} << 32 | b; }

  std::unordered_map<std::uint64_t, AsRelation> links_;  // (a, b) -> what b is to a
  AsRelationshipStats stats_;
};

}  // namespace manrs

#endif  // MANRS_VALIDATE_AS_RELATIONSHIPS_H_
