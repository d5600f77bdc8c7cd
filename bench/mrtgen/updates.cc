#include "updates.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "attributes.h"
#include "mrt.h"
#include "population.h"
#include "routes.h"
#include "shapes.h"
#include "wire.h"

namespace manrs::mrtgen {
namespace {

constexpr std::size_t kMaxMessage = 4096;  // RFC 4271 section 4
constexpr std::size_t kRecentPerPeer = 4096;
constexpr int kPickTries = 16;
// A session reset as the collector logs it: Established -> Idle, then back up
// through Connect, OpenSent and OpenConfirm (RFC 4271 section 8.2.2 states).
constexpr std::array<std::array<std::uint16_t, 2>, 5> kReset = {
    {{6, 1}, {1, 2}, {2, 4}, {4, 5}, {5, 6}}};

bool Has(const std::vector<std::uint32_t>& v, std::uint32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// The state of one update stream: the prefix pool, who announced what lately,
// and the message being built.
class UpdateStream {
 public:
  UpdateStream(const UpdateOptions& options, const Population& pop, Rng& rng)
      : options_(options),
        pop_(pop),
        rng_(rng),
        shapes_(RouteShapes::ForUpdates(options.long_attr_share)),
        builder_(pop, shapes_),
        kinds_(kUpdateKinds),
        announced_(kAnnouncedPerUpdate),
        withdrawn_(kWithdrawnPerUpdate),
        recent_(pop.peers().size()) {
    const std::size_t split = pop.v4_count();
    range_[0] = {0, split};
    range_[1] = {split, pop.prefixes().size()};
    for (int f = 0; f < 2; ++f) by_origin_[f].resize(pop.origins().size());
    for (std::size_t i = 0; i < pop.prefixes().size(); ++i) {
      by_origin_[i < split ? 0 : 1][pop.info()[i].origin].push_back(static_cast<std::uint32_t>(i));
    }
    for (std::size_t i = 0; i < pop.peers().size(); ++i) {
      const Peer& p = pop.peers()[i];
      for (int f = 0; f < 2; ++f) {
        if (!(f == 0 ? p.carries_v4 : p.carries_v6)) continue;
        carriers_[f].push_back(i);
        activity_[f].push_back(p.activity);
      }
    }
    for (int f = 0; f < 2; ++f) {
      // Every measured session idle? Then all peers alike.
      if (std::all_of(activity_[f].begin(), activity_[f].end(), [](double a) { return a <= 0; })) {
        std::fill(activity_[f].begin(), activity_[f].end(), 1.0);
      }
      if (!carriers_[f].empty()) weights_[f] = Distribution::FromWeights(activity_[f]);
    }
  }

  Status Run(OutputFile& file, UpdateStats& stats) {
    const double rate = kUpdatesPerSessionSecond.value() * static_cast<double>(pop_.peers().size());
    const double reset_chance = kStateChanges.value() / static_cast<double>(kReset.size());
    double t = 0;
    for (std::uint64_t m = 0; m < options_.messages; ++m) {
      t += rng_.Exponential(1.0 / rate);
      const std::uint32_t now = options_.start_time + static_cast<std::uint32_t>(t);
      stats.last_time = now;
      const bool last = m + 1 == options_.messages;
      if (rng_.Chance(reset_chance) || (last && stats.state_changes == 0)) {
        WriteReset(now);
        MANRS_TRY(file.Write(record_.bytes()));
        stats.state_changes += kReset.size();
      }
      const int f = PickFamily();
      const std::size_t peer = carriers_[f][weights_[f].Sample(rng_)];
      BuildUpdate(f, peer);
      WriteMessageRecord(now, peer);
      stats.announced += reach_.size();
      stats.withdrawn += unreach_.size();
      ++stats.updates;
      Remember(f, peer);
      MANRS_TRY(file.Write(record_.bytes()));
    }
    return {};
  }

 private:
  int PickFamily() {
    if (carriers_[1].empty() || range_[1].second == range_[1].first) return 0;
    if (carriers_[0].empty() || range_[0].second == range_[0].first) return 1;
    return rng_.Chance(options_.v6_share) ? 1 : 0;
  }

  std::uint32_t RandomPrefix(int f) {
    return static_cast<std::uint32_t>(range_[f].first +
                                      rng_.Below(range_[f].second - range_[f].first));
  }

  // Announcements: a run of one origin's prefixes (UPDATEs group prefixes
  // sharing a path), topped up with others when the origin has too few.
  void PickAnnounced(int f, std::size_t n) {
    const std::uint32_t first = RandomPrefix(f);
    const auto& own = by_origin_[f][pop_.info()[first].origin];
    const std::size_t start = rng_.Below(own.size());
    for (std::size_t k = 0; k < own.size() && reach_idx_.size() < n; ++k) {
      reach_idx_.push_back(own[(start + k) % own.size()]);
    }
    for (int tries = 0; reach_idx_.size() < n && tries < kPickTries * static_cast<int>(n);
         ++tries) {
      const std::uint32_t i = RandomPrefix(f);
      if (!Has(reach_idx_, i)) reach_idx_.push_back(i);
    }
  }

  // Withdrawals: prefixes this peer announced lately, else any of the family.
  void PickWithdrawn(int f, std::size_t peer, std::size_t n) {
    auto& recent = recent_[peer][f];
    while (unreach_idx_.size() < n && !recent.empty()) {
      const std::size_t k = rng_.Below(recent.size());
      const std::uint32_t i = recent[k];
      recent[k] = recent.back();
      recent.pop_back();
      if (!Has(reach_idx_, i) && !Has(unreach_idx_, i)) unreach_idx_.push_back(i);
    }
    for (int tries = 0; unreach_idx_.size() < n && tries < kPickTries * static_cast<int>(n);
         ++tries) {
      const std::uint32_t i = RandomPrefix(f);
      if (!Has(reach_idx_, i) && !Has(unreach_idx_, i)) unreach_idx_.push_back(i);
    }
  }

  void BuildUpdate(int f, std::size_t peer) {
    reach_idx_.clear();
    unreach_idx_.clear();
    const std::size_t kind = kinds_.Sample(rng_);  // announce, withdraw, both
    if (kind != 1) PickAnnounced(f, announced_.Sample(rng_));
    if (kind != 0) PickWithdrawn(f, peer, withdrawn_.Sample(rng_));
    if (!reach_idx_.empty()) builder_.Build(pop_.peers()[peer], reach_idx_[0], rng_, route_);
    for (;;) {
      reach_.clear();
      unreach_.clear();
      for (std::uint32_t i : reach_idx_) reach_.push_back(pop_.prefixes()[i]);
      for (std::uint32_t i : unreach_idx_) unreach_.push_back(pop_.prefixes()[i]);
      EncodeUpdate(f);
      if (message_.size() <= kMaxMessage) return;
      // Too long for one UPDATE: shed a prefix from the longer list.
      if (reach_idx_.size() > 1 && reach_idx_.size() >= unreach_idx_.size()) {
        reach_idx_.pop_back();
      } else if (!unreach_idx_.empty()) {
        unreach_idx_.pop_back();
      } else {
        route_.communities.resize(route_.communities.size() / 2);
      }
    }
  }

  // The BGP UPDATE (RFC 4271 section 4.3) into message_.
  void EncodeUpdate(int f) {
    message_.Clear();
    message_.Fill(0xff, 16);  // marker
    const std::size_t length_at = message_.Reserve16();
    message_.U8(2);  // UPDATE
    const std::size_t withdrawn_at = message_.Reserve16();
    if (f == 0) {
      for (const Prefix& p : unreach_) EncodeNlri(p, message_);
    }
    message_.Patch16(withdrawn_at);
    const std::size_t attrs_at = message_.Reserve16();
    if (!reach_.empty()) {
      const std::span<const Prefix> none;
      EncodeAttributes(route_, AttributeForm::kUpdate, f == 1 ? reach_ : none,
                       f == 1 ? unreach_ : none, message_);
    } else if (f == 1 && !unreach_.empty()) {
      EncodeV6Unreach(unreach_, message_);
    }
    message_.Patch16(attrs_at);
    if (f == 0) {
      for (const Prefix& p : reach_) EncodeNlri(p, message_);
    }
    message_.Set16(length_at, static_cast<std::uint16_t>(message_.size()));
  }

  // BGP4MP_MESSAGE_AS4 / STATE_CHANGE_AS4 common part (RFC 6396 4.4.3, 4.4.4).
  static void SessionHeader(const Peer& peer, WireWriter& out) {
    out.U32(peer.asn);
    out.U32(kCollectorAsn);
    out.U16(0);  // interface index
    const bool v6 = peer.address.is_v6();
    out.U16(v6 ? 2 : 1);
    AppendAddress(peer.address, out);
    AppendAddress(v6 ? kCollectorV6 : kCollectorV4, out);
  }

  void WriteMessageRecord(std::uint32_t now, std::size_t peer) {
    record_.Clear();
    const std::size_t at = BeginRecord(now, kBgp4mp, kBgp4mpMessageAs4, record_);
    SessionHeader(pop_.peers()[peer], record_);
    record_.Append(message_.bytes());
    EndRecord(at, record_);
  }

  // A reset of a random peer, as STATE_CHANGE_AS4 records, into record_.
  void WriteReset(std::uint32_t now) {
    const Peer& peer = pop_.peers()[rng_.Below(pop_.peers().size())];
    record_.Clear();
    for (const auto& [from, to] : kReset) {
      const std::size_t at = BeginRecord(now, kBgp4mp, kBgp4mpStateChangeAs4, record_);
      SessionHeader(peer, record_);
      record_.U16(from);
      record_.U16(to);
      EndRecord(at, record_);
    }
  }

  void Remember(int f, std::size_t peer) {
    auto& recent = recent_[peer][f];
    for (std::uint32_t i : reach_idx_) {
      if (recent.size() < kRecentPerPeer) {
        recent.push_back(i);
      } else {
        recent[rng_.Below(recent.size())] = i;
      }
    }
  }

 private:
  const UpdateOptions& options_;
  const Population& pop_;
  Rng& rng_;
  const RouteShapes shapes_;
  const RouteBuilder builder_;
  const Distribution kinds_;
  const Distribution announced_;
  const Distribution withdrawn_;
  std::pair<std::size_t, std::size_t> range_[2];
  std::vector<std::vector<std::uint32_t>> by_origin_[2];
  std::vector<std::size_t> carriers_[2];
  std::vector<double> activity_[2];
  Distribution weights_[2];
  std::vector<std::array<std::vector<std::uint32_t>, 2>> recent_;
  std::vector<std::uint32_t> reach_idx_;
  std::vector<std::uint32_t> unreach_idx_;
  std::vector<Prefix> reach_;
  std::vector<Prefix> unreach_;
  RouteAttributes route_;
  WireWriter message_;
  WireWriter record_;
};

}  // namespace

Result<UpdateStats> WriteUpdates(const UpdateOptions& options) {
  Rng rng(options.seed);
  // Size the prefix pool so prefixes recur as often as in the measured files.
  const double kinds_total =
      static_cast<double>(kUpdateKinds[0] + kUpdateKinds[1] + kUpdateKinds[2]);
  const double announcing = static_cast<double>(kUpdateKinds[0] + kUpdateKinds[2]) / kinds_total;
  const double withdrawing = static_cast<double>(kUpdateKinds[1] + kUpdateKinds[2]) / kinds_total;
  const double prefixes_per_update = announcing * Distribution(kAnnouncedPerUpdate).Mean() +
                                     withdrawing * Distribution(kWithdrawnPerUpdate).Mean();
  const auto pool = static_cast<std::size_t>(
      std::max<long long>(64, std::llround(static_cast<double>(options.messages) *
                                           prefixes_per_update * kUpdateUniquePrefixes.value())));
  const double v6_share = std::clamp(options.v6_share, 0.0, 1.0);
  PopulationOptions popts;
  popts.v6_prefixes = static_cast<std::size_t>(std::llround(static_cast<double>(pool) * v6_share));
  popts.v4_prefixes = pool - popts.v6_prefixes;
  popts.peers = options.peers;
  popts.dump_time = options.start_time;
  popts.local_pref_share = options.local_pref_share;
  auto population = Population::Build(popts, rng);
  if (!population) return Unexpected<Error>(population.error());

  OutputFile file;
  MANRS_TRY(file.Open(options.output));
  UpdateStats stats;
  Rng stream_rng = rng.Fork(6);
  UpdateStream stream(options, *population, stream_rng);
  MANRS_TRY(stream.Run(file, stats));
  MANRS_TRY(file.Close());
  stats.bytes = file.bytes_written();
  return stats;
}

}  // namespace manrs::mrtgen
