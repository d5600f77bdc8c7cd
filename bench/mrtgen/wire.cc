#include "wire.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace manrs::mrtgen {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{8} << 20;

Unexpected<Error> IoError(const std::string& what, const std::string& path) {
  return MakeError(ErrorCode::kIo, fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

}  // namespace

OutputFile::~OutputFile() {
  if (file_ == nullptr) return;
  // Standard output keeps using buffer_ until flushed: flush before it goes.
  std::fflush(file_);
  if (owned_) std::fclose(file_);
}

Status OutputFile::Open(const std::string& path) {
  path_ = path;
  if (path == "-") {
    file_ = stdout;
  } else {
    file_ = std::fopen(path.c_str(), "wb");
    owned_ = true;
  }
  if (file_ == nullptr) return IoError("cannot open", path);
  buffer_.resize(kBufferBytes);
  std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
  return {};
}

Status OutputFile::Write(std::span<const std::uint8_t> data) {
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    return IoError("cannot write", path_);
  }
  bytes_written_ += data.size();
  return {};
}

Status OutputFile::Close() {
  if (file_ == nullptr) return {};
  const bool flushed = std::fflush(file_) == 0;
  const bool closed = !owned_ || std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed) return IoError("cannot write", path_);
  return {};
}

}  // namespace manrs::mrtgen
