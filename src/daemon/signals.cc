// sigwait(2) on a thread of its own: no async-signal-safety limits on what
// the callbacks do.
#include "manrs/daemon/signals.h"

#include <pthread.h>

namespace manrs::daemon {

SignalWatcher::SignalWatcher(std::function<void()> on_stop, std::function<void()> on_reload)
    : on_stop_(std::move(on_stop)), on_reload_(std::move(on_reload)) {
  ::signal(SIGPIPE, SIG_IGN);
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  if (on_reload_) sigaddset(&set_, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set_, &old_mask_);
  thread_ = std::thread([this] { Watch(); });
}

SignalWatcher::~SignalWatcher() {
  done_.store(true);
  // Wakes sigwait with a signal sent to the watcher thread only.
  pthread_kill(thread_.native_handle(), SIGTERM);
  thread_.join();
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

void SignalWatcher::Watch() {
  while (true) {
    int signal = 0;
    if (sigwait(&set_, &signal) != 0) continue;
    if (done_.load()) return;
    if (signal == SIGHUP) {
      on_reload_();
    } else {
      on_stop_();
    }
  }
}

}  // namespace manrs::daemon
