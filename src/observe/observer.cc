// The observatory's measurements over a stream of route elements.
#include "manrs/observe/observer.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

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

}  // namespace

struct Observer::Impl {
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
  std::vector<Offence> path_offences;
  PathShape shape;  // scratch
  std::unordered_map<Asn, std::array<std::uint64_t, 3>> aspa_by_origin;
  RovResult rov;                                          // scratch
  std::vector<std::pair<Asn, std::int8_t>> path_origins;  // with record_first_events only
  std::uint64_t events = 0;                               // elements seen, for first_events' order
  observe_internal::FirstEvents first_events;             // with config.record_first_events only

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
    // Parallel to paths, for a merging store only: the origin and ASPA state.
    if (config.record_first_events) path_origins.emplace_back(origin, std::int8_t{-1});
    shape.Fill(path);
    const std::vector<Asn>& seq = shape.sequence;
    if (!shape.has_set && seq.size() >= 2 && seq.back() == origin) {
      p.origin_neighbor = seq[seq.size() - 2];
    }
    if (in.aspas) {
      const AspaState aspa = VerifyAsPath(*in.aspas, path, AspaDirection::kUpstream).state;
      ++aspa_by_origin[origin][static_cast<std::size_t>(aspa)];
      if (config.record_first_events) path_origins.back().second = static_cast<std::int8_t>(aspa);
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
};

Observer::Observer(const ObserveInputs& inputs, const ObserveConfig& config)
    : impl_(std::make_unique<Impl>()) {
  impl_->in = inputs;
  impl_->config = config;
}

Observer::~Observer() = default;

void Observer::Add(const Element& e) {
  Impl& m = *impl_;
  const auto time = static_cast<std::int64_t>(e.timestamp);
  auto seen_time = [&] {
    if (stats_.first_time == 0 || time < stats_.first_time) stats_.first_time = time;
    stats_.last_time = std::max(stats_.last_time, time);
  };
  const std::uint64_t seq = m.events++;
  // The first event of each (peer, prefix) among the UPDATEs, when asked.
  std::size_t first = observe_internal::FirstEvents::kNotFirst;
  if (m.config.record_first_events && e.type != ElementType::kRibEntry) {
    if (e.type == ElementType::kStateChange) {
      if (e.new_state != kBgpEstablished)
        m.first_events.NoteDown({e.peer_ip, e.peer_asn}, seq, time);
    } else if (e.type == ElementType::kWithdraw || e.attributes) {
      first = m.first_events.Note({e.peer_ip, e.peer_asn}, e.prefix, seq, time);
    }
  }
  switch (e.type) {
    case ElementType::kStateChange:
      if (e.new_state != kBgpEstablished && m.tracker.open_count() > 0) {
        m.tracker.PeerDown(m.table.PeerId({e.peer_ip, e.peer_asn}), time);
      }
      return;
    case ElementType::kWithdraw:
      ++stats_.elements;
      seen_time();
      if (m.tracker.open_count() > 0) {
        m.tracker.Update(m.table.PeerId({e.peer_ip, e.peer_asn}), e.prefix, time, {}, 0);
      }
      return;
    case ElementType::kRibEntry:
      ++stats_.rib_entries;
      break;
    case ElementType::kAnnounce:
      break;
    default:
      return;
  }
  if (!e.attributes) return;
  ++stats_.elements;
  ++stats_.routes;
  seen_time();
  const std::uint32_t peer = m.table.PeerId({e.peer_ip, e.peer_asn});
  const AsPath& path = e.attributes->path();
  const std::optional<Asn> origin = path.empty() ? std::nullopt : RouteOriginAsn(path);
  if (!origin) {
    // No origin to attribute: the route replaces whatever the peer had.
    ++(path.empty() ? stats_.no_path_routes : stats_.as_set_routes);
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
  stats_.distinct_paths = m.paths.size();
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
  if (e.attributes->has(kAttrOtc) && e.attributes->otc != 0) {
    auto otc = m.OtcLeak(path, e.attributes->otc);
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

PeriodResult Observer::Finish(std::optional<Period> period) const {
  const Impl& m = *impl_;
  PeriodResult result;
  result.period = period ? *period : Period{stats_.first_time, stats_.last_time};
  result.summary.elements = stats_.elements;
  result.summary.as_set_routes = stats_.as_set_routes;
  result.summary.peers = m.table.peers().size();
  result.summary.prefixes = m.table.size();
  result.summary.min_peers = m.config.min_peers;

  std::map<Asn, AsReport> reports;
  auto report_of = [&](Asn asn) -> AsReport& {
    AsReport& r = reports[asn];
    r.metrics.asn = asn;
    r.period = result.period;
    return r;
  };
  for (const Announcement& a : m.table.Announced(m.config.min_peers)) {
    const AnnouncementTable::Entry* entry = m.table.Find(a.prefix, a.origin);
    const OriginFacts& f = m.facts[entry->tag];
    AsReport& r = report_of(a.origin);
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
  // prefixes seen by enough peers.
  std::map<std::tuple<Asn, int>, std::map<Prefix, PeerSet>> bogon_sets;
  m.tracker.ForEachOccurrence([&](const Offence& o, const Prefix& prefix, std::uint32_t peer) {
    if (o.low_confidence) return;
    if (o.kind == IncidentKind::kBogonAsn) {
      bogon_sets[{o.culprit, o.administrative ? 1 : 0}][prefix].Insert(peer);
    }
    if ((o.kind == IncidentKind::kBogonAsn || o.kind == IncidentKind::kBogonPrefix) &&
        !o.administrative && o.accomplice != 0 && m.in.relationships &&
        m.in.relationships->RelationOf(o.accomplice, o.culprit) == AsRelation::kCustomer) {
      bogon_sets[{o.accomplice, o.kind == IncidentKind::kBogonAsn ? 3 : 2}][prefix].Insert(peer);
    }
  });
  const auto min_peers = static_cast<std::uint32_t>(std::max(m.config.min_peers, 1));
  for (const auto& [key, prefixes] : bogon_sets) {
    std::uint64_t n = 0;
    for (const auto& [prefix, peers] : prefixes) n += peers.size() >= min_peers;
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
  std::vector<Incident> incidents =
      m.tracker.Finish(result.period, m.config.incidents, m.reasons, m.path_texts, m.table.peers());
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
  if (m.in.anti_spoofing) {
    for (const auto& [asn, a] : *m.in.anti_spoofing) report_of(asn).metrics.anti_spoofing = a;
  }
  result.ases.reserve(reports.size());
  std::optional<ContactDirectory> directory;
  if (m.in.irr) directory.emplace(*m.in.irr);
  for (auto& [asn, r] : reports) {
    AsMetrics& x = r.metrics;
    x.irr_measured = m.in.irr != nullptr;
    x.customers_measured = m.in.relationships != nullptr;
    x.policy_registered = PolicyRegistered(m.in.irr, asn);
    ContactFindings contacts =
        FindContacts(m.in.irr, m.in.peeringdb, asn, directory ? &*directory : nullptr);
    x.contacts_registered = contacts.registered;
    x.contacts = std::move(contacts.contacts);
    x.aspa_measured = m.in.aspas != nullptr;
    if (m.in.aspas) {
      x.has_aspa = m.in.aspas->Providers(asn) != nullptr;
      auto it = m.aspa_by_origin.find(asn);
      if (it != m.aspa_by_origin.end()) {
        x.aspa_valid = it->second[0];
        x.aspa_invalid = it->second[1];
        x.aspa_unknown = it->second[2];
      }
    }
    ComputeReadiness(m.config, &x);
    result.ases.push_back(std::move(r));
  }
  return result;
}

const ObserveInputs& Observer::inputs() const { return impl_->in; }

const std::vector<CollectorPeer>& Observer::peers() const { return impl_->table.peers(); }

void Observer::ForEachOriginFact(const std::function<void(const OriginFact&)>& f) const {
  const Impl& m = *impl_;
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
  const Impl& m = *impl_;
  for (std::size_t i = 0; i < m.path_origins.size(); ++i) {
    f(PathFact{m.path_origins[i].first, m.path_keys[i].a, m.path_keys[i].b,
               m.path_origins[i].second});
  }
}

void Observer::ForEachFirstEvent(const std::function<void(const FirstEventFact&)>& f) const {
  const auto& fe = impl_->first_events;
  for (const auto& r : fe.records()) {
    f(FirstEventFact{fe.peers()[r.peer], r.prefix, r.seq, r.time, r.begin, r.end});
  }
}

void Observer::ForEachPeerDown(const std::function<void(const PeerDownFact&)>& f) const {
  const auto& fe = impl_->first_events;
  for (const auto& d : fe.downs()) f(PeerDownFact{fe.peers()[d.peer], d.seq, d.time});
}

void Observer::ForEachOccurrenceFact(const std::function<void(const OccurrenceFact&)>& f) const {
  const Impl& m = *impl_;
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
