// The JSON family: rpki-client's output (roas, aspas, bgpsec_keys, metadata)
// and the formats that grew from the same RIPE validator export: Routinator
// json/jsonext (roas, routerKeys, aspas; "source" arrays) and StayRTR
// (rpki-client's members plus provider_authorizations {ipv4, ipv6}).
//
// They share one grammar, so one walk reads them all and notes which
// members it met to name the flavour afterwards. The walk uses simdjson
// On-Demand over the whole document; the entries are decoded in place
// (json_entries.cc). When the document breaks structurally under the walk
// (a missing comma, a truncated file), everything is dropped and the file is
// read again in recovery mode (json_salvage.cc), with one problem saying
// where the walk stopped. On-Demand checks the parts it reads; members the
// loader has no use for (nonfunc_cas, signedprefixlists) are skipped
// unvalidated.
#include <optional>
#include <string_view>

#include "fmt/format.h"
#include "rpki/payload_formats.h"

namespace manrs::rpki_internal {

namespace od = simdjson::ondemand;

namespace {

enum class EntryKind { kRoa, kAspa, kRouterKey };

class FastWalk {
 public:
  // json may start after a byte order mark; locations count from origin.
  FastWalk(simdjson::padded_string_view json, const char* origin, RawPayloads* out)
      : json_(json), origin_(origin), out_(out) {}

  // Walks the document; false when it broke under the walk (error() says how).
  bool Run();
  simdjson::error_code error() const { return error_; }
  // Where the walk stopped; unknown when the document failed as a whole
  // (simdjson's first stage: an unclosed string, bad UTF-8).
  std::optional<std::uint64_t> error_location() const { return error_location_; }

 private:
  std::uint64_t Offset(od::value& value) {
    return static_cast<std::uint64_t>(value.raw_json_token().data() - origin_);
  }
  bool Fail(simdjson::error_code error) {
    error_ = error;
    return false;
  }
  bool Array(od::value value, std::string_view list, EntryKind kind, int aspa_list);
  bool ProviderAuthorizations(od::value value);

