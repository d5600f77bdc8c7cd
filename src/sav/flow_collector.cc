#include "manrs/sav/flow_collector.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <vector>

#include "fmt/format.h"
#include "manrs/daemon/endpoint.h"

namespace manrs {

namespace {

constexpr std::size_t kBatch = 64;
constexpr std::size_t kDatagram = 65536;

FlowExporter FromSockaddr(const sockaddr_storage& ss) {
  FlowExporter e;
  if (ss.ss_family == AF_INET) {
    const auto& s = reinterpret_cast<const sockaddr_in&>(ss);
    e.address = IpAddress::V4(ntohl(s.sin_addr.s_addr));
    e.port = ntohs(s.sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto& s = reinterpret_cast<const sockaddr_in6&>(ss);
    e.address = IpAddress::FromBytes(Afi::kIpv6, s.sin6_addr.s6_addr);
    e.port = ntohs(s.sin6_port);
  }
  return e;
}

std::string Text(const FlowExporter& e) {
  return e.address.is_v6() ? fmt::format("[{}]:{}", e.address.ToString(), e.port)
                           : fmt::format("{}:{}", e.address.ToString(), e.port);
}

}  // namespace

Result<std::unique_ptr<FlowCollector>> FlowCollector::Bind(const std::string& listen,
                                                           int receive_buffer) {
  // The same HOST:PORT syntax as every daemon's listen addresses.
  auto where = daemon::ParseEndpoint(listen);
  if (!where)
    return MakeError(where.error().code, "--listen " + listen + ": " + where.error().message);
  std::unique_ptr<FlowCollector> c(new FlowCollector());
  const bool v6 = where->address().is_v6();
  c->fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (c->fd_ < 0)
    return MakeError(ErrorCode::kBadValue, std::string("socket: ") + std::strerror(errno));
  // SO_RCVBUFFORCE passes the kernel's rmem_max when allowed (root); else
  // SO_RCVBUF gets what the limit grants.
  if (::setsockopt(c->fd_, SOL_SOCKET, SO_RCVBUFFORCE, &receive_buffer, sizeof receive_buffer) !=
      0) {
    ::setsockopt(c->fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  socklen_t len = sizeof c->rcvbuf_;
  ::getsockopt(c->fd_, SOL_SOCKET, SO_RCVBUF, &c->rcvbuf_, &len);
  if (::bind(c->fd_, where->data(), static_cast<socklen_t>(where->size())) != 0) {
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("bind {}: {}", listen, std::strerror(errno)));
  }
  sockaddr_storage ss{};
  socklen_t ss_len = sizeof ss;
  ::getsockname(c->fd_, reinterpret_cast<sockaddr*>(&ss), &ss_len);
  c->local_ = FromSockaddr(ss);
  return c;
}

FlowCollector::~FlowCollector() {
  if (fd_ >= 0) ::close(fd_);
}

std::string FlowCollector::bound() const { return Text(local_); }

Status FlowCollector::Run(
    const CollectLimits& limits, FlowDecoder& decoder,
    const std::function<void(const FlowExporter&, const FlowRecord&)>& on_record,
    ProblemLog& problems, const std::atomic<bool>* stop) {
  std::vector<std::uint8_t> buffers(kBatch * kDatagram);
  std::vector<mmsghdr> msgs(kBatch);
  std::vector<iovec> iov(kBatch);
  std::vector<sockaddr_storage> from(kBatch);
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto last_datagram = start;
  bool any = false;
  std::uint64_t reported = 0;
  FlowExporter exporter;
  const auto emit = [&](const FlowRecord& r) { on_record(exporter, r); };
  for (;;) {
    if (stop != nullptr && stop->load()) return {};
    if (limits.until_flows && decoder.stats().records >= limits.until_flows) return {};
    const auto now = Clock::now();
    const double elapsed = std::chrono::duration<double>(now - start).count();
    if (limits.duration_seconds > 0 && elapsed >= limits.duration_seconds) return {};
    if (any && limits.idle_seconds > 0 &&
        std::chrono::duration<double>(now - last_datagram).count() >= limits.idle_seconds) {
      return {};
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, 50);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return MakeError(ErrorCode::kBadValue, std::string("poll: ") + std::strerror(errno));
    }
    if (ready == 0) continue;
    for (std::size_t i = 0; i < kBatch; ++i) {
      iov[i] = {buffers.data() + i * kDatagram, kDatagram};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &from[i];
      msgs[i].msg_hdr.msg_namelen = sizeof from[i];
    }
    const int received = ::recvmmsg(fd_, msgs.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (received < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      return MakeError(ErrorCode::kBadValue, std::string("recvmmsg: ") + std::strerror(errno));
    }
    any = true;
    last_datagram = Clock::now();
    const auto seconds = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(last_datagram.time_since_epoch()).count());
    for (std::size_t i = 0; i < static_cast<std::size_t>(received); ++i) {
      exporter = FromSockaddr(from[i]);
      auto s = decoder.Decode(exporter, std::span(buffers.data() + i * kDatagram, msgs[i].msg_len),
                              seconds, emit);
      if (!s && reported++ < 100) problems.Report("udp:" + Text(exporter), s.error());
    }
  }
}

}  // namespace manrs
