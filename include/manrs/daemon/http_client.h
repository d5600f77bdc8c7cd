// The HTTP client of every daemon (libcurl): conditional GETs of a relying
// party's output by `rtr serve`, and the ClickHouse store next. http and
// https only (certificates checked against the system store), redirects
// followed (at most max_redirects, never to another scheme than http(s)),
// the proxy from the environment (http_proxy, https_proxy, no_proxy), gzip
// and deflate transfer encodings decoded, and deadlines that do not cut a
// large body on a slow but moving link: a connect timeout and a low-speed
// limit, plus an optional total.
#ifndef MANRS_DAEMON_HTTP_CLIENT_H_
#define MANRS_DAEMON_HTTP_CLIENT_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "manrs/base/result.h"

namespace manrs::daemon {

struct HttpValidators {
  std::string etag;           // sent as If-None-Match
  std::string last_modified;  // sent as If-Modified-Since, as the server wrote it
};

struct HttpFetchOptions {
  int connect_timeout_seconds = 10;
  // The transfer fails when it moves fewer than low_speed_bytes per second
  // for low_speed_seconds.
  long low_speed_bytes = 1024;
  int low_speed_seconds = 30;
  int total_timeout_seconds = 0;  // 0: none
  std::size_t max_body_bytes = std::size_t{1} << 30;
  int max_redirects = 5;
};

struct HttpResponse {
  int status = 0;             // of the last response (after redirects)
  HttpValidators validators;  // its ETag and Last-Modified
  std::string body;           // empty when a sink took it
};

// Receives a 2xx body piece by piece as it arrives; returning false aborts
// the transfer (HttpGet then fails).
using HttpBodySink = std::function<bool(std::string_view piece)>;

// GET url, conditional on validators (a 304 comes back as a status, not an
// error). Errors (kIo) name url: a bad or non-http(s) URL, DNS, connect,
// TLS, a timeout, a body over max_body_bytes, a sink that said stop.
// The body of a non-2xx answer is kept (up to 64 KiB) for messages.
Result<HttpResponse> HttpGet(const std::string& url, const HttpValidators& validators,
                             const HttpFetchOptions& options = {});
// The same with the 2xx body streamed to sink instead of kept.
Result<HttpResponse> HttpGet(const std::string& url, const HttpValidators& validators,
                             const HttpBodySink& sink, const HttpFetchOptions& options = {});
// POST body (Content-Type: text/plain) to url; the same errors as HttpGet,
// the response kept as for HttpGet. The ClickHouse store's queries.
Result<HttpResponse> HttpPost(const std::string& url, std::string_view body,
                              const HttpFetchOptions& options = {});

}  // namespace manrs::daemon

#endif  // MANRS_DAEMON_HTTP_CLIENT_H_
