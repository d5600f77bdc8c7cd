#include "manrs/irr/database.h"

#include <algorithm>
#include <tuple>

#include "fmt/format.h"
#include "manrs/base/quote.h"
#include "manrs/rpsl/typed_objects.h"

namespace manrs {

namespace {

std::string RangeOperatorText(const RangeOperator& op) {
  switch (op.kind) {
    case RangeOperator::Kind::kNone:
      return "";
    case RangeOperator::Kind::kExclusive:
      return "^-";
    case RangeOperator::Kind::kInclusive:
      return "^+";
    case RangeOperator::Kind::kLength:
      return fmt::format("^{}", op.n);
    case RangeOperator::Kind::kLengths:
      return fmt::format("^{}-{}", op.n, op.m);
  }
  return "";
}

std::string ObjectKey(std::string_view class_name, std::string_view key) {
  std::string out(class_name);
  out.push_back('\0');
  out.append(key);
  return out;
}

auto RouteOrder(const IrrRoute& r) {
  return std::make_tuple(r.origin, r.prefix.afi(), r.prefix, r.source);
}

}  // namespace

Result<std::uint16_t> IrrDatabase::AddSource(std::string_view name) {
  std::string upper = ToUpperAscii(name);
  int found = SourceIndex(upper);
  if (found >= 0) return static_cast<std::uint16_t>(found);
  if (sources_.size() >= kMaxSources) {
    return MakeError(ErrorCode::kUnsupported, fmt::format("more than {} sources", kMaxSources));
  }
  sources_.push_back(upper);
  return static_cast<std::uint16_t>(sources_.size() - 1);
}

int IrrDatabase::SourceIndex(std::string_view name) const {
  std::string upper = ToUpperAscii(name);
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    if (sources_[i] == upper) return static_cast<int>(i);
  }
  return -1;
}

bool IrrDatabase::MaskOf(const std::vector<std::string>& names, SourceMask* mask) const {
  SourceMask out = 0;
  for (const auto& name : names) {
    int i = SourceIndex(name);
    if (i < 0) return false;
    out |= SourceMask{1} << i;
  }
  *mask = out;
  return true;
}

Status IrrDatabase::Reorder(const std::vector<std::string>& preferred) {
  std::vector<std::uint16_t> order;  // new position -> old index
  for (const auto& name : preferred) {
    int i = SourceIndex(name);
    if (i < 0) return MakeError(ErrorCode::kBadValue, fmt::format("unknown source '{}'", name));
    if (std::find(order.begin(), order.end(), i) == order.end()) {
      order.push_back(static_cast<std::uint16_t>(i));
    }
  }
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    if (std::find(order.begin(), order.end(), i) == order.end()) {
      order.push_back(static_cast<std::uint16_t>(i));
    }
  }
  std::vector<std::uint16_t> renumber(sources_.size());
  std::vector<std::string> names(sources_.size());
  for (std::size_t pos = 0; pos < order.size(); ++pos) {
    renumber[order[pos]] = static_cast<std::uint16_t>(pos);
    names[pos] = sources_[order[pos]];
  }
  sources_ = std::move(names);
  for (auto& o : objects_) o.source = renumber[o.source];
  for (auto& r : routes_) r.source = renumber[r.source];
  for (auto& s : sets_) s.source = renumber[s.source];
  for (auto& m : memberships_) m.source = renumber[m.source];
  for (auto& a : aut_nums_) a.source = renumber[a.source];
  prefix_index_valid_ = false;
  Finish();
  return {};
}

void IrrDatabase::ClearSource(std::uint16_t source) {
  // Objects are kept in the text store (it is rewritten compactly on Save);
  // only the references go.
  auto from = [source](const auto& x) { return x.source == source; };
  prefix_index_valid_ = false;
  std::erase_if(routes_, from);
  std::erase_if(sets_, from);
  std::erase_if(memberships_, from);
  std::erase_if(aut_nums_, from);
  // objects_ is indexed by position: mark the cleared ones dead.
  for (auto& o : objects_) {
    if (o.source == source) o.class_name.clear();
  }
}

