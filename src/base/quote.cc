#include "manrs/base/quote.h"

namespace manrs {

namespace {

void AppendEscaped(std::string_view text, std::size_t max_bytes, bool quotes, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const bool cut = text.size() > max_bytes;
  if (cut) text = text.substr(0, max_bytes);
  if (quotes) out->push_back('\'');
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\n':
        *out += "\\n";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\'':
        *out += quotes ? "\\'" : "'";
        break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          *out += "\\x";
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(ch);
        }
    }
  }
  if (quotes) out->push_back('\'');
  if (cut) *out += "...";
}

}  // namespace

std::string QuoteForMessage(std::string_view text, std::size_t max_bytes) {
  std::string out;
  AppendEscaped(text, max_bytes, /*quotes=*/true, &out);
  return out;
}

std::string EscapeForMessage(std::string_view text, std::size_t max_bytes) {
  std::string out;
  AppendEscaped(text, max_bytes, /*quotes=*/false, &out);
  return out;
}

}  // namespace manrs
