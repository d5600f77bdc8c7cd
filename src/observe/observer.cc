// The observatory's measurements over a stream of route elements.
#include "manrs/observe/observer.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "fmt/format.h"
#include "manrs/observe/registration.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/validate/route_leak.h"
#include "observe/first_events.h"
#include "observe/json_text.h"

namespace manrs {

using observe_internal::AppendJsonString;

namespace {

constexpr std::uint32_t kNone = ~std::uint32_t{0};
constexpr std::uint16_t kBgpEstablished = 6;  // RFC 4271 FSM state numbering in MRT

// Facts about one (prefix, origin): computed once, when first seen.
struct OriginFacts {
  RovState rov = RovState::kNotFound;
  IrrState irr = IrrState::kUnmeasured;
  bool hijack = false;
  bool hijack_low = false;  // a possible hijack (lower confidence)
  std::uint32_t hijack_reason = kNone;
  std::uint32_t hijack_reason_upstream = kNone;  // the same, holder on the path
  std::vector<Asn> holders;                      // the ASes the VRPs or route objects name
  bool bogon = false;
  bool bogon_administrative = false;
  std::uint32_t bogon_reason = kNone;
};

// Facts about one distinct AS path: small, as there are millions.
struct PathFacts {
  std::uint32_t text = kNone;       // into path_texts, made when an offence needs it
  Asn origin_neighbor = 0;          // the AS after the origin towards the collector (0: none)
  std::uint32_t bogon_asn = kNone;  // into path_offences
  std::uint32_t leak = kNone;       // into path_offences
};

// The compressed sequence of a path (prepends collapsed, confederation
// segments skipped), and whether it holds a set or a loop.
struct PathShape {
  std::vector<Asn> sequence;
  std::vector<Asn> sorted;  // scratch
  bool has_set = false;
  bool loop = false;

  void Fill(const AsPath& path) {
    sequence.clear();
    has_set = false;
    for (std::size_t s = 0; s < path.segment_count(); ++s) {
      const AsPathSegment seg = path.segment(s);
      if (seg.type == SegmentType::kConfedSequence) continue;
      if (seg.type == SegmentType::kAsSet || seg.type == SegmentType::kConfedSet) {
        has_set = true;
        continue;
      }
      for (Asn a : seg.asns) {
        if (sequence.empty() || sequence.back() != a) sequence.push_back(a);
      }
    }
    sorted = sequence;
    std::sort(sorted.begin(), sorted.end());
    loop = std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
  }
};

// A 128-bit identity of an AS path (two independent 64-bit hashes of its
// segments): paths are told apart without keeping them.
struct PathKey {
  std::uint64_t a = 0, b = 0;
  bool operator==(const PathKey&) const = default;
};

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

// What the observer reads of one element: a view of an Element, or of the
// copy a shard's batch holds.
struct RouteEvent {
  ElementType type = ElementType::kRibEntry;
  std::uint16_t new_state = 0;
  std::int64_t time = 0;
  CollectorPeer peer;
  Prefix prefix;
  const AsPath* path = nullptr;  // null: no attributes
  Asn otc = 0;                   // the OTC attribute (0: none)
};

}  // namespace

// One shard of the observer's state: every (prefix, origin), incident and AS
// path of the prefixes hashed to it (all of them with one shard). Shards
// share nothing; Observer::Finish merges them.
struct Observer::Shard {
  ObserveInputs in;
  ObserveConfig config;
  AnnouncementTable table;
  std::vector<OriginFacts> facts;
  IncidentTracker tracker;
  std::vector<std::string> reasons;
  std::vector<std::string> path_texts;
  // Distinct paths: open addressing over path_slots (1 + index, 0 empty).
  std::vector<std::uint32_t> path_slots;
  std::vector<PathKey> path_keys;
  std::vector<PathFacts> paths;
  std::vector<Asn> path_origins;        // parallel to paths
  std::vector<std::uint8_t> path_aspa;  // parallel to paths: AspaState (with ASPAs)
  std::vector<Offence> path_offences;
  PathShape shape;  // scratch
  RovResult rov;    // scratch
  ObserverStats stats;
  std::uint64_t events = 0;                    // elements seen, for first_events' order
  observe_internal::FirstEvents first_events;  // with config.record_first_events only

