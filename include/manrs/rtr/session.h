// Session: the cache side of one RTR connection as a pure state machine,
// free of I/O: bytes from the router go in, PDUs to the router come out. The
// server (server.h) moves the bytes; the fuzzer and the tests drive it
// directly.
//
// Protocol (RFC 8210 sections 5-8 and 8210bis section 7):
// - The first query fixes the session's version. A version above
//   kMaxVersion is answered with Unsupported Protocol Version (4) in the
//   cache's highest version, and the router retries lower; a version at or
//   below it is accepted (downgrade). A later PDU in another version gets
//   Unexpected Protocol Version (8).
// - Reset Query: Cache Response, every payload, End of Data.
// - Serial Query: Cache Response, the delta, End of Data; Cache Reset when
//   the session id differs or the history no longer reaches the serial.
// - No data loaded yet: No Data Available (2), the session stays open.
// - A type unknown in the PDU's version: Unsupported PDU Type (5); a length
//   that does not fit: Corrupt Data (0); a PDU a router never sends (prefix,
//   End of Data, ...): Invalid Request (3). These close the session after
//   the Error Report, which carries the erroneous PDU.
// - An Error Report from the router closes the session without an answer.
//
// Output: a queue of segments; a response body is a shared encoding from the
// cache, so a thousand routers syncing at once share one copy.
#ifndef MANRS_RTR_SESSION_H_
#define MANRS_RTR_SESSION_H_

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "manrs/base/cursor.h"
#include "manrs/rtr/cache.h"
#include "manrs/rtr/pdu.h"

namespace manrs::rtr {

struct SessionLimits {
  // Longest PDU accepted from a router (its queries are 8-12 bytes; an
  // Error Report may carry text).
  std::uint32_t max_pdu_length = 64 * 1024;
  // Output queued and not yet sent, shared bodies included; past it the
  // session closes (a router that pipelines queries without reading).
  std::size_t max_pending_output = 256u << 20;
};

class Session {
 public:
  Session(CacheState* cache, const Timers& timers, const SessionLimits& limits = {});

  // Bytes the router sent. Ignored once the session is closing.
  void Receive(Bytes data);
  // The cache moved to a new serial: queues one Serial Notify unless one is
  // already waiting or the router has not queried yet.
  void NotifyNewSerial();

  bool HasOutput() const { return !out_.empty(); }
  // The next contiguous output bytes; valid until ConsumeOutput or any other
  // call that changes the session.
  Bytes PendingOutput() const;
  void ConsumeOutput(std::size_t n);
  std::size_t pending_bytes() const { return pending_bytes_; }

  // True when the connection is to be closed once the output is sent.
  bool closing() const { return closing_; }
  // Why it is closing: the cause for counting, the reason for the log ("" and
  // kNone when not closing).
  enum class CloseCause { kNone, kErrorSent, kErrorReceived, kOutputCap };
  CloseCause close_cause() const { return close_cause_; }
  const std::string& close_reason() const { return close_reason_; }
  // The negotiated version, once the first query was accepted.
  std::optional<std::uint8_t> version() const { return version_; }
  // Error Report codes sent and received, for metrics and tests.
  std::optional<ReportCode> last_error_sent() const { return last_error_sent_; }
  // Error Reports sent so far, by code.
  const std::array<std::uint64_t, 10>& errors_sent() const { return errors_sent_; }
  std::uint64_t full_syncs() const { return full_syncs_; }
  std::uint64_t incremental_syncs() const { return incremental_syncs_; }

 private:
  struct Segment {
    std::shared_ptr<const std::string> shared;  // set: a cache encoding
    std::string own;                            // otherwise
    std::size_t pos = 0;
    bool is_notify = false;
    const std::string& bytes() const { return shared ? *shared : own; }
  };

  void Handle(Bytes pdu);
  void Respond(std::uint8_t version, const std::shared_ptr<const std::string>& body);
  void SendError(std::uint8_t version, ReportCode code, Bytes pdu, std::string text, bool fatal);
  void Queue(std::string bytes, bool is_notify = false);
  void Close(CloseCause cause, std::string reason);

  CacheState* cache_;
  Timers timers_;
  SessionLimits limits_;
  std::string in_;
  std::deque<Segment> out_;
  std::size_t pending_bytes_ = 0;
  std::optional<std::uint8_t> version_;
  bool closing_ = false;
  CloseCause close_cause_ = CloseCause::kNone;
  std::string close_reason_;
  bool notify_queued_ = false;
  std::optional<ReportCode> last_error_sent_;
  std::array<std::uint64_t, 10> errors_sent_{};
  std::uint64_t full_syncs_ = 0;
  std::uint64_t incremental_syncs_ = 0;
};

}  // namespace manrs::rtr

#endif  // MANRS_RTR_SESSION_H_
