// The observatory's measurements over a stream of route elements: the
// Observer, and the pipeline that feeds its shards (batches, queues, worker
// threads). Each shard's work is observer_shard.cc, Finish
// observer_finish.cc, the route-level fact exports observer_facts.cc.
#include "manrs/observe/observer.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <span>
#include <thread>

#include "observe/observer_shard.h"

namespace manrs {

using observe_internal::RouteEvent;

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
  const int n = config.record_route_facts ? 1 : std::max(1, config.threads);
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

}  // namespace manrs
