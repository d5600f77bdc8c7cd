// A minimal HTTP/1.0 GET for polling a relying party's output: conditional
// (If-None-Match, If-Modified-Since), http and https (certificate verified
// against the system store), a 30 s deadline, bodies up to 1 GiB. HTTP/1.0 so
// that the server never answers chunked.
#ifndef MANRS_SRC_RTR_HTTP_FETCH_H_
#define MANRS_SRC_RTR_HTTP_FETCH_H_

#include <string>

#include "manrs/base/result.h"

namespace manrs::rtr {

struct HttpValidators {
  std::string etag;
  std::string last_modified;
};

struct HttpResponse {
  int status = 0;
  HttpValidators validators;  // from ETag and Last-Modified
  std::string body;
};

// Errors: a URL that is not http(s)://host[:port]/path, a connection or TLS
// failure, the deadline, a reply that is not HTTP.
Result<HttpResponse> HttpGet(const std::string& url, const HttpValidators& validators);

}  // namespace manrs::rtr

#endif  // MANRS_SRC_RTR_HTTP_FETCH_H_
