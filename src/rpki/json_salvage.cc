// Recovery for payload JSON that is not well formed: a truncated file, a
// missing comma or brace, a broken string. The good entries of such a file
// still load, the broken ones are reported where they start.
//
// The scan finds the members of the root object by their brackets (strings
// skipped, a string ending at the end of its line since JSON strings cannot
// hold a raw newline), and in the arrays the loader reads, each entry from its
// '{' to the matching '}'. Each entry is then parsed on its own by the same
// decoders as the fast path. Resynchronisation after a broken entry:
//   - a '{' directly inside an entry object that does not follow a ':' cannot
//     be part of it (a member value follows its colon; array elements are one
//     level deeper): the entry is cut there and the next one starts there, so
//     a missing '}' costs one entry;
//   - a string that runs into the end of its line ends the entry; the scan
//     goes on with the next '{' of the array.
// Every step moves forward, so the scan is linear in the file size.
#include <string>
#include <string_view>

#include "fmt/format.h"
#include "rpki/payload_formats.h"

namespace manrs::rpki_internal {

namespace od = simdjson::ondemand;

namespace {

constexpr std::size_t kNone = std::string_view::npos;

enum class EntryKind { kRoa, kAspa, kRouterKey };

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

class Salvager {
 public:
  Salvager(std::string_view text, RawPayloads* out) : text_(text), out_(out) {}

  void Run();

 private:
  std::size_t SkipSpace(std::size_t pos) const {
    while (pos < text_.size() && IsSpace(text_[pos])) ++pos;
    return pos;
  }
  // pos is at a '"': the position after the closing quote, kNone when the
  // line or the text ends first.
  std::size_t StringEnd(std::size_t pos) const;
  // The end of the value at pos (after its closing bracket), kNone if it
  // does not close.
  std::size_t ValueEnd(std::size_t pos) const;
  // The end of the entry object at pos, or kNone with *resume set to where
  // the scan should go on.
  std::size_t EntryEnd(std::size_t pos, std::size_t* resume) const;
  // The array at pos ('['); returns the position after it.
  std::size_t Array(std::size_t pos, std::string_view list, EntryKind kind, int aspa_list);
  // An object whose members are walked with visit(key, value_pos), which
  // returns the end of the value or kNone to stop. Returns the position after
  // the object, or kNone if it broke.
  template <typename Visit>
  std::size_t Members(std::size_t pos, std::string_view name, Visit visit);
  void Decode(std::size_t begin, std::size_t end, const EntryRef& where, EntryKind kind,
              int aspa_list);
  // Parses text_[begin, end) alone; the document lives until the next call.
  simdjson::error_code Parse(std::size_t begin, std::size_t end, od::document* doc);

