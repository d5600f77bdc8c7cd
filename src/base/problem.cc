#include "manrs/base/problem.h"

namespace manrs {

void ProblemLog::Report(const std::string& source, std::uint64_t offset, std::string message) {
  ReportAtLine(source, offset, 0, std::move(message));
}

void ProblemLog::ReportAtLine(const std::string& source, std::uint64_t offset, std::uint64_t line,
                              std::string message) {
  ++count_;
  Problem problem{source, offset, std::move(message), line};
  if (on_problem_) on_problem_(problem);
  if (kept_.size() < max_kept_) kept_.push_back(std::move(problem));
}

}  // namespace manrs
