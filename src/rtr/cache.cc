// The versioned payload state and its memoised encodings.
#include "manrs/rtr/cache.h"

namespace manrs::rtr {

void EncodePayloads(const PayloadSet& set, std::uint8_t version, std::string* out) {
  out->reserve(out->size() + set.vrps.size() * 24);
  for (const Vrp& vrp : set.vrps) AppendPrefix(version, true, vrp, out);
  if (version >= 1) {
    for (const WireRouterKey& key : set.router_keys) AppendRouterKey(version, true, key, out);
  }
  if (version >= 2) {
    for (const Aspa& aspa : set.aspas) AppendAspa(version, true, aspa, out);
  }
}

void EncodeDelta(const PayloadDelta& delta, std::uint8_t version, std::string* out) {
  // Withdrawals first: a router never holds more than either set.
  for (const Vrp& vrp : delta.vrps_withdrawn) AppendPrefix(version, false, vrp, out);
  for (const Vrp& vrp : delta.vrps_announced) AppendPrefix(version, true, vrp, out);
  if (version >= 1) {
    for (const auto& key : delta.keys_withdrawn) AppendRouterKey(version, false, key, out);
    for (const auto& key : delta.keys_announced) AppendRouterKey(version, true, key, out);
  }
  if (version >= 2) {
    for (const AspaChange& c : delta.aspas) AppendAspa(version, !c.withdraw, c.aspa, out);
  }
}

PayloadCache::PayloadCache(std::uint16_t session_id, std::size_t history_limit,
                           SerialNumber first_serial)
    : session_id_(session_id), history_limit_(history_limit), serial_(first_serial) {}

std::shared_ptr<const std::string> PayloadCache::FullSet(std::uint8_t version) {
  if (!current_ || version > kMaxVersion) return nullptr;
  auto& slot = full_[version];
  if (!slot) {
    auto body = std::make_shared<std::string>();
    EncodePayloads(*current_, version, body.get());
    slot = std::move(body);
  }
  return slot;
}

std::shared_ptr<const std::string> PayloadCache::DiffSince(SerialNumber since,
                                                           std::uint8_t version) {
  if (!current_ || version > kMaxVersion) return nullptr;
  if (since == serial_) {
    static const auto kEmpty = std::make_shared<const std::string>();
    return kEmpty;
  }
  auto key = std::make_pair(since.value(), version);
  if (auto it = diffs_.find(key); it != diffs_.end()) return it->second;
  std::size_t start = history_.size();
  for (std::size_t i = 0; i < history_.size(); ++i) {
    if (history_[i].from == since) {
      start = i;
      break;
    }
  }
  if (start == history_.size()) return nullptr;
  std::shared_ptr<const PayloadDelta> delta = history_[start].delta;
  for (std::size_t i = start + 1; i < history_.size(); ++i) {
    delta = std::make_shared<const PayloadDelta>(ComposeDeltas(*delta, *history_[i].delta));
  }
  auto body = std::make_shared<std::string>();
  EncodeDelta(*delta, version, body.get());
  std::shared_ptr<const std::string> shared = std::move(body);
  diffs_.emplace(key, shared);
  return shared;
}

bool PayloadCache::Update(PayloadSet next) {
  if (current_ && next == *current_) return false;
  auto set = std::make_shared<const PayloadSet>(std::move(next));
  std::shared_ptr<const PayloadDelta> delta;
  if (current_) delta = std::make_shared<const PayloadDelta>(ComputeDelta(*current_, *set));
  Install(std::move(set), std::move(delta));
  return true;
}

void PayloadCache::Install(std::shared_ptr<const PayloadSet> next,
                           std::shared_ptr<const PayloadDelta> delta,
                           std::array<std::shared_ptr<const std::string>, kMaxVersion + 1> full) {
  if (current_) {
    history_.push_back(Step{serial_, std::move(delta)});
    while (history_.size() > history_limit_) history_.pop_front();
    serial_ = serial_.Next();
  }
  current_ = std::move(next);
  for (std::size_t v = 0; v <= kMaxVersion; ++v) full_[v] = std::move(full[v]);
  diffs_.clear();
}

}  // namespace manrs::rtr
