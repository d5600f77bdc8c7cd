// Opening an Input: recognising the compression by its magic bytes, mapping
// plain regular files, and handing everything else to the streaming Input of
// input_stream.cc.
#include "manrs/base/input.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <utility>

#include "base/input_internal.h"

namespace manrs {

namespace {

using input_internal::FdSource;

// Longest magic we look at (xz).
constexpr std::size_t kMagicSize = 6;

bool StartsWith(Bytes data, std::initializer_list<std::uint8_t> magic) {
  if (data.size() < magic.size()) return false;
  std::size_t i = 0;
  for (std::uint8_t m : magic) {
    if (std::to_integer<std::uint8_t>(data[i++]) != m) return false;
  }
  return true;
}

// Plain data read in place: a whole-file mapping, or a caller's buffer
// (map_ null).
class ViewInput : public Input {
 public:
  ViewInput(Bytes data, std::string path, void* map) : data_(data), map_(map) {
    path_ = std::move(path);
    file_size_ = data.size();
    compression_ = Compression::kNone;
  }
  ~ViewInput() override {
    if (map_ != nullptr) ::munmap(map_, data_.size());
  }
  ViewInput(const ViewInput&) = delete;
  ViewInput& operator=(const ViewInput&) = delete;

  Result<std::size_t> Read(std::span<std::byte> out) override {
    std::size_t n = std::min(out.size(), data_.size() - pos_);
    if (n > 0) std::memcpy(out.data(), data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::optional<Bytes> View() const override { return data_; }
  std::uint64_t consumed() const override { return pos_; }

 private:
  Bytes data_;
  void* map_;
  std::size_t pos_ = 0;
};

Unexpected<Error> IoError(const std::string& path, const char* what, int err) {
  return MakeError(ErrorCode::kIo, path + ": " + what + ": " + std::strerror(err));
}

// Maps a plain regular file; nullptr if the kernel refuses (then the caller
// streams it instead).
std::unique_ptr<Input> MapFile(int fd, const std::string& path, std::uint64_t size) {
  if (size > SIZE_MAX) return nullptr;
  auto length = static_cast<std::size_t>(size);
  void* map = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) return nullptr;
  ::madvise(map, length, MADV_SEQUENTIAL);
  return std::make_unique<ViewInput>(AsBytes(map, length), path, map);
}

}  // namespace

const char* CompressionName(Compression c) {
  switch (c) {
    case Compression::kNone:
      return "plain";
    case Compression::kGzip:
      return "gzip";
    case Compression::kBzip2:
      return "bzip2";
    case Compression::kZstd:
      return "zstd";
    case Compression::kXz:
      return "xz";
  }
  return "unknown";
}

// Each format is recognised as soon as its own magic is complete (3 bytes
// for gzip, 4 for bzip2 and zstd, 6 for xz), so that even a file cut inside
// its first header is reported as a truncated compressed file.
Compression DetectCompression(Bytes head) {
  // ID1 ID2 and CM = 8 (deflate, the only method defined by RFC 1952).
  if (StartsWith(head, {0x1f, 0x8b, 0x08})) return Compression::kGzip;
  // "BZh" and the block size '1'..'9'.
  if (StartsWith(head, {'B', 'Z', 'h'}) && head.size() >= 4) {
    auto level = std::to_integer<std::uint8_t>(head[3]);
    if (level >= '1' && level <= '9') return Compression::kBzip2;
  }
  // A zstd frame, or a skippable frame (0x184D2A50..5F little-endian), which
  // is how pzstd output begins.
  if (StartsWith(head, {0x28, 0xb5, 0x2f, 0xfd})) return Compression::kZstd;
  if (head.size() >= 4 && (std::to_integer<std::uint8_t>(head[0]) & 0xf0) == 0x50 &&
      StartsWith(head.subspan(1), {0x2a, 0x4d, 0x18})) {
    return Compression::kZstd;
  }
  if (StartsWith(head, {0xfd, '7', 'z', 'X', 'Z', 0x00})) return Compression::kXz;
  return Compression::kNone;
}

Result<std::unique_ptr<Input>> OpenInput(const std::string& path) {
  bool is_stdin = path == "-";
  int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError(path, "cannot open", errno);
  auto source = std::make_unique<FdSource>(fd, /*owns_fd=*/!is_stdin, path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError(path, "cannot stat", errno);
  if (S_ISDIR(st.st_mode)) return IoError(path, "cannot read", EISDIR);
  bool regular = S_ISREG(st.st_mode);
  std::uint64_t file_size = regular ? static_cast<std::uint64_t>(st.st_size) : 0;
  if (regular) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);  // a hint: failure is harmless

  auto head = source->Peek(kMagicSize);
  if (!head) return Unexpected<Error>(std::move(head.error()));
  Compression compression = DetectCompression(*head);
  // A regular file of size 0 may still have content (/proc): stream those.
  if (compression == Compression::kNone && regular && !is_stdin && file_size > 0) {
    if (auto mapped = MapFile(source->fd(), path, file_size)) return mapped;
  }
  return input_internal::NewStreamInput(std::move(source), compression, path, file_size);
}

std::unique_ptr<Input> OpenMemoryInput(Bytes data, std::string name) {
  Compression compression = DetectCompression(data.first(std::min(data.size(), kMagicSize)));
  if (compression == Compression::kNone) {
    return std::make_unique<ViewInput>(data, std::move(name), nullptr);
  }
  return input_internal::NewStreamInput(std::make_unique<input_internal::MemorySource>(data),
                                        compression, std::move(name), data.size());
}

Result<std::string> ReadWholeInput(const std::string& path, std::optional<Error>* damage) {
  auto input = OpenInput(path);
  if (!input) return Unexpected<Error>(input.error());
  if (auto view = (*input)->View()) {
    return std::string(reinterpret_cast<const char*>(view->data()), view->size());
  }
  std::string text;
  std::array<std::byte, 1 << 16> buffer;
  while (true) {
    auto n = (*input)->Read(std::span<std::byte>(buffer));
    if (!n) {
      if (damage == nullptr) return Unexpected<Error>(n.error());
      *damage = n.error();
      break;
    }
    if (*n == 0) break;
    text.append(reinterpret_cast<const char*>(buffer.data()), *n);
  }
  return text;
}

}  // namespace manrs
