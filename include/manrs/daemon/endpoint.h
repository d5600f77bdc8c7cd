// Listen and connect addresses of every daemon, in one HOST:PORT syntax:
// "127.0.0.1:8282", "[::1]:8282", "localhost:8282" (resolved), ":8282" (every
// address, IPv6 and IPv4). Port 0 lets the kernel pick a free port.
#ifndef MANRS_DAEMON_ENDPOINT_H_
#define MANRS_DAEMON_ENDPOINT_H_

#include <string>
#include <string_view>

#include "manrs/base/result.h"
#include "manrs/daemon/asio.h"

namespace manrs::daemon {

// Errors (kParse) name the text: no port, a bad port, a host that is neither
// an address nor resolvable (kIo).
Result<asio::ip::tcp::endpoint> ParseEndpoint(std::string_view text);

// Opens acceptor on where, with SO_REUSEADDR, binds and listens.
// REQUIRES: acceptor is not open. Errors name where and the system's reason.
Status Listen(std::string_view where, asio::ip::tcp::acceptor* acceptor);

}  // namespace manrs::daemon

#endif  // MANRS_DAEMON_ENDPOINT_H_
