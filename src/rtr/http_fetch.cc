// HTTP/1.0 conditional GET over Asio, plain or TLS.
#include "rtr/http_fetch.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "fmt/format.h"
#include "manrs/daemon/asio.h"

namespace manrs::rtr {

namespace {

using asio::ip::tcp;

struct Url {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;
};

Result<Url> ParseUrl(const std::string& text) {
  Url url;
  std::string rest;
  if (text.rfind("http://", 0) == 0) {
    rest = text.substr(7);
  } else if (text.rfind("https://", 0) == 0) {
    url.tls = true;
    rest = text.substr(8);
  } else {
    return MakeError(ErrorCode::kParse, fmt::format("{}: not an http(s) URL", text));
  }
  std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  url.path = slash == std::string::npos ? "/" : rest.substr(slash);
  std::size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    url.host = authority.substr(0, colon);
    url.port = authority.substr(colon + 1);
  } else {
    url.host = authority;
    url.port = url.tls ? "443" : "80";
  }
  if (url.host.size() >= 2 && url.host.front() == '[')
    url.host = url.host.substr(1, url.host.size() - 2);
  if (url.host.empty() || url.port.empty()) {
    return MakeError(ErrorCode::kParse, fmt::format("{}: no host", text));
  }
  return url;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Result<HttpResponse> ParseResponse(const std::string& raw, const std::string& url) {
  std::size_t head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/", 0) != 0 || head_end == std::string::npos) {
    return MakeError(ErrorCode::kParse, fmt::format("{}: reply is not HTTP", url));
  }
  HttpResponse response;
  std::size_t space = raw.find(' ');
  response.status = std::atoi(raw.c_str() + space + 1);
  std::size_t pos = raw.find("\r\n") + 2;
  while (pos < head_end) {
    std::size_t eol = raw.find("\r\n", pos);
    std::string line = raw.substr(pos, eol - pos);
    pos = eol + 2;
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = Lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    if (name == "etag") response.validators.etag = value;
    if (name == "last-modified") response.validators.last_modified = value;
  }
  response.body = raw.substr(head_end + 4);
  return response;
}

// Runs request over a connected stream, reading to the end.
template <typename Stream>
void Exchange(Stream& stream, const std::string& request, std::string* raw,
              std::error_code* result) {
  asio::async_write(stream, asio::buffer(request),
                    [&stream, raw, result](const std::error_code& error, std::size_t) {
                      if (error) {
                        *result = error;
                        return;
                      }
                      asio::async_read(stream, asio::dynamic_buffer(*raw, std::size_t{1} << 30),
                                       [result](const std::error_code& e, std::size_t) {
                                         const bool end = e == asio::error::eof ||
                                                          e == asio::ssl::error::stream_truncated;
                                         *result = end ? std::error_code() : e;
                                       });
                    });
}

}  // namespace

Result<HttpResponse> HttpGet(const std::string& url_text, const HttpValidators& validators) {
  auto url = ParseUrl(url_text);
  if (!url) return Unexpected<Error>(url.error());
  std::string request =
      fmt::format("GET {} HTTP/1.0\r\nHost: {}\r\nUser-Agent: manrs-rtr\r\n", url->path, url->host);
  if (!validators.etag.empty()) request += "If-None-Match: " + validators.etag + "\r\n";
  if (!validators.last_modified.empty()) {
    request += "If-Modified-Since: " + validators.last_modified + "\r\n";
  }
  request += "\r\n";

  asio::io_context io;
  std::error_code error = asio::error::would_block;
  std::string raw;
  tcp::resolver resolver(io);
  asio::ssl::context ssl(asio::ssl::context::tls_client);
  ssl.set_default_verify_paths();
  ssl.set_verify_mode(asio::ssl::verify_peer);
  asio::ssl::stream<tcp::socket> tls_stream(io, ssl);
  tcp::socket plain(io);
  tcp::socket& socket = url->tls ? tls_stream.next_layer() : plain;
  if (url->tls) {
    SSL_set_tlsext_host_name(tls_stream.native_handle(), url->host.c_str());
    tls_stream.set_verify_callback(asio::ssl::host_name_verification(url->host));
  }
  resolver.async_resolve(
      url->host, url->port, [&](const std::error_code& e, tcp::resolver::results_type endpoints) {
        if (e) {
          error = e;
          return;
        }
        asio::async_connect(socket, endpoints,
                            [&](const std::error_code& ce, const tcp::endpoint&) {
                              if (ce) {
                                error = ce;
                                return;
                              }
                              if (!url->tls) {
                                Exchange(plain, request, &raw, &error);
                                return;
                              }
                              tls_stream.async_handshake(
                                  asio::ssl::stream_base::client, [&](const std::error_code& he) {
                                    if (he) {
                                      error = he;
                                      return;
                                    }
                                    Exchange(tls_stream, request, &raw, &error);
                                  });
                            });
      });
  io.run_for(std::chrono::seconds(30));
  if (error == asio::error::would_block) {
    return MakeError(ErrorCode::kIo, fmt::format("{}: no answer within 30 s", url_text));
  }
  if (error) return MakeError(ErrorCode::kIo, fmt::format("{}: {}", url_text, error.message()));
  return ParseResponse(raw, url_text);
}

}  // namespace manrs::rtr
