// ASPA verification in one pass over the AS_PATH, neighbour to origin, without
// building the compressed path: each AS is looked up in the table once and
// the four ramp bounds of draft section 6.1 are tracked as positions.
//
// Positions: the AS fed p-th (p = 0 for the neighbour) is AS(N - p) in the
// draft's numbering. For each adjacent pair (prev at p - 1, cur at p):
//  - the up-ramp hop is authorized(cur, prev) = authorized(AS(i), AS(i+1))
//    with i = N - p; the smallest such i is the largest p, so the up bounds
//    keep the last p seen;
//  - the down-ramp hop is authorized(prev, cur) = authorized(AS(j), AS(j-1))
//    with j = N - p + 1; the largest j is the smallest p, so the down bounds
//    keep the first p seen, and the ramp length N - j + 1 is p itself.
#include "manrs/rpki/aspa_verification.h"

#include <algorithm>

#include "fmt/format.h"

namespace manrs {

const char* AspaAuthorizationName(AspaAuthorization a) {
  switch (a) {
    case AspaAuthorization::kNoAttestation:
      return "no-attestation";
    case AspaAuthorization::kProviderPlus:
      return "provider+";
    case AspaAuthorization::kNotProviderPlus:
      return "not-provider+";
  }
  return "?";
}

const char* AspaDirectionName(AspaDirection d) {
  return d == AspaDirection::kUpstream ? "upstream" : "downstream";
}

const char* AspaStateName(AspaState s) {
  switch (s) {
    case AspaState::kValid:
      return "valid";
    case AspaState::kInvalid:
      return "invalid";
    case AspaState::kUnknown:
      return "unknown";
  }
  return "?";
}

const char* AspaReasonName(AspaReason r) {
  switch (r) {
    case AspaReason::kRampsCover:
      return "ramps-cover";
    case AspaReason::kEmptyPath:
      return "empty-path";
    case AspaReason::kNeighborMismatch:
      return "neighbor-mismatch";
    case AspaReason::kAsSet:
      return "as-set";
    case AspaReason::kNotProviderPlus:
      return "not-provider+";
    case AspaReason::kNoAttestation:
      return "no-attestation";
  }
  return "?";
}

AspaTable::AspaTable(std::span<const Aspa> aspas) {
  for (const Aspa& aspa : aspas) Add(aspa);
}

void AspaTable::Add(const Aspa& aspa) {
  std::vector<Asn>& providers = spas_[aspa.customer_asn];
  for (Asn p : aspa.providers) {
    if (p != 0) providers.push_back(p);
  }
  std::sort(providers.begin(), providers.end());
  providers.erase(std::unique(providers.begin(), providers.end()), providers.end());
}

const std::vector<Asn>* AspaTable::Providers(Asn customer) const {
  auto it = spas_.find(customer);
  return it == spas_.end() ? nullptr : &it->second;
}

namespace {

AspaAuthorization AuthorizedBy(const std::vector<Asn>* spas, Asn provider) {
  if (spas == nullptr) return AspaAuthorization::kNoAttestation;
  return std::binary_search(spas->begin(), spas->end(), provider)
             ? AspaAuthorization::kProviderPlus
             : AspaAuthorization::kNotProviderPlus;
}

// A hop found during the scan, with the position of the AS that decides it.
struct Seen {
  std::size_t pos = 0;
  bool found = false;
  AspaHop hop;
};

// Tracks the ramp bounds over the compressed path fed neighbour first.
class RampScan {
 public:
  explicit RampScan(const AspaTable& table) : table_(table) {}

  // Feeds the next AS of the AS_PATH; repeats of the previous AS are ignored.
  void Feed(Asn asn) {
    if (count_ > 0 && asn == prev_) return;
    const std::vector<Asn>* spas = table_.Providers(asn);
    if (count_ > 0) {
      const std::size_t p = count_;
      // Up-ramp hop authorized(cur, prev): keep the last position.
      AspaAuthorization up = AuthorizedBy(spas, prev_);
      if (up != AspaAuthorization::kProviderPlus) {
        up_any_ = {p, true, {0, asn, prev_, up}};
        if (up == AspaAuthorization::kNotProviderPlus) up_not_ = up_any_;
      }
      // Down-ramp hop authorized(prev, cur): keep the first position.
      AspaAuthorization down = AuthorizedBy(prev_spas_, asn);
      if (down != AspaAuthorization::kProviderPlus) {
        if (!down_any_.found) down_any_ = {p, true, {0, prev_, asn, down}};
        if (down == AspaAuthorization::kNotProviderPlus && !down_not_.found) {
          down_not_ = {p, true, {0, prev_, asn, down}};
        }
      }
    }
    prev_ = asn;
    prev_spas_ = spas;
    ++count_;
  }

