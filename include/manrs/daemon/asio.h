// Standalone Asio (libasio-dev, header-only), without Boost, configured the
// same way for every daemon. Include this, not asio.hpp.
#ifndef MANRS_DAEMON_ASIO_H_
#define MANRS_DAEMON_ASIO_H_

#ifndef ASIO_STANDALONE
#define ASIO_STANDALONE
#endif
#ifndef ASIO_NO_DEPRECATED
#define ASIO_NO_DEPRECATED
#endif

#include <asio.hpp>
#include <asio/ssl.hpp>

#endif  // MANRS_DAEMON_ASIO_H_
