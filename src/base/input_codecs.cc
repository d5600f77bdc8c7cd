// One Codec per compression library. Each decodes every member/stream/frame
// of a file in turn, as the command-line tools do:
//   gzip   zlib; after Z_STREAM_END with more input, inflateReset for the next
//          member. Zero bytes between or after members are padding (as gzip
//          and Python accept); anything else after a member is garbage.
//   bzip2  libbz2; after BZ_STREAM_END with more input, a fresh decompressor
//          for the next stream.
//   zstd   libzstd; ZSTD_decompressStream walks frames (skippable ones too).
//   xz     liblzma with LZMA_CONCATENATED, which also skips stream padding.
//   none   a copy, for plain data that cannot be mapped (stdin, pipes).
// Memory is bounded by the libraries' own limits (zstd's default window limit
// of 128 MiB; kXzMemoryLimit below); a file that needs more is kUnsupported.
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>

#include "base/input_internal.h"

namespace manrs::input_internal {
namespace {

constexpr std::uint64_t kXzMemoryLimit = 256ull << 20;

// Counts for the 32-bit length fields of zlib and libbz2; any rest is left
// for the next call.
unsigned int Clamp32(std::size_t n) {
  return static_cast<unsigned int>(std::min<std::size_t>(n, UINT_MAX));
}

Status CodecError(ErrorCode code, std::string message) {
  return MakeError(code, std::move(message));
}

class CopyCodec : public Codec {
 public:
  Status Decode(Bytes* in, MutableBytes* out, bool /*finish*/) override {
    std::size_t n = std::min(in->size(), out->size());
    if (n > 0) std::memcpy(out->data(), in->data(), n);
    *in = in->subspan(n);
    *out = out->subspan(n);
    return {};
  }
  bool AtBoundary() const override { return true; }
};

class GzipCodec : public Codec {
 public:
  GzipCodec() { ok_ = inflateInit2(&zs_, 15 + 16) == Z_OK; }  // 16: gzip wrapper only
  ~GzipCodec() override {
    if (ok_) inflateEnd(&zs_);
  }
  GzipCodec(const GzipCodec&) = delete;
  GzipCodec& operator=(const GzipCodec&) = delete;

  Status Decode(Bytes* in, MutableBytes* out, bool /*finish*/) override {
    if (!ok_) return CodecError(ErrorCode::kIo, "cannot initialise zlib");
    if (between_members_) {
      while (!in->empty() && (*in)[0] == std::byte{0}) *in = in->subspan(1);
      if (in->empty()) return {};
      if ((*in)[0] != std::byte{0x1f}) {
        return CodecError(ErrorCode::kCorrupt,
                          "trailing garbage after member " + std::to_string(members_));
      }
      inflateReset(&zs_);
      between_members_ = false;
    }
    zs_.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(in->data()));
    zs_.avail_in = Clamp32(in->size());
    zs_.next_out = reinterpret_cast<Bytef*>(out->data());
    zs_.avail_out = Clamp32(out->size());
    unsigned int in_given = zs_.avail_in;
    unsigned int out_given = zs_.avail_out;
    int rc = inflate(&zs_, Z_NO_FLUSH);
    *in = in->subspan(in_given - zs_.avail_in);
    *out = out->subspan(out_given - zs_.avail_out);
    switch (rc) {
      case Z_OK:
      case Z_BUF_ERROR:  // no progress possible: the caller sees it
        return {};
      case Z_STREAM_END:
        between_members_ = true;
        ++members_;
        return {};
      case Z_MEM_ERROR:
        return CodecError(ErrorCode::kIo, "out of memory");
      default:  // Z_DATA_ERROR, or Z_NEED_DICT which gzip never uses
        return CodecError(ErrorCode::kCorrupt,
                          zs_.msg != nullptr ? zs_.msg : "invalid deflate data");
    }
  }
  bool AtBoundary() const override { return between_members_; }

