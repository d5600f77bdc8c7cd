// Reading SLURM files (RFC 8416 section 3, and the ASPA members of
// draft-ietf-sidrops-aspa-slurm). The file is first checked as a whole with
// the DOM parser (a SLURM file that is not JSON is refused outright), then
// walked with On-Demand, which tells where each entry starts for the reports.
// Every member of every entry is read: an unknown one makes the entry bad
// rather than silently ignored, because a misspelt "maxPrefixLength" would
// otherwise change what the operator meant.
#include "manrs/rpki/slurm.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "fmt/format.h"
#include "manrs/base/encoding.h"
#include "manrs/base/quote.h"
#include "rpki/payload_formats.h"

namespace manrs {

namespace od = simdjson::ondemand;
namespace internal = rpki_internal;

namespace {

class SlurmReader {
 public:
  SlurmReader(std::string_view padded_json, const std::string& source, ProblemLog& problems)
      : json_(padded_json), source_(source), problems_(problems) {}

  Result<Slurm> Run();

 private:
  // One entry of a list; returns a message when it is bad.
  using EntryParser = std::string (SlurmReader::*)(od::object&);

  std::uint64_t Offset(od::value& value) const {
    return static_cast<std::uint64_t>(value.raw_json_token().data() - json_.data());
  }
  void Problem(std::uint64_t offset, std::string message) {
    problems_.Report(source_, offset, std::move(message));
  }
  // The object holding the lists ("validationOutputFilters", ...).
  Status Section(od::value value, std::string_view section);
  Status List(od::value value, std::string_view path, EntryParser parse);

  std::string PrefixFilter(od::object& entry);
  std::string BgpsecFilter(od::object& entry);
  std::string AspaFilter(od::object& entry);
  std::string PrefixAssertion(od::object& entry);
  std::string BgpsecAssertion(od::object& entry);
  std::string AspaAssertion(od::object& entry);

