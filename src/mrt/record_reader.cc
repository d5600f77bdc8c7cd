#include "manrs/mrt/record_reader.h"

#include <cstring>
#include <optional>
#include <string_view>

#include "fmt/format.h"

namespace manrs {

namespace {

constexpr std::size_t kMaxRecordLength = 64u << 20;  // far above any real record
constexpr std::size_t kReadChunk = 1u << 20;
// A record found after a header whose length runs past the end must be this
// close in time to the last good record (a file is written in time order, and
// the body of a record cut short by the end is full of header-like bytes).
constexpr std::int64_t kResyncTimeWindow = 86400;

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

// Subtypes a resynchronisation point may carry: those of RFC 6396, RFC 8050
// and RFC 9069 (a header read in sequence may carry a newer one; the decoder
// reports it).
bool KnownSubtype(std::uint16_t type, std::uint16_t subtype) {
  switch (type) {
    case kMrtTableDump:
      return subtype == 1 || subtype == 2;
    case kMrtTableDumpV2:
      return subtype >= 1 && subtype <= 12;
    case kMrtBgp4mp:
    case kMrtBgp4mpEt:
      return subtype <= 11;
    case kMrtBgp:
      return subtype <= 7;
    default:
      return subtype <= 15;  // deprecated types: few subtypes, all small
  }
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
  // While resynchronising, demand a known subtype, a length that stays
  // inside the data, and that the following header is sane as well (or that
  // the record ends the data) before trusting this one.
  if (!KnownSubtype(type, LoadU16(h + 6))) return false;
  std::size_t next = at + kMrtHeaderLength + length;
  if (!Ensure(next + kMrtHeaderLength)) return available() == next;
  return PlausibleHeader(next, false) &&
         KnownSubtype(LoadU16(data_ + begin_ + next + 4), LoadU16(data_ + begin_ + next + 6));
}

std::optional<std::size_t> RecordReader::FindResyncPoint(bool near_last_timestamp) {
  if (near_last_timestamp && records_ == 0) return std::nullopt;
  for (std::size_t skip = 1; Ensure(skip + kMrtHeaderLength); ++skip) {
    if (near_last_timestamp) {
      const std::int64_t t = LoadU32(data_ + begin_ + skip);
      if (t < std::int64_t{last_timestamp_} - kResyncTimeWindow ||
          t > std::int64_t{last_timestamp_} + kResyncTimeWindow) {
        continue;
      }
    }
    if (PlausibleHeader(skip, true)) return skip;
  }
  return std::nullopt;
}

void RecordReader::Resync(std::string_view why) {
  const std::uint64_t start = consumed_before_begin_ + begin_;
  const std::optional<std::size_t> skip = FindResyncPoint(/*near_last_timestamp=*/false);
  if (!skip) {
    // One report for the whole tail, not a second one for its last bytes.
    problems_.Report(input_.path(), start,
                     fmt::format("{}; no further record in the last {} bytes", why, available()));
    begin_ = end_;
    return;
  }
  problems_.Report(input_.path(), start,
                   fmt::format("{}; skipped {} bytes to the next record", why, *skip));
  begin_ += *skip;
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
      if (consumed_before_begin_ + end_ == 0 && !input_failed_ && !empty_reported_) {
        empty_reported_ = true;
        problems_.Report(input_.path(), 0, "the file is empty: no mrt record");
      }
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
      Resync("bad mrt header");
      continue;
    }
    std::uint64_t offset = consumed_before_begin_ + begin_;
    if (type == kMrtTableDump) length = CorrectTableDumpLength(length, offset);
    if (!Ensure(kMrtHeaderLength + length)) {
      // A damaged compressed stream has been reported already; the record it
      // cut short is the same problem.
      if (input_failed_) {
        begin_ = end_;
        return false;
      }
      // A length past the end is a damaged header as often as a cut file:
      // when a record follows further on, read on from there.
      if (const std::optional<std::size_t> skip = FindResyncPoint(/*near_last_timestamp=*/true)) {
        problems_.Report(input_.path(), offset,
                         fmt::format("bad mrt header: a record of {} bytes would run past the "
                                     "end of the data; skipped {} bytes to the next record",
                                     length, *skip));
        begin_ += *skip;
        continue;
      }
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
