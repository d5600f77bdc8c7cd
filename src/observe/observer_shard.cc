// Observer::Shard's work (observer_shard.h): the facts of each (prefix,
// origin) and AS path, and the offences each route element carries.
#include "observe/observer_shard.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "fmt/format.h"
#include "manrs/validate/route_leak.h"
#include "observe/json_text.h"

namespace manrs {

using observe_internal::AppendJsonString;
using observe_internal::kNone;
using observe_internal::OriginFacts;
using observe_internal::PathFacts;
using observe_internal::PathKey;
using observe_internal::RouteEvent;

namespace {

constexpr std::uint16_t kBgpEstablished = 6;  // RFC 4271 FSM state numbering in MRT

PathKey KeyOf(const AsPath& path) {
  std::uint64_t a = 0xcbf29ce484222325ULL, b = 0x9e3779b97f4a7c15ULL;
  auto mix = [&](std::uint64_t v) {
    a = (a ^ v) * 0x100000001b3ULL;
    b = (b + v) * 0xff51afd7ed558ccdULL;
    b ^= b >> 29;
  };
  for (std::size_t s = 0; s < path.segment_count(); ++s) {
    const AsPathSegment seg = path.segment(s);
    mix(std::uint64_t{static_cast<std::uint8_t>(seg.type)} << 32 | seg.asns.size());
    for (Asn x : seg.asns) mix(x);
  }
  return {a, b};
}

}  // namespace

OriginFacts Observer::Shard::ComputeFacts(const Prefix& prefix, Asn origin) {
  OriginFacts f;
  // The state at table speed; the covering VRPs only for the evidence of
  // an invalid route.
  f.rov = ValidateOrigin(*in.vrps, prefix, origin);
  std::vector<Vrp> others;
  if (f.rov == RovState::kInvalid) {
    ValidateRoute(*in.vrps, prefix, origin, &rov);
    for (const CoveringVrp& c : rov.covering) {
      if (c.match == VrpMatch::kOtherOrigin && c.vrp.asn != 0) others.push_back(c.vrp);
    }
  }
  std::vector<const IrrRoute*> other_objects;
  // Without a route object of the origin, only a possible hijack (no VRP
  // covering P) needs the other origins' objects.
  const bool may_register = in.irr && !in.irr->RoutesOf(origin, prefix.afi()).empty();
  if (in.irr && !may_register && f.rov != RovState::kNotFound) {
    f.irr = IrrState::kNotRegistered;
  } else if (in.irr) {
    f.irr = IrrState::kNotRegistered;
    for (const IrrRoute* r : in.irr->RoutesLessSpecific(prefix, true)) {
      if (r->origin == origin) {
        if (r->prefix == prefix) {
          f.irr = IrrState::kRegistered;
        } else if (f.irr != IrrState::kRegistered) {
          f.irr = IrrState::kCovered;
        }
      } else if (r->origin != 0 && r->prefix != prefix) {
        other_objects.push_back(r);
      }
    }
  }
  const bool irr_ok = f.irr == IrrState::kRegistered || f.irr == IrrState::kCovered;
  auto route_objects_json = [&](std::string* j, const std::vector<const IrrRoute*>& list) {
    j->append("[");
    for (std::size_t i = 0; i < list.size() && i < 5; ++i) {
      if (i) j->push_back(',');
      j->append("{\"prefix\":");
      AppendJsonString(j, list[i]->prefix.ToString());
      fmt::format_to(std::back_inserter(*j), ",\"origin\":{},\"source\":", list[i]->origin);
      AppendJsonString(j, in.irr->sources()[list[i]->source]);
      j->push_back('}');
    }
    j->append("]");
  };
  if (f.rov == RovState::kInvalid && !others.empty() && !irr_ok) {
    // Related ASes (provider, customer, sibling) announcing each other's
    // space are a misconfiguration far more often than a hijack.
    bool related = false;
    for (const Vrp& v : others) related = related || Related(origin, v.asn);
    f.hijack = true;
    f.hijack_low = related;
    for (const Vrp& v : others) f.holders.push_back(v.asn);
    std::string j = "{\"rule\":\"rpki-invalid-other-origin\",\"vrps\":[";
    for (std::size_t i = 0; i < others.size() && i < 5; ++i) {
      if (i) j.push_back(',');
      AppendJsonString(&j, ToString(others[i]));
    }
    j += "],\"irr\":";
    AppendJsonString(&j, in.irr ? "no route object for the origin" : "not loaded");
    if (related) {
      j += ",\"related\":";
      AppendJsonString(&j, fmt::format("AS{} is a {} of AS{}", others.front().asn,
                                       RelationText(origin, others.front().asn), origin));
    }
    f.hijack_reason = AddReason(j + "}");
    f.hijack_reason_upstream =
        AddReason(j +
                  ",\"holder_on_path\":\"the VRP's AS is on the path: its space, "
                  "announced by a downstream\"}");
  } else if (f.rov == RovState::kNotFound && in.irr && f.irr == IrrState::kNotRegistered &&
             !other_objects.empty()) {
    bool related = false;
    for (const IrrRoute* r : other_objects) related = related || Related(origin, r->origin);
    if (!related) {
      f.hijack = true;
      f.hijack_low = true;
      for (const IrrRoute* r : other_objects) f.holders.push_back(r->origin);
      std::string j = "{\"rule\":\"more-specific-of-other-registration\",\"route_objects\":";
      route_objects_json(&j, other_objects);
      j += ",\"vrps\":[]}";
      f.hijack_reason = AddReason(std::move(j));
    }
  }
  if (in.bogons) {
    if (auto match = in.bogons->Match(prefix)) {
      f.bogon = true;
      f.bogon_administrative = match->source == BogonSource::kList;
      std::string j = "{\"bogon_block\":";
      AppendJsonString(&j, match->block.ToString());
      j += ",\"class\":";
      AppendJsonString(&j, f.bogon_administrative ? "administrative" : "full");
      j += ",\"registry\":";
      AppendJsonString(&j, match->special
                               ? fmt::format("{} ({})", match->special->name, match->special->rfc)
                               : std::string("loaded bogon list"));
      j.push_back('}');
      f.bogon_reason = AddReason(std::move(j));
    }
  }
  return f;
}

PathFacts Observer::Shard::ComputePath(const AsPath& path, Asn origin) {
  PathFacts p;
  shape.Fill(path);
  const std::vector<Asn>& seq = shape.sequence;
  if (!shape.has_set && seq.size() >= 2 && seq.back() == origin) {
    p.origin_neighbor = seq[seq.size() - 2];
  }
  path_origins.push_back(origin);
  if (in.aspas) {
    path_aspa.push_back(
        static_cast<std::uint8_t>(VerifyAsPath(*in.aspas, path, AspaDirection::kUpstream).state));
  }
  // Bogon ASN: the culprit is the first AS towards the collector that is not
  // a bogon itself: it passed on a path it should have dropped.
  if (!shape.has_set) {
    for (std::size_t i = 0; i < seq.size(); ++i) {
      const BogonAsnRange* range = ClassifyBogonAsn(seq[i]);
      if (!range) continue;
      std::size_t c = i;
      while (c > 0 && ClassifyBogonAsn(seq[c - 1])) --c;
      if (c == 0) break;  // the collector's peer itself: nobody to blame outside the session
      --c;
      Offence o;
      o.kind = IncidentKind::kBogonAsn;
      o.culprit = seq[c];
      o.accomplice = c > 0 ? seq[c - 1] : 0;
      o.administrative = range->kind == BogonAsnKind::kIanaReserved;
      std::string j = fmt::format("{{\"bogon_asn\":{},\"range\":\"{}-{}\",\"kind\":", seq[i],
                                  range->first, range->last);
      AppendJsonString(&j, BogonAsnKindName(range->kind));
      j += ",\"rfc\":";
      AppendJsonString(&j, range->rfc);
      j += ",\"class\":";
      AppendJsonString(&j, o.administrative ? "administrative" : "full");
      j += fmt::format(",\"adjacent_to\":{}}}", o.culprit);
      o.reason = AddReason(std::move(j));
      p.bogon_asn = static_cast<std::uint32_t>(path_offences.size());
      path_offences.push_back(o);
      break;
    }
  }
  // Valley-free leak; paths with sets, loops (poisoning) or bogon ASNs are
  // not judged: their relationships say nothing reliable.
  if (in.relationships && !shape.has_set && !shape.loop && p.bogon_asn == kNone &&
      seq.size() >= 3) {
    ValleyFreeVerdict v = CheckValleyFree(*in.relationships, path);
    if (v.state == ValleyFreeState::kLeak && v.position > 0) {
      Offence o;
      o.kind = IncidentKind::kLeak;
      o.culprit = v.leaking_asn;
      o.accomplice = v.sent_to;
      // Only a route sent up to a provider after it came down or across is
      // judged with high confidence: peer-to-peer "valleys" are most often
      // a hybrid or mis-inferred relationship (doc/observatory.md).
      o.low_confidence = !v.leaker_certain || v.sent_to_relation != AsRelation::kProvider ||
                         v.learned_from_relation == AsRelation::kUnknown;
      std::string j = fmt::format(
          "{{\"rule\":\"valley-free\",\"leaker\":{},\"learned_from\":{},\"learned_from_"
          "relation\":",
          v.leaking_asn, v.learned_from);
      AppendJsonString(&j, AsRelationName(v.learned_from_relation));
      j += fmt::format(",\"sent_to\":{},\"sent_to_relation\":", v.sent_to);
      AppendJsonString(&j, AsRelationName(v.sent_to_relation));
      j += ",\"text\":";
      AppendJsonString(&j, ToString(v));
      AppendAspa(path, &j);
      j.push_back('}');
      o.reason = AddReason(std::move(j));
      p.leak = static_cast<std::uint32_t>(path_offences.size());
      path_offences.push_back(o);
    }
  }
  return p;
}

void Observer::Shard::AppendAspa(const AsPath& path, std::string* j) {
  if (!in.aspas) return;
  AspaVerdict a = VerifyAsPath(*in.aspas, path, AspaDirection::kUpstream);
  j->append(",\"aspa\":");
  AppendJsonString(j, ToString(a));
}

// RFC 9234 OTC: after the AS named in OTC, the route may only go down to
// customers (egress rule 2); the first AS that sends it to a provider or
// peer leaked it.
std::optional<Offence> Observer::Shard::OtcLeak(const AsPath& path, Asn otc) {
  shape.Fill(path);
  if (!in.relationships || shape.has_set) return std::nullopt;
  const std::vector<Asn>& seq = shape.sequence;
  std::size_t k = seq.size();
  for (std::size_t i = 0; i < seq.size(); ++i) {
    if (seq[i] == otc) {
      k = i;
      break;
    }
  }
  if (k == seq.size()) return std::nullopt;
  for (std::size_t j = k; j-- > 1;) {
    AsRelation r = in.relationships->RelationOf(seq[j], seq[j - 1]);
    if (r != AsRelation::kProvider && r != AsRelation::kPeer) continue;
    Offence o;
    o.kind = IncidentKind::kLeak;
    o.culprit = seq[j];
    o.accomplice = seq[j - 1];
    std::string t = fmt::format(
        "{{\"rule\":\"otc\",\"otc\":{},\"leaker\":{},\"sent_to\":{},\"sent_to_relation\":", otc,
        seq[j], seq[j - 1]);
    AppendJsonString(&t, AsRelationName(r));
    AppendAspa(path, &t);
    t.push_back('}');
    o.reason = AddReason(std::move(t));
    return o;
  }
  return std::nullopt;
}

std::uint32_t Observer::Shard::PathFor(const AsPath& path, Asn origin) {
  const PathKey key = KeyOf(path);
  if ((path_keys.size() + 1) * 2 > path_slots.size()) GrowPaths();
  const std::size_t mask = path_slots.size() - 1;
  std::size_t at = key.a & mask;
  while (path_slots[at] != 0) {
    const std::uint32_t id = path_slots[at] - 1;
    if (path_keys[id] == key) return id;
    at = (at + 1) & mask;
  }
  const auto id = static_cast<std::uint32_t>(paths.size());
  path_slots[at] = id + 1;
  path_keys.push_back(key);
  paths.push_back(ComputePath(path, origin));
  return id;
}

bool Observer::Shard::HasPath(const PathKey& key) const {
  if (path_slots.empty()) return false;
  const std::size_t mask = path_slots.size() - 1;
  for (std::size_t at = key.a & mask; path_slots[at] != 0; at = (at + 1) & mask) {
    if (path_keys[path_slots[at] - 1] == key) return true;
  }
  return false;
}

void Observer::Shard::GrowPaths() {
  std::vector<std::uint32_t> slots(std::max<std::size_t>(1 << 16, path_slots.size() * 2), 0);
  const std::size_t mask = slots.size() - 1;
  for (std::uint32_t i = 0; i < path_keys.size(); ++i) {
    std::size_t at = path_keys[i].a & mask;
    while (slots[at] != 0) at = (at + 1) & mask;
    slots[at] = i + 1;
  }
  path_slots = std::move(slots);
}

std::uint32_t Observer::Shard::PathText(std::uint32_t id, const AsPath& path) {
  PathFacts& p = paths[id];
  if (p.text == kNone) {
    path_texts.push_back(path.ToString());
    p.text = static_cast<std::uint32_t>(path_texts.size() - 1);
  }
  return p.text;
}

namespace observe_internal {

void RouteLog::Note(std::uint32_t entry, std::uint32_t peer, std::uint32_t path,
                    std::int64_t time) {
  if ((size_ + 1) * 3 > keys_.size() * 2) Grow();
  const auto t = static_cast<std::uint32_t>(std::clamp<std::int64_t>(time, 0, UINT32_MAX));
  const std::uint64_t key = Key(entry, peer);
  const std::size_t mask = keys_.size() - 1;
  std::size_t at = Slot(key, mask);
  while (keys_[at] != 0 && keys_[at] != key) at = (at + 1) & mask;
  if (keys_[at] == 0) {
    keys_[at] = key;
    firsts_[at] = t;
    lasts_[at] = t;
    ++size_;
  } else {
    firsts_[at] = std::min(firsts_[at], t);
    lasts_[at] = std::max(lasts_[at], t);
  }
  paths_[at] = path;
}

std::optional<RouteLog::Seen> RouteLog::Find(std::uint32_t entry, std::uint32_t peer) const {
  if (size_ == 0) return std::nullopt;
  const std::uint64_t key = Key(entry, peer);
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t at = Slot(key, mask); keys_[at] != 0; at = (at + 1) & mask) {
    if (keys_[at] == key) return Seen{paths_[at], firsts_[at], lasts_[at]};
  }
  return std::nullopt;
}

void RouteLog::Grow() {
  RouteLog bigger;
  const std::size_t n = std::max<std::size_t>(1024, keys_.size() * 2);
  bigger.keys_.assign(n, 0);
  bigger.paths_.assign(n, 0);
  bigger.firsts_.assign(n, 0);
  bigger.lasts_.assign(n, 0);
  const std::size_t mask = n - 1;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == 0) continue;
    std::size_t at = Slot(keys_[i], mask);
    while (bigger.keys_[at] != 0) at = (at + 1) & mask;
    bigger.keys_[at] = keys_[i];
    bigger.paths_[at] = paths_[i];
    bigger.firsts_[at] = firsts_[i];
    bigger.lasts_[at] = lasts_[i];
  }
  bigger.size_ = size_;
  *this = std::move(bigger);
}

}  // namespace observe_internal

