// HOST:PORT parsing and the bind sequence shared by every listener.
#include "manrs/daemon/endpoint.h"

#include <charconv>

#include "fmt/format.h"

namespace manrs::daemon {

Result<asio::ip::tcp::endpoint> ParseEndpoint(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return MakeError(ErrorCode::kParse, fmt::format("'{}': expected HOST:PORT", text));
  }
  std::string host(text.substr(0, colon));
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return MakeError(ErrorCode::kParse, fmt::format("'{}': bad port", text));
  }
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  const auto port16 = static_cast<unsigned short>(port);
  if (host.empty()) return asio::ip::tcp::endpoint(asio::ip::tcp::v6(), port16);
  std::error_code error;
  const asio::ip::address address = asio::ip::make_address(host, error);
  if (!error) return asio::ip::tcp::endpoint(address, port16);
  // A bare IPv6 address without brackets ("::1:80") is ambiguous: refuse it
  // rather than guess where the port starts.
  if (bracketed || host.find(':') != std::string::npos) {
    return MakeError(ErrorCode::kParse, fmt::format("'{}': bad address", text));
  }
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  auto results = resolver.resolve(host, std::string(port_text), error);
  if (error || results.empty()) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("'{}': cannot resolve: {}", host, error.message()));
  }
  return results.begin()->endpoint();
}

Status Listen(std::string_view where, asio::ip::tcp::acceptor* acceptor) {
  auto endpoint = ParseEndpoint(where);
  if (!endpoint) return Unexpected<Error>(endpoint.error());
  std::error_code error;
  acceptor->open(endpoint->protocol(), error);
  if (!error) acceptor->set_option(asio::ip::tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor->bind(*endpoint, error);
  if (!error) acceptor->listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    std::error_code ignored;
    acceptor->close(ignored);
    return MakeError(ErrorCode::kIo, fmt::format("listen on {}: {}", where, error.message()));
  }
  return {};
}

}  // namespace manrs::daemon
