// Payload sources: a file watched by its status (inode, size, mtime), or a
// URL fetched with conditional GETs (daemon/http_client.h).
#include "manrs/rtr/payload_source.h"

#include <sys/stat.h>

#include <tuple>

#include "fmt/format.h"
#include "manrs/base/input.h"
#include "manrs/daemon/http_client.h"
#include "manrs/rpki/load.h"
#include "manrs/rpki/payload_loader.h"
#include "manrs/rpki/slurm.h"

namespace manrs::rtr {

namespace {

// What tells a file changed without reading it.
struct FileStamp {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = 0;
  std::int64_t mtime_ns = 0;
  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

FileStamp Stamp(const std::string& path) {
  FileStamp s;
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return s;
  s.exists = true;
  s.dev = st.st_dev;
  s.ino = st.st_ino;
  s.size = st.st_size;
  s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return s;
}

// The error without a leading "name: ": the caller names the source (see
// PayloadSource::Poll), so that a message names it once.
Unexpected<Error> Unnamed(Error error, const std::string& name) {
  if (error.message.starts_with(name + ": ")) error.message.erase(0, name.size() + 2);
  return Unexpected<Error>(std::move(error));
}

Result<RpkiPayloads> WithSlurm(Result<RpkiPayloads> payloads, const std::string& slurm_path,
                               ProblemLog& problems) {
  if (!payloads || slurm_path.empty()) return payloads;
  MANRS_TRY(ApplySlurmFile(slurm_path, problems, &*payloads));
  return payloads;
}

class FileSource : public PayloadSource {
 public:
  FileSource(std::string path, std::string slurm)
      : path_(std::move(path)), slurm_(std::move(slurm)) {}

  std::optional<Result<RpkiPayloads>> Poll(ProblemLog& problems) override {
    FileStamp file = Stamp(path_), slurm = Stamp(slurm_);
    if (polled_ && file == file_ && slurm == slurm_stamp_) return std::nullopt;
    polled_ = true;
    file_ = file;
    slurm_stamp_ = slurm;
    auto loaded = LoadRpkiPayloads(path_, problems);
    if (!loaded) return Result<RpkiPayloads>(Unnamed(loaded.error(), path_));
    return WithSlurm(std::move(loaded), slurm_, problems);
  }
  const std::string& name() const override { return path_; }

 private:
  std::string path_;
  std::string slurm_;
  bool polled_ = false;
  FileStamp file_;
  FileStamp slurm_stamp_;
};

class UrlSource : public PayloadSource {
 public:
  UrlSource(std::string url, std::string slurm) : url_(std::move(url)), slurm_(std::move(slurm)) {}

  std::optional<Result<RpkiPayloads>> Poll(ProblemLog& problems) override {
    FileStamp slurm = Stamp(slurm_);
    const bool slurm_changed = !(slurm == slurm_stamp_);
    slurm_stamp_ = slurm;
    // The body is kept whole: the RPKI JSON parser (simdjson) and the
    // decompressors of base/input.h take a complete document.
    auto fetched = daemon::HttpGet(url_, slurm_changed ? daemon::HttpValidators{} : validators_);
    if (!fetched) return Result<RpkiPayloads>(Unexpected<Error>(fetched.error()));
    if (fetched->status == 304) return std::nullopt;
    if (fetched->status != 200) {
      return Result<RpkiPayloads>(
          MakeError(ErrorCode::kIo, fmt::format("http status {}", fetched->status)));
    }
    validators_ = fetched->validators;
    // The body may be compressed as a file would be (e.g. a .json.bz2).
    auto input = OpenMemoryInput(AsBytes(fetched->body.data(), fetched->body.size()), url_);
    std::string content;
    if (input->compression() == Compression::kNone) {
      content = std::move(fetched->body);
    } else {
      char chunk[1 << 16];
      while (true) {
        auto n = input->Read(std::as_writable_bytes(std::span<char>(chunk)));
        if (!n) return Result<RpkiPayloads>(Unexpected<Error>(n.error()));
        if (*n == 0) break;
        content.append(chunk, *n);
      }
    }
    return WithSlurm(ParseRpkiPayloads(content, url_, problems), slurm_, problems);
  }
  const std::string& name() const override { return url_; }

 private:
  std::string url_;
  std::string slurm_;
  daemon::HttpValidators validators_;
  FileStamp slurm_stamp_;
};

}  // namespace

bool IsUrl(const std::string& location) {
  return location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0;
}

std::unique_ptr<PayloadSource> MakePayloadSource(const std::string& location,
                                                 const std::string& slurm) {
  if (IsUrl(location)) return std::make_unique<UrlSource>(location, slurm);
  return std::make_unique<FileSource>(location, slurm);
}

}  // namespace manrs::rtr
