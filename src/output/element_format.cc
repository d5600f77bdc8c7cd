#include "manrs/output/element_format.h"

#include <functional>

namespace manrs {

namespace {

struct FormatEntry {
  const char* name;
  std::unique_ptr<ElementFormat> (*make)();
};

const FormatEntry kFormats[] = {
    {"bgpdump-m", [] { return MakeBgpdumpFormat(false); }},
    {"bgpdump-M", [] { return MakeBgpdumpFormat(true); }},
    {"json", [] { return MakeJsonFormat(); }},
};

}  // namespace

std::unique_ptr<ElementFormat> MakeElementFormat(std::string_view name) {
  for (const FormatEntry& f : kFormats) {
    if (name == f.name) return f.make();
  }
  return nullptr;
}

std::vector<std::string> ElementFormatNames() {
  std::vector<std::string> names;
  for (const FormatEntry& f : kFormats) names.emplace_back(f.name);
  return names;
}

}  // namespace manrs
