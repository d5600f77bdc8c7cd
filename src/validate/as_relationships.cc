// Parsing CAIDA as-rel text; see as_relationships.h.
#include "manrs/validate/as_relationships.h"

#include <array>
#include <charconv>

#include "fmt/format.h"
#include "manrs/base/quote.h"
#include "manrs/base/text.h"
#include "validate/text_file.h"

namespace manrs {

const char* AsRelationName(AsRelation r) {
  switch (r) {
    case AsRelation::kUnknown:
      return "unknown";
    case AsRelation::kCustomer:
      return "customer";
    case AsRelation::kProvider:
      return "provider";
    case AsRelation::kPeer:
      return "peer";
    case AsRelation::kSibling:
      return "sibling";
  }
  return "?";
}

namespace {

// What b is to a, and a to b, for a CAIDA relation code; false if unknown.
bool Decode(int relation, AsRelation* b_to_a, AsRelation* a_to_b) {
  switch (relation) {
    case -1:
      *b_to_a = AsRelation::kCustomer;
      *a_to_b = AsRelation::kProvider;
      return true;
    case 0:
      *b_to_a = *a_to_b = AsRelation::kPeer;
      return true;
    case 1:
      *b_to_a = *a_to_b = AsRelation::kSibling;
      return true;
    default:
      return false;
  }
}

bool ParseInt(std::string_view s, int* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

bool AsRelationships::Add(Asn a, Asn b, int relation) {
  AsRelation b_to_a;
  AsRelation a_to_b;
  if (a == b || !Decode(relation, &b_to_a, &a_to_b)) return false;
  if (links_.contains(Key(a, b))) return false;
  links_.emplace(Key(a, b), b_to_a);
  links_.emplace(Key(b, a), a_to_b);
  return true;
}

AsRelation AsRelationships::RelationOf(Asn a, Asn b) const {
  auto it = links_.find(Key(a, b));
  return it == links_.end() ? AsRelation::kUnknown : it->second;
}

Result<AsRelationships> AsRelationships::Load(const std::string& path, ProblemLog& problems) {
  auto text = validate_internal::ReadTextFile(path, problems);
  if (!text) return Unexpected<Error>(text.error());
  return Parse(*text, path, problems);
}

Result<AsRelationships> AsRelationships::Parse(std::string_view text, const std::string& source,
                                               ProblemLog& problems) {
  AsRelationships rel;
  AsRelationshipStats& st = rel.stats_;
  validate_internal::ForEachLine(
      text, [&](std::uint64_t number, std::uint64_t offset, std::string_view raw) {
        auto bad = [&](const std::string& why) {
          ++st.bad_lines;
          problems.ReportAtLine(source, offset, number, why);
        };
        ++st.lines;
        std::string_view line = Trim(raw);
        if (line.empty() || line.front() == '#') {
          ++st.comments;
          return;
        }
        std::array<std::string_view, 4> f;
        std::size_t n = SplitInto(line, '|', f);
        if (n < 3 || n > 4) {
          bad(n > 4 ? std::string("more than 4 fields")
                    : fmt::format("expected a|b|relation, got {} field(s)", n));
          return;
        }
        auto a = ParseAsn(Trim(f[0]));
        if (!a) return bad(fmt::format("bad AS number: {}", a.error().message));
        auto b = ParseAsn(Trim(f[1]));
        if (!b) return bad(fmt::format("bad AS number: {}", b.error().message));
        int relation = 0;
        if (!ParseInt(Trim(f[2]), &relation) || relation < -1 || relation > 1) {
          bad(fmt::format("relation must be -1, 0 or 1, got {}", QuoteForMessage(f[2])));
          return;
        }
        if (*a == *b) {
          bad(fmt::format("AS{} linked to itself", *a));
          return;
        }
        const AsRelation before = rel.RelationOf(*a, *b);
        if (rel.Add(*a, *b, relation)) {
          ++st.links;
          return;
        }
        AsRelation now;
        AsRelation unused;
        Decode(relation, &now, &unused);
        if (before == now) {
          ++st.duplicates;
        } else {
          ++st.conflicts;
          problems.ReportAtLine(source, offset, number,
                                fmt::format("AS{} is already a {} of AS{}; {} ignored", *b,
                                            AsRelationName(before), *a, QuoteForMessage(line)));
        }
      });
  if (st.links == 0) {
    return MakeError(ErrorCode::kParse, fmt::format("{}: no AS relationship in the file", source));
  }
  return rel;
}

}  // namespace manrs
