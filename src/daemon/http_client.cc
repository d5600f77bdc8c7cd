// HttpGet on a libcurl easy handle, one per call (a poll every few seconds
// does not need connection reuse).
#include "manrs/daemon/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "fmt/format.h"

namespace manrs::daemon {

namespace {

constexpr std::size_t kErrorBodyBytes = 64 * 1024;

struct Transfer {
  CURL* curl = nullptr;
  const HttpBodySink* sink = nullptr;  // null: keep the body
  std::size_t max_body = 0;
  std::size_t received = 0;
  bool too_big = false;
  bool sink_stopped = false;
  HttpResponse response;
};

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) {
    s.remove_suffix(1);
  }
  return s;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (StartsWithNoCase(line, "HTTP/")) {
    t->response.validators = {};  // a new response (after a redirect or 100)
  } else if (StartsWithNoCase(line, "etag:")) {
    t->response.validators.etag = Trim(line.substr(5));
  } else if (StartsWithNoCase(line, "last-modified:")) {
    t->response.validators.last_modified = Trim(line.substr(14));
  }
  return size * count;
}

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  long status = 0;
  curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
  const bool success = status >= 200 && status < 300;
  t->received += n;
  if (success && t->received > t->max_body) {
    t->too_big = true;
    return 0;  // aborts with CURLE_WRITE_ERROR
  }
  const std::string_view piece(data, n);
  if (!success) {
    if (t->response.body.size() < kErrorBodyBytes) {
      t->response.body.append(piece.substr(0, kErrorBodyBytes - t->response.body.size()));
    }
  } else if (t->sink) {
    if (!(*t->sink)(piece)) {
      t->sink_stopped = true;
      return 0;
    }
  } else {
    t->response.body.append(piece);
  }
  return n;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<HttpResponse> Get(const std::string& url, const HttpValidators& validators,
                         const HttpBodySink* sink, const HttpFetchOptions& o,
                         const std::string_view* post = nullptr) {
  GlobalInit();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return MakeError(ErrorCode::kIo, fmt::format("{}: cannot start libcurl", url));
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, curl_slist_free_all);
  auto add_header = [&headers](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  if (!validators.etag.empty()) add_header("If-None-Match: " + validators.etag);
  if (!validators.last_modified.empty()) {
    add_header("If-Modified-Since: " + validators.last_modified);
  }
  if (post) {
    add_header("Content-Type: text/plain; charset=utf-8");
    add_header("Expect:");  // no 100-continue round trip
  }
  Transfer t;
  t.curl = curl.get();
  t.sink = sink;
  t.max_body = o.max_body_bytes;
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(o.max_redirects));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // called from threads
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(o.connect_timeout_seconds));
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, o.low_speed_bytes);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(o.low_speed_seconds));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(o.total_timeout_seconds));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_body_bytes));
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes
  curl_easy_setopt(c, CURLOPT_USERAGENT, "manrs");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  if (post) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, post->data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post->size()));
  }
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  const CURLcode code = curl_easy_perform(c);
  if (t.too_big || code == CURLE_FILESIZE_EXCEEDED) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("{}: body larger than {} bytes", url, o.max_body_bytes));
  }
  if (t.sink_stopped) {
    return MakeError(ErrorCode::kIo, fmt::format("{}: transfer stopped by the reader", url));
  }
  if (code != CURLE_OK) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("{}: {}", url, error[0] ? error : curl_easy_strerror(code)));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  t.response.status = static_cast<int>(status);
  return std::move(t.response);
}

}  // namespace

Result<HttpResponse> HttpGet(const std::string& url, const HttpValidators& validators,
                             const HttpFetchOptions& options) {
  return Get(url, validators, nullptr, options);
}

Result<HttpResponse> HttpGet(const std::string& url, const HttpValidators& validators,
                             const HttpBodySink& sink, const HttpFetchOptions& options) {
  return Get(url, validators, &sink, options);
}

Result<HttpResponse> HttpPost(const std::string& url, std::string_view body,
                              const HttpFetchOptions& options) {
  return Get(url, HttpValidators{}, nullptr, options, &body);
}

}  // namespace manrs::daemon
