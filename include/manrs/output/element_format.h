// Element formats: how `manrs mrt dump` writes elements as text. One file per
// format, one registry line each (element_format.cc).
#ifndef MANRS_OUTPUT_ELEMENT_FORMAT_H_
#define MANRS_OUTPUT_ELEMENT_FORMAT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/bgp/element.h"

namespace manrs {

class ElementFormat {
 public:
  virtual ~ElementFormat() = default;
  // Appends the text of one element (zero or more whole lines) to out.
  virtual void Append(const Element& e, std::string* out) = 0;
};

// Formats by name: "bgpdump-m" (bgpdump -m lines), "bgpdump-M" (bgpdump -M
// lines), "json" (one JSON object per line). Null for an unknown name.
std::unique_ptr<ElementFormat> MakeElementFormat(std::string_view name);
std::vector<std::string> ElementFormatNames();

std::unique_ptr<ElementFormat> MakeBgpdumpFormat(bool human_time);
std::unique_ptr<ElementFormat> MakeJsonFormat();

}  // namespace manrs

#endif  // MANRS_OUTPUT_ELEMENT_FORMAT_H_
