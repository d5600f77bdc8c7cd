// One JSON entry at a time: a VRP of "roas", an ASPA of "aspas" or of
// StayRTR's "provider_authorizations", a router key of "bgpsec_keys" or
// Routinator's "routerKeys", and "metadata". The same decoders serve the fast
// walk over the whole document and the recovery mode that parses entries one
// by one, so both accept exactly the same entries.
//
// Member names the relying parties use (unknown members are ignored):
//   roas         asn (13335 | "AS13335"), prefix, maxLength; ta, expires, source
//   aspas        customer_asid | customer, providers (ASNs, or {"asid": N})
//   bgpsec_keys  asn, ski (hex), pubkey (base64)
//   routerKeys   asn, SKI (hex), routerPublicKey (base64)
//   metadata     buildtime (RFC 3339, rpki-client) | generated (unix, Routinator)
#include <string>
#include <string_view>
#include <vector>

#include "fmt/format.h"
#include "manrs/base/quote.h"
#include "manrs/base/text.h"
#include "rpki/payload_formats.h"

namespace manrs::rpki_internal {

namespace od = simdjson::ondemand;

namespace {

// The value as the document has it, escaped and cut for a message.
std::string RawToken(od::value& value) {
  return EscapeForMessage(Trim(value.raw_json_token()).substr(0, 40));
}

// Bits for members seen, to catch repeats.
enum Member : unsigned {
  kMemberAsn = 1,
  kMemberPrefix = 2,
  kMemberMaxLength = 4,
  kMemberSki = 8,
  kMemberKey = 16,
  kMemberCustomer = 32,
  kMemberProviders = 64,
};

// Marks a member as seen; false (and the entry reported) if it was already.
bool FirstTime(unsigned* seen, Member member, std::string_view key, const EntryRef& where,
               RawPayloads* out) {
  if ((*seen & member) != 0) {
    out->Bad(where, fmt::format("repeated member {}", QuoteForMessage(key)));
    return false;
  }
  *seen |= member;
  return true;
}

// Reads the entry as an object. Returns false on a structural error; sets
// *is_object false (and reports the entry) when it is some other JSON value.
bool GetObject(od::value& entry, const EntryRef& where, RawPayloads* out, od::object* object,
               bool* is_object) {
  *is_object = false;
  auto error = entry.get_object().get(*object);
  if (error == simdjson::INCORRECT_TYPE) {
    // On-Demand reads atoms lazily: something that is no JSON value at all
    // (junk between entries) breaks the document, not just this entry.
    od::json_type type;
    if (entry.type().get(type)) return false;
    out->Bad(where, "not an object");
    return true;
  }
  if (error) return false;
  *is_object = true;
  return true;
}

}  // namespace

Result<Asn> JsonAsn(od::value value) {
  od::json_type type;
  if (value.type().get(type) == simdjson::SUCCESS) {
    if (type == od::json_type::number) {
      std::uint64_t number = 0;
      if (value.get_uint64().get(number) == simdjson::SUCCESS) {
        if (number <= 0xffffffffu) return static_cast<Asn>(number);
        return MakeError(ErrorCode::kBadValue, fmt::format("as number {} out of range", number));
      }
    } else if (type == od::json_type::string) {
      std::string_view text;
      if (value.get_string().get(text) == simdjson::SUCCESS) return ParseAsn(text);
    }
  }
  return MakeError(ErrorCode::kBadValue, fmt::format("bad as number {}", RawToken(value)));
}

bool DecodeRoa(od::value entry, const EntryRef& where, RawPayloads* out) {
  od::object object;
  bool is_object = false;
  if (!GetObject(entry, where, out, &object, &is_object)) return false;
  if (!is_object) return true;

  unsigned seen = 0;
  std::string_view prefix_text;
  std::int64_t max_length = 0;
  Asn asn = 0;
  for (auto member : object) {
    od::field field;
    if (std::move(member).get(field)) return false;
    // Raw comparison: a key spelt with escapes is an unknown member.
    const od::raw_json_string key = field.key();
    od::value value = field.value();
    if (key == "prefix") {
      if (!FirstTime(&seen, kMemberPrefix, "prefix", where, out)) return true;
      if (value.get_string().get(prefix_text)) {
        out->Bad(where, fmt::format("prefix {} is not a string", RawToken(value)));
        return true;
      }
    } else if (key == "maxLength") {
      if (!FirstTime(&seen, kMemberMaxLength, "maxLength", where, out)) return true;
      if (value.get_int64().get(max_length)) {
        out->Bad(where, fmt::format("bad maxLength {}", RawToken(value)));
        return true;
      }
    } else if (key == "asn") {
      if (!FirstTime(&seen, kMemberAsn, "asn", where, out)) return true;
      od::json_type type;
      if (value.type().get(type) == simdjson::SUCCESS && type == od::json_type::number) {
        out->hints.numeric_asn = true;
      }
      auto parsed = JsonAsn(value);
      if (!parsed) {
        out->Bad(where, parsed.error().message);
        return true;
      }
      asn = *parsed;
    } else if (key == "source") {
      out->hints.source = true;
    }
  }
  if ((seen & kMemberPrefix) == 0) {
    out->Bad(where, "no prefix");
    return true;
  }
  if ((seen & kMemberMaxLength) == 0) {
    out->Bad(where, "no maxLength");
    return true;
  }
  if ((seen & kMemberAsn) == 0) {
    out->Bad(where, "no asn");
    return true;
  }
  auto prefix = ParsePrefixText(prefix_text);
  if (!prefix) {
    out->Bad(where, prefix.error().message);
    return true;
  }
  auto vrp = MakeCheckedVrp(*prefix, max_length, asn);
  if (!vrp) {
    out->Bad(where, vrp.error().message);
    return true;
  }
  out->vrps.push_back(LocatedVrp{*vrp, where.location});
  return true;
}

namespace {

// A provider: an AS number, or an object with one ("asid"; rpki-client 7.x
// wrote {"asid": N, "afi_limit": "ipv4"}, the limit is gone from the ASPA
// profile and ignored here).
bool DecodeProvider(od::value value, Asn* asn, std::string* error) {
  od::json_type type;
  if (value.type().get(type) == simdjson::SUCCESS && type == od::json_type::object) {
    od::object object;
    if (value.get_object().get(object)) return false;
    bool found = false;
    for (auto member : object) {
      od::field field;
      std::string_view key;
      if (std::move(member).get(field) || field.unescaped_key().get(key)) return false;
      if (key == "asid" || key == "provider_asid") {
        auto parsed = JsonAsn(field.value());
        if (!parsed) {
          *error = parsed.error().message;
          return true;
        }
        *asn = *parsed;
        found = true;
      }
    }
    if (!found) *error = "provider object without asid";
    return true;
  }
  auto parsed = JsonAsn(value);
  if (!parsed) {
    *error = parsed.error().message;
  } else {
    *asn = *parsed;
  }
  return true;
}

}  // namespace

bool DecodeAspa(od::value entry, const EntryRef& where, int list, RawPayloads* out) {
  od::object object;
  bool is_object = false;
  if (!GetObject(entry, where, out, &object, &is_object)) return false;
  if (!is_object) return true;

  unsigned seen = 0;
  Aspa aspa;
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (std::move(member).get(field) || field.unescaped_key().get(key)) return false;
    od::value value = field.value();
    if (key == "customer_asid" || key == "customer") {
      if (!FirstTime(&seen, kMemberCustomer, key, where, out)) return true;
      auto parsed = JsonAsn(value);
      if (!parsed) {
        out->Bad(where, fmt::format("customer: {}", parsed.error().message));
        return true;
      }
      aspa.customer_asn = *parsed;
    } else if (key == "providers" || key == "provider_set") {
      if (!FirstTime(&seen, kMemberProviders, key, where, out)) return true;
      od::array array;
      auto error = value.get_array().get(array);
      if (error == simdjson::INCORRECT_TYPE) {
        out->Bad(where, fmt::format("{} is not an array", key));
        return true;
      }
      if (error) return false;
      for (auto element : array) {
        od::value provider;
        if (std::move(element).get(provider)) return false;
        Asn asn = 0;
        std::string bad;
        if (!DecodeProvider(provider, &asn, &bad)) return false;
        if (!bad.empty()) {
          out->Bad(where, fmt::format("provider: {}", bad));
          return true;
        }
        aspa.providers.push_back(asn);
      }
    }
  }
  if ((seen & kMemberCustomer) == 0) {
    out->Bad(where, "no customer_asid");
    return true;
  }
  if ((seen & kMemberProviders) == 0 || aspa.providers.empty()) {
    out->Bad(where, "no providers");
    return true;
  }
  out->aspas.push_back(LocatedAspa{std::move(aspa), where.location, list});
  return true;
}

