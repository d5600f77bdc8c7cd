// Where an RTR cache gets its payloads: a relying party's output file, or an
// http(s) URL (polled with If-None-Match / If-Modified-Since, so an
// unchanged file costs a 304). A SLURM file, when given, is applied to every
// load. Poll() is called from the server's loader thread.
#ifndef MANRS_RTR_PAYLOAD_SOURCE_H_
#define MANRS_RTR_PAYLOAD_SOURCE_H_

#include <memory>
#include <optional>
#include <string>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/rpki/vrp.h"

namespace manrs::rtr {

class PayloadSource {
 public:
  virtual ~PayloadSource() = default;
  // Loads the input if it changed since the last poll (the first poll always
  // loads). nullopt: unchanged. Bad entries are reported to problems. An
  // error does not name the source (the caller does, with name()); one in
  // the SLURM file names that file.
  virtual std::optional<Result<RpkiPayloads>> Poll(ProblemLog& problems) = 0;
  virtual const std::string& name() const = 0;
};

// location: a file path, or a URL starting with http:// or https://.
// slurm: a SLURM file path, or empty.
std::unique_ptr<PayloadSource> MakePayloadSource(const std::string& location,
                                                 const std::string& slurm);

// True for http:// and https:// locations.
bool IsUrl(const std::string& location);

}  // namespace manrs::rtr

#endif  // MANRS_RTR_PAYLOAD_SOURCE_H_