void Observer::Shard::Add(const RouteEvent& e) {
  if (in.vrps == nullptr) return;  // the inputs failed to load: nothing to measure against
  Shard& m = *this;
  const std::int64_t time = e.time;
  const std::uint64_t seq = m.events++;
  // The first event of each (peer, prefix) among the UPDATEs, when asked.
  std::size_t first = observe_internal::FirstEvents::kNotFirst;
  if (m.config.record_route_facts && e.type != ElementType::kRibEntry) {
    if (e.type == ElementType::kStateChange) {
      if (e.new_state != kBgpEstablished) m.first_events.NoteDown(e.peer, seq, time);
    } else if (e.type == ElementType::kWithdraw || e.path) {
      first = m.first_events.Note(e.peer, e.prefix, seq, time);
    }
  }
  switch (e.type) {
    case ElementType::kStateChange:
      // A peer this shard never had a route from has nothing open here.
      if (e.new_state != kBgpEstablished && m.tracker.open_count() > 0) {
        if (auto peer = m.table.FindPeerId(e.peer)) m.tracker.PeerDown(*peer, time);
      }
      return;
    case ElementType::kWithdraw:
      ++stats.elements;
      SeenTime(time);
      if (m.tracker.open_count() > 0) {
        if (auto peer = m.table.FindPeerId(e.peer)) {
          m.tracker.Update(*peer, e.prefix, time, {}, 0);
        }
      }
      return;
    case ElementType::kRibEntry:
      ++stats.rib_entries;
      break;
    case ElementType::kAnnounce:
      break;
    default:
      return;
  }
  if (!e.path) return;
  ++stats.elements;
  ++stats.routes;
  SeenTime(time);
  const std::uint32_t peer = m.table.PeerId(e.peer);
  const AsPath& path = *e.path;
  const std::optional<Asn> origin = path.empty() ? std::nullopt : RouteOriginAsn(path);
  if (!origin) {
    // No origin to attribute: the route replaces whatever the peer had.
    ++(path.empty() ? stats.no_path_routes : stats.as_set_routes);
    if (m.tracker.open_count() > 0) m.tracker.Update(peer, e.prefix, time, {}, 0);
    return;
  }
  AnnouncementTable::Entry& entry = m.table.Add(e.prefix, *origin, peer);
  if (entry.tag == AnnouncementTable::kNoTag) {
    entry.tag = static_cast<std::uint32_t>(m.facts.size());
    m.facts.push_back(m.ComputeFacts(e.prefix, *origin));
  }
  const OriginFacts& f = m.facts[entry.tag];
  const std::uint32_t path_id = m.PathFor(path, *origin);
  if (m.config.record_route_facts) {
    m.route_log.Note(entry.tag, peer, path_id, time);
    m.PathText(path_id, path);  // the paths' texts go to the store
  }
  const PathFacts& p = m.paths[path_id];
  std::array<Offence, 5> offences;
  std::size_t n = 0;
  if (f.hijack) {
    // The holder of the space upstream on the path: it is delegated space
    // (a customer's announcement its provider carries), not a hijack.
    bool holder_on_path = false;
    if (!f.holders.empty()) m.shape.Fill(path);
    for (Asn h : f.holders) {
      for (std::size_t i = 0; i + 1 < m.shape.sequence.size() && !holder_on_path; ++i) {
        holder_on_path = m.shape.sequence[i] == h;
      }
    }
    offences[n++] =
        Offence{IncidentKind::kHijack,
                *origin,
                p.origin_neighbor,
                f.hijack_low || holder_on_path,
                false,
                holder_on_path && f.hijack_reason_upstream != kNone ? f.hijack_reason_upstream
                                                                    : f.hijack_reason};
  }
  if (f.bogon) {
    offences[n++] = Offence{IncidentKind::kBogonPrefix, *origin,       p.origin_neighbor, false,
                            f.bogon_administrative,     f.bogon_reason};
  }
  if (p.bogon_asn != kNone) offences[n++] = m.path_offences[p.bogon_asn];
  if (p.leak != kNone) {
    offences[n] = m.path_offences[p.leak];
    // Leaks are transient; a valley already in the table a RIB dump shows is
    // far more often a sibling, hybrid or mis-inferred relationship.
    if (e.type == ElementType::kRibEntry) offences[n].low_confidence = true;
    ++n;
  }
  if (e.otc != 0) {
    auto otc = m.OtcLeak(path, e.otc);
    if (otc && !(p.leak != kNone && m.path_offences[p.leak].culprit == otc->culprit)) {
      offences[n++] = *otc;
    }
  }
  if (n == 0 && m.tracker.open_count() == 0) return;
  const std::uint32_t text = n ? m.PathText(path_id, path) : 0;
  const std::size_t before = m.tracker.occurrence_count();
  m.tracker.Update(peer, e.prefix, time, std::span<const Offence>(offences.data(), n), text);
  m.first_events.SetOccurrences(first, before, m.tracker.occurrence_count());
}

}  // namespace manrs
