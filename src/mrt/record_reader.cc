#include "manrs/mrt/record_reader.h"

#include <cstring>

#include "fmt/format.h"

namespace manrs {

namespace {

constexpr std::size_t kMaxRecordLength = 64u << 20;  // far above any real record
constexpr std::size_t kReadChunk = 1u << 20;

std::uint32_t LoadU32(const std::byte* p) {
  return (std::to_integer<std::uint32_t>(p[0]) << 24) |
         (std::to_integer<std::uint32_t>(p[1]) << 16) |
         (std::to_integer<std::uint32_t>(p[2]) << 8) | std::to_integer<std::uint32_t>(p[3]);
}
std::uint16_t LoadU16(const std::byte* p) {
  return static_cast<std::uint16_t>((std::to_integer<unsigned>(p[0]) << 8) |
                                    std::to_integer<unsigned>(p[1]));
}

// MRT types of RFC 6396, current and deprecated.
bool KnownType(std::uint16_t type) {
  return type <= 13 || type == 16 || type == 17 || type == 32 || type == 33 || type == 48 ||
         type == 49;
}

}  // namespace

RecordReader::RecordReader(Input& input, ProblemLog& problems)
    : input_(input), problems_(problems) {
  if (auto view = input_.View()) {
    view_ = true;
    data_ = view->data();
    end_ = view->size();
    eof_ = true;
  } else {
    buffer_.resize(4 * kReadChunk);
    data_ = buffer_.data();
  }
}

bool RecordReader::Ensure(std::size_t n) {
  while (available() < n && !eof_) {
    // Slide the unread tail to the front, then grow if the record needs it.
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, available());
      consumed_before_begin_ += begin_;
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() - end_ < kReadChunk && buffer_.size() < n + kReadChunk) {
      buffer_.resize(std::max(buffer_.size() * 2, n + kReadChunk));
    }
    data_ = buffer_.data();
    auto got = input_.Read(std::span<std::byte>(buffer_.data() + end_, buffer_.size() - end_));
    if (!got) {
      problems_.Report(input_.path(), got.error());
      input_failed_ = true;
      eof_ = true;
    } else if (*got == 0) {
      eof_ = true;
    } else {
      end_ += *got;
    }
  }
  return available() >= n;
}

bool RecordReader::PlausibleHeader(std::size_t at, bool need_next) {
  const std::byte* h = data_ + begin_ + at;
  std::uint16_t type = LoadU16(h + 4);
  std::uint32_t length = LoadU32(h + 8);
  if (!KnownType(type) || length > kMaxRecordLength) return false;
  if (IsExtendedTimestamp(type) && length < 4) return false;
  if (!need_next) return true;
  // While resynchronising, demand that the following header is sane as well
  // (or that the record ends the data) before trusting this one.
  std::size_t next = at + kMrtHeaderLength + length;
  if (!Ensure(next + kMrtHeaderLength)) return available() == next;
  return PlausibleHeader(next, false);
}

void RecordReader::Resync() {
  std::uint64_t start = consumed_before_begin_ + begin_;
  std::size_t skip = 1;
  bool found = false;
  while (Ensure(skip + kMrtHeaderLength)) {
    if (PlausibleHeader(skip, true)) {
      found = true;
      break;
    }
    ++skip;
  }
  if (!found) {
    // One report for the whole tail, not a second one for its last bytes.
    problems_.Report(input_.path(), start,
                     fmt::format("bad mrt header; no further record in the last {} bytes",
                                 available()));
    begin_ = end_;
    return;
  }
  problems_.Report(input_.path(), start,
                   fmt::format("bad mrt header; skipped {} bytes to the next record", skip));
  begin_ += skip;
}

std::uint32_t RecordReader::CorrectTableDumpLength(std::uint32_t length, std::uint64_t offset) {
  // Early RIS dumps (2000) batch many TABLE_DUMP entries under one header
  // whose length leaves out the 4 octets of view and sequence number. When
  // the header after the stated length is not plausible but the one 4 octets
  // later is, the record is one of those.
  std::size_t next = kMrtHeaderLength + length;
  if (!Ensure(next + 4 + kMrtHeaderLength)) {
    // The last record of such a file ends the data 4 octets after its length.
    return table_dump_length_reported_ && available() == next + 4 ? length + 4 : length;
  }
  if (PlausibleHeader(next, false) || !PlausibleHeader(next + 4, false)) return length;
  if (!table_dump_length_reported_) {
    table_dump_length_reported_ = true;
    problems_.Report(input_.path(), offset,
                     "table_dump record length leaves out view and sequence (early RIS "
                     "format); read 4 octets more (further ones not reported)");
  }
  return length + 4;
}

bool RecordReader::Next(RawRecord* record) {
  for (;;) {
    if (!Ensure(kMrtHeaderLength)) {
      if (available() > 0 && !input_failed_) {
        problems_.Report(input_.path(), consumed_before_begin_ + begin_,
                         fmt::format("{} trailing bytes, too few for an mrt header", available()));
        begin_ = end_;
      }
      return false;
    }
    const std::byte* h = data_ + begin_;
    std::uint16_t type = LoadU16(h + 4);
    std::uint32_t length = LoadU32(h + 8);
    if (!PlausibleHeader(0, false)) {
      Resync();
      continue;
    }
    std::uint64_t offset = consumed_before_begin_ + begin_;
    if (type == kMrtTableDump) length = CorrectTableDumpLength(length, offset);
    if (!Ensure(kMrtHeaderLength + length)) {
      // A damaged compressed stream has been reported already; the record it
      // cut short is the same problem.
      if (!input_failed_)
        problems_.Report(input_.path(), offset,
                         fmt::format("mrt record of {} bytes cut short: {} bytes left", length,
                                     available() - kMrtHeaderLength));
      begin_ = end_;
      return false;
    }
    h = data_ + begin_;  // Ensure may have moved the buffer
    record->timestamp = LoadU32(h);
    record->type = type;
    record->subtype = LoadU16(h + 6);
    record->offset = offset;
    const std::byte* body = h + kMrtHeaderLength;
    std::size_t body_length = length;
    record->microseconds = 0;
    if (IsExtendedTimestamp(type)) {
      record->microseconds = LoadU32(body);
      body += 4;
      body_length -= 4;
    }
    record->body = Bytes(body, body_length);
    begin_ += kMrtHeaderLength + length;
    last_timestamp_ = record->timestamp;
    ++records_;
    return true;
  }
}

}  // namespace manrs
