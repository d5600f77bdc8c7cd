// The UDP side of `manrs sav collect`: one socket with a large receive
// buffer, datagrams taken in batches (recvmmsg) and handed to a FlowDecoder.
// Runs until a flow count, a duration or a stop flag.
#ifndef MANRS_SAV_FLOW_COLLECTOR_H_
#define MANRS_SAV_FLOW_COLLECTOR_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/sav/flow_decoder.h"

namespace manrs {

struct CollectLimits {
  std::uint64_t until_flows = 0;  // stop after this many flow records; 0: no limit
  double duration_seconds = 0;    // stop after this long; 0: no limit
  // Stop when no datagram came for this long after the first one (0: never).
  double idle_seconds = 0;
};

class FlowCollector {
 public:
  // Binds the socket to listen (HOST:PORT as daemon::ParseEndpoint reads it:
  // "127.0.0.1:2055", "[::1]:2055", port 0 for any free port); asks for receive_buffer bytes (granted up to the
  // kernel's limit, or beyond it with CAP_NET_ADMIN).
  static Result<std::unique_ptr<FlowCollector>> Bind(const std::string& listen,
                                                     int receive_buffer = 32 << 20);
  ~FlowCollector();
  FlowCollector(const FlowCollector&) = delete;
  FlowCollector& operator=(const FlowCollector&) = delete;

  std::string bound() const;  // "127.0.0.1:40123"
  int receive_buffer() const { return rcvbuf_; }

  // Receives until a limit is reached or *stop turns true. Malformed
  // datagrams are reported to problems ("udp:EXPORTER", offset in the
  // datagram), the first 100 of them; all are counted in the decoder stats.
  Status Run(const CollectLimits& limits, FlowDecoder& decoder,
             const std::function<void(const FlowExporter&, const FlowRecord&)>& on_record,
             ProblemLog& problems, const std::atomic<bool>* stop);

 private:
  FlowCollector() = default;
  int fd_ = -1;
  int rcvbuf_ = 0;
  FlowExporter local_;
};

}  // namespace manrs

#endif  // MANRS_SAV_FLOW_COLLECTOR_H_
