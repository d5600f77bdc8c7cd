#include "manrs/base/input.h"

#include <bzlib.h>
#include <gtest/gtest.h>
#include <lzma.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace manrs {
namespace {

using ByteVector = std::vector<std::byte>;

std::string MrtFile(const std::string& name) {
  return std::string(MANRS_TESTDATA) + "/mrt/" + name;
}

ByteVector ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ByteVector out(chars.size());
  if (!chars.empty()) std::memcpy(out.data(), chars.data(), chars.size());
  return out;
}

ByteVector Concat(std::initializer_list<ByteVector> parts) {
  ByteVector out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

ByteVector FromString(const std::string& s) {
  ByteVector out(s.size());
  if (!s.empty()) std::memcpy(out.data(), s.data(), s.size());
  return out;
}

std::uint32_t Crc32(const ByteVector& data) {
  return static_cast<std::uint32_t>(
      crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size()));
}

// Compressible text built from a small vocabulary (deterministic).
ByteVector SampleText(std::size_t size, std::uint32_t seed) {
  static const char* const kWords[] = {"announce ",   "withdraw ",      "as64500 ", "as3333 ",
                                       "10.0.0.0/8 ", "2001:db8::/32 ", "origin ",  "\n"};
  std::string text;
  while (text.size() < size) {
    seed = seed * 1664525u + 1013904223u;
    text += kWords[seed >> 29];
  }
  text.resize(size);
  return FromString(text);
}

// Incompressible bytes (deterministic).
ByteVector RandomBytes(std::size_t size, std::uint32_t seed) {
  ByteVector out(size);
  for (auto& b : out) {
    seed = seed * 1664525u + 1013904223u;
    b = static_cast<std::byte>(seed >> 24);
  }
  return out;
}

// The oracles: each library's own one-shot compressor.
ByteVector Gzip(const ByteVector& data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  ByteVector out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

ByteVector Bzip2(const ByteVector& data) {
  ByteVector out(data.size() + data.size() / 100 + 600);
  auto out_size = static_cast<unsigned int>(out.size());
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(reinterpret_cast<char*>(out.data()), &out_size,
                                     const_cast<char*>(reinterpret_cast<const char*>(data.data())),
                                     static_cast<unsigned int>(data.size()), 9, 0, 0),
            BZ_OK);
  out.resize(out_size);
  return out;
}

ByteVector Zstd(const ByteVector& data) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);  // so that corruption is detectable
  ByteVector out(ZSTD_compressBound(data.size()));
  std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  ZSTD_freeCCtx(cctx);
  return out;
}

// A zstd skippable frame holding `payload`.
ByteVector ZstdSkippable(const std::string& payload) {
  auto size = static_cast<std::uint32_t>(payload.size());
  ByteVector out = {std::byte{0x50}, std::byte{0x2a}, std::byte{0x4d}, std::byte{0x18}};
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>(size >> (8 * i)));
  return Concat({out, FromString(payload)});
}

ByteVector Xz(const ByteVector& data) {
  ByteVector out(lzma_stream_buffer_bound(data.size()));
  std::size_t pos = 0;
  EXPECT_EQ(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, nullptr,
                                    reinterpret_cast<const std::uint8_t*>(data.data()), data.size(),
                                    reinterpret_cast<std::uint8_t*>(out.data()), &pos, out.size()),
            LZMA_OK);
  out.resize(pos);
  return out;
}

struct Drained {
  ByteVector data;
  std::optional<Error> error;
};

// Reads an input to its end in steps of `step` bytes, and checks the contract
// that Read keeps returning 0 after the end or an error.
Drained Drain(Input& input, std::size_t step = 64 * 1024) {
  Drained result;
  ByteVector buffer(step);
  for (;;) {
    auto got = input.Read(buffer);
    if (!got) {
      result.error = got.error();
      break;
    }
    if (*got == 0) break;
    if (input.file_size() > 0) {
      EXPECT_LE(input.consumed(), input.file_size());
    }
    result.data.insert(result.data.end(), buffer.begin(),
                       buffer.begin() + static_cast<std::ptrdiff_t>(*got));
  }
  for (int i = 0; i < 2; ++i) {
    auto again = input.Read(buffer);
    EXPECT_TRUE(again.has_value());
    if (again) {
      EXPECT_EQ(*again, 0u);
    }
  }
  return result;
}

