// WireWriter: builds network-order (big-endian) byte strings, with length
// fields that are reserved first and patched once the part they measure is
// written. OutputFile: the sink mrtgen writes records to, through one large
// buffer so full-size files are not bound by write(2) calls.
#ifndef MANRS_BENCH_MRTGEN_WIRE_H_
#define MANRS_BENCH_MRTGEN_WIRE_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "manrs/base/result.h"

namespace manrs::mrtgen {

class WireWriter {
 public:
  void Clear() { bytes_.clear(); }
  std::size_t size() const { return bytes_.size(); }
  std::span<const std::uint8_t> bytes() const { return bytes_; }

  void U8(std::uint8_t v) { bytes_.push_back(v); }
  void U16(std::uint16_t v) {
    U8(static_cast<std::uint8_t>(v >> 8));
    U8(static_cast<std::uint8_t>(v));
  }
  void U32(std::uint32_t v) {
    U16(static_cast<std::uint16_t>(v >> 16));
    U16(static_cast<std::uint16_t>(v));
  }
  void Append(std::span<const std::uint8_t> data) {
    bytes_.insert(bytes_.end(), data.begin(), data.end());
  }
  void Fill(std::uint8_t v, std::size_t n) { bytes_.insert(bytes_.end(), n, v); }

  // Reserves a 2- or 4-byte length field; returns its position for Patch*.
  std::size_t Reserve16() { return Reserve(2); }
  std::size_t Reserve32() { return Reserve(4); }
  // Writes into the reserved field the number of bytes written after it.
  // REQUIRES: that count fits the field (callers keep BGP parts in range).
  void Patch16(std::size_t at) { Put(at, 2, bytes_.size() - at - 2); }
  void Patch32(std::size_t at) { Put(at, 4, bytes_.size() - at - 4); }
  // Overwrites a 2-byte field with a value of the caller's choosing.
  void Set16(std::size_t at, std::uint16_t v) { Put(at, 2, v); }

 private:
  std::size_t Reserve(std::size_t n) {
    bytes_.insert(bytes_.end(), n, 0);
    return bytes_.size() - n;
  }
  void Put(std::size_t at, std::size_t width, std::uint64_t v) {
    for (std::size_t i = 0; i < width; ++i) {
      bytes_[at + i] = static_cast<std::uint8_t>(v >> (8 * (width - 1 - i)));
    }
  }

  std::vector<std::uint8_t> bytes_;
};

class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  // Opens path for writing ("-" is standard output).
  Status Open(const std::string& path);
  Status Write(std::span<const std::uint8_t> data);
  // Flushes and closes; reports a failed write that the buffer had hidden.
  Status Close();
  std::uint64_t bytes_written() const { return bytes_written_; }

 private:
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  std::string path_;
  std::vector<char> buffer_;
  std::uint64_t bytes_written_ = 0;
};

}  // namespace manrs::mrtgen

#endif  // MANRS_BENCH_MRTGEN_WIRE_H_
