#include "manrs/irr/set_expansion.h"

#include <algorithm>

#include "fmt/format.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/rpsl/set_name.h"

namespace manrs {

namespace {

// "AS1^+" -> "AS1", "^+"; "192.0.2.0/24^-" -> "192.0.2.0/24", "^-".
std::pair<std::string_view, std::string_view> SplitOperator(std::string_view member) {
  auto caret = member.find('^');
  if (caret == std::string_view::npos) return {member, {}};
  return {member.substr(0, caret), member.substr(caret)};
}

bool IsPlainAsn(std::string_view name) {
  return ClassifySetName(name) == SetKind::kNone && ParseAsn(name).has_value() && name.size() > 2 &&
         (name[0] == 'A' || name[0] == 'a');
}

std::optional<PrefixRange> ApplyAll(PrefixRange range, const std::vector<RangeOperator>& ops) {
  for (const auto& op : ops) {
    auto next = ApplyRangeOperator(range, op);
    if (!next) return std::nullopt;
    range = *next;
  }
  return range;
}

}  // namespace

const char* ExpansionFindingName(ExpansionFinding::Kind kind) {
  switch (kind) {
    case ExpansionFinding::Kind::kLoop:
      return "loop";
    case ExpansionFinding::Kind::kDepthLimit:
      return "depth-limit";
    case ExpansionFinding::Kind::kNotFound:
      return "not-found";
    case ExpansionFinding::Kind::kBadMember:
      return "bad-member";
  }
  return "?";
}

void SortUnique(std::vector<Asn>* asns) {
  std::sort(asns->begin(), asns->end());
  asns->erase(std::unique(asns->begin(), asns->end()), asns->end());
}

void SortUnique(std::vector<PrefixRange>* ranges) {
  std::sort(ranges->begin(), ranges->end());
  ranges->erase(std::unique(ranges->begin(), ranges->end()), ranges->end());
}

void SetExpander::Finding(ExpansionFinding::Kind kind, const std::string& set, std::string detail) {
  findings_.push_back(ExpansionFinding{kind, set, std::move(detail)});
}

const IrrSet* SetExpander::Find(const std::string& name) {
  return db_.FindSet(name, path_.empty() ? root_mask_ : mask_, options_.source_order);
}

bool SetExpander::RefAllowed(const IrrSet& set, const IrrMembership& claim) const {
  if (!((mask_ >> claim.source) & 1) || set.mbrs_by_ref.empty()) return false;
  for (const auto& allowed : set.mbrs_by_ref) {
    if (allowed == "ANY") return true;
    if (std::find(claim.mnt_by.begin(), claim.mnt_by.end(), allowed) != claim.mnt_by.end()) {
      return true;
    }
  }
  return false;
}

void SetExpander::AppendRoutesOf(Asn asn, Afi afi, std::vector<PrefixRange>* out) {
  for (const IrrRoute& route : db_.RoutesOf(asn, afi)) {
    if (!((mask_ >> route.source) & 1)) continue;
    ++stats_.routes_seen;
    if (options_.vrps && ValidateOrigin(*options_.vrps, route.prefix, asn) == RovState::kInvalid) {
      ++stats_.rpki_invalid_suppressed;
      continue;
    }
    out->push_back(PrefixRange::Exact(route.prefix));
  }
  if (options_.roa_routes) {
    const auto& roas = *options_.roa_routes;
    auto it = std::lower_bound(roas.begin(), roas.end(), asn,
                               [](const Vrp& v, Asn a) { return v.asn < a; });
    for (; it != roas.end() && it->asn == asn; ++it) {
      if (it->prefix.afi() != afi) continue;
      out->push_back(PrefixRange::Exact(it->prefix));
      ++stats_.roa_routes_added;
    }
  }
}

bool SetExpander::MayEnter(const std::string& name, int depth) {
  const std::string& parent = path_.empty() ? name : path_.back();
  if (std::find(path_.begin(), path_.end(), name) != path_.end()) {
    std::string cycle;
    for (const auto& p : path_) cycle += p + " -> ";
    Finding(ExpansionFinding::Kind::kLoop, parent, cycle + name);
    return false;
  }
  if (depth > options_.max_depth) {
    Finding(ExpansionFinding::Kind::kDepthLimit, parent, name);
    return false;
  }
  return true;
}

const IrrSet* SetExpander::FindOrReport(const std::string& name) {
  const IrrSet* set = Find(name);
  if (!set) Finding(ExpansionFinding::Kind::kNotFound, path_.empty() ? name : path_.back(), name);
  return set;
}

void SetExpander::CollectAsns(const std::string& name, int depth, std::vector<Asn>* out) {
  if (IsPlainAsn(name)) {
    out->push_back(*ParseAsn(name));
    return;
  }
  if (!MayEnter(name, depth)) return;
  if (done_.count(name)) return;
  const IrrSet* set = FindOrReport(name);
  if (!set) return;
  done_.insert(name);
  ++stats_.sets_visited;
  path_.push_back(name);
  for (const auto& member : set->members) {
    auto [member_name, op] = SplitOperator(member);
    if (member_name.find('/') != std::string_view::npos) continue;  // a prefix of a route-set
    std::string m(member_name);
    if (IsPlainAsn(m) || ClassifySetName(m) == SetKind::kAsSet ||
        ClassifySetName(m) == SetKind::kRouteSet) {
      CollectAsns(m, depth + 1, out);
    } else {
      Finding(ExpansionFinding::Kind::kBadMember, name, m);
    }
  }
  for (const auto& claim : db_.MembershipsOf(name)) {
    if (!claim.is_route && RefAllowed(*set, claim)) out->push_back(claim.asn);
  }
  path_.pop_back();
}

void SetExpander::CollectPrefixes(const std::string& name, Afi afi, RangeOperator op, int depth,
                                  std::vector<PrefixRange>* out) {
  // ops applies innermost first; op is the one this reference carries.
  std::vector<RangeOperator> ops{op};
  if (IsPlainAsn(name)) {
    std::vector<PrefixRange> routes;
    AppendRoutesOf(*ParseAsn(name), afi, &routes);
    for (const auto& r : routes) {
      if (auto applied = ApplyAll(r, ops)) out->push_back(*applied);
    }
    return;
  }
  if (!MayEnter(name, depth)) return;
  const IrrSet* set = FindOrReport(name);
  if (!set) return;
  if (set->kind == SetKind::kAsSet) {
    std::vector<Asn> asns;
    auto saved = std::move(done_);
    done_.clear();
    CollectAsns(name, depth, &asns);
    done_ = std::move(saved);
    SortUnique(&asns);
    std::vector<PrefixRange> routes;
    for (Asn asn : asns) AppendRoutesOf(asn, afi, &routes);
    for (const auto& r : routes) {
      if (auto applied = ApplyAll(r, ops)) out->push_back(*applied);
    }
    return;
  }
  ++stats_.sets_visited;
  path_.push_back(name);
  for (const auto& member : set->members) {
    auto [member_name, op_text] = SplitOperator(member);
    auto inner = ParseRangeOperator(op_text);
    if (!inner) {
      Finding(ExpansionFinding::Kind::kBadMember, name, member);
      continue;
    }
    if (member_name.find('/') != std::string_view::npos) {
      auto range = ParseRpslPrefixRange(member);
      if (!range) {
        Finding(ExpansionFinding::Kind::kBadMember, name, member);
        continue;
      }
      if (range->prefix.afi() != afi) continue;
      if (auto applied = ApplyAll(*range, ops)) out->push_back(*applied);
      continue;
    }
    std::string m(member_name);
    if (!IsPlainAsn(m) && ClassifySetName(m) != SetKind::kAsSet &&
        ClassifySetName(m) != SetKind::kRouteSet) {
      Finding(ExpansionFinding::Kind::kBadMember, name, member);
      continue;
    }
    std::vector<PrefixRange> sub;
    CollectPrefixes(m, afi, *inner, depth + 1, &sub);
    for (const auto& r : sub) {
      if (auto applied = ApplyAll(r, ops)) out->push_back(*applied);
    }
  }
  for (const auto& claim : db_.MembershipsOf(name)) {
    if (!claim.is_route || claim.prefix.afi() != afi || !RefAllowed(*set, claim)) continue;
    if (options_.vrps &&
        ValidateOrigin(*options_.vrps, claim.prefix, claim.asn) == RovState::kInvalid) {
      ++stats_.rpki_invalid_suppressed;
      continue;
    }
    if (auto applied = ApplyAll(PrefixRange::Exact(claim.prefix), ops)) out->push_back(*applied);
  }
  path_.pop_back();
}

namespace {

// Applies "SOURCE::" to the mask; false when the source is unknown.
bool Scope(const IrrDatabase& db, std::string_view text, SourceMask base, SourceMask* mask,
           std::string* name) {
  ScopedName scoped = SplitSourceScope(text);
  *name = scoped.name;
  *mask = base;
  if (scoped.source.empty()) return true;
  int i = db.SourceIndex(scoped.source);
  if (i < 0) return false;
  *mask = base & (SourceMask{1} << i);
  return true;
}

}  // namespace

bool SetExpander::ScopeTo(std::string_view text, std::string* name) {
  if (!Scope(db_, text, options_.sources, &root_mask_, name)) return false;
  // An AS number's routes are its own: the scope applies to them either way.
  mask_ = options_.source_scope_named_set_only && !IsPlainAsn(*name) ? options_.sources
                                                                     : root_mask_;
  return true;
}

namespace {


}  // namespace

bool SetExpander::Begin(std::string_view text, std::string* name) {
  if (!ScopeTo(text, name)) return false;
  path_.clear();
  done_.clear();
  findings_.clear();
  return IsPlainAsn(*name) || Find(*name) != nullptr;
}

std::optional<std::vector<Asn>> SetExpander::ExpandAsns(std::string_view text) {
  std::string name;
  if (!Begin(text, &name)) return std::nullopt;
  std::vector<Asn> out;
  CollectAsns(name, 0, &out);
  SortUnique(&out);
  return out;
}

std::optional<std::vector<PrefixRange>> SetExpander::ExpandPrefixes(std::string_view text,
                                                                    Afi afi) {
  std::string name;
  if (!Begin(text, &name)) return std::nullopt;
  std::vector<PrefixRange> out;
  CollectPrefixes(name, afi, RangeOperator{}, 0, &out);
  SortUnique(&out);
  return out;
}

std::optional<std::vector<std::string>> SetExpander::DirectMembers(std::string_view text) {
  std::string name;
  if (!ScopeTo(text, &name)) return std::nullopt;
  const IrrSet* set = Find(name);
  if (!set) return std::nullopt;
  std::vector<std::string> out = set->members;
  for (const auto& claim : db_.MembershipsOf(name)) {
    if (!RefAllowed(*set, claim)) continue;
    if (set->kind == SetKind::kAsSet && !claim.is_route) {
      out.push_back(fmt::format("AS{}", claim.asn));
    } else if (set->kind == SetKind::kRouteSet && claim.is_route) {
      out.push_back(claim.prefix.ToString());
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<SetExpansion> ExpandSet(const IrrDatabase& db, std::string_view name,
                               const ExpansionOptions& options) {
  SetExpander expander(db, options);
  SetExpansion out;
  out.name = std::string(name);
  auto asns = expander.ExpandAsns(name);
  if (!asns) {
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("{}: no such set or AS number in the selected sources", name));
  }
  out.asns = std::move(*asns);
  out.findings = expander.findings();
  // ExpandAsns already reported loops and unknown members; the prefix walks
  // find the same ones again, so only their route-set findings are added.
  auto v4 = expander.ExpandPrefixes(name, Afi::kIpv4);
  if (v4) out.ipv4 = std::move(*v4);
  if (ClassifySetName(SplitSourceScope(name).name) == SetKind::kRouteSet) {
    out.findings.insert(out.findings.end(), expander.findings().begin(), expander.findings().end());
  }
  auto v6 = expander.ExpandPrefixes(name, Afi::kIpv6);
  if (v6) out.ipv6 = std::move(*v6);
  out.stats = expander.stats();
  return out;
}

}  // namespace manrs
