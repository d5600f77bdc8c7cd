#include "apps/cli_support.h"

#include <cstdio>
#include <filesystem>

namespace manrs {

void PrintProblem(const Problem& p) {
  std::fprintf(stderr, "manrs: %s: offset %llu: %s\n", p.source.c_str(),
               static_cast<unsigned long long>(p.offset), p.message.c_str());
}

std::uint64_t TotalSize(const std::vector<std::string>& files) {
  std::uint64_t total = 0;
  for (const auto& f : files) {
    std::error_code ec;
    auto size = std::filesystem::file_size(f, ec);
    if (!ec) total += size;
  }
  return total;
}

}  // namespace manrs