Drained DrainMemory(const ByteVector& data, std::size_t step = 64 * 1024) {
  auto input = OpenMemoryInput(data);
  return Drain(*input, step);
}

// A file in the test's temporary directory, removed on destruction.
class TempFile {
 public:
  explicit TempFile(const ByteVector& content, const std::string& suffix = "") {
    path_ = ::testing::TempDir() + "manrs_input_test_XXXXXX" + suffix;
    int fd = ::mkstemps(path_.data(), static_cast<int>(suffix.size()));
    EXPECT_GE(fd, 0);
    std::size_t done = 0;
    while (fd >= 0 && done < content.size()) {
      ssize_t n = ::write(fd, content.data() + done, content.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    EXPECT_EQ(done, content.size());
    if (fd >= 0) ::close(fd);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(DetectCompressionTest, RecognisesMagicBytes) {
  auto detect = [](std::initializer_list<int> bytes) {
    ByteVector head;
    for (int b : bytes) head.push_back(static_cast<std::byte>(b));
    return DetectCompression(head);
  };
  EXPECT_EQ(detect({0x1f, 0x8b, 0x08, 0, 0, 0}), Compression::kGzip);
  EXPECT_EQ(detect({'B', 'Z', 'h', '9', '1', 'A'}), Compression::kBzip2);
  EXPECT_EQ(detect({0x28, 0xb5, 0x2f, 0xfd, 0, 0}), Compression::kZstd);
  EXPECT_EQ(detect({0x5e, 0x2a, 0x4d, 0x18, 0, 0}), Compression::kZstd);  // skippable frame
  EXPECT_EQ(detect({0xfd, '7', 'z', 'X', 'Z', 0x00}), Compression::kXz);
  // An MRT header (timestamp, type 13, subtype 1) and near misses.
  EXPECT_EQ(detect({0x3c, 0x4b, 0x5a, 0x00, 0x00, 0x0d}), Compression::kNone);
  EXPECT_EQ(detect({'B', 'Z', 'h', '0', 0, 0}), Compression::kNone);
  EXPECT_EQ(detect({0x1f, 0x8b, 0x07}), Compression::kNone);
  EXPECT_EQ(detect({0xfd, '7', 'z', 'X', 'Z'}), Compression::kNone);  // too short to tell xz
  EXPECT_EQ(detect({}), Compression::kNone);
  EXPECT_STREQ(CompressionName(Compression::kBzip2), "bzip2");
  EXPECT_STREQ(CompressionName(Compression::kNone), "plain");
}

struct RealFile {
  const char* name;
  Compression compression;
  std::size_t size;
  std::uint32_t crc32;
};

// Decompressed size and CRC-32, obtained once with
//   gzip -dc F | python3 -c 'import sys,zlib; d=sys.stdin.buffer.read(); print(len(d),
//   hex(zlib.crc32(d)))'
// (bzip2 -dc for the .bz2 files).
constexpr RealFile kRealFiles[] = {
    {"bgpdump__updates.nlri_mask_trailing_bits.gz", Compression::kGzip, 88, 0x4bf3c208},
    {"bgpdump__bview.ipv4_unicast_add_path.gz", Compression::kGzip, 4795, 0x08fbabe6},
    {"bgpdump__updates.20071015.1505.gz", Compression::kGzip, 398151, 0x32330caf},
    {"bgpdump__bview.20020722.2337.gz", Compression::kGzip, 6902693, 0x4c60394d},
    {"pyasn__bview.20140112.1600_3samples.bz2", Compression::kBzip2, 177, 0xeb3c2849},
    {"bgpkit__examples_local_only_updates.bz2", Compression::kBzip2, 11597, 0x3882fa10},
    {"libbgpstream__routeviews.route-views.jinx.updates.1401493500.bz2", Compression::kBzip2, 64832,
     0xc2911b10},
    {"libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2", Compression::kBzip2, 32575928,
     0x7b7a25a7},
};

TEST(InputRealFilesTest, DecompressesWholeFiles) {
  for (const RealFile& file : kRealFiles) {
    SCOPED_TRACE(file.name);
    auto input = OpenInput(MrtFile(file.name));
    ASSERT_TRUE(input) << input.error().message;
    Input& in = **input;
    EXPECT_EQ(in.compression(), file.compression);
    EXPECT_FALSE(in.View().has_value());
    struct stat st {};
    ASSERT_EQ(::stat(MrtFile(file.name).c_str(), &st), 0);
    EXPECT_EQ(in.file_size(), static_cast<std::uint64_t>(st.st_size));
    Drained out = Drain(in);
    EXPECT_FALSE(out.error) << out.error->message;
    EXPECT_EQ(out.data.size(), file.size);
    EXPECT_EQ(Crc32(out.data), file.crc32);
    EXPECT_EQ(in.consumed(), in.file_size());
  }
}

// Both pyasn files are the first ~1 MiB of a larger bzip2 file: the stream
// stops inside a block. The decodable part is every complete block; the
// expected values come from
//   python3 -c 'import bz2,zlib,sys;
//   d=bz2.BZ2Decompressor().decompress(open(sys.argv[1],"rb").read()); print(len(d),
//   hex(zlib.crc32(d)))' F
// (not bzcat, which writes in 5000-byte pieces and drops the last one).
TEST(InputRealFilesTest, TruncatedBzip2YieldsCompleteBlocksThenError) {
  constexpr RealFile kTruncated[] = {
      {"pyasn__rib.20080501.0644_firstMB.bz2", Compression::kBzip2, 9876188, 0xff3dd3fa},
      {"pyasn__rib6.20151101.0600_firstMB.bz2", Compression::kBzip2, 12132997, 0xf0ffd4a8},
  };
  for (const RealFile& file : kTruncated) {
    SCOPED_TRACE(file.name);
    auto input = OpenInput(MrtFile(file.name));
    ASSERT_TRUE(input) << input.error().message;
    Drained out = Drain(**input);
    EXPECT_EQ(out.data.size(), file.size);
    EXPECT_EQ(Crc32(out.data), file.crc32);
    ASSERT_TRUE(out.error);
    EXPECT_EQ(out.error->code, ErrorCode::kTruncated);
    std::uint64_t size = (*input)->file_size();
    EXPECT_EQ(out.error->offset, size);
    EXPECT_EQ((*input)->consumed(), size);
    EXPECT_EQ(out.error->message,
              MrtFile(file.name) + ": bzip2: truncated at compressed byte " + std::to_string(size));
  }
}

TEST(InputRealFilesTest, PlainFileIsMappedWhole) {
  std::string path = MrtFile("mrtparse__openbgpd_bgp");
  ByteVector expected = ReadWholeFile(path);
  ASSERT_EQ(expected.size(), 8200u);
  auto input = OpenInput(path);
  ASSERT_TRUE(input);
  EXPECT_EQ((*input)->compression(), Compression::kNone);
  auto view = (*input)->View();
  ASSERT_TRUE(view.has_value());
  EXPECT_TRUE(std::equal(view->begin(), view->end(), expected.begin(), expected.end()));
  Drained out = Drain(**input, 1000);
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.data, expected);
  EXPECT_EQ((*input)->consumed(), 8200u);
  EXPECT_EQ((*input)->file_size(), 8200u);
}

// No real zstd or xz file is in testdata: recompress real MRT data instead.
TEST(InputRealFilesTest, RecompressedRealDataInEveryFormat) {
  ByteVector mrt = Concat({ReadWholeFile(MrtFile("mrtparse__openbgpd_bgp")),
                           ReadWholeFile(MrtFile("mrtparse__quagga_bgp")),
                           ReadWholeFile(MrtFile("mrtparse__bird6_bgp"))});
  struct Case {
    Compression compression;
    ByteVector compressed;
  };
  for (const Case& c : {Case{Compression::kGzip, Gzip(mrt)}, Case{Compression::kBzip2, Bzip2(mrt)},
                        Case{Compression::kZstd, Zstd(mrt)}, Case{Compression::kXz, Xz(mrt)}}) {
    SCOPED_TRACE(CompressionName(c.compression));
    TempFile file(c.compressed);
    auto input = OpenInput(file.path());
    ASSERT_TRUE(input);
    EXPECT_EQ((*input)->compression(), c.compression);
    Drained out = Drain(**input, 777);
    EXPECT_FALSE(out.error);
    EXPECT_EQ(out.data, mrt);
    EXPECT_EQ((*input)->consumed(), c.compressed.size());
  }
}

TEST(InputTest, EmptyFileYieldsNothing) {
  TempFile file({});
  auto input = OpenInput(file.path());
  ASSERT_TRUE(input);
  EXPECT_EQ((*input)->compression(), Compression::kNone);
  Drained out = Drain(**input);
  EXPECT_FALSE(out.error);
  EXPECT_TRUE(out.data.empty());

  auto memory = OpenMemoryInput({});
  ASSERT_TRUE(memory->View().has_value());
  EXPECT_TRUE(memory->View()->empty());
  EXPECT_TRUE(Drain(*memory).data.empty());
}

TEST(InputTest, MemoryPlainInputViewsTheBuffer) {
  ByteVector data = SampleText(1000, 1);
  auto input = OpenMemoryInput(data, "sample");
  EXPECT_EQ(input->path(), "sample");
  ASSERT_TRUE(input->View().has_value());
  EXPECT_EQ(input->View()->data(), data.data());
  EXPECT_EQ(Drain(*input, 7).data, data);
}

// Member boundaries land inside the 256 KiB read buffer and across it.
TEST(InputTest, MultiMemberGzip) {
  ByteVector a = RandomBytes(200000, 1), b = RandomBytes(200000, 2), c = SampleText(5000, 3);
  ByteVector compressed = Concat({Gzip(a), Gzip(b), Gzip(c)});
  TempFile file(compressed);
  auto input = OpenInput(file.path());
  ASSERT_TRUE(input);
  Drained out = Drain(**input);
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.data, Concat({a, b, c}));

  // A real file twice over.
  ByteVector real = ReadWholeFile(MrtFile("bgpdump__updates.20071015.1505.gz"));
  out = DrainMemory(Concat({real, real}));
  EXPECT_FALSE(out.error);
  ASSERT_EQ(out.data.size(), 2 * 398151u);
  ByteVector first(out.data.begin(), out.data.begin() + 398151);
  ByteVector second(out.data.begin() + 398151, out.data.end());
  EXPECT_EQ(Crc32(first), 0x32330cafu);
  EXPECT_EQ(first, second);
}

TEST(InputTest, MultiStreamBzip2) {
  ByteVector a = SampleText(1500000, 1), b = SampleText(1000, 2);  // a spans two blocks
  Drained out = DrainMemory(Concat({Bzip2(a), Bzip2(b), Bzip2(a)}));
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.data, Concat({a, b, a}));
}

TEST(InputTest, MultipleZstdFramesWithSkippableFrames) {
  ByteVector a = SampleText(300000, 1), b = RandomBytes(1000, 2);
  ByteVector compressed =
      Concat({ZstdSkippable("index"), Zstd(a), ZstdSkippable(""), Zstd(b), Zstd({})});
  auto input = OpenMemoryInput(compressed);
  EXPECT_EQ(input->compression(), Compression::kZstd);
  Drained out = Drain(*input, 1000);
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.data, Concat({a, b}));
}

