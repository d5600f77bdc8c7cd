// Helpers shared by the subcommands: problem printing, input checks, sizes.
#ifndef MANRS_APPS_CLI_SUPPORT_H_
#define MANRS_APPS_CLI_SUPPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "manrs/base/problem.h"
#include "manrs/base/result.h"

namespace manrs {

// How many problems a command prints before it only counts them.
inline constexpr std::uint64_t kDefaultProblemCap = 200;

// "manrs: FILE: offset N: message", or "manrs: FILE: line L (offset N): message",
// on stderr.
void PrintProblem(const Problem& p);

// The problem log every command reads its input with: prints the first cap
// problems as they come (none when quiet) and, when it goes, one line
// "manrs: N more problems not shown". All are counted.
class ProblemPrinter {
 public:
  explicit ProblemPrinter(bool quiet, std::uint64_t cap = kDefaultProblemCap);
  ~ProblemPrinter();
  ProblemPrinter(const ProblemPrinter&) = delete;
  ProblemPrinter& operator=(const ProblemPrinter&) = delete;

  ProblemLog& log() { return log_; }
  std::uint64_t count() const { return log_.count(); }

 private:
  bool quiet_;
  std::uint64_t cap_;
  std::uint64_t printed_ = 0;
  ProblemLog log_;
};

// "manrs: FILE: message" on stderr, naming the file once even when the
// library's message already starts with it.
void PrintFileError(const std::string& file, const Error& error);

// Checks that each file can be read (a regular file, a device or a pipe; "-"
// when allow_stdin) and prints "manrs: NAME: no such file" (or why not) for
// each that cannot. Returns false when one cannot.
bool CheckInputFiles(const std::vector<std::string>& files, bool allow_stdin = false);
inline bool CheckInputFile(const std::string& file) {
  return file.empty() || CheckInputFiles({file});
}

// A CLI11 check for input file options: "NAME: no such file" (or why it
// cannot be read) instead of CLI11's own wording. "-" passes when allow_stdin.
CLI::Validator InputFile(bool allow_stdin = false);

// The summed sizes of the files (for a progress bar); unreadable ones count 0.
std::uint64_t TotalSize(const std::vector<std::string>& files);

// Flushes and closes standard output. Returns false after printing why when
// anything written to it was lost (a full disk, a closed descriptor).
bool FinishStdout();

}  // namespace manrs

#endif  // MANRS_APPS_CLI_SUPPORT_H_
