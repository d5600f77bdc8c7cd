// Input: a file read as a stream of bytes, decompressed on the fly. The
// compression is recognised by the magic bytes at the start of the file, never
// by its name: gzip (all members of a multi-member file), bzip2 (all streams of
// a multi-stream file), zstd (all frames), xz (concatenated streams) or plain.
// Memory stays constant however large the file; plain files are mmap'd and can
// be viewed whole without a copy.
#ifndef MANRS_BASE_INPUT_H_
#define MANRS_BASE_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "manrs/base/cursor.h"
#include "manrs/base/result.h"

namespace manrs {

enum class Compression : std::uint8_t { kNone, kGzip, kBzip2, kZstd, kXz };

const char* CompressionName(Compression c);
// Recognises a compression from the first bytes of a file (at least 6 bytes
// are needed to tell xz; fewer give kNone).
Compression DetectCompression(Bytes head);

class Input {
 public:
  virtual ~Input() = default;

  // Reads up to out.size() decompressed bytes. Returns the count; 0 means the
  // end of the data. A damaged or truncated compressed stream first yields all
  // the data that could be recovered, then an error (kTruncated or kCorrupt)
  // on the following call; after an error every call returns 0.
  virtual Result<std::size_t> Read(std::span<std::byte> out) = 0;

  // For plain files: the whole content, mmap'd; valid while this Input lives.
  // Empty for compressed files.
  virtual std::optional<Bytes> View() const { return std::nullopt; }

  // Bytes of the file itself consumed so far, and the file's size: progress.
  virtual std::uint64_t consumed() const = 0;
  std::uint64_t file_size() const { return file_size_; }
  Compression compression() const { return compression_; }
  const std::string& path() const { return path_; }

 protected:
  std::string path_;
  std::uint64_t file_size_ = 0;
  Compression compression_ = Compression::kNone;
};

// Opens a file ("-" is standard input, always streamed). Errors name the path.
Result<std::unique_ptr<Input>> OpenInput(const std::string& path);

// Reads the whole decompressed content of path (as OpenInput; errors name the
// path). When the compressed stream is damaged or cut short: with damage
// null, an error; else the data that could be recovered, with the error in
// *damage (its offset is in the compressed file). Use only for files that fit
// in memory (lists, configurations).
Result<std::string> ReadWholeInput(const std::string& path, std::optional<Error>* damage = nullptr);

// Opens an in-memory buffer (e.g. for tests and fuzzing); the buffer must
// outlive the Input. Compression is detected as for files.
std::unique_ptr<Input> OpenMemoryInput(Bytes data, std::string name = "<memory>");

}  // namespace manrs

#endif  // MANRS_BASE_INPUT_H_
