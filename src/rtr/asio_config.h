// Standalone Asio (libasio-dev), without Boost. Include this, not asio.hpp.
#ifndef MANRS_SRC_RTR_ASIO_CONFIG_H_
#define MANRS_SRC_RTR_ASIO_CONFIG_H_

#ifndef ASIO_STANDALONE
#define ASIO_STANDALONE
#endif
#ifndef ASIO_NO_DEPRECATED
#define ASIO_NO_DEPRECATED
#endif

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <string>

#include "manrs/base/result.h"

namespace manrs::rtr::internal {

// "127.0.0.1:8282", "[::1]:8282", "localhost:8282" (resolved), ":8282" (any
// IPv6+IPv4 address).
Result<asio::ip::tcp::endpoint> ParseEndpoint(const std::string& text);

}  // namespace manrs::rtr::internal

#endif  // MANRS_SRC_RTR_ASIO_CONFIG_H_
