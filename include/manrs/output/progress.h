// Progress: a one-line progress bar on a terminal's stderr; silent when
// stderr is not a terminal (piped, redirected, CI), so logs stay clean.
#ifndef MANRS_OUTPUT_PROGRESS_H_
#define MANRS_OUTPUT_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace manrs {

class Progress {
 public:
  // total is in the same unit as Update's done (here: bytes of input files).
  Progress(std::string label, std::uint64_t total);
  ~Progress() { Finish(); }

  // Cheap to call often: redraws at most ten times a second.
  void Update(std::uint64_t done) {
    if (enabled_ && ++calls_ % 256 == 0) Draw(done, false);
  }
  // For callers that report rarely (e.g. once per 4 MB chunk): checks the
  // clock on every call.
  void UpdateRarely(std::uint64_t done) {
    if (enabled_) Draw(done, false);
  }
  void Finish();
  bool enabled() const { return enabled_; }

 private:
  void Draw(std::uint64_t done, bool force);

  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  bool finished_ = false;
  std::uint64_t calls_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace manrs

#endif  // MANRS_OUTPUT_PROGRESS_H_