  simdjson::padded_string_view json_;
  const char* origin_;
  RawPayloads* out_;
  od::parser parser_;
  simdjson::error_code error_ = simdjson::SUCCESS;
  std::optional<std::uint64_t> error_location_;
};

bool FastWalk::Array(od::value value, std::string_view list, EntryKind kind, int aspa_list) {
  const std::uint64_t location = Offset(value);
  od::array array;
  auto error = value.get_array().get(array);
  if (error == simdjson::INCORRECT_TYPE) {
    out_->Note(location, fmt::format("{}: not an array", list));
    return true;
  }
  if (error) return Fail(error);
  std::size_t index = 0;
  for (auto element_result : array) {
    od::value element;
    if ((error = std::move(element_result).get(element))) return Fail(error);
    const EntryRef where{list, index++, Offset(element)};
    bool intact = true;
    switch (kind) {
      case EntryKind::kRoa:
        intact = DecodeRoa(element, where, out_);
        break;
      case EntryKind::kAspa:
        intact = DecodeAspa(element, where, aspa_list, out_);
        break;
      case EntryKind::kRouterKey:
        intact = DecodeRouterKey(element, where, out_);
        break;
    }
    if (!intact) return Fail(simdjson::TAPE_ERROR);
  }
  return true;
}

bool FastWalk::ProviderAuthorizations(od::value value) {
  const std::uint64_t location = Offset(value);
  od::object object;
  auto error = value.get_object().get(object);
  if (error == simdjson::INCORRECT_TYPE) {
    out_->Note(location, "provider_authorizations: not an object");
    return true;
  }
  if (error) return Fail(error);
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if ((error = std::move(member).get(field)) || (error = field.unescaped_key().get(key))) {
      return Fail(error);
    }
    if (key == "ipv4") {
      if (!Array(field.value(), "provider_authorizations.ipv4", EntryKind::kAspa, 1)) return false;
    } else if (key == "ipv6") {
      if (!Array(field.value(), "provider_authorizations.ipv6", EntryKind::kAspa, 2)) return false;
    }
  }
  return true;
}

bool FastWalk::Run() {
  od::document doc;
  auto error = parser_.iterate(json_).get(doc);
  if (error) return Fail(error);
  od::object root;
  bool ok = true;
  if ((error = doc.get_object().get(root))) {
    ok = Fail(error);
  } else {
    for (auto member : root) {
      od::field field;
      std::string_view key;
      if ((error = std::move(member).get(field)) || (error = field.unescaped_key().get(key))) {
        ok = Fail(error);
        break;
      }
      od::value value = field.value();
      if (key == "roas") {
        ok = Array(value, "roas", EntryKind::kRoa, 0);
      } else if (key == "aspas") {
        ok = Array(value, "aspas", EntryKind::kAspa, 0);
      } else if (key == "bgpsec_keys") {
        out_->hints.bgpsec_keys = true;
        ok = Array(value, "bgpsec_keys", EntryKind::kRouterKey, 0);
      } else if (key == "routerKeys") {
        out_->hints.router_keys = true;
        ok = Array(value, "routerKeys", EntryKind::kRouterKey, 0);
      } else if (key == "provider_authorizations") {
        out_->hints.provider_authorizations = true;
        ok = ProviderAuthorizations(value);
      } else if (key == "metadata") {
        if (!DecodeMetadata(value, Offset(value), out_)) ok = Fail(simdjson::TAPE_ERROR);
      }
      if (!ok) break;
    }
  }
  const char* where = nullptr;
  const bool in_bounds = doc.current_location().get(where) == simdjson::SUCCESS;
  if (!ok) {
    error_location_ =
        static_cast<std::uint64_t>((in_bounds ? where : json_.data() + json_.size()) - origin_);
    return false;
  }
  // On-Demand does not look past the root object by itself.
  if (in_bounds) {
    out_->Note(static_cast<std::uint64_t>(where - origin_), "bytes after the json object");
    out_->unparsed_from = static_cast<std::uint64_t>(where - origin_);
  }
  return true;
}

std::size_t FirstNonSpace(std::string_view text) {
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // UTF-8 byte order mark
  while (i < text.size() &&
         (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) {
    ++i;
  }
  return i;
}

}  // namespace

PayloadFormat JsonFlavour(const JsonFlavourHints& hints) {
  if (hints.provider_authorizations) return PayloadFormat::kStayRtrJson;
  if (hints.buildmachine || hints.bgpsec_keys) return PayloadFormat::kRpkiClientJson;
  if (hints.generated || hints.router_keys || hints.source) return PayloadFormat::kRoutinatorJson;
  return hints.numeric_asn ? PayloadFormat::kRpkiClientJson : PayloadFormat::kRoutinatorJson;
}

Status ParseJsonPayloads(simdjson::padded_string_view json, RawPayloads* out) {
  const std::size_t start = FirstNonSpace(json);
  if (start >= json.size() || json[start] != '{') {
    return MakeError(ErrorCode::kParse, "not json: no object at the start", start);
  }
  // simdjson refuses a UTF-8 byte order mark (RFC 8259 section 8.1 lets
  // parsers ignore it).
  const std::size_t bom = json.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  FastWalk walk(simdjson::padded_string_view(json.data() + bom, json.size() - bom,
                                             json.size() - bom + simdjson::SIMDJSON_PADDING),
                json.data(), out);
  if (walk.Run()) {
    out->format = JsonFlavour(out->hints);
    return {};
  }
  const std::optional<std::uint64_t> location = walk.error_location();
  const simdjson::error_code error = walk.error();
  out->Clear();
  MANRS_TRY(SalvageJsonPayloads(std::string_view(json.data(), json.size()), out));
  if (location) {
    out->Note(*location, fmt::format("malformed json near byte {} ({})", *location,
                                     simdjson::error_message(error)));
  } else {
    out->Note(0, fmt::format("malformed json ({})", simdjson::error_message(error)));
  }
  out->unparsed_from = location.value_or(0);
  out->format = JsonFlavour(out->hints);
  return {};
}

}  // namespace manrs::rpki_internal
