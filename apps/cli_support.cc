#include "apps/cli_support.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace manrs {

void PrintProblem(const Problem& p) {
  if (p.line > 0) {
    std::fprintf(stderr, "manrs: %s: line %llu (offset %llu): %s\n", p.source.c_str(),
                 static_cast<unsigned long long>(p.line), static_cast<unsigned long long>(p.offset),
                 p.message.c_str());
  } else {
    std::fprintf(stderr, "manrs: %s: offset %llu: %s\n", p.source.c_str(),
                 static_cast<unsigned long long>(p.offset), p.message.c_str());
  }
}

ProblemPrinter::ProblemPrinter(bool quiet, std::uint64_t cap)
    : quiet_(quiet), cap_(cap), log_([this](const Problem& p) {
        if (!quiet_ && printed_ < cap_) {
          ++printed_;
          PrintProblem(p);
        }
      }) {}

ProblemPrinter::~ProblemPrinter() {
  if (!quiet_ && log_.count() > printed_) {
    std::fprintf(stderr, "manrs: %llu more problems not shown\n",
                 static_cast<unsigned long long>(log_.count() - printed_));
  }
}

void PrintFileError(const std::string& file, const Error& error) {
  const std::string& m = error.message;
  if (m.size() > file.size() && m.compare(0, file.size(), file) == 0 && m[file.size()] == ':') {
    std::fprintf(stderr, "manrs: %s\n", m.c_str());
  } else {
    std::fprintf(stderr, "manrs: %s: %s\n", file.c_str(), m.c_str());
  }
}

namespace {

// Why file cannot be read as input, or nullptr.
const char* UnreadableBecause(const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return errno == ENOENT ? "no such file" : std::strerror(errno);
  }
  if (S_ISDIR(st.st_mode)) return "is a directory";
  if (::access(file.c_str(), R_OK) != 0) return "not readable";
  return nullptr;
}

}  // namespace

bool CheckInputFiles(const std::vector<std::string>& files, bool allow_stdin) {
  bool ok = true;
  for (const auto& file : files) {
    if (file == "-" && allow_stdin) continue;
    if (const char* why = UnreadableBecause(file)) {
      std::fprintf(stderr, "manrs: %s: %s\n", file.c_str(), why);
      ok = false;
    }
  }
  return ok;
}

CLI::Validator InputFile(bool allow_stdin) {
  return CLI::Validator(
      [allow_stdin](std::string& file) -> std::string {
        if (file == "-" && allow_stdin) return {};
        const char* why = UnreadableBecause(file);
        return why ? file + ": " + why : std::string();
      },
      "FILE");
}

std::uint64_t TotalSize(const std::vector<std::string>& files) {
  std::uint64_t total = 0;
  for (const auto& f : files) {
    std::error_code ec;
    auto size = std::filesystem::file_size(f, ec);
    if (!ec) total += size;
  }
  return total;
}

bool FinishStdout() {
  errno = 0;
  const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout);
  const int flush_errno = errno;
  // A descriptor closed before we started (`>&-`) lost nothing if nothing
  // was written; the flush above would have failed otherwise.
  if ((std::fclose(stdout) != 0 && errno != EBADF) || failed) {
    const int err = failed ? flush_errno : errno;
    std::fprintf(stderr, "manrs: cannot write the output: %s\n",
                 err ? std::strerror(err) : "write error");
    return false;
  }
  return true;
}

}  // namespace manrs