 private:
  z_stream zs_{};
  bool ok_ = false;
  bool between_members_ = false;
  int members_ = 0;
};

class Bzip2Codec : public Codec {
 public:
  Bzip2Codec() { ok_ = BZ2_bzDecompressInit(&bs_, 0, 0) == BZ_OK; }
  ~Bzip2Codec() override {
    if (ok_) BZ2_bzDecompressEnd(&bs_);
  }
  Bzip2Codec(const Bzip2Codec&) = delete;
  Bzip2Codec& operator=(const Bzip2Codec&) = delete;

  Status Decode(Bytes* in, MutableBytes* out, bool /*finish*/) override {
    if (between_streams_) {
      if (in->empty()) return {};
      // libbz2 has no reset: end this decompressor and start the next.
      BZ2_bzDecompressEnd(&bs_);
      bs_ = bz_stream{};
      ok_ = BZ2_bzDecompressInit(&bs_, 0, 0) == BZ_OK;
      between_streams_ = false;
    }
    if (!ok_) return CodecError(ErrorCode::kIo, "cannot initialise libbz2");
    bs_.next_in = const_cast<char*>(reinterpret_cast<const char*>(in->data()));
    bs_.avail_in = Clamp32(in->size());
    bs_.next_out = reinterpret_cast<char*>(out->data());
    bs_.avail_out = Clamp32(out->size());
    unsigned int in_given = bs_.avail_in;
    unsigned int out_given = bs_.avail_out;
    int rc = BZ2_bzDecompress(&bs_);
    *in = in->subspan(in_given - bs_.avail_in);
    *out = out->subspan(out_given - bs_.avail_out);
    switch (rc) {
      case BZ_OK:
        return {};
      case BZ_STREAM_END:
        between_streams_ = true;
        ++streams_;
        return {};
      case BZ_DATA_ERROR_MAGIC:
        return CodecError(ErrorCode::kCorrupt,
                          streams_ > 0 ? "trailing garbage after stream " + std::to_string(streams_)
                                       : std::string("bad stream header"));
      case BZ_DATA_ERROR:
        return CodecError(ErrorCode::kCorrupt, "data integrity error (crc mismatch or bad block)");
      case BZ_MEM_ERROR:
        return CodecError(ErrorCode::kIo, "out of memory");
      default:
        return CodecError(ErrorCode::kCorrupt, "libbz2 error " + std::to_string(rc));
    }
  }
  bool AtBoundary() const override { return between_streams_; }

 private:
  bz_stream bs_{};
  bool ok_ = false;
  bool between_streams_ = false;
  int streams_ = 0;
};

class ZstdCodec : public Codec {
 public:
  ZstdCodec() : dctx_(ZSTD_createDCtx()) {}
  ~ZstdCodec() override { ZSTD_freeDCtx(dctx_); }
  ZstdCodec(const ZstdCodec&) = delete;
  ZstdCodec& operator=(const ZstdCodec&) = delete;

  Status Decode(Bytes* in, MutableBytes* out, bool /*finish*/) override {
    if (dctx_ == nullptr) return CodecError(ErrorCode::kIo, "cannot initialise libzstd");
    // Between frames with nothing to read there is nothing to do; asking
    // zstd anyway would open a new, empty frame.
    if (in->empty() && !in_frame_) return {};
    bool was_in_frame = in_frame_;
    ZSTD_inBuffer zin{in->data(), in->size(), 0};
    ZSTD_outBuffer zout{out->data(), out->size(), 0};
    std::size_t rc = ZSTD_decompressStream(dctx_, &zout, &zin);
    *in = in->subspan(zin.pos);
    *out = out->subspan(zout.pos);
    if (ZSTD_isError(rc)) {
      ZSTD_ErrorCode code = ZSTD_getErrorCode(rc);
      if (code == ZSTD_error_prefix_unknown && !was_in_frame && frames_ > 0) {
        return CodecError(ErrorCode::kCorrupt,
                          "trailing garbage after frame " + std::to_string(frames_));
      }
      if (code == ZSTD_error_memory_allocation) {
        return CodecError(ErrorCode::kIo, "out of memory");
      }
      bool unsupported = code == ZSTD_error_frameParameter_windowTooLarge ||
                         code == ZSTD_error_frameParameter_unsupported ||
                         code == ZSTD_error_version_unsupported ||
                         code == ZSTD_error_dictionary_wrong;
      return CodecError(unsupported ? ErrorCode::kUnsupported : ErrorCode::kCorrupt,
                        ZSTD_getErrorName(rc));
    }
    in_frame_ = rc != 0;  // 0: a frame is complete and fully flushed
    if (!in_frame_) ++frames_;
    return {};
  }
  bool AtBoundary() const override { return !in_frame_; }

