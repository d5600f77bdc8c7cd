// The TabSeparated text ClickHouse's HTTP interface reads and writes, and
// the escaping of names in URLs: the wire side of clickhouse_store.cc.
#ifndef MANRS_SRC_OBSERVE_CLICKHOUSE_TSV_H_
#define MANRS_SRC_OBSERVE_CLICKHOUSE_TSV_H_

#include <cctype>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "fmt/format.h"

namespace manrs::clickhouse_internal {

// TabSeparated escaping, as ClickHouse reads and writes it.
inline void AppendEscaped(std::string_view s, std::string* out) {
  // Most texts need no escaping: appended whole.
  bool plain = true;
  for (char c : s) plain &= c != '\\' && c != '\t' && c != '\n' && c != '\r' && c != '\0';
  if (plain) {
    out->append(s);
    return;
  }
  for (char c : s) {
    switch (c) {
      case '\\':
        *out += "\\\\";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\0':
        *out += "\\0";
        break;
      default:
        out->push_back(c);
    }
  }
}

inline std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out.push_back(s[i]);
      continue;
    }
    const char c = s[++i];
    switch (c) {
      case 't':
        out.push_back('\t');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case '0':
        out.push_back('\0');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// One TabSeparated row being built.
class Row {
 public:
  explicit Row(std::string* out) : out_(out) {}
  // A row of a period's batch: (period_start, period_end, batch, ...).
  Row(std::string* out, const Period& p, const std::string& batch) : out_(out) {
    Int(p.start).Int(p.end).Text(batch);
  }
  Row(const Row&) = delete;
  Row& operator=(const Row&) = delete;
  ~Row() { out_->push_back('\n'); }
  Row& Int(std::int64_t v) {
    Sep();
    fmt::format_to(std::back_inserter(*out_), "{}", v);
    return *this;
  }
  Row& U(std::uint64_t v) {
    Sep();
    fmt::format_to(std::back_inserter(*out_), "{}", v);
    return *this;
  }
  Row& Real(double v) { return Field(fmt::format("{}", v)); }
  Row& Null() { return Field("\\N"); }
  Row& OptReal(std::optional<double> v) { return v ? Real(*v) : Null(); }
  Row& OptBool(std::optional<bool> v) { return v ? U(*v ? 1 : 0) : Null(); }
  Row& Text(std::string_view v) {
    Sep();
    AppendEscaped(v, out_);
    return *this;
  }

 private:
  void Sep() {
    if (!first_) out_->push_back('\t');
    first_ = false;
  }
  Row& Field(std::string_view v) {
    Sep();
    *out_ += v;
    return *this;
  }
  std::string* out_;
  bool first_ = true;
};

// The fields of one TabSeparated answer row.
class Fields {
 public:
  explicit Fields(std::string_view line) {
    std::size_t start = 0;
    while (true) {
      const std::size_t tab = line.find('\t', start);
      fields_.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
  }
  std::size_t size() const { return fields_.size(); }
  bool IsNull(std::size_t i) const { return fields_[i] == "\\N"; }
  std::int64_t Int(std::size_t i) const {
    return std::strtoll(std::string(fields_[i]).c_str(), nullptr, 10);
  }
  std::uint64_t U(std::size_t i) const {
    return std::strtoull(std::string(fields_[i]).c_str(), nullptr, 10);
  }
  double Real(std::size_t i) const { return std::strtod(std::string(fields_[i]).c_str(), nullptr); }
  std::optional<double> OptReal(std::size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Real(i);
  }
  std::optional<bool> OptBool(std::size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return U(i) != 0;
  }
  std::string Text(std::size_t i) const { return Unescape(fields_[i]); }

 private:
  std::vector<std::string_view> fields_;
};

inline std::string UrlEscape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

inline bool IsIdentifier(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (!std::isalnum(c) && c != '_') return false;
  }
  return true;
}

}  // namespace manrs::clickhouse_internal

#endif  // MANRS_SRC_OBSERVE_CLICKHOUSE_TSV_H_