  // Steps 4 to 6 of sections 6.2 / 6.3.
  AspaVerdict Finish(AspaDirection direction) const {
    AspaVerdict v;
    const std::size_t n = count_;
    v.n = n;
    v.max_up_ramp = up_not_.found ? n - up_not_.pos : n;
    v.min_up_ramp = up_any_.found ? n - up_any_.pos : n;
    const bool downstream = direction == AspaDirection::kDownstream;
    if (downstream) {
      v.max_down_ramp = down_not_.found ? down_not_.pos : n;
      v.min_down_ramp = down_any_.found ? down_any_.pos : n;
    }
    const Seen* up = nullptr;
    const Seen* down = nullptr;
    if (v.max_up_ramp + v.max_down_ramp < n) {
      v.state = AspaState::kInvalid;
      v.reason = AspaReason::kNotProviderPlus;
      up = &up_not_;
      down = downstream ? &down_not_ : nullptr;
    } else if (v.min_up_ramp + v.min_down_ramp < n) {
      v.state = AspaState::kUnknown;
      v.reason = AspaReason::kNoAttestation;
      up = &up_any_;
      down = downstream ? &down_any_ : nullptr;
    } else {
      v.state = AspaState::kValid;
      v.reason = AspaReason::kRampsCover;
    }
    if (up != nullptr && up->found) {
      v.up_hop = up->hop;
      v.up_hop->customer_index = n - up->pos;
    }
    if (down != nullptr && down->found) {
      v.down_hop = down->hop;
      v.down_hop->customer_index = n - down->pos + 1;
    }
    return v;
  }

 private:
  const AspaTable& table_;
  std::size_t count_ = 0;
  Asn prev_ = 0;
  const std::vector<Asn>* prev_spas_ = nullptr;
  Seen up_not_;    // last up hop that is "Not Provider+"
  Seen up_any_;    // last up hop that is not "Provider+"
  Seen down_not_;  // first down hop that is "Not Provider+"
  Seen down_any_;  // first down hop that is not "Provider+"
};

AspaVerdict Halt(AspaState state, AspaReason reason) {
  AspaVerdict v;
  v.state = state;
  v.reason = reason;
  return v;
}

// Steps 1 and 2: the first AS (nullopt for an empty path) against the session.
std::optional<AspaVerdict> CheckNeighbor(std::optional<Asn> first, bool empty,
                                         AspaDirection direction, const AspaSession& session) {
  if (empty) return Halt(AspaState::kInvalid, AspaReason::kEmptyPath);
  const bool check = session.neighbor_asn != 0 &&
                     !(direction == AspaDirection::kUpstream && session.receiver_is_rs_client);
  // A path that starts with a set has no single most recently added AS;
  // step 3 decides it.
  if (check && first && *first != session.neighbor_asn) {
    return Halt(AspaState::kInvalid, AspaReason::kNeighborMismatch);
  }
  return std::nullopt;
}

}  // namespace

AspaAuthorization AspaTable::Authorized(Asn customer, Asn provider) const {
  return AuthorizedBy(Providers(customer), provider);
}

AspaVerdict VerifyAsPath(const AspaTable& table, const AsPath& path, AspaDirection direction,
                         const AspaSession& session) {
  bool empty = true;
  bool has_set = false;
  std::optional<Asn> first;
  for (std::size_t i = 0; i < path.segment_count(); ++i) {
    const AsPathSegment s = path.segment(i);
    if (s.type == SegmentType::kConfedSequence) continue;
    if (s.type != SegmentType::kAsSequence) has_set = true;  // even an empty one
    if (s.asns.empty()) continue;
    if (empty && s.type == SegmentType::kAsSequence) first = s.asns.front();
    empty = false;
  }
  if (auto halt = CheckNeighbor(first, empty, direction, session)) return *halt;
  if (has_set) return Halt(AspaState::kInvalid, AspaReason::kAsSet);

  RampScan scan(table);
  for (std::size_t i = 0; i < path.segment_count(); ++i) {
    const AsPathSegment s = path.segment(i);
    if (s.type != SegmentType::kAsSequence) continue;
    for (Asn a : s.asns) scan.Feed(a);
  }
  return scan.Finish(direction);
}

AspaVerdict VerifyAsPath(const AspaTable& table, std::span<const Asn> path, AspaDirection direction,
                         const AspaSession& session) {
  std::optional<Asn> first;
  if (!path.empty()) first = path.front();
  if (auto halt = CheckNeighbor(first, path.empty(), direction, session)) return *halt;
  RampScan scan(table);
  for (Asn a : path) scan.Feed(a);
  return scan.Finish(direction);
}

std::string ToString(const AspaVerdict& verdict) {
  std::string out =
      fmt::format("{} ({})", AspaStateName(verdict.state), AspaReasonName(verdict.reason));
  auto hop = [&out](const char* ramp, const AspaHop& h) {
    out += fmt::format("; {}-ramp ends at AS{} -> AS{} (index {}, {})", ramp, h.customer,
                       h.provider, h.customer_index, AspaAuthorizationName(h.authorization));
  };
  if (verdict.up_hop) hop("up", *verdict.up_hop);
  if (verdict.down_hop) hop("down", *verdict.down_hop);
  return out;
}

}  // namespace manrs