bool DecodeRouterKey(od::value entry, const EntryRef& where, RawPayloads* out) {
  od::object object;
  bool is_object = false;
  if (!GetObject(entry, where, out, &object, &is_object)) return false;
  if (!is_object) return true;

  unsigned seen = 0;
  Asn asn = 0;
  std::string_view ski, spki;
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (std::move(member).get(field) || field.unescaped_key().get(key)) return false;
    od::value value = field.value();
    if (key == "asn") {
      if (!FirstTime(&seen, kMemberAsn, key, where, out)) return true;
      auto parsed = JsonAsn(value);
      if (!parsed) {
        out->Bad(where, parsed.error().message);
        return true;
      }
      asn = *parsed;
    } else if (key == "ski" || key == "SKI") {
      if (!FirstTime(&seen, kMemberSki, key, where, out)) return true;
      if (value.get_string().get(ski)) {
        out->Bad(where, "ski is not a string");
        return true;
      }
    } else if (key == "pubkey" || key == "routerPublicKey") {
      if (!FirstTime(&seen, kMemberKey, key, where, out)) return true;
      if (value.get_string().get(spki)) {
        out->Bad(where, "public key is not a string");
        return true;
      }
    }
  }
  if (seen != (kMemberAsn | kMemberSki | kMemberKey)) {
    out->Bad(where, "needs asn, ski and pubkey");
    return true;
  }
  auto key = MakeRouterKey(asn, ski, spki);
  if (!key) {
    out->Bad(where, key.error().message);
    return true;
  }
  out->router_keys.push_back(LocatedKey{std::move(*key), where.location});
  return true;
}