TEST(InputTest, ConcatenatedXzWithStreamPadding) {
  ByteVector a = SampleText(300000, 1), b = RandomBytes(1000, 2);
  ByteVector padding(8, std::byte{0});  // xz allows multiples of 4 zero bytes
  Drained out = DrainMemory(Concat({Xz(a), padding, Xz(b), Xz({})}));
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.data, Concat({a, b}));
}

ByteVector Compress(Compression c, const ByteVector& data) {
  switch (c) {
    case Compression::kGzip:
      return Gzip(data);
    case Compression::kBzip2:
      return Bzip2(data);
    case Compression::kZstd:
      return Zstd(data);
    case Compression::kXz:
      return Xz(data);
    case Compression::kNone:
      break;
  }
  return data;
}

constexpr Compression kCompressed[] = {Compression::kGzip, Compression::kBzip2, Compression::kZstd,
                                       Compression::kXz};

bool IsPrefix(const ByteVector& part, const ByteVector& whole) {
  return part.size() <= whole.size() && std::equal(part.begin(), part.end(), whole.begin());
}

TEST(InputTest, EveryTruncationIsReportedAfterTheDataBeforeIt) {
  ByteVector data = SampleText(20000, 7);
  for (Compression c : kCompressed) {
    SCOPED_TRACE(CompressionName(c));
    ByteVector compressed = Compress(c, data);
    for (std::size_t len = 0; len < compressed.size(); ++len) {
      SCOPED_TRACE(len);
      ByteVector cut(compressed.begin(), compressed.begin() + static_cast<std::ptrdiff_t>(len));
      auto input = OpenMemoryInput(cut);
      Drained out = Drain(*input, 4096);
      if (input->compression() == Compression::kNone) {  // too short to recognise
        EXPECT_LT(len, 6u);
        EXPECT_EQ(out.data, cut);
        continue;
      }
      ASSERT_TRUE(out.error);
      EXPECT_EQ(out.error->code, ErrorCode::kTruncated) << out.error->message;
      EXPECT_EQ(out.error->offset, len);
      EXPECT_TRUE(IsPrefix(out.data, data));
    }
  }
}

