// The streaming side of Input: reading a file descriptor into a fixed buffer,
// and the loop that feeds a Codec and enforces the error protocol of
// Input::Read.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "base/input_internal.h"

namespace manrs::input_internal {

FdSource::FdSource(int fd, bool owns_fd, std::string path, std::size_t buffer_size)
    : fd_(fd),
      owns_fd_(owns_fd),
      path_(std::move(path)),
      buffer_(new std::byte[buffer_size]),
      capacity_(buffer_size) {}

FdSource::~FdSource() {
  if (owns_fd_) ::close(fd_);
}

Result<std::size_t> FdSource::ReadSome(std::byte* to, std::size_t n) {
  for (;;) {
    ssize_t got = ::read(fd_, to, n);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) {
      return MakeError(ErrorCode::kIo, path_ + ": read failed: " + std::strerror(errno));
    }
  }
}

Result<Bytes> FdSource::Peek(std::size_t n) {
  n = std::min(n, capacity_);
  while (peeked_ < n && !eof_) {
    auto got = ReadSome(buffer_.get() + peeked_, capacity_ - peeked_);
    if (!got) return Unexpected<Error>(std::move(got.error()));
    if (*got == 0) eof_ = true;
    peeked_ += *got;
  }
  return Bytes(buffer_.get(), peeked_);
}

Result<Bytes> FdSource::Next() {
  if (peeked_ > 0) {
    Bytes out(buffer_.get(), peeked_);
    peeked_ = 0;
    return out;
  }
  if (eof_) return Bytes{};
  auto got = ReadSome(buffer_.get(), capacity_);
  if (!got) return Unexpected<Error>(std::move(got.error()));
  if (*got == 0) eof_ = true;
  return Bytes(buffer_.get(), *got);
}

namespace {

// Input over a Source and a Codec.
//
// Invariants: in_ is the unconsumed rest of the last chunk; consumed_ counts
// the chunk bytes the codec has used. Once an error is known it waits in
// pending_ until the data decoded before it has been returned; after it has
// been returned, done_ is set and every Read returns 0.
class StreamInput : public Input {
 public:
  StreamInput(std::unique_ptr<Source> source, std::unique_ptr<Codec> codec, Compression compression,
              std::string path, std::uint64_t file_size)
      : source_(std::move(source)), codec_(std::move(codec)) {
    path_ = std::move(path);
    file_size_ = file_size;
    compression_ = compression;
  }

  Result<std::size_t> Read(std::span<std::byte> out) override;
  std::uint64_t consumed() const override { return consumed_; }

 private:
  // Fills out as far as the data goes; stops early at the end or on an error
  // (left in pending_).
  std::size_t Fill(MutableBytes out);
  // Records an error, qualified with the path, compression and offset.
  void Fail(ErrorCode code, const std::string& what, bool near);

  std::unique_ptr<Source> source_;
  std::unique_ptr<Codec> codec_;
  Bytes in_;
  std::uint64_t consumed_ = 0;
  bool eof_ = false;   // the source has no more chunks
  bool done_ = false;  // the end or an error has been returned
  std::optional<Error> pending_;
};

Result<std::size_t> StreamInput::Read(std::span<std::byte> out) {
  if (done_) return std::size_t{0};
  std::size_t produced = pending_ ? 0 : Fill(out);
  if (produced > 0) return produced;
  if (out.empty() && !pending_) return std::size_t{0};
  done_ = true;
  if (!pending_) return std::size_t{0};
  Error error = std::move(*pending_);
  pending_.reset();
  return Unexpected<Error>(std::move(error));
}

std::size_t StreamInput::Fill(MutableBytes out) {
  MutableBytes rest = out;
  // Calls at the end of the input that gave nothing. Two in a row (not one:
  // some libraries need a call to notice the end) mean nothing more will come.
  int idle_at_end = 0;
  while (!rest.empty()) {
    if (in_.empty() && !eof_) {
      auto chunk = source_->Next();
      if (!chunk) {
        pending_ = std::move(chunk.error());
        pending_->offset = consumed_;
        break;
      }
      in_ = *chunk;
      if (in_.empty()) eof_ = true;
    }
    std::size_t in_before = in_.size();
    std::size_t out_before = rest.size();
    Status status = codec_->Decode(&in_, &rest, eof_);
    std::size_t used = in_before - in_.size();
    std::size_t made = out_before - rest.size();
    consumed_ += used;
    if (!status) {
      Fail(status.error().code, status.error().message, /*near=*/true);
      break;
    }
    if (used == 0 && made == 0) {
      if (!eof_) {
        // A library that takes no input, gives no output and reports no
        // error would loop for ever: call that corruption.
        Fail(ErrorCode::kCorrupt, "decoder made no progress", true);
        break;
      }
      if (codec_->AtBoundary()) break;
      if (++idle_at_end >= 2) {
        Fail(ErrorCode::kTruncated, "truncated", /*near=*/false);
        break;
      }
    } else {
      idle_at_end = 0;
    }
  }
  return out.size() - rest.size();
}

void StreamInput::Fail(ErrorCode code, const std::string& what, bool near) {
  pending_ = Error{code,
                   path_ + ": " + CompressionName(compression_) + ": " + what +
                       (near ? " near" : " at") + " compressed byte " + std::to_string(consumed_),
                   consumed_};
}

}  // namespace

std::unique_ptr<Input> NewStreamInput(std::unique_ptr<Source> source, Compression compression,
                                      std::string path, std::uint64_t file_size) {
  return std::make_unique<StreamInput>(std::move(source), NewCodec(compression), compression,
                                       std::move(path), file_size);
}

}  // namespace manrs::input_internal
