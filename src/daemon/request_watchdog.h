// A whole-request deadline for the HTTP server (doc/daemon.md). cpp-httplib
// 0.11's read timeout is per read: a client that sends its request head or
// body one byte a second holds a server thread for as long as it likes. The
// watchdog gives every request a deadline for all of it (head and body) and
// shuts the socket down when it passes, which ends the blocked read.
//
// cpp-httplib does not tell which socket a connection task serves, so the
// watchdog's task queue (WatchedPool) finds it when the accept thread hands
// the task over: the socket connected to the listener's address that no
// watched connection holds yet (accept(2) has just returned it). A
// connection is known by its descriptor and its peer's address; the watchdog
// checks both before it shuts a socket down, so a descriptor reused by a new
// connection is never cut.
//
// Invariants: an entry exists from the task's start to its end; only the
// entry's own worker thread moves it between reading and handling; the
// watchdog thread only cuts entries in reading whose deadline has passed.
#ifndef MANRS_SRC_DAEMON_REQUEST_WATCHDOG_H_
#define MANRS_SRC_DAEMON_REQUEST_WATCHDOG_H_

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "httplib.h"

namespace manrs::daemon {

class RequestWatchdog {
 public:
  // request_seconds: the time a request (head and body) may take, from the
  // start of its connection's task or from the end of keep-alive waiting
  // (at most keep_alive_seconds after the previous answer). REQUIRES: > 0.
  RequestWatchdog(int request_seconds, int keep_alive_seconds);
  ~RequestWatchdog();  // Stop()s
  RequestWatchdog(const RequestWatchdog&) = delete;
  RequestWatchdog& operator=(const RequestWatchdog&) = delete;

  // Starts and stops the thread that cuts overdue requests. Stop is idempotent.
  void Start();
  void Stop();

  // On the accept thread: the socket just accepted on a listener bound to
  // local (the one no entry holds yet); returns its entry id, 0 when none
  // is found (the connection then runs without a deadline).
  std::uint64_t Discover(const sockaddr_storage& local);
  // On the worker thread: the task of entry id starts and ends.
  void Begin(std::uint64_t id);
  void End(std::uint64_t id);
  // On the worker thread, from the server's hooks: the current request has
  // been read (the handler or error handler runs), or its answer is written
  // (the next request's deadline starts).
  static void RequestRead();
  static void AnswerSent();

  // Requests cut off so far.
  std::uint64_t cut() const { return cut_.load(); }

 private:
  enum class State { kQueued, kReading, kHandling, kCut };
  struct Entry {
    int fd = -1;
    sockaddr_storage peer{};
    socklen_t peer_len = 0;
    State state = State::kQueued;
    std::chrono::steady_clock::time_point deadline;
  };
  void SetState(std::uint64_t id, State state, std::chrono::seconds budget);
  void Run();

  const std::chrono::seconds request_;
  const std::chrono::seconds keep_alive_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::atomic<std::uint64_t> cut_{0};
};

// cpp-httplib's thread pool with each connection task watched.
class WatchedPool final : public httplib::TaskQueue {
 public:
  WatchedPool(std::size_t threads, RequestWatchdog* watchdog, const sockaddr_storage& local)
      : pool_(threads), watchdog_(watchdog), local_(local) {}
  void enqueue(std::function<void()> fn) override;
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  RequestWatchdog* watchdog_;
  sockaddr_storage local_;
};

}  // namespace manrs::daemon

#endif  // MANRS_SRC_DAEMON_REQUEST_WATCHDOG_H_