std::uint32_t IrrDatabase::StoreObject(const RpslObject& object, std::string key,
                                       std::uint16_t source) {
  IrrObjectRef ref;
  ref.class_name = object.class_name();
  ref.key = std::move(key);
  ref.source = source;
  if (mapped_) {
    texts_.assign(mapped_texts_);
    mapped_texts_ = {};
    mapped_.reset();
  }
  ref.text_offset = texts_.size();
  ref.text_length = static_cast<std::uint32_t>(object.text.size());
  texts_.append(object.text);
  objects_.push_back(std::move(ref));
  ++serial_;
  return static_cast<std::uint32_t>(objects_.size() - 1);
}

bool IrrDatabase::AddObject(const RpslObject& object, std::uint16_t source, const std::string& file,
                            ProblemLog& problems) {
  auto report = [&](const Error& error) {
    problems.ReportAtLine(file, object.offset, object.line, error.message);
  };
  const std::string& cls = object.class_name();
  if (cls == "route" || cls == "route6") {
    auto route = RouteFromRpsl(object);
    if (!route) {
      report(route.error());
      return false;
    }
    // No key: route objects are found through routes_ (by origin, by prefix),
    // and 1.2 M keys would cost an allocation each on every snapshot open.
    std::uint32_t index = StoreObject(object, std::string(), source);
    routes_.push_back(IrrRoute{route->prefix, route->origin, source, index});
    prefix_index_valid_ = false;
    for (auto& set_name : route->member_of) {
      memberships_.push_back(IrrMembership{std::move(set_name), true, route->prefix, route->origin,
                                           source, route->mnt_by});
    }
    return true;
  }
  if (cls == "as-set") {
    auto set = AsSetFromRpsl(object);
    if (!set) {
      report(set.error());
      return false;
    }
    std::uint32_t index = StoreObject(object, set->name, source);
    sets_.push_back(IrrSet{std::move(set->name), SetKind::kAsSet, source, index,
                           std::move(set->members), std::move(set->mbrs_by_ref)});
    return true;
  }
  if (cls == "route-set") {
    std::vector<std::string> bad;
    auto set = RouteSetFromRpsl(object, &bad);
    if (!set) {
      report(set.error());
      return false;
    }
    for (const auto& member : bad) {
      report(Error{
          ErrorCode::kBadValue,
          fmt::format("route-set {}: bad member {} left out", set->name, QuoteForMessage(member)),
          0});
    }
    std::uint32_t index = StoreObject(object, set->name, source);
    IrrSet stored{set->name, SetKind::kRouteSet, source, index, {}, std::move(set->mbrs_by_ref)};
    for (const auto& m : set->members) {
      // Members go out over whois as stored (!i): in the form every client parses.
      stored.members.push_back(m.is_prefix ? m.range.ToExplicitString()
                                           : m.name + RangeOperatorText(m.op));
    }
    sets_.push_back(std::move(stored));
    return true;
  }
  if (cls == "aut-num") {
    auto aut_num = AutNumFromRpsl(object);
    if (!aut_num) {
      report(aut_num.error());
      return false;
    }
    StoreObject(object, fmt::format("AS{}", aut_num->asn), source);
    for (auto& set_name : aut_num->member_of) {
      memberships_.push_back(IrrMembership{std::move(set_name), false, Prefix(), aut_num->asn,
                                           source, aut_num->mnt_by});
    }
    aut_nums_.push_back(AutNum{aut_num->asn, source, std::move(aut_num->mnt_by)});
    return true;
  }
  StoreObject(object, ToUpperAscii(object.key()), source);
  return true;
}

