// Listen and connect addresses in HOST:PORT form.
#include <charconv>

#include "fmt/format.h"
#include "rtr/asio_config.h"

namespace manrs::rtr::internal {

Result<asio::ip::tcp::endpoint> ParseEndpoint(const std::string& text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    return MakeError(ErrorCode::kParse, fmt::format("'{}': expected HOST:PORT", text));
  }
  std::string host = text.substr(0, colon);
  std::string port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return MakeError(ErrorCode::kParse, fmt::format("'{}': bad port", text));
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const auto port16 = static_cast<unsigned short>(port);
  if (host.empty()) return asio::ip::tcp::endpoint(asio::ip::tcp::v6(), port16);
  std::error_code error;
  asio::ip::address address = asio::ip::make_address(host, error);
  if (!error) return asio::ip::tcp::endpoint(address, port16);
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  auto results = resolver.resolve(host, port_text, error);
  if (error || results.empty()) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("'{}': cannot resolve: {}", host, error.message()));
  }
  return results.begin()->endpoint();
}

}  // namespace manrs::rtr::internal
