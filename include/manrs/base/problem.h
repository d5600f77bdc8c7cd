// Problems found in input: each names the source (file), the byte offset (or
// line) and what was wrong. Decoders report into a ProblemLog and carry on with
// the rest of the input; the command decides the exit code from the count.
#ifndef MANRS_BASE_PROBLEM_H_
#define MANRS_BASE_PROBLEM_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "manrs/base/result.h"

namespace manrs {

struct Problem {
  std::string source;
  std::uint64_t offset = 0;  // bytes from the start of the (decompressed) source
  std::string message;
  std::uint64_t line = 0;  // for text sources: the line, from 1; 0 when not known
};

class ProblemLog {
 public:
  // on_problem, when set, sees every problem as it is reported (e.g. to print
  // it at once); the log keeps the first max_kept of them.
  explicit ProblemLog(std::function<void(const Problem&)> on_problem = nullptr,
                      std::size_t max_kept = 1000)
      : on_problem_(std::move(on_problem)), max_kept_(max_kept) {}

  void Report(const std::string& source, std::uint64_t offset, std::string message);
  void Report(const std::string& source, const Error& error) {
    Report(source, error.offset, error.message);
  }
  // For text: the byte offset of the problem and its line number (from 1).
  void ReportAtLine(const std::string& source, std::uint64_t offset, std::uint64_t line,
                    std::string message);

  std::uint64_t count() const { return count_; }
  const std::vector<Problem>& kept() const { return kept_; }

 private:
  std::function<void(const Problem&)> on_problem_;
  std::size_t max_kept_;
  std::uint64_t count_ = 0;
  std::vector<Problem> kept_;
};

}  // namespace manrs

#endif  // MANRS_BASE_PROBLEM_H_
