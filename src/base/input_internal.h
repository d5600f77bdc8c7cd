// Internals of Input: where compressed bytes come from (a Source) and how they
// are turned into data (a Codec), joined by one generic streaming Input.
//
// Split of work: a Source hands out chunks of the file as they are read; a
// Codec knows one compression library, including how that format chains
// several members/streams/frames; NewStreamInput() owns the loop, the byte
// accounting and the error protocol of Input::Read (data first, then one
// error, then 0 for ever).
#ifndef MANRS_BASE_INPUT_INTERNAL_H_
#define MANRS_BASE_INPUT_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "manrs/base/cursor.h"
#include "manrs/base/input.h"
#include "manrs/base/result.h"

namespace manrs::input_internal {

using MutableBytes = std::span<std::byte>;

// Read buffer for compressed files: large enough that read(2) costs nothing,
// small enough that memory stays constant whatever the file's size.
inline constexpr std::size_t kReadBufferSize = 256 * 1024;

// A supply of raw (compressed) bytes.
class Source {
 public:
  virtual ~Source() = default;
  // Returns the next chunk, valid until the following call; an empty chunk
  // means the end. Errors are kIo and name the path.
  virtual Result<Bytes> Next() = 0;
};

// Reads a file descriptor with read(2) into one fixed buffer.
class FdSource : public Source {
 public:
  // Closes fd on destruction if owns_fd.
  FdSource(int fd, bool owns_fd, std::string path, std::size_t buffer_size = kReadBufferSize);
  ~FdSource() override;
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;

  // Reads until at least n bytes are buffered or the input ends, and returns
  // what is buffered without consuming it: the next Next() hands it out
  // again. Used to sniff the magic bytes of a stream that cannot seek (stdin).
  // REQUIRES: Next() has not been called yet; n <= the buffer size.
  Result<Bytes> Peek(std::size_t n);
  Result<Bytes> Next() override;

  int fd() const { return fd_; }

 private:
  Result<std::size_t> ReadSome(std::byte* to, std::size_t n);

  int fd_;
  bool owns_fd_;
  std::string path_;
  std::unique_ptr<std::byte[]> buffer_;
  std::size_t capacity_;
  std::size_t peeked_ = 0;  // bytes read by Peek and not yet handed out
  bool eof_ = false;
};

// Hands out one caller-owned buffer.
class MemorySource : public Source {
 public:
  explicit MemorySource(Bytes data) : data_(data) {}
  Result<Bytes> Next() override {
    Bytes out = data_;
    data_ = {};
    return out;
  }

 private:
  Bytes data_;
};

// One decompression library. Decode() advances *in past the bytes it used and
// *out past the bytes it wrote; several members/streams/frames in a row are
// the codec's business. An error carries the code and a short message about
// the data only (the caller adds the path, compression and offset).
class Codec {
 public:
  virtual ~Codec() = default;
  // Does one step of work. in may be empty only when finish is true (the
  // input has ended), to drain what the library still holds.
  virtual Status Decode(Bytes* in, MutableBytes* out, bool finish) = 0;
  // True if the data seen so far ends exactly at the end of a complete
  // member/stream/frame, so that the input may end here.
  virtual bool AtBoundary() const = 0;
};

std::unique_ptr<Codec> NewCodec(Compression compression);

// The streaming Input over a source; compression is already detected.
// file_size is 0 when unknown (a pipe).
std::unique_ptr<Input> NewStreamInput(std::unique_ptr<Source> source, Compression compression,
                                      std::string path, std::uint64_t file_size);

}  // namespace manrs::input_internal

#endif  // MANRS_BASE_INPUT_INTERNAL_H_
