#include "manrs/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "fmt/format.h"

namespace manrs {

namespace {

Unexpected<Error> IoError(const std::string& path, const char* what, int err) {
  return MakeError(ErrorCode::kIo, fmt::format("{}: {}: {}", path, what, std::strerror(err)));
}

std::string DirectoryOf(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// The file path names after following symbolic links (at most 40, as the
// kernel does); the path itself when it does not exist.
Result<std::string> FollowLinks(const std::string& path) {
  std::string current = path;
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st {};
    if (::lstat(current.c_str(), &st) != 0) {
      if (errno == ENOENT) return current;
      return IoError(path, "cannot stat", errno);
    }
    if (!S_ISLNK(st.st_mode)) return current;
    std::string target(4096, '\0');
    const ssize_t n = ::readlink(current.c_str(), target.data(), target.size());
    if (n < 0) return IoError(path, "cannot read the link", errno);
    target.resize(static_cast<std::size_t>(n));
    current = target.front() == '/' ? target : DirectoryOf(current) + "/" + target;
  }
  return IoError(path, "cannot follow", ELOOP);
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view content) {
  auto real = FollowLinks(path);
  if (!real) return Unexpected<Error>(real.error());
  struct stat st {};
  const bool exists = ::stat(real->c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    return MakeError(ErrorCode::kIo, fmt::format("{}: not a regular file; not replaced", path));
  }
  // A name of our own beside the target: O_EXCL never reuses someone's file.
  static std::atomic<unsigned> counter{0};
  const std::string dir = DirectoryOf(*real);
  const std::string base =
      real->substr(real->rfind('/') == std::string::npos ? 0 : real->rfind('/') + 1);
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    tmp = fmt::format("{}/.{}.{}-{}.tmp", dir, base, ::getpid(), counter++);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) return IoError(path, "cannot create a file beside it", errno);
  }
  if (fd < 0) return IoError(path, "cannot create a file beside it", EEXIST);
  auto give_up = [&](const char* what) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return IoError(path, what, err);
  };
  if (exists && ::fchmod(fd, st.st_mode & 07777) != 0) return give_up("cannot set the mode");
  if (!WriteAll(fd, content)) return give_up("cannot write");
  if (::fsync(fd) != 0) return give_up("cannot write (fsync)");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return IoError(path, "cannot write (close)", err);
  }
  if (::rename(tmp.c_str(), real->c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return IoError(path, "cannot replace", err);
  }
  // The rename itself is durable only once the directory is on disk.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return IoError(path, "cannot open its directory", errno);
  const bool synced = ::fsync(dir_fd) == 0 || errno == EINVAL;  // some filesystems refuse
  const int err = errno;
  ::close(dir_fd);
  if (!synced) return IoError(path, "cannot sync its directory", err);
  return {};
}

}  // namespace manrs
