// RecordReader: the framing layer. Splits an Input into MRT records without
// interpreting their bodies. Plain files are read in place (zero copy); others
// through a buffer that grows to the largest record.
//
// Damage is reported to the ProblemLog once per incident with the byte offset,
// and reading goes on: a header that cannot be right (unknown type, absurd
// length) starts a scan for the next plausible header; a record cut short by
// the end of the data ends the file. A resynchronisation point is a header of
// a known type and subtype whose record ends inside the data, followed by
// another plausible header or by the end; a header whose length runs past the
// end starts the same scan, so a single damaged length does not lose the rest.
// An empty file (no byte at all) is reported too: it is never a valid dump.
#ifndef MANRS_MRT_RECORD_READER_H_
#define MANRS_MRT_RECORD_READER_H_

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "manrs/base/input.h"
#include "manrs/base/problem.h"
#include "manrs/mrt/record.h"

namespace manrs {

class RecordReader {
 public:
  // The input and the log must outlive the reader.
  RecordReader(Input& input, ProblemLog& problems);

  // Fills record with the next one. Returns false at the end of the data.
  // record.body is valid until the next call.
  bool Next(RawRecord* record);

  std::uint64_t records() const { return records_; }
  const Input& input() const { return input_; }

 private:
  std::size_t available() const { return end_ - begin_; }
  // Makes at least n bytes available if the data has them; false if not.
  bool Ensure(std::size_t n);
  bool PlausibleHeader(std::size_t at, bool need_next);
  // The distance from begin_ to the next header that is plausible in
  // resynchronisation (see PlausibleHeader), if there is one; with
  // near_last_timestamp, only a header within a day of the last record's time.
  std::optional<std::size_t> FindResyncPoint(bool near_last_timestamp);
  // Reports why (the header at begin_ is bad) and moves to the next
  // resynchronisation point, or to the end of the data.
  void Resync(std::string_view why);
  std::uint32_t CorrectTableDumpLength(std::uint32_t length, std::uint64_t offset);

  Input& input_;
  ProblemLog& problems_;
  const std::byte* data_ = nullptr;  // view of the file, or buffer_.data()
  std::vector<std::byte> buffer_;
  std::size_t begin_ = 0, end_ = 0;
  std::uint64_t consumed_before_begin_ = 0;  // stream offset of data_[0]
  bool view_ = false;
  bool eof_ = false;
  bool input_failed_ = false;
  bool table_dump_length_reported_ = false;
  bool empty_reported_ = false;
  std::uint32_t last_timestamp_ = 0;
  std::uint64_t records_ = 0;
};

}  // namespace manrs

#endif  // MANRS_MRT_RECORD_READER_H_