// Every byte flipped in turn: the result is an error or, where the byte did
// not matter (e.g. the gzip MTIME), exactly the original data.
TEST(InputTest, CorruptionIsNeverSilent) {
  ByteVector data = SampleText(5000, 9);
  for (Compression c : kCompressed) {
    SCOPED_TRACE(CompressionName(c));
    ByteVector compressed = Compress(c, data);
    for (std::size_t i = 0; i < compressed.size(); ++i) {
      ByteVector bad = compressed;
      bad[i] ^= std::byte{0x21};
      auto input = OpenMemoryInput(bad);
      Drained out = Drain(*input, 3000);
      if (input->compression() != c) continue;  // the magic is gone: plain data
      if (!out.error) {
        EXPECT_EQ(out.data, data) << "byte " << i;
      }
    }
  }
}

TEST(InputTest, GarbageAfterAMember) {
  ByteVector data = SampleText(10000, 5);
  for (Compression c : kCompressed) {
    SCOPED_TRACE(CompressionName(c));
    ByteVector compressed = Compress(c, data);
    // Longer than any header, so that it cannot be taken for a cut one.
    Drained out = DrainMemory(Concat({compressed, FromString("this is not compressed data\n")}));
    EXPECT_EQ(out.data, data);
    ASSERT_TRUE(out.error);
    EXPECT_EQ(out.error->code, ErrorCode::kCorrupt);
    if (c != Compression::kXz) {  // liblzma calls it corrupt data
      EXPECT_NE(out.error->message.find("trailing garbage"), std::string::npos)
          << out.error->message;
    }
    // The libraries read a little of the garbage before they reject it.
    EXPECT_GE(out.error->offset, compressed.size());
    EXPECT_LE(out.error->offset, compressed.size() + 12);
  }
  // Zero padding after a gzip member is accepted, as gzip(1) does.
  ByteVector padded = Concat({Gzip(data), ByteVector(1000, std::byte{0})});
  Drained out = DrainMemory(padded);
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.data, data);
}

