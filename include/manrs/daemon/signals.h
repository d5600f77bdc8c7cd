// Signal handling for a daemon, owned by the app (the libraries expose Stop()
// and, where it exists, a reload; they never install handlers). A watcher
// thread takes SIGINT and SIGTERM (stop) and, when a reload is given, SIGHUP
// with sigwait(2), so the callbacks run as ordinary code on that thread: they
// may lock, log and call the server's thread-safe Stop().
//
//   rtr::RtrServer server(...);
//   daemon::SignalWatcher signals([&] { server.Stop(); });
//   server.Start(); server.Run();
#ifndef MANRS_DAEMON_SIGNALS_H_
#define MANRS_DAEMON_SIGNALS_H_

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace manrs::daemon {

class SignalWatcher {
 public:
  // Blocks the signals in the calling thread (threads started later inherit
  // the mask) and starts the watcher; SIGPIPE is ignored (a peer that hangs
  // up is an error on the write, not the end of the process).
  // REQUIRES: no other thread of the process is running yet (a thread that
  // does not block the signals could be picked to receive them), and the
  // callbacks' targets outlive the watcher (declare it after the server).
  explicit SignalWatcher(std::function<void()> on_stop, std::function<void()> on_reload = {});
  // Stops the watcher and restores the signal mask.
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void Watch();

  std::function<void()> on_stop_;
  std::function<void()> on_reload_;
  sigset_t set_;
  sigset_t old_mask_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace manrs::daemon

#endif  // MANRS_DAEMON_SIGNALS_H_
