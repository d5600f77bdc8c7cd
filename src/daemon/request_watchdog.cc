#include "daemon/request_watchdog.h"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace manrs::daemon {

namespace {

// The worker thread's current connection: which watchdog, which entry.
struct Current {
  RequestWatchdog* watchdog = nullptr;
  std::uint64_t id = 0;
};
thread_local Current current;

std::uint16_t PortOf(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return reinterpret_cast<const sockaddr_in&>(a).sin_port;
  if (a.ss_family == AF_INET6) return reinterpret_cast<const sockaddr_in6&>(a).sin6_port;
  return 0;
}

bool IsWildcard(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) {
    return reinterpret_cast<const sockaddr_in&>(a).sin_addr.s_addr == htonl(INADDR_ANY);
  }
  if (a.ss_family == AF_INET6) {
    const in6_addr& addr = reinterpret_cast<const sockaddr_in6&>(a).sin6_addr;
    return std::memcmp(&addr, &in6addr_any, sizeof addr) == 0;
  }
  return false;
}

bool SameAddress(const sockaddr_storage& a, const sockaddr_storage& b) {
  if (a.ss_family != b.ss_family || PortOf(a) != PortOf(b)) return false;
  if (a.ss_family == AF_INET) {
    return reinterpret_cast<const sockaddr_in&>(a).sin_addr.s_addr ==
           reinterpret_cast<const sockaddr_in&>(b).sin_addr.s_addr;
  }
  if (a.ss_family == AF_INET6) {
    return std::memcmp(&reinterpret_cast<const sockaddr_in6&>(a).sin6_addr,
                       &reinterpret_cast<const sockaddr_in6&>(b).sin6_addr, sizeof(in6_addr)) == 0;
  }
  return false;
}

// A connection accepted on a listener bound to local: the same port, and
// the same address unless the listener takes every address.
bool AcceptedOn(const sockaddr_storage& socket_local, const sockaddr_storage& listener) {
  if (PortOf(socket_local) != PortOf(listener)) return false;
  if (IsWildcard(listener)) return true;
  return SameAddress(socket_local, listener);
}

// The open descriptors, ascending (accept(2) returns the lowest free one,
// so the new connection is early in the list).
std::vector<int> OpenDescriptors() {
  std::vector<int> fds;
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return fds;
  const int own = ::dirfd(dir);
  while (const dirent* e = ::readdir(dir)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    const int fd = std::atoi(e->d_name);
    if (fd != own) fds.push_back(fd);
  }
  ::closedir(dir);
  std::sort(fds.begin(), fds.end());
  return fds;
}

}  // namespace

RequestWatchdog::RequestWatchdog(int request_seconds, int keep_alive_seconds)
    : request_(request_seconds), keep_alive_(std::max(0, keep_alive_seconds)) {}

RequestWatchdog::~RequestWatchdog() { Stop(); }

void RequestWatchdog::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void RequestWatchdog::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t RequestWatchdog::Discover(const sockaddr_storage& local) {
  // The sockets connected to this listener, found without the lock.
  std::vector<Entry> found;
  for (int fd : OpenDescriptors()) {
    sockaddr_storage mine{};
    socklen_t len = sizeof mine;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&mine), &len) != 0) continue;
    if (!AcceptedOn(mine, local)) continue;
    Entry e;
    e.fd = fd;
    e.peer_len = sizeof e.peer;
    // The listener itself has no peer.
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&e.peer), &e.peer_len) != 0) continue;
    found.push_back(e);
  }
  std::lock_guard lock(mu_);
  for (const Entry& e : found) {
    const bool held = std::any_of(entries_.begin(), entries_.end(), [&](const auto& item) {
      return item.second.fd == e.fd && SameAddress(item.second.peer, e.peer);
    });
    if (held) continue;
    const std::uint64_t id = next_id_++;
    entries_.emplace(id, e);
    return id;
  }
  return 0;
}

void RequestWatchdog::SetState(std::uint64_t id, State state, std::chrono::seconds budget) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.state == State::kCut) return;
  it->second.state = state;
  it->second.deadline = std::chrono::steady_clock::now() + budget;
}

void RequestWatchdog::Begin(std::uint64_t id) {
  current = {this, id};
  SetState(id, State::kReading, request_);
}

void RequestWatchdog::End(std::uint64_t id) {
  current = {};
  std::lock_guard lock(mu_);
  entries_.erase(id);
}

void RequestWatchdog::RequestRead() {
  if (current.watchdog) current.watchdog->SetState(current.id, State::kHandling, {});
}

void RequestWatchdog::AnswerSent() {
  if (current.watchdog) {
    RequestWatchdog* w = current.watchdog;
    w->SetState(current.id, State::kReading, w->keep_alive_ + w->request_);
  }
}

void RequestWatchdog::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(200));
    const auto now = std::chrono::steady_clock::now();
    for (auto& [id, e] : entries_) {
      if (e.state != State::kReading || e.deadline > now) continue;
      // Still the same connection? (Its task may have closed the descriptor
      // and a new connection reused it before End removed the entry.)
      sockaddr_storage peer{};
      socklen_t len = sizeof peer;
      if (::getpeername(e.fd, reinterpret_cast<sockaddr*>(&peer), &len) == 0 &&
          SameAddress(peer, e.peer)) {
        ::shutdown(e.fd, SHUT_RDWR);
        ++cut_;
      }
      e.state = State::kCut;
    }
  }
}

void WatchedPool::enqueue(std::function<void()> fn) {
  const std::uint64_t id = watchdog_->Discover(local_);
  if (id == 0) {
    pool_.enqueue(std::move(fn));
    return;
  }
  pool_.enqueue([watchdog = watchdog_, id, fn = std::move(fn)] {
    watchdog->Begin(id);
    fn();
    watchdog->End(id);
  });
}

}  // namespace manrs::daemon
