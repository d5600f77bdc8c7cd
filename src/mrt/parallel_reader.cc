#include "manrs/mrt/parallel_reader.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "manrs/base/input.h"
#include "manrs/mrt/record_reader.h"

namespace manrs {

namespace {

constexpr std::size_t kChunkBytes = 4u << 20;
constexpr std::size_t kMaxQueued = 4;

struct Chunk {
  std::vector<std::byte> storage;         // record bodies, when the input is streamed
  std::vector<std::size_t> body_offsets;  // where each body starts in storage
  std::vector<RawRecord> records;
  std::shared_ptr<const PeerIndexTable> peer_index;

  // Points the records' bodies into storage, now that it no longer grows.
  void Seal(bool in_place, std::shared_ptr<const PeerIndexTable> table) {
    if (!in_place) {
      for (std::size_t i = 0; i < records.size(); ++i) {
        records[i].body = Bytes(storage.data() + body_offsets[i], records[i].body.size());
      }
    }
    peer_index = std::move(table);
  }
};

// A bounded queue of chunks: the reader blocks when workers fall behind, so
// memory stays at a few chunks whatever the file size.
class ChunkQueue {
 public:
  void Push(std::unique_ptr<Chunk> chunk) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < kMaxQueued; });
    queue_.push_back(std::move(chunk));
    not_empty_.notify_one();
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  std::unique_ptr<Chunk> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return nullptr;
    auto chunk = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return chunk;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<std::unique_ptr<Chunk>> queue_;
  bool closed_ = false;
};

}  // namespace

Result<DecodeStats> DecodeFileParallel(
    const std::string& path, int workers, ProblemLog& problems,
    const std::function<void(int, std::span<const Element>)>& visit,
    const std::function<void(const ParallelProgress&)>& on_progress) {
  auto opened = OpenInput(path);
  if (!opened) return Unexpected<Error>(std::move(opened.error()));
  Input& input = **opened;
  if (workers <= 0) workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const bool in_place = input.View().has_value();  // record spans stay valid

  ChunkQueue queue;
  std::vector<ProblemLog> worker_problems(static_cast<std::size_t>(workers));
  std::vector<DecodeStats> worker_stats(static_cast<std::size_t>(workers));
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      auto index = static_cast<std::size_t>(w);
      RecordDecoder decoder(path, worker_problems[index]);
      const PeerIndexTable* installed = nullptr;
      std::vector<Element> batch;
      while (auto chunk = queue.Pop()) {
        if (chunk->peer_index && chunk->peer_index.get() != installed) {
          decoder.SetPeerIndex(*chunk->peer_index);
          installed = chunk->peer_index.get();
        }
        for (const RawRecord& record : chunk->records) {
          decoder.Decode(record, &batch);
          if (!batch.empty()) visit(w, batch);
        }
      }
      worker_stats[index] = decoder.stats();
    });
  }

  // The reading side: frame records, keep the peer table current, hand out
  // chunks. Peer tables are decoded here as well as in the workers (they are
  // small), so each chunk carries the one in force when it was cut.
  ProblemLog reader_problems;
  RecordReader reader(input, reader_problems);
  std::shared_ptr<const PeerIndexTable> peer_index;
  auto chunk = std::make_unique<Chunk>();
  std::size_t chunk_bytes = 0;
  RawRecord record;
  ParallelProgress progress{0, input.file_size()};
  while (reader.Next(&record)) {
    if (record.type == kMrtTableDumpV2 && record.subtype == kPeerIndexTable) {
      auto table = std::make_shared<PeerIndexTable>();
      if (DecodePeerIndexTable(ByteCursor(record.body), table.get())) peer_index = table;
    }
    if (!in_place) {
      // Copy the body: the reader's buffer moves on.
      chunk->body_offsets.push_back(chunk->storage.size());
      chunk->storage.insert(chunk->storage.end(), record.body.begin(), record.body.end());
    }
    chunk->records.push_back(record);
    chunk_bytes += record.body.size() + kMrtHeaderLength;
    if (chunk_bytes >= kChunkBytes) {
      chunk->Seal(in_place, peer_index);
      queue.Push(std::move(chunk));
      chunk = std::make_unique<Chunk>();
      chunk_bytes = 0;
      if (on_progress) {
        progress.consumed = input.consumed();
        on_progress(progress);
      }
    }
  }
  if (!chunk->records.empty()) {
    chunk->Seal(in_place, peer_index);
    queue.Push(std::move(chunk));
  }
  queue.Close();
  for (auto& t : threads) t.join();

  // Report everything found, ordered by offset, from this thread.
  std::vector<Problem> all(reader_problems.kept());
  for (const ProblemLog& log : worker_problems) {
    all.insert(all.end(), log.kept().begin(), log.kept().end());
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Problem& a, const Problem& b) { return a.offset < b.offset; });
  for (Problem& p : all) problems.Report(p.source, p.offset, std::move(p.message));
  DecodeStats stats;
  for (const DecodeStats& s : worker_stats) stats.Merge(s);
  return stats;
}

}  // namespace manrs