 private:
  ZSTD_DCtx* dctx_;
  bool in_frame_ = false;
  int frames_ = 0;
};

class XzCodec : public Codec {
 public:
  XzCodec() { ok_ = lzma_stream_decoder(&strm_, kXzMemoryLimit, LZMA_CONCATENATED) == LZMA_OK; }
  ~XzCodec() override { lzma_end(&strm_); }
  XzCodec(const XzCodec&) = delete;
  XzCodec& operator=(const XzCodec&) = delete;

  Status Decode(Bytes* in, MutableBytes* out, bool finish) override {
    if (!ok_) return CodecError(ErrorCode::kIo, "cannot initialise liblzma");
    if (ended_) return {};
    strm_.next_in = reinterpret_cast<const std::uint8_t*>(in->data());
    strm_.avail_in = in->size();
    strm_.next_out = reinterpret_cast<std::uint8_t*>(out->data());
    strm_.avail_out = out->size();
    // With LZMA_CONCATENATED only LZMA_FINISH tells liblzma that no further
    // stream follows; the caller sets finish once all input has been given.
    lzma_ret rc = lzma_code(&strm_, finish ? LZMA_FINISH : LZMA_RUN);
    *in = in->subspan(in->size() - strm_.avail_in);
    *out = out->subspan(out->size() - strm_.avail_out);
    switch (rc) {
      case LZMA_OK:
      case LZMA_BUF_ERROR:  // no progress possible: the caller sees it
        return {};
      case LZMA_STREAM_END:
        ended_ = true;
        return {};
      case LZMA_MEM_ERROR:
        return CodecError(ErrorCode::kIo, "out of memory");
      case LZMA_MEMLIMIT_ERROR:
        return CodecError(
            ErrorCode::kUnsupported,
            "needs more than " + std::to_string(kXzMemoryLimit >> 20) + " MiB of memory to decode");
      case LZMA_OPTIONS_ERROR:
        return CodecError(ErrorCode::kUnsupported, "unsupported options");
      case LZMA_FORMAT_ERROR:  // only for the first stream's header
        return CodecError(ErrorCode::kCorrupt, "bad stream header");
      default:
        // LZMA_DATA_ERROR, which is also what liblzma reports for garbage
        // after a stream (it cannot tell it from a damaged next header).
        return CodecError(ErrorCode::kCorrupt, "compressed data is corrupt");
    }
  }
  bool AtBoundary() const override { return ended_; }

 private:
  lzma_stream strm_{};
  bool ok_ = false;
  bool ended_ = false;
};

}  // namespace

std::unique_ptr<Codec> NewCodec(Compression compression) {
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipCodec>();
    case Compression::kBzip2:
      return std::make_unique<Bzip2Codec>();
    case Compression::kZstd:
      return std::make_unique<ZstdCodec>();
    case Compression::kXz:
      return std::make_unique<XzCodec>();
    case Compression::kNone:
      break;
  }
  return std::make_unique<CopyCodec>();
}

}  // namespace manrs::input_internal
