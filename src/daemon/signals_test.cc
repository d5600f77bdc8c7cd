// A signal sent to the process reaches the callbacks on the watcher thread.
#include "manrs/daemon/signals.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace manrs::daemon {
namespace {

TEST(SignalWatcherTest, StopAndReload) {
  std::mutex mu;
  std::condition_variable cv;
  int stops = 0, reloads = 0;
  {
    SignalWatcher watcher(
        [&] {
          std::lock_guard lock(mu);
          ++stops;
          cv.notify_all();
        },
        [&] {
          std::lock_guard lock(mu);
          ++reloads;
          cv.notify_all();
        });
    ::kill(::getpid(), SIGHUP);
    ::kill(::getpid(), SIGTERM);
    std::unique_lock lock(mu);
    EXPECT_TRUE(
        cv.wait_for(lock, std::chrono::seconds(10), [&] { return stops == 1 && reloads == 1; }));
  }
  // The watcher is gone and the mask restored: no callback runs any more.
  EXPECT_EQ(stops, 1);
}

}  // namespace
}  // namespace manrs::daemon