void IrrDatabase::Finish() {
  auto route_less = [](const IrrRoute& a, const IrrRoute& b) {
    return RouteOrder(a) < RouteOrder(b);
  };
  // A snapshot comes sorted: checking is linear, sorting is not.
  if (!std::is_sorted(routes_.begin(), routes_.end(), route_less)) {
    std::sort(routes_.begin(), routes_.end(), route_less);
    prefix_index_valid_ = false;
  }
  routes_.erase(std::unique(routes_.begin(), routes_.end(),
                            [](const IrrRoute& a, const IrrRoute& b) {
                              return a.origin == b.origin && a.prefix == b.prefix &&
                                     a.source == b.source;
                            }),
                routes_.end());
  if (!prefix_index_valid_ || routes_by_prefix_.size() != routes_.size()) {
    routes_by_prefix_.resize(routes_.size());
    for (std::uint32_t i = 0; i < routes_.size(); ++i) routes_by_prefix_[i] = i;
    std::sort(routes_by_prefix_.begin(), routes_by_prefix_.end(),
              [this](std::uint32_t a, std::uint32_t b) {
                return std::tie(routes_[a].prefix, routes_[a].origin, routes_[a].source) <
                       std::tie(routes_[b].prefix, routes_[b].origin, routes_[b].source);
              });
    prefix_index_valid_ = true;
  }
  // A later object of the same class, key and source replaces an earlier one.
  sets_by_name_.clear();
  std::stable_sort(sets_.begin(), sets_.end(), [](const IrrSet& a, const IrrSet& b) {
    return std::tie(a.name, a.source) < std::tie(b.name, b.source);
  });
  for (std::uint32_t i = 0; i < sets_.size(); ++i) {
    auto& list = sets_by_name_[sets_[i].name];
    if (!list.empty() && sets_[list.back()].source == sets_[i].source) {
      list.back() = i;
    } else {
      list.push_back(i);
    }
  }
  objects_by_key_.clear();
  for (std::uint32_t i = 0; i < objects_.size(); ++i) {
    const auto& o = objects_[i];
    if (o.class_name.empty() || o.class_name == "route" || o.class_name == "route6") continue;
    objects_by_key_[ObjectKey(o.class_name, o.key)].push_back(i);
  }
  for (auto& [key, list] : objects_by_key_) {
    std::stable_sort(list.begin(), list.end(), [this](std::uint32_t a, std::uint32_t b) {
      return objects_[a].source < objects_[b].source;
    });
  }
  std::stable_sort(
      memberships_.begin(), memberships_.end(),
      [](const IrrMembership& a, const IrrMembership& b) { return a.set_name < b.set_name; });
  std::stable_sort(aut_nums_.begin(), aut_nums_.end(), [](const AutNum& a, const AutNum& b) {
    return std::tie(a.asn, a.source) < std::tie(b.asn, b.source);
  });
}

std::span<const IrrRoute> IrrDatabase::RoutesOf(Asn origin, Afi afi) const {
  auto lo = std::lower_bound(routes_.begin(), routes_.end(), std::make_tuple(origin, afi),
                             [](const IrrRoute& r, const std::tuple<Asn, Afi>& k) {
                               return std::make_tuple(r.origin, r.prefix.afi()) < k;
                             });
  auto hi = std::upper_bound(lo, routes_.end(), std::make_tuple(origin, afi),
                             [](const std::tuple<Asn, Afi>& k, const IrrRoute& r) {
                               return k < std::make_tuple(r.origin, r.prefix.afi());
                             });
  return std::span<const IrrRoute>(routes_.data() + (lo - routes_.begin()),
                                   static_cast<std::size_t>(hi - lo));
}

std::vector<const IrrRoute*> IrrDatabase::RoutesExact(const Prefix& prefix) const {
  std::vector<const IrrRoute*> out;
  auto it =
      std::lower_bound(routes_by_prefix_.begin(), routes_by_prefix_.end(), prefix,
                       [this](std::uint32_t i, const Prefix& p) { return routes_[i].prefix < p; });
  for (; it != routes_by_prefix_.end() && routes_[*it].prefix == prefix; ++it) {
    out.push_back(&routes_[*it]);
  }
  return out;
}