  std::string_view json_;
  const std::string& source_;
  ProblemLog& problems_;
  Slurm slurm_;
  std::uint64_t good_ = 0;
  std::uint64_t bad_ = 0;
};

Unexpected<Error> Broken(simdjson::error_code error) {
  return MakeError(ErrorCode::kParse,
                   fmt::format("malformed json ({})", simdjson::error_message(error)));
}

// The members of one entry, read by name. Each reader returns a message when
// the value is bad; an empty string when it is fine.
template <typename Visit>
std::string Members(od::object& entry, Visit visit) {
  for (auto member : entry) {
    od::field field;
    std::string_view key;
    if (auto error = std::move(member).get(field); error) return simdjson::error_message(error);
    if (auto error = field.unescaped_key().get(key); error) return simdjson::error_message(error);
    std::string bad = visit(key, field.value());
    if (!bad.empty()) return bad;
  }
  return {};
}

std::string Unknown(std::string_view key) {
  return fmt::format("unknown member {}", QuoteForMessage(key));
}

std::string ReadComment(od::value value, std::string* comment) {
  std::string_view text;
  if (value.get_string().get(text)) return "comment is not a string";
  comment->assign(text);
  return {};
}

std::string ReadAsn(od::value value, std::string_view name, Asn* asn) {
  auto parsed = internal::JsonAsn(value);
  if (!parsed) return fmt::format("{}: {}", name, parsed.error().message);
  *asn = *parsed;
  return {};
}

// An optional member ("asn" of a filter or an assertion): set when present.
std::string ReadAsn(od::value value, std::string_view name, std::optional<Asn>* asn) {
  Asn number = 0;
  std::string why = ReadAsn(value, name, &number);
  if (why.empty()) *asn = number;
  return why;
}

std::string ReadPrefix(od::value value, std::optional<Prefix>* prefix) {
  std::string_view text;
  if (value.get_string().get(text)) return "prefix is not a string";
  auto parsed = internal::ParsePrefixText(text);
  if (!parsed) return parsed.error().message;
  *prefix = *parsed;
  return {};
}

// RFC 8416 section 3.3.2: "the Base64 encoding without trailing '='"; the
// standard alphabet and padding (as in StayRTR's sample) are read as well.
std::string ReadSki(od::value value, std::string* hex) {
  std::string_view text;
  std::string bytes;
  if (value.get_string().get(text) || !DecodeBase64(text, &bytes) || bytes.empty()) {
    return "SKI is not base64";
  }
  *hex = EncodeHexUpper(bytes);
  return {};
}

std::string SlurmReader::PrefixFilter(od::object& entry) {
  SlurmPrefixFilter filter;
  std::string bad = Members(entry, [&](std::string_view key, od::value value) -> std::string {
    if (key == "prefix") return ReadPrefix(value, &filter.prefix);
    if (key == "asn") return ReadAsn(value, "asn", &filter.asn);
    if (key == "comment") return ReadComment(value, &filter.comment);
    return Unknown(key);
  });
  if (!bad.empty()) return bad;
  if (!filter.prefix && !filter.asn) return "neither prefix nor asn";
  slurm_.prefix_filters.push_back(std::move(filter));
  return {};
}

std::string SlurmReader::BgpsecFilter(od::object& entry) {
  SlurmBgpsecFilter filter;
  std::string bad = Members(entry, [&](std::string_view key, od::value value) -> std::string {
    if (key == "SKI") {
      std::string hex;
      std::string why = ReadSki(value, &hex);
      filter.ski = std::move(hex);
      return why;
    }
    if (key == "asn") return ReadAsn(value, "asn", &filter.asn);
    if (key == "comment") return ReadComment(value, &filter.comment);
    return Unknown(key);
  });
  if (!bad.empty()) return bad;
  if (!filter.ski && !filter.asn) return "neither SKI nor asn";
  slurm_.bgpsec_filters.push_back(std::move(filter));
  return {};
}

std::string SlurmReader::AspaFilter(od::object& entry) {
  SlurmAspaFilter filter;
  bool have_customer = false;
  std::string bad = Members(entry, [&](std::string_view key, od::value value) -> std::string {
    if (key == "customerAsid") {
      have_customer = true;
      return ReadAsn(value, "customerAsid", &filter.customer_asn);
    }
    if (key == "comment") return ReadComment(value, &filter.comment);
    return Unknown(key);
  });
  if (!bad.empty()) return bad;
  if (!have_customer) return "no customerAsid";
  slurm_.aspa_filters.push_back(std::move(filter));
  return {};
}

std::string SlurmReader::PrefixAssertion(od::object& entry) {
  std::optional<Prefix> prefix;
  std::optional<Asn> asn;
  std::optional<std::int64_t> max_length;
  std::string comment;
  std::string bad = Members(entry, [&](std::string_view key, od::value value) -> std::string {
    if (key == "prefix") return ReadPrefix(value, &prefix);
    if (key == "asn") return ReadAsn(value, "asn", &asn);
    if (key == "maxPrefixLength") {
      std::int64_t length = 0;
      if (value.get_int64().get(length)) return "maxPrefixLength is not an integer";
      max_length = length;
      return {};
    }
    if (key == "comment") return ReadComment(value, &comment);
    return Unknown(key);
  });
  if (!bad.empty()) return bad;
  if (!prefix) return "no prefix";
  if (!asn) return "no asn";
  auto vrp = internal::MakeCheckedVrp(*prefix, max_length.value_or(prefix->length()), *asn);
  if (!vrp) return fmt::format("maxPrefixLength: {}", vrp.error().message);
  slurm_.prefix_assertions.push_back(SlurmPrefixAssertion{*vrp, std::move(comment)});
  return {};
}

std::string SlurmReader::BgpsecAssertion(od::object& entry) {
  std::optional<Asn> asn;
  std::string ski_hex, comment;
  std::string_view public_key;
  bool have_ski = false, have_key = false;
  std::string bad = Members(entry, [&](std::string_view key, od::value value) -> std::string {
    if (key == "asn") return ReadAsn(value, "asn", &asn);
    if (key == "SKI") {
      have_ski = true;
      return ReadSki(value, &ski_hex);
    }
    if (key == "routerPublicKey") {
      have_key = true;
      if (value.get_string().get(public_key)) return "routerPublicKey is not a string";
      return {};
    }
    if (key == "comment") return ReadComment(value, &comment);
    return Unknown(key);
  });
  if (!bad.empty()) return bad;
  if (!asn || !have_ski || !have_key) return "needs asn, SKI and routerPublicKey";
  auto router_key = internal::MakeRouterKey(*asn, ski_hex, public_key);
  if (!router_key) return router_key.error().message;
  slurm_.bgpsec_assertions.push_back(SlurmBgpsecAssertion{std::move(*router_key), comment});
  return {};
}

std::string SlurmReader::AspaAssertion(od::object& entry) {
  SlurmAspaAssertion assertion;
  bool have_customer = false, have_providers = false;
  std::string bad = Members(entry, [&](std::string_view key, od::value value) -> std::string {
    if (key == "customerAsid") {
      have_customer = true;
      return ReadAsn(value, "customerAsid", &assertion.aspa.customer_asn);
    }
    // "providers" in the draft; rpki-rs (Routinator) writes "providerSet".
    if (key == "providers" || key == "providerSet") {
      if (have_providers) return fmt::format("repeated member {}", QuoteForMessage(key));
      have_providers = true;
      od::array array;
      if (value.get_array().get(array)) return fmt::format("{} is not an array", key);
      for (auto element : array) {
        od::value provider;
        if (auto error = std::move(element).get(provider); error) {
          return simdjson::error_message(error);
        }
        Asn asn = 0;
        std::string why = ReadAsn(provider, "provider", &asn);
        if (!why.empty()) return why;
        assertion.aspa.providers.push_back(asn);
      }
      return {};
    }
    if (key == "comment") return ReadComment(value, &assertion.comment);
    return Unknown(key);
  });
  if (!bad.empty()) return bad;
  if (!have_customer) return "no customerAsid";
  auto& providers = assertion.aspa.providers;
  if (providers.empty()) return "no providers";
  std::sort(providers.begin(), providers.end());
  providers.erase(std::unique(providers.begin(), providers.end()), providers.end());
  slurm_.aspa_assertions.push_back(std::move(assertion));
  return {};
}

Status SlurmReader::List(od::value value, std::string_view path, EntryParser parse) {
  const std::uint64_t offset = Offset(value);
  od::array array;
  if (value.get_array().get(array)) {
    Problem(offset, fmt::format("{}: not an array", path));
    return {};
  }
  std::size_t index = 0;
  for (auto element_result : array) {
    od::value element;
    if (auto error = std::move(element_result).get(element); error) return Broken(error);
    const std::uint64_t at = Offset(element);
    od::object entry;
    std::string bad = element.get_object().get(entry) ? "not an object" : (this->*parse)(entry);
    if (bad.empty()) {
      ++good_;
    } else {
      ++bad_;
      Problem(at, fmt::format("{}[{}]: {}", path, index, bad));
    }
    ++index;
  }
  return {};
}

Status SlurmReader::Section(od::value value, std::string_view section) {
  const bool filters = section == "validationOutputFilters";
  od::object object;
  if (value.get_object().get(object)) {
    Problem(Offset(value), fmt::format("{}: not an object", section));
    return {};
  }
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (auto error = std::move(member).get(field); error) return Broken(error);
    if (auto error = field.unescaped_key().get(key); error) return Broken(error);
    od::value list = field.value();
    const std::string path = fmt::format("{}.{}", section, key);
    EntryParser parse = nullptr;
    if (filters && key == "prefixFilters") parse = &SlurmReader::PrefixFilter;
    if (filters && key == "bgpsecFilters") parse = &SlurmReader::BgpsecFilter;
    if (filters && key == "aspaFilters") parse = &SlurmReader::AspaFilter;
    if (!filters && key == "prefixAssertions") parse = &SlurmReader::PrefixAssertion;
    if (!filters && key == "bgpsecAssertions") parse = &SlurmReader::BgpsecAssertion;
    if (!filters && key == "aspaAssertions") parse = &SlurmReader::AspaAssertion;
    if (parse == nullptr) {
      Problem(Offset(list), fmt::format("{}: unknown member", path));
      continue;
    }
    MANRS_TRY(List(list, path, parse));
  }
  return {};
}

Result<Slurm> SlurmReader::Run() {
  {
    simdjson::dom::parser validator;
    simdjson::dom::element root;
    if (auto error = validator.parse(json_.data(), json_.size(), false).get(root); error) {
      return MakeError(ErrorCode::kParse,
                       fmt::format("not valid json ({})", simdjson::error_message(error)));
    }
  }
  od::parser parser;
  od::document doc;
  od::object root;
  if (auto error =
          parser.iterate(json_.data(), json_.size(), json_.size() + simdjson::SIMDJSON_PADDING)
              .get(doc);
      error) {
    return Broken(error);
  }
  if (doc.get_object().get(root)) return MakeError(ErrorCode::kParse, "not a json object");
  bool have_version = false;
  for (auto member : root) {
    od::field field;
    std::string_view key;
    if (auto error = std::move(member).get(field); error) return Broken(error);
    if (auto error = field.unescaped_key().get(key); error) return Broken(error);
    od::value value = field.value();
    if (key == "slurmVersion") {
      std::int64_t version = 0;
      if (value.get_int64().get(version) || (version != 1 && version != 2)) {
        return MakeError(ErrorCode::kUnsupported,
                         "slurmVersion is not 1 (RFC 8416) or 2 (with ASPA)", Offset(value));
      }
      slurm_.version = static_cast<int>(version);
      have_version = true;
    } else if (key == "validationOutputFilters" || key == "locallyAddedAssertions") {
      MANRS_TRY(Section(value, key));
    } else {
      Problem(Offset(value), fmt::format("unknown member {}", QuoteForMessage(key)));
    }
  }
  if (!have_version) return MakeError(ErrorCode::kBadValue, "no slurmVersion");
  if (good_ == 0 && bad_ > 0) {
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("no usable entry: all {} entries are bad", bad_));
  }
  return std::move(slurm_);
}

}  // namespace

Result<Slurm> ParseSlurm(std::string_view json, const std::string& source, ProblemLog& problems) {
  std::string padded(json);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  return SlurmReader(std::string_view(padded.data(), json.size()), source, problems).Run();
}

Result<Slurm> LoadSlurm(const std::string& path, ProblemLog& problems) {
  std::size_t size = 0;
  auto buffer = internal::ReadPadded(path, &size);
  if (!buffer) return Unexpected<Error>(buffer.error());
  return SlurmReader(std::string_view(buffer->data(), size), path, problems).Run();
}

}  // namespace manrs