  std::uint32_t AddReason(std::string text) {
    reasons.push_back(std::move(text));
    return static_cast<std::uint32_t>(reasons.size() - 1);
  }

  std::string RelationText(Asn a, Asn b) const {
    if (!in.relationships) return "unknown";
    return AsRelationName(in.relationships->RelationOf(a, b));
  }
  bool Related(Asn a, Asn b) const {
    if (!in.relationships) return false;
    auto r = in.relationships->RelationOf(a, b);
    return r == AsRelation::kCustomer || r == AsRelation::kProvider || r == AsRelation::kSibling;
  }

  OriginFacts ComputeFacts(const Prefix& prefix, Asn origin) {
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

  PathFacts ComputePath(const AsPath& path, Asn origin) {
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

  void AppendAspa(const AsPath& path, std::string* j) {
    if (!in.aspas) return;
    AspaVerdict a = VerifyAsPath(*in.aspas, path, AspaDirection::kUpstream);
    j->append(",\"aspa\":");
    AppendJsonString(j, ToString(a));
  }

  // RFC 9234 OTC: after the AS named in OTC, the route may only go down to
  // customers (egress rule 2); the first AS that sends it to a provider or
  // peer leaked it.
  std::optional<Offence> OtcLeak(const AsPath& path, Asn otc) {
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

  std::uint32_t PathFor(const AsPath& path, Asn origin) {
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

  bool HasPath(const PathKey& key) const {
    if (path_slots.empty()) return false;
    const std::size_t mask = path_slots.size() - 1;
    for (std::size_t at = key.a & mask; path_slots[at] != 0; at = (at + 1) & mask) {
      if (path_keys[path_slots[at] - 1] == key) return true;
    }
    return false;
  }

  void GrowPaths() {
    std::vector<std::uint32_t> slots(std::max<std::size_t>(1 << 16, path_slots.size() * 2), 0);
    const std::size_t mask = slots.size() - 1;
    for (std::uint32_t i = 0; i < path_keys.size(); ++i) {
      std::size_t at = path_keys[i].a & mask;
      while (slots[at] != 0) at = (at + 1) & mask;
      slots[at] = i + 1;
    }
    path_slots = std::move(slots);
  }

  std::uint32_t PathText(std::uint32_t id, const AsPath& path) {
    PathFacts& p = paths[id];
    if (p.text == kNone) {
      path_texts.push_back(path.ToString());
      p.text = static_cast<std::uint32_t>(path_texts.size() - 1);
    }
    return p.text;
  }

  void SeenTime(std::int64_t time) {
    if (stats.first_time == 0 || time < stats.first_time) stats.first_time = time;
    stats.last_time = std::max(stats.last_time, time);
  }

  void Add(const RouteEvent& e);
};

void Observer::Shard::Add(const RouteEvent& e) {
  if (in.vrps == nullptr) return;  // the inputs failed to load: nothing to measure against
  Shard& m = *this;
  const std::int64_t time = e.time;
  const std::uint64_t seq = m.events++;
  // The first event of each (peer, prefix) among the UPDATEs, when asked.
  std::size_t first = observe_internal::FirstEvents::kNotFirst;
  if (m.config.record_first_events && e.type != ElementType::kRibEntry) {
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

namespace {

// The events of one shard, copied out of the decoder's elements (whose
// attributes live only as long as the decoder's batch): AS paths as
// segments over one array of ASNs.
struct EventBatch {
  struct Event {
    RouteEvent view;  // view.path unset: rebuilt by the shard
    bool has_path = false;
    std::uint32_t segments = 0;  // how many of the batch's segments are this path's
  };
  std::vector<Event> events;
  std::vector<std::pair<SegmentType, std::uint32_t>> segments;  // type, ASN count
  std::vector<Asn> asns;

  void Clear() {
    events.clear();
    segments.clear();
    asns.clear();
  }
};

constexpr std::size_t kBatchEvents = 4096;
// Deep enough to go on decoding while the VRPs load (Observer's second
// constructor); 32 batches of a shard are about 15 MB.
constexpr std::size_t kQueuedBatches = 32;

// A bounded queue of batches for one worker (full ones) or back from it
// (empty ones to reuse).
class BatchQueue {
 public:
  explicit BatchQueue(std::size_t capacity) : capacity_(capacity) {}
  void Push(std::unique_ptr<EventBatch> b) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < capacity_; });
    queue_.push_back(std::move(b));
    not_empty_.notify_one();
  }
  // Blocks until a batch or Close(); null when closed and empty.
  std::unique_ptr<EventBatch> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    return TakeLocked();
  }
  std::unique_ptr<EventBatch> TryPop() {
    std::lock_guard lock(mutex_);
    return TakeLocked();
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  std::unique_ptr<EventBatch> TakeLocked() {
    if (queue_.empty()) return nullptr;
    auto b = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return b;
  }
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<std::unique_ptr<EventBatch>> queue_;
  bool closed_ = false;
};

}  // namespace

// The shards' worker threads: the caller's thread copies each element into
// the batch of the shard its prefix hashes to (a peer's state change into
// every shard's, in its place), a worker per shard applies them in order.
// So each (peer, prefix)'s events reach its shard in the order they came.
struct Observer::Pipeline {
  struct Lane {
    std::unique_ptr<EventBatch> filling = std::make_unique<EventBatch>();
    BatchQueue full{kQueuedBatches};
    BatchQueue empty{kQueuedBatches + 2};
    std::thread worker;
  };
  std::vector<std::unique_ptr<Lane>> lanes;

  // inputs, if valid, is what the shards' inputs will be: each worker waits
  // for it before its first batch.
  Pipeline(std::vector<std::unique_ptr<Shard>>& shards,
           const std::shared_future<ObserveInputs>& inputs) {
    for (auto& shard : shards) {
      auto lane = std::make_unique<Lane>();
      Lane* l = lane.get();
      Shard* sh = shard.get();
      lane->worker = std::thread([l, sh, inputs] {
        if (inputs.valid()) sh->in = inputs.get();
        Work(l, sh);
      });
      lanes.push_back(std::move(lane));
    }
  }
  ~Pipeline() { Drain(); }

  static void Work(Lane* lane, Shard* shard) {
    AsPath path;
    while (auto batch = lane->full.Pop()) {
      std::size_t segment = 0, asn = 0;
      for (EventBatch::Event& ev : batch->events) {
        if (ev.has_path) {
          path.Clear();
          for (std::uint32_t i = 0; i < ev.segments; ++i, ++segment) {
            const auto [type, count] = batch->segments[segment];
            path.Append(type, std::span<const Asn>(batch->asns.data() + asn, count));
            asn += count;
          }
          ev.view.path = &path;
        }
        shard->Add(ev.view);
      }
      batch->Clear();
      lane->empty.Push(std::move(batch));
    }
  }

  void Put(std::size_t shard, const RouteEvent& view, const AsPath* path) {
    Lane& lane = *lanes[shard];
    EventBatch& b = *lane.filling;
    EventBatch::Event& ev = b.events.emplace_back();
    ev.view = view;
    ev.view.path = nullptr;
    if (path) {
      ev.has_path = true;
      ev.segments = static_cast<std::uint32_t>(path->segment_count());
      for (std::size_t i = 0; i < path->segment_count(); ++i) {
        const AsPathSegment seg = path->segment(i);
        b.segments.emplace_back(seg.type, static_cast<std::uint32_t>(seg.asns.size()));
        b.asns.insert(b.asns.end(), seg.asns.begin(), seg.asns.end());
      }
    }
    if (b.events.size() >= kBatchEvents) Send(lane);
  }

  static void Send(Lane& lane) {
    lane.full.Push(std::move(lane.filling));
    lane.filling = lane.empty.TryPop();
    if (!lane.filling) lane.filling = std::make_unique<EventBatch>();
  }

  // Hands over what is left and waits for every worker to finish.
  void Drain() {
    for (auto& lane : lanes) {
      if (!lane->worker.joinable()) continue;
      if (lane->filling && !lane->filling->events.empty()) Send(*lane);
      lane->full.Close();
    }
    for (auto& lane : lanes) {
      if (lane->worker.joinable()) lane->worker.join();
    }
  }
};

Observer::Observer(const ObserveInputs& inputs, const ObserveConfig& config)
    : Observer(
          [&] {
            std::promise<ObserveInputs> ready;
            ready.set_value(inputs);
            return ready.get_future().share();
          }(),
          config) {}

Observer::Observer(std::shared_future<ObserveInputs> inputs, const ObserveConfig& config)
    : config_(config), pending_(std::move(inputs)) {
  // The route-level facts a merging store reads are one shard's.
  const int n = config.record_first_events ? 1 : std::max(1, config.threads);
  for (int i = 0; i < n; ++i) {
    auto shard = std::make_unique<Shard>();
    shard->config = config;
    shards_.push_back(std::move(shard));
  }
  if (n > 1) pipeline_ = std::make_unique<Pipeline>(shards_, pending_);
}

Observer::~Observer() = default;

void Observer::ResolveInputs() {
  if (!pending_.valid()) return;
  const ObserveInputs& in = pending_.get();
  for (auto& shard : shards_) shard->in = in;
  pending_ = {};
}

std::size_t Observer::ShardOf(const Prefix& prefix) const {
  const IpAddress& a = prefix.address();
  std::uint64_t h = a.hi() * 0x9e3779b97f4a7c15ULL ^ a.lo() * 0xc2b2ae3d27d4eb4fULL ^
                    static_cast<std::uint64_t>(prefix.length()) * 0x165667b19e3779f9ULL;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 32;
  return static_cast<std::size_t>(h % shards_.size());
}

void Observer::Add(const Element& e) {
  RouteEvent view;
  view.type = e.type;
  view.new_state = e.new_state;
  view.time = static_cast<std::int64_t>(e.timestamp);
  view.peer = CollectorPeer{e.peer_ip, e.peer_asn};
  view.prefix = e.prefix;
  if (e.attributes) {
    view.path = &e.attributes->path();
    if (e.attributes->has(kAttrOtc)) view.otc = e.attributes->otc;
  }
  if (!pipeline_) {
    ResolveInputs();
    shards_[0]->Add(view);
    return;
  }
  switch (e.type) {
    case ElementType::kStateChange:
      for (std::size_t i = 0; i < shards_.size(); ++i) pipeline_->Put(i, view, nullptr);
      return;
    case ElementType::kWithdraw:
      pipeline_->Put(ShardOf(e.prefix), view, nullptr);
      return;
    case ElementType::kRibEntry:
    case ElementType::kAnnounce:
      if (view.path) pipeline_->Put(ShardOf(e.prefix), view, view.path);
      return;
    default:
      return;
  }
}

void ComputeReadiness(const ObserveConfig& config, AsMetrics* m) {
  auto label = [&](std::optional<double> score) {
    Readiness r;
    r.score = score;
    if (!score) return r;
    r.label = *score >= config.ready      ? ReadinessLabel::kReady
              : *score >= config.aspiring ? ReadinessLabel::kAspiring
                                          : ReadinessLabel::kLagging;
    return r;
  };
  double incidents = 0;
  for (int k = 0; k < kIncidentKinds; ++k) {
    if (static_cast<IncidentKind>(k) == IncidentKind::kLeak && !config.leaks_count) continue;
    incidents += m->incident_score[static_cast<std::size_t>(k)][0] +
                 m->incident_score[static_cast<std::size_t>(k)][1];
  }
  m->actions[0] = label(std::max(0.0, 100.0 - config.filtering_penalty * incidents));
  // Anti-spoofing: the share of the AS's packets with an allowed source.
  m->actions[1] =
      label(m->anti_spoofing && m->anti_spoofing->packets
                ? std::optional<double>(
                      100.0 * (1.0 - static_cast<double>(m->anti_spoofing->spoofed_packets) /
                                         static_cast<double>(m->anti_spoofing->packets)))
                : std::nullopt);
  m->actions[2] =
      label(m->contacts_registered ? std::optional<double>(*m->contacts_registered ? 100.0 : 0.0)
                                   : std::nullopt);
  double sum = 0;
  int parts = 0;
  if (auto rpki = m->RpkiScore()) {
    sum += 100.0 * std::max(0.0, *rpki);
    ++parts;
  }
  if (auto irr = m->IrrShare()) {
    sum += 100.0 * *irr;
    ++parts;
  }
  if (m->policy_registered) {
    sum += *m->policy_registered ? 100.0 : 0.0;
    ++parts;
  }
  m->actions[3] = label(parts ? std::optional<double>(sum / parts) : std::nullopt);
}

void Observer::Flush() {
  if (pipeline_) pipeline_->Drain();
  ResolveInputs();
  // The shards' counts: sums, and the span of the times.
  stats_ = ObserverStats{};
  for (const auto& shard : shards_) {
    const ObserverStats& s = shard->stats;
    stats_.elements += s.elements;
    stats_.routes += s.routes;
    stats_.rib_entries += s.rib_entries;
    stats_.as_set_routes += s.as_set_routes;
    stats_.no_path_routes += s.no_path_routes;
    if (s.first_time != 0 && (stats_.first_time == 0 || s.first_time < stats_.first_time)) {
      stats_.first_time = s.first_time;
    }
    stats_.last_time = std::max(stats_.last_time, s.last_time);
  }
}

PeriodResult Observer::Finish(std::optional<Period> period) {
  Flush();
  const ObserveInputs& in = shards_[0]->in;
  std::vector<CollectorPeer> peers;
  std::uint64_t prefix_count = 0;
  for (const auto& shard : shards_) {
    peers.insert(peers.end(), shard->table.peers().begin(), shard->table.peers().end());
    prefix_count += shard->table.size();
  }
  std::sort(peers.begin(), peers.end());
  peers.erase(std::unique(peers.begin(), peers.end()), peers.end());

  PeriodResult result;
  result.period = period ? *period : Period{stats_.first_time, stats_.last_time};
  result.summary.elements = stats_.elements;
  result.summary.as_set_routes = stats_.as_set_routes;
  result.summary.peers = peers.size();
  result.summary.prefixes = prefix_count;
  result.summary.min_peers = config_.min_peers;

  std::map<Asn, AsReport> reports;
  auto report_of = [&](Asn asn) -> AsReport& {
    AsReport& r = reports[asn];
    r.metrics.asn = asn;
    r.period = result.period;
    return r;
  };
  // The incidents merge on a thread of their own meanwhile: it reads only
  // the trackers and their tables.
  std::vector<IncidentTracker::Source> sources;
  for (const auto& shard : shards_) {
    sources.push_back(IncidentTracker::Source{&shard->tracker, &shard->reasons, &shard->path_texts,
                                              &shard->table.peers()});
  }
  const Period incident_period = result.period;
  std::future<std::vector<Incident>> merged_incidents =
      std::async(shards_.size() > 1 ? std::launch::async : std::launch::deferred, [&] {
        return IncidentTracker::Merge(sources, incident_period, config_.incidents,
                                      static_cast<int>(shards_.size()));
      });
  // What each origin announces, by (origin, prefix): each shard's list is
  // sorted and they hold disjoint prefixes, so merging them keeps the order.
  auto by_origin = [](const auto& x, const auto& y) {
    return x.first.origin != y.first.origin ? x.first.origin < y.first.origin
                                            : x.first.prefix < y.first.prefix;
  };
  // With the facts of each pair (in its shard).
  std::vector<std::pair<Announcement, const OriginFacts*>> announced;
  for (const auto& shard : shards_) {
    const auto middle = static_cast<std::ptrdiff_t>(announced.size());
    for (const auto& [a, entry] : shard->table.AnnouncedEntries(config_.min_peers)) {
      announced.emplace_back(a, &shard->facts[entry->tag]);
    }
    std::inplace_merge(announced.begin(), announced.begin() + middle, announced.end(), by_origin);
  }
  AsReport* current = nullptr;  // the origin's, the list being by origin
  for (const auto& [a, facts] : announced) {
    const OriginFacts& f = *facts;
    if (!current || current->metrics.asn != a.origin) current = &report_of(a.origin);
    AsReport& r = *current;
    AsMetrics& x = r.metrics;
    ++x.prefixes;
    ++(f.rov == RovState::kValid     ? x.rpki_valid
       : f.rov == RovState::kInvalid ? x.rpki_invalid
                                     : x.rpki_not_found);
    if (f.irr == IrrState::kRegistered || f.irr == IrrState::kCovered) ++x.irr_registered;
    if (f.irr == IrrState::kNotRegistered) ++x.irr_not_registered;
    if (f.bogon) ++(f.bogon_administrative ? x.bogon_prefixes_administrative : x.bogon_prefixes);
    r.prefixes.push_back(PrefixState{a.prefix, f.rov, f.irr, a.peers, f.bogon});
  }
  // Bogon ASNs (M4) and customers' bogons passed on (M3C, M4C): distinct
  // prefixes seen by enough peers. A prefix's peers are all in one shard.
  std::map<std::tuple<Asn, int>, std::map<Prefix, PeerSet>> bogon_sets;
  for (const auto& shard : shards_) {
    shard->tracker.ForEachOccurrence([&](const Offence& o, const Prefix& prefix,
                                         std::uint32_t peer) {
      if (o.low_confidence) return;
      if (o.kind == IncidentKind::kBogonAsn) {
        bogon_sets[{o.culprit, o.administrative ? 1 : 0}][prefix].Insert(peer);
      }
      if ((o.kind == IncidentKind::kBogonAsn || o.kind == IncidentKind::kBogonPrefix) &&
          !o.administrative && o.accomplice != 0 && in.relationships &&
          in.relationships->RelationOf(o.accomplice, o.culprit) == AsRelation::kCustomer) {
        bogon_sets[{o.accomplice, o.kind == IncidentKind::kBogonAsn ? 3 : 2}][prefix].Insert(peer);
      }
    });
  }
  const auto min_peers = static_cast<std::uint32_t>(std::max(config_.min_peers, 1));
  for (const auto& [key, prefixes] : bogon_sets) {
    std::uint64_t n = 0;
    for (const auto& [prefix, peer_set] : prefixes) n += peer_set.size() >= min_peers;
    if (n == 0) continue;
    AsMetrics& x = report_of(std::get<0>(key)).metrics;
    switch (std::get<1>(key)) {
      case 0:
        x.bogon_asns = n;
        break;
      case 1:
        x.bogon_asns_administrative = n;
        break;
      case 2:
        x.customer_bogon_prefixes = n;
        break;
      default:
        x.customer_bogon_asns = n;
        break;
    }
  }
  // ASPA verdicts, once per distinct path: a path several shards saw counts
  // in the first of them.
  std::unordered_map<Asn, std::array<std::uint64_t, 3>> aspa_by_origin;
  for (std::size_t s = 0; s < shards_.size(); ++s) {
    const Shard& m = *shards_[s];
    for (std::size_t i = 0; i < m.path_keys.size(); ++i) {
      bool seen_before = false;
      for (std::size_t t = 0; t < s && !seen_before; ++t) {
        seen_before = shards_[t]->HasPath(m.path_keys[i]);
      }
      if (seen_before) continue;
      ++stats_.distinct_paths;
      if (in.aspas) ++aspa_by_origin[m.path_origins[i]][m.path_aspa[i]];
    }
  }
  std::vector<Incident> incidents = merged_incidents.get();
  for (Incident& inc : incidents) {
    AsReport& r = report_of(inc.asn);
    if (inc.confidence == "high" && inc.bogon_class != "administrative") {
      r.metrics
          .incident_score[static_cast<std::size_t>(inc.kind)][static_cast<std::size_t>(inc.role)] +=
          inc.score;
    }
    r.incidents.push_back(std::move(inc));
  }
  // The ASes an anti-spoofing result covers have a report even when they
  // announced nothing.
  if (in.anti_spoofing) {
    for (const auto& [asn, a] : *in.anti_spoofing) report_of(asn).metrics.anti_spoofing = a;
  }
  result.ases.reserve(reports.size());
  std::optional<ContactDirectory> directory;
  if (in.irr) directory.emplace(*in.irr);
  for (auto& [asn, r] : reports) {
    AsMetrics& x = r.metrics;
    x.irr_measured = in.irr != nullptr;
    x.customers_measured = in.relationships != nullptr;
    x.policy_registered = PolicyRegistered(in.irr, asn);
    ContactFindings contacts =
        FindContacts(in.irr, in.peeringdb, asn, directory ? &*directory : nullptr);
    x.contacts_registered = contacts.registered;
    x.contacts = std::move(contacts.contacts);
    x.aspa_measured = in.aspas != nullptr;
    if (in.aspas) {
      x.has_aspa = in.aspas->Providers(asn) != nullptr;
      auto it = aspa_by_origin.find(asn);
      if (it != aspa_by_origin.end()) {
        x.aspa_valid = it->second[0];
        x.aspa_invalid = it->second[1];
        x.aspa_unknown = it->second[2];
      }
    }
    ComputeReadiness(config_, &x);
    result.ases.push_back(std::move(r));
  }
  return result;
}

const ObserveInputs& Observer::inputs() const { return shards_[0]->in; }

const std::vector<CollectorPeer>& Observer::peers() const { return shards_[0]->table.peers(); }

void Observer::ForEachOriginFact(const std::function<void(const OriginFact&)>& f) const {
  const Shard& m = *shards_[0];
  m.table.ForEach([&](const Prefix& prefix, Asn origin, const AnnouncementTable::Entry& e) {
    const OriginFacts& x = m.facts[e.tag];
    f(OriginFact{prefix, origin, x.rov, x.irr,
                 static_cast<std::uint8_t>(!x.bogon                 ? 0
                                           : x.bogon_administrative ? 2
                                                                    : 1),
                 e.peers});
  });
}

void Observer::ForEachPathFact(const std::function<void(const PathFact&)>& f) const {
  const Shard& m = *shards_[0];
  for (std::size_t i = 0; i < m.path_origins.size(); ++i) {
    f(PathFact{m.path_origins[i], m.path_keys[i].a, m.path_keys[i].b,
               m.in.aspas ? static_cast<std::int8_t>(m.path_aspa[i]) : std::int8_t{-1}});
  }
}

void Observer::ForEachFirstEvent(const std::function<void(const FirstEventFact&)>& f) const {
  const auto& fe = shards_[0]->first_events;
  for (const auto& r : fe.records()) {
    f(FirstEventFact{fe.peers()[r.peer], r.prefix, r.seq, r.time, r.begin, r.end});
  }
}

void Observer::ForEachPeerDown(const std::function<void(const PeerDownFact&)>& f) const {
  const auto& fe = shards_[0]->first_events;
  for (const auto& d : fe.downs()) f(PeerDownFact{fe.peers()[d.peer], d.seq, d.time});
}

void Observer::ForEachOccurrenceFact(const std::function<void(const OccurrenceFact&)>& f) const {
  const Shard& m = *shards_[0];
  const AsRelationships* rel = m.in.relationships;
  std::uint32_t index = 0;
  m.tracker.ForEachRecord([&](const Offence& o, const Prefix& prefix, std::uint32_t peer,
                              std::uint32_t path, std::int64_t start, std::int64_t end) {
    const bool customer = o.accomplice != 0 && rel &&
                          rel->RelationOf(o.accomplice, o.culprit) == AsRelation::kCustomer;
    const std::string_view reason =
        o.reason < m.reasons.size() ? std::string_view(m.reasons[o.reason]) : std::string_view();
    const std::string_view text =
        path < m.path_texts.size() ? std::string_view(m.path_texts[path]) : std::string_view();
    f(OccurrenceFact{o, customer, reason, text, prefix, m.table.peers()[peer], start,
                     end == INT64_MAX ? std::nullopt : std::optional<std::int64_t>(end), index++});
  });
}

}  // namespace manrs