TEST(InputTest, DetectsByMagicNotByName) {
  ByteVector data = SampleText(10000, 11);
  TempFile gzip_named_bz2(Gzip(data), ".bz2");
  auto input = OpenInput(gzip_named_bz2.path());
  ASSERT_TRUE(input);
  EXPECT_EQ((*input)->compression(), Compression::kGzip);
  EXPECT_EQ(Drain(**input).data, data);

  TempFile plain_named_gz(data, ".gz");
  input = OpenInput(plain_named_gz.path());
  ASSERT_TRUE(input);
  EXPECT_EQ((*input)->compression(), Compression::kNone);
  EXPECT_TRUE((*input)->View().has_value());
}

TEST(InputTest, ErrorsNameThePath) {
  auto missing = OpenInput("/nonexistent/rib.bz2");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  EXPECT_EQ(missing.error().message.rfind("/nonexistent/rib.bz2: ", 0), 0u);

  auto directory = OpenInput(std::string(MANRS_TESTDATA));
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().code, ErrorCode::kIo);

  ByteVector compressed = Gzip(SampleText(10000, 1));
  compressed[compressed.size() / 2] ^= std::byte{0xff};
  auto input = OpenMemoryInput(compressed, "x.gz");
  Drained out = Drain(*input);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->code, ErrorCode::kCorrupt);
  EXPECT_EQ(out.error->message.rfind("x.gz: gzip: ", 0), 0u) << out.error->message;
}

