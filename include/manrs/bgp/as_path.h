// AsPath: the AS_PATH / AS4_PATH attribute (RFC 4271 4.3, RFC 6793, RFC 5065
// confederation segments), stored flat so that clearing and refilling it for
// every route costs no allocation once the buffers have grown.
//
// Invariant: the sum of the segments' counts equals asns_.size(), and the
// segments cover asns_ in order.
#ifndef MANRS_BGP_AS_PATH_H_
#define MANRS_BGP_AS_PATH_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/cursor.h"
#include "manrs/base/result.h"
#include "manrs/net/asn.h"

namespace manrs {

enum class SegmentType : std::uint8_t {
  kAsSet = 1,
  kAsSequence = 2,
  kConfedSequence = 3,  // RFC 5065
  kConfedSet = 4,
};

struct AsPathSegment {
  SegmentType type;
  std::span<const Asn> asns;
};

class AsPath {
 public:
  // Decodes the attribute value; asn_size is 2 or 4 octets. Replaces the
  // current content. Errors name the offset of the bad segment.
  Status Decode(ByteCursor value, int asn_size);

  void Clear() {
    asns_.clear();
    segments_.clear();
  }
  bool empty() const { return segments_.empty(); }
  std::size_t segment_count() const { return segments_.size(); }
  AsPathSegment segment(std::size_t i) const;
  const std::vector<Asn>& asns() const { return asns_; }

  void Append(SegmentType type, std::span<const Asn> asns);

  // Path length for best-path selection (RFC 4271 9.1.2.2): a set counts one,
  // confederation segments count zero.
  int Length() const;
  // The origin AS: the last AS of a final AS_SEQUENCE. Empty when the path is
  // empty or ends in an AS_SET (RFC 6811 treats such routes as having no origin).
  std::optional<Asn> OriginAsn() const;
  // The first AS of the path (the neighbour that sent it), if it is a sequence.
  std::optional<Asn> FirstAsn() const;
  bool ContainsSet() const;

  // RFC 6793 section 4.2.3: rebuilds the path of a 2-octet session from its
  // AS_PATH and AS4_PATH. The AS4_PATH is ignored if it is longer than AS_PATH.
  static void MergeAs4(const AsPath& as_path, const AsPath& as4_path, AsPath* out);

  // Reads a path as people write it: ASNs (64500, AS64500, asdot 1.10)
  // separated by spaces or commas, an AS_SET in braces: "3356 {174,1299}
  // 13335" or "AS3356 AS13335". Errors (kParse) quote the text: an AS that
  // does not parse, a brace left open, closed without opening, nested or
  // empty. An empty text is the empty path.
  static Result<AsPath> Parse(std::string_view text);

  // Text as routers and bgpdump print it: sequences space separated, sets as
  // {a,b}, confederation sequences (a b), confederation sets [a b].
  std::string ToString() const;
  void AppendTo(std::string* out) const;

  friend bool operator==(const AsPath& a, const AsPath& b) {
    return a.asns_ == b.asns_ && a.segments_ == b.segments_;
  }

 private:
  struct Segment {
    SegmentType type;
    std::uint32_t count;
    bool operator==(const Segment&) const = default;
  };
  std::vector<Asn> asns_;
  std::vector<Segment> segments_;
};

// The path as the route-verification procedures walk it (ASPA's
// COMPRESSED_AS_PATH, the valley-free check): its ASes, neighbour first, each
// run of a repeated AS (prepending) collapsed to one, AS_CONFED_SEQUENCE
// segments skipped (RFC 5065 removes them where the route leaves the
// confederation). Only adjacent repeats collapse, across segment boundaries
// too; an AS that reappears later (a loop) stays. Replaces out's content,
// reusing its capacity. Returns false, leaving out unspecified, when the path
// holds an AS_SET or AS_CONFED_SET, which have no order to walk.
bool CompressAsPath(const AsPath& path, std::vector<Asn>* out);

}  // namespace manrs

#endif  // MANRS_BGP_AS_PATH_H_