  std::string_view text_;
  RawPayloads* out_;
  od::parser parser_;
  std::string scratch_;
};

std::size_t Salvager::StringEnd(std::size_t pos) const {
  for (std::size_t i = pos + 1; i < text_.size(); ++i) {
    const char c = text_[i];
    if (c == '\\') {
      ++i;
    } else if (c == '"') {
      return i + 1;
    } else if (c == '\n') {
      return kNone;
    }
  }
  return kNone;
}

std::size_t Salvager::ValueEnd(std::size_t pos) const {
  if (pos >= text_.size()) return kNone;
  if (text_[pos] == '"') return StringEnd(pos);
  if (text_[pos] != '{' && text_[pos] != '[') {
    while (pos < text_.size() && !IsSpace(text_[pos]) && text_[pos] != ',' && text_[pos] != '}' &&
           text_[pos] != ']') {
      ++pos;
    }
    return pos;
  }
  int depth = 0;
  for (std::size_t i = pos; i < text_.size();) {
    const char c = text_[i];
    if (c == '"') {
      i = StringEnd(i);
      if (i == kNone) return kNone;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && --depth == 0) return i + 1;
    ++i;
  }
  return kNone;
}

std::size_t Salvager::EntryEnd(std::size_t pos, std::size_t* resume) const {
  int depth = 0;
  char last = 0;  // the last character outside strings and white space
  for (std::size_t i = pos; i < text_.size();) {
    const char c = text_[i];
    if (c == '"') {
      const std::size_t end = StringEnd(i);
      if (end == kNone) {
        const std::size_t line_end = text_.find('\n', i);
        *resume = line_end == kNone ? text_.size() : line_end + 1;
        return kNone;
      }
      i = end;
      last = '"';
      continue;
    }
    if (c == '{') {
      if (depth == 1 && last != ':') {
        *resume = i;
        return kNone;
      }
      ++depth;
    } else if (c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
    if (!IsSpace(c)) last = c;
    ++i;
  }
  *resume = text_.size();
  return kNone;
}

simdjson::error_code Salvager::Parse(std::size_t begin, std::size_t end, od::document* doc) {
  scratch_.assign(text_.substr(begin, end - begin));
  const std::size_t length = scratch_.size();
  scratch_.append(simdjson::SIMDJSON_PADDING, ' ');
  return parser_.iterate(scratch_.data(), length, scratch_.size()).get(*doc);
}

void Salvager::Decode(std::size_t begin, std::size_t end, const EntryRef& where, EntryKind kind,
                      int aspa_list) {
  od::document doc;
  od::value value;
  auto error = Parse(begin, end, &doc);
  if (!error) error = doc.get_value().get(value);
  if (!error) {
    bool intact = true;
    switch (kind) {
      case EntryKind::kRoa:
        intact = DecodeRoa(value, where, out_);
        break;
      case EntryKind::kAspa:
        intact = DecodeAspa(value, where, aspa_list, out_);
        break;
      case EntryKind::kRouterKey:
        intact = DecodeRouterKey(value, where, out_);
        break;
    }
    if (intact) return;
    error = simdjson::TAPE_ERROR;
  }
  out_->Bad(where, fmt::format("malformed json ({})", simdjson::error_message(error)));
}

std::size_t Salvager::Array(std::size_t pos, std::string_view list, EntryKind kind, int aspa_list) {
  std::size_t index = 0;
  ++pos;  // '['
  bool in_junk = false;
  while (true) {
    pos = SkipSpace(pos);
    if (pos >= text_.size()) {
      out_->Note(pos, fmt::format("{}: the array does not end", list));
      return pos;
    }
    const char c = text_[pos];
    if (c == ']') return pos + 1;
    if (c == ',') {
      ++pos;
      continue;
    }
    if (c != '{') {
      // Not an entry: report once, skip to the next '{' or the array's end.
      if (!in_junk) out_->Bad(EntryRef{list, index++, pos}, "not an object");
      in_junk = true;
      if (c == '"') {
        const std::size_t end = StringEnd(pos);
        pos = end == kNone ? pos + 1 : end;
      } else {
        ++pos;
      }
      continue;
    }
    in_junk = false;
    const EntryRef where{list, index++, pos};
    std::size_t resume = 0;
    const std::size_t end = EntryEnd(pos, &resume);
    if (end == kNone) {
      out_->Bad(where, "malformed json (a string or a brace is not closed)");
      pos = resume;
      continue;
    }
    Decode(pos, end, where, kind, aspa_list);
    pos = end;
  }
}

template <typename Visit>
std::size_t Salvager::Members(std::size_t pos, std::string_view name, Visit visit) {
  ++pos;  // '{'
  while (true) {
    pos = SkipSpace(pos);
    if (pos >= text_.size()) {
      out_->Note(pos, fmt::format("{}: the object does not end", name));
      return kNone;
    }
    if (text_[pos] == '}') return pos + 1;
    if (text_[pos] == ',') {
      ++pos;
      continue;
    }
    const std::size_t key_end = text_[pos] == '"' ? StringEnd(pos) : kNone;
    const std::size_t colon = key_end == kNone ? kNone : SkipSpace(key_end);
    if (colon == kNone || colon >= text_.size() || text_[colon] != ':') {
      out_->Note(pos, fmt::format("{}: malformed json, nothing read from here on", name));
      return kNone;
    }
    const std::string_view key = text_.substr(pos + 1, key_end - pos - 2);
    pos = visit(key, SkipSpace(colon + 1));
    if (pos == kNone) return kNone;
  }
}

void Salvager::Run() {
  std::size_t pos = 0;
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  pos = SkipSpace(pos);
  if (pos >= text_.size() || text_[pos] != '{') return;
  auto root_member = [this](std::string_view key, std::size_t value) -> std::size_t {
    const bool array = value < text_.size() && text_[value] == '[';
    const bool object = value < text_.size() && text_[value] == '{';
    if (key == "roas" && array) return Array(value, "roas", EntryKind::kRoa, 0);
    if (key == "aspas" && array) return Array(value, "aspas", EntryKind::kAspa, 0);
    if (key == "bgpsec_keys" && array) {
      out_->hints.bgpsec_keys = true;
      return Array(value, "bgpsec_keys", EntryKind::kRouterKey, 0);
    }
    if (key == "routerKeys" && array) {
      out_->hints.router_keys = true;
      return Array(value, "routerKeys", EntryKind::kRouterKey, 0);
    }
    if (key == "provider_authorizations" && object) {
      out_->hints.provider_authorizations = true;
      return Members(value, key, [this](std::string_view family, std::size_t list) {
        const bool is_array = list < text_.size() && text_[list] == '[';
        if (family == "ipv4" && is_array) {
          return Array(list, "provider_authorizations.ipv4", EntryKind::kAspa, 1);
        }
        if (family == "ipv6" && is_array) {
          return Array(list, "provider_authorizations.ipv6", EntryKind::kAspa, 2);
        }
        return ValueEnd(list);
      });
    }
    const std::size_t end = ValueEnd(value);
    if (end == kNone) {
      out_->Note(value, fmt::format("{}: malformed json, nothing read from here on", key));
      return kNone;
    }
    if (key == "metadata" && object) {
      od::document doc;
      od::value metadata;
      if (Parse(value, end, &doc) || doc.get_value().get(metadata) ||
          !DecodeMetadata(metadata, value, out_)) {
        out_->Note(value, "metadata: malformed json");
      }
    }
    return end;
  };
  Members(pos, "the root object", root_member);
}

}  // namespace

Status SalvageJsonPayloads(std::string_view json, RawPayloads* out) {
  Salvager(json, out).Run();
  return {};
}

}  // namespace manrs::rpki_internal