TEST(InputTest, TinyReadsGiveTheSameBytes) {
  for (const char* name :
       {"bgpdump__bview.ipv4_unicast_add_path.gz", "bgpkit__examples_local_only_updates.bz2"}) {
    SCOPED_TRACE(name);
    ByteVector compressed = ReadWholeFile(MrtFile(name));
    EXPECT_EQ(DrainMemory(compressed, 1).data, DrainMemory(compressed).data);
  }
}

long MaxRssKib() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// 128 MiB of zeros in one gzip member (about 128 KiB compressed), streamed
// from a file: peak memory must not grow with the data.
TEST(InputTest, LargeZeroStreamUsesBoundedMemory) {
  constexpr std::size_t kChunk = 1 << 20;
  constexpr std::size_t kTotal = 128 * kChunk;
  ByteVector zeros(kChunk);
  ByteVector compressed(1 << 20);
  z_stream zs{};
  ASSERT_EQ(deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  zs.next_out = reinterpret_cast<Bytef*>(compressed.data());
  zs.avail_out = static_cast<uInt>(compressed.size());
  for (std::size_t done = 0; done < kTotal; done += kChunk) {
    zs.next_in = reinterpret_cast<Bytef*>(zeros.data());
    zs.avail_in = static_cast<uInt>(kChunk);
    ASSERT_EQ(deflate(&zs, done + kChunk == kTotal ? Z_FINISH : Z_NO_FLUSH),
              done + kChunk == kTotal ? Z_STREAM_END : Z_OK);
    ASSERT_EQ(zs.avail_in, 0u);
  }
  compressed.resize(zs.total_out);
  deflateEnd(&zs);
  TempFile file(compressed);

  long rss_before = MaxRssKib();
  auto input = OpenInput(file.path());
  ASSERT_TRUE(input);
  ByteVector buffer(16 * 1024);
  std::size_t total = 0;
  bool all_zero = true;
  for (;;) {
    auto got = (*input)->Read(buffer);
    ASSERT_TRUE(got) << got.error().message;
    if (*got == 0) break;
    all_zero =
        all_zero && std::all_of(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*got),
                                [](std::byte b) { return b == std::byte{0}; });
    total += *got;
  }
  EXPECT_EQ(total, kTotal);
  EXPECT_TRUE(all_zero);
  EXPECT_EQ((*input)->consumed(), compressed.size());
  EXPECT_LT(MaxRssKib() - rss_before, 16 * 1024);
}

}  // namespace
}  // namespace manrs
