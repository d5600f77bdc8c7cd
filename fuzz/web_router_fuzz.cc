// Fuzz target for the web server's router: the input is "METHOD PATH" (split
// at the first space). Whatever the bytes, nothing crashes, the answer is the
// same for HEAD as for GET, and a route that names an AS only comes from a
// path whose segment spells that AS.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "manrs/web/router.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t space = input.find(' ');
  const std::string_view method = space == std::string_view::npos ? "GET" : input.substr(0, space);
  const std::string_view path = space == std::string_view::npos ? input : input.substr(space + 1);
  const manrs::web::Route route = manrs::web::MatchRoute(method, path);
  if (method == "GET") {
    const manrs::web::Route head = manrs::web::MatchRoute("HEAD", path);
    if (head.id != route.id || head.asn != route.asn) std::abort();
  }
  if (route.asn != 0 && path.find(std::to_string(route.asn)) == std::string_view::npos)
    std::abort();
  if (route.id != manrs::web::RouteId::kNotFound && (path.empty() || path[0] != '/')) std::abort();
  return 0;
}
