// The reader of `manrs sav audit|collect --format json` reports: a DOM parse
// first (any damage, a cut anywhere included, fails it as a whole), then an
// On-Demand walk for the members, so every error has a byte offset.
#include "manrs/observe/sav_results.h"

#include "fmt/format.h"
#include "manrs/base/input.h"
#include "simdjson.h"

namespace manrs {

namespace {

namespace od = simdjson::ondemand;

class Walk {
 public:
  Walk(const simdjson::padded_string& text, const std::string& source)
      : text_(text), source_(source) {}

  // The error at the walk's position (the end when the parser has none).
  Error At(const std::string& what) {
    const char* at = nullptr;
    std::size_t offset = text_.size();
    if (iterating_ && doc_.current_location().get(at) == simdjson::SUCCESS) {
      offset = static_cast<std::size_t>(at - text_.data());
    }
    return Error{ErrorCode::kParse, fmt::format("{}: offset {}: {}", source_, offset, what),
                 offset};
  }
  Error At(simdjson::error_code e) { return At(simdjson::error_message(e)); }

  Result<std::vector<SavInterfaceResult>> Run() {
    if (auto e = parser_.iterate(text_).get(doc_)) return Unexpected<Error>(At(e));
    iterating_ = true;
    od::object top;
    if (auto e = doc_.get_object().get(top)) return Unexpected<Error>(At(e));
    std::vector<SavInterfaceResult> out;
    bool is_report = false, has_version = false, has_interfaces = false;
    for (auto field : top) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return Unexpected<Error>(At(e));
      od::value v;
      if (auto e = field.value().get(v)) return Unexpected<Error>(At(e));
      if (key == "report") {
        std::string_view name;
        if (v.get_string().get(name) || name != "manrs-sav-audit") {
          return Unexpected<Error>(At("not a manrs-sav-audit report"));
        }
        is_report = true;
      } else if (key == "version") {
        std::uint64_t version = 0;
        if (v.get_uint64().get(version) || version != 1) {
          return Unexpected<Error>(At("unsupported report version (this manrs reads 1)"));
        }
        has_version = true;
      } else if (key == "by_interface") {
        if (auto s = Interfaces(v, &out); !s) return Unexpected<Error>(s.error());
        has_interfaces = true;
      }
    }
    if (!is_report) return Unexpected<Error>(At("not a manrs-sav-audit report (no \"report\")"));
    if (!has_version) return Unexpected<Error>(At("no \"version\""));
    if (!has_interfaces) return Unexpected<Error>(At("no \"by_interface\" object"));
    return out;
  }

 private:
  Status Count(od::object& o, const char* name, std::uint64_t* out) {
    if (o[name].get_uint64().get(*out)) {
      return Unexpected<Error>(At(fmt::format("\"{}\" is missing or not a count", name)));
    }
    return {};
  }

  Status Interfaces(od::value v, std::vector<SavInterfaceResult>* out) {
    od::object ifaces;
    if (auto e = v.get_object().get(ifaces)) return Unexpected<Error>(At(e));
    for (auto field : ifaces) {
      SavInterfaceResult r;
      r.file = source_;
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return Unexpected<Error>(At(e));
      r.interface = std::string(key);
      od::object o;
      if (auto e = field.value().get_object().get(o)) return Unexpected<Error>(At(e));
      // Read in the order the writer puts them; operator[] finds any order.
      od::value asn;
      if (o["peer_asn"].get(asn)) return Unexpected<Error>(At("no \"peer_asn\""));
      bool is_null = false;
      if (asn.is_null().get(is_null) || !is_null) {
        std::uint64_t n = 0;
        if (asn.get_uint64().get(n) || n == 0 || n > 0xFFFFFFFFu) {
          return Unexpected<Error>(At("\"peer_asn\" is not an AS number or null"));
        }
        r.peer_asn = static_cast<Asn>(n);
      }
      MANRS_TRY(Count(o, "packets", &r.packets));
      MANRS_TRY(Count(o, "spoofed_packets", &r.spoofed_packets));
      od::object reasons;
      if (o["by_reason"].get_object().get(reasons)) {
        return Unexpected<Error>(At("\"by_reason\" is missing or not an object"));
      }
      MANRS_TRY(Count(reasons, "martian", &r.martian));
      MANRS_TRY(Count(reasons, "bogon", &r.bogon));
      MANRS_TRY(Count(reasons, "not_allowed", &r.not_allowed));
      if (r.spoofed_packets > r.packets) {
        return Unexpected<Error>(At("more spoofed packets than packets"));
      }
      // Each below spoofed_packets, so the sum cannot wrap.
      if (r.martian > r.spoofed_packets || r.bogon > r.spoofed_packets ||
          r.not_allowed > r.spoofed_packets ||
          r.martian + r.bogon + r.not_allowed != r.spoofed_packets) {
        return Unexpected<Error>(At("\"by_reason\" does not sum to \"spoofed_packets\""));
      }
      out->push_back(std::move(r));
    }
    return {};
  }

  const simdjson::padded_string& text_;
  const std::string& source_;
  od::parser parser_;
  od::document doc_;
  bool iterating_ = false;  // doc_ holds a document
};

// Whether brackets pair up outside strings: the On-Demand walk, which finds
// the offset of an error, is only safe on such text.
bool Balanced(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return false;
      --depth;
    }
  }
  return !in_string && depth == 0;
}

}  // namespace

Result<std::vector<SavInterfaceResult>> ParseSavResults(std::string_view text,
                                                        const std::string& source) {
  simdjson::padded_string padded(text);
  Walk walk(padded, source);
  simdjson::dom::parser dom;
  simdjson::dom::element ignored;
  if (auto e = dom.parse(padded).get(ignored)) {
    // A cut or unpaired bracket is reported at the end; else where the walk stops.
    if (Balanced(text)) {
      auto walked = walk.Run();
      if (!walked) return walked;
    }
    return MakeError(
        ErrorCode::kParse,
        fmt::format("{}: offset {}: {}", source, text.size(), simdjson::error_message(e)),
        text.size());
  }
  return walk.Run();
}

Result<std::vector<SavInterfaceResult>> LoadSavResults(const std::string& path) {
  auto text = ReadWholeInput(path);
  if (!text) return Unexpected<Error>(text.error());
  return ParseSavResults(*text, path);
}

std::map<Asn, AntiSpoofing> SavResultsByAs(const std::vector<SavInterfaceResult>& results) {
  std::map<Asn, AntiSpoofing> out;
  for (const SavInterfaceResult& r : results) {
    if (r.peer_asn == 0) continue;
    AntiSpoofing& a = out[r.peer_asn];
    a.packets += r.packets;
    a.spoofed_packets += r.spoofed_packets;
    a.martian += r.martian;
    a.bogon += r.bogon;
    a.not_allowed += r.not_allowed;
    if (a.files.empty() || a.files.back() != r.file) a.files.push_back(r.file);
  }
  return out;
}

}  // namespace manrs