std::vector<const IrrRoute*> IrrDatabase::RoutesMoreSpecific(const Prefix& prefix,
                                                             bool include_exact) const {
  std::vector<const IrrRoute*> out;
  auto it =
      std::lower_bound(routes_by_prefix_.begin(), routes_by_prefix_.end(), prefix,
                       [this](std::uint32_t i, const Prefix& p) { return routes_[i].prefix < p; });
  for (; it != routes_by_prefix_.end() && prefix.Contains(routes_[*it].prefix); ++it) {
    if (!include_exact && routes_[*it].prefix == prefix) continue;
    out.push_back(&routes_[*it]);
  }
  return out;
}

std::vector<const IrrRoute*> IrrDatabase::RoutesLessSpecific(const Prefix& prefix,
                                                             bool include_exact) const {
  std::vector<const IrrRoute*> out;
  for (int len = prefix.length() - (include_exact ? 0 : 1); len >= 0; --len) {
    auto found = RoutesExact(Prefix::Normalized(prefix.address(), len));
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

const IrrSet* IrrDatabase::FindSet(std::string_view name, SourceMask mask,
                                   std::span<const std::uint16_t> order) const {
  auto it = sets_by_name_.find(std::string(name));
  if (it == sets_by_name_.end()) return nullptr;
  const IrrSet* best = nullptr;
  std::size_t best_rank = 0;
  for (std::uint32_t i : it->second) {
    const IrrSet& s = sets_[i];
    if (!((mask >> s.source) & 1)) continue;
    std::size_t rank = s.source;
    if (!order.empty()) {
      rank =
          static_cast<std::size_t>(std::find(order.begin(), order.end(), s.source) - order.begin());
      rank = rank * kMaxSources + s.source;  // sources missing from order come last
    }
    if (!best || rank < best_rank) {
      best = &s;
      best_rank = rank;
    }
  }
  return best;
}

std::vector<const IrrObjectRef*> IrrDatabase::FindObjects(std::string_view class_name,
                                                          std::string_view key,
                                                          SourceMask mask) const {
  std::vector<const IrrObjectRef*> out;
  if (class_name == "route" || class_name == "route6") {
    // key: "192.0.2.0/24AS64496"
    auto as = ToUpperAscii(key).rfind("AS");
    if (as == std::string::npos) return out;
    auto prefix = Prefix::Parse(key.substr(0, as));
    auto origin = ParseAsn(key.substr(as));
    if (!prefix || !origin) return out;
    for (const IrrRoute* r : RoutesExact(*prefix)) {
      if (r->origin == *origin && ((mask >> r->source) & 1)) out.push_back(&objects_[r->object]);
    }
    return out;
  }
  auto it = objects_by_key_.find(ObjectKey(class_name, key));
  if (it == objects_by_key_.end()) return out;
  for (std::uint32_t i : it->second) {
    if ((mask >> objects_[i].source) & 1) out.push_back(&objects_[i]);
  }
  return out;
}

std::span<const IrrMembership> IrrDatabase::MembershipsOf(std::string_view set_name) const {
  auto lo =
      std::lower_bound(memberships_.begin(), memberships_.end(), set_name,
                       [](const IrrMembership& m, std::string_view n) { return m.set_name < n; });
  auto hi = lo;
  while (hi != memberships_.end() && hi->set_name == set_name) ++hi;
  if (lo == hi) return {};
  return std::span<const IrrMembership>(&*lo, static_cast<std::size_t>(hi - lo));
}

const std::vector<std::string>* IrrDatabase::AutNumMntBy(Asn asn, SourceMask mask) const {
  auto it = std::lower_bound(aut_nums_.begin(), aut_nums_.end(), asn,
                             [](const AutNum& a, Asn n) { return a.asn < n; });
  for (; it != aut_nums_.end() && it->asn == asn; ++it) {
    if ((mask >> it->source) & 1) return &it->mnt_by;
  }
  return nullptr;
}

}  // namespace manrs