bool DecodeMetadata(od::value metadata, std::uint64_t location, RawPayloads* out) {
  od::object object;
  auto error = metadata.get_object().get(object);
  if (error == simdjson::INCORRECT_TYPE) {
    out->Note(location, "metadata: not an object");
    return true;
  }
  if (error) return false;
  std::int64_t generated = 0;
  bool have_buildtime = false;
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (std::move(member).get(field) || field.unescaped_key().get(key)) return false;
    od::value value = field.value();
    if (key == "buildtime") {
      std::string_view text;
      Result<std::int64_t> time =
          value.get_string().get(text) == simdjson::SUCCESS
              ? ParseRfc3339(text)
              : Result<std::int64_t>(MakeError(ErrorCode::kBadValue, "not a string"));
      if (time) {
        out->build_time = *time;
        have_buildtime = true;
      } else {
        out->Note(location, fmt::format("metadata.buildtime: {}", time.error().message));
      }
    } else if (key == "buildmachine") {
      out->hints.buildmachine = true;
    } else if (key == "generated") {
      out->hints.generated = true;
      if (value.get_int64().get(generated) || generated < 0) {
        out->Note(location, fmt::format("metadata.generated: bad time {}", RawToken(value)));
        generated = 0;
      }
    }
  }
  if (!have_buildtime && generated > 0) out->build_time = generated;
  return true;
}

}  // namespace manrs::rpki_internal
