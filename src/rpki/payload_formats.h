// Internal interface of the payload loader (payload_loader.cc): one parser per
// format family, and the pieces they share.
//
// A parser fills a RawPayloads with what it found, in file order, each item
// with its location: the byte offset of its JSON entry, or its CSV line
// number. Entries it cannot use are skipped and recorded as problems there.
// The loader then sorts, drops and reports duplicates, and decides whether the
// file was usable at all. Problems are held back until the parse is over
// because the JSON fast path may give up half way and start again in
// recovery mode (json_salvage.cc), which would report the same entries again.
#ifndef MANRS_RPKI_PAYLOAD_FORMATS_H_
#define MANRS_RPKI_PAYLOAD_FORMATS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/rpki/payload_loader.h"
#include "manrs/rpki/vrp.h"
#include "simdjson.h"

namespace manrs::rpki_internal {

// Where an entry sits: "roas[3]" at byte 1234 (JSON) or line 7 (CSV).
struct EntryRef {
  std::string_view list;  // "roas", "aspas", "provider_authorizations.ipv4", ...
  std::size_t index = 0;
  std::uint64_t location = 0;
};

struct LocatedVrp {
  Vrp vrp;
  std::uint64_t location = 0;

  friend auto operator<=>(const LocatedVrp&, const LocatedVrp&) = default;
  friend bool operator==(const LocatedVrp&, const LocatedVrp&) = default;
};

struct LocatedAspa {
  Aspa aspa;
  std::uint64_t location = 0;
  // 0: "aspas", 1 and 2: StayRTR's ipv4 and ipv6 lists. One list must not
  // repeat a customer; the two StayRTR lists name the same ones by design.
  int list = 0;
};

struct LocatedKey {
  RouterKey key;
  std::uint64_t location = 0;
};

// Which JSON members were seen, to tell the flavours apart (they share one
// grammar, so the parser does not need to know beforehand).
struct JsonFlavourHints {
  bool provider_authorizations = false;  // StayRTR (and rpki-client 7.x-8.x)
  bool buildmachine = false;             // rpki-client metadata
  bool bgpsec_keys = false;              // rpki-client
  bool generated = false;                // Routinator metadata
  bool router_keys = false;              // Routinator "routerKeys"
  bool source = false;                   // Routinator jsonext "source" arrays
  bool numeric_asn = false;              // rpki-client writes 13335, Routinator "AS13335"
};

class RawPayloads {
 public:
  static constexpr std::size_t kMaxHeldProblems = 100000;

  struct HeldProblem {
    std::uint64_t location;
    std::string message;
  };

  // Records an entry that was skipped, and why: "roas[3]: <why>".
  void Bad(const EntryRef& where, std::string_view why);
  // The same with the whole message given ("line 7: ...").
  void BadAt(std::uint64_t location, std::string message);
  // Records a problem that is not one entry's (trailing bytes, bad metadata).
  void Note(std::uint64_t location, std::string message);
  // Forgets everything (the JSON fast path gave up; recovery starts over).
  void Clear() { *this = RawPayloads(); }

  std::vector<LocatedVrp> vrps;
  std::vector<LocatedAspa> aspas;
  std::vector<LocatedKey> router_keys;
  std::int64_t build_time = 0;
  PayloadFormat format = PayloadFormat::kAuto;
  bool locations_are_lines = false;  // CSV: locations are line numbers
  JsonFlavourHints hints;
  std::uint64_t bad_entries = 0;
  std::vector<HeldProblem> problems;  // the first kMaxHeldProblems, in order found
  std::uint64_t problems_not_held = 0;
  // Set when the document does not parse to its end (malformed or cut JSON,
  // bytes after it): the byte where it stops. The loader then refuses the
  // whole file; what was recovered only serves to report the problems.
  std::optional<std::uint64_t> unparsed_from;
};

// --- Text fields (payload_fields.cc) ---------------------------------------

// "192.0.2.0/24" or "2001:db8::/32", strict: no host bits, length in range.
// IPv4 is parsed here without a copy; IPv6 through IpAddress::Parse.
Result<Prefix> ParsePrefixText(std::string_view text);
// The checks every VRP source shares: max_length within prefix.length()..max.
Result<Vrp> MakeCheckedVrp(const Prefix& prefix, std::int64_t max_length, Asn asn);
// "2025-07-20T09:31:33Z" (RFC 3339, UTC or with an offset; fractions ignored)
// to unix seconds.
Result<std::int64_t> ParseRfc3339(std::string_view text);
// Normalises a router key as the loaders keep it: SKI 40 upper-case hex
// digits, public key in standard padded base64. Errors name the field.
Result<RouterKey> MakeRouterKey(Asn asn, std::string_view ski_hex, std::string_view spki_base64);

// The order of router keys in RpkiPayloads: by AS, SKI, then key.
bool RouterKeyLess(const RouterKey& a, const RouterKey& b);

// Reads a whole file (decompressed) into a buffer followed by
// SIMDJSON_PADDING spaces; *size is the size of the content. A damaged or cut
// compressed stream is an error: the file is refused whole.
Result<std::string> ReadPadded(const std::string& path, std::size_t* size);

// --- JSON entries (json_entries.cc) -----------------------------------------
//
// Each decodes one entry and adds it to out, or records it as bad. They
// return false only when the JSON itself broke under them (a structural
// error from the iterator): the fast path then starts over in recovery mode,
// recovery reports the entry as malformed.

bool DecodeRoa(simdjson::ondemand::value entry, const EntryRef& where, RawPayloads* out);
bool DecodeAspa(simdjson::ondemand::value entry, const EntryRef& where, int list, RawPayloads* out);
bool DecodeRouterKey(simdjson::ondemand::value entry, const EntryRef& where, RawPayloads* out);
bool DecodeMetadata(simdjson::ondemand::value metadata, std::uint64_t location, RawPayloads* out);
// An AS number as JSON carries it: 64496, "AS64496" or "64496".
Result<Asn> JsonAsn(simdjson::ondemand::value value);

// --- Format families ---------------------------------------------------------

// rpki-client JSON and its relatives (Routinator json/jsonext, StayRTR):
// rpki_client_json.cc. json must be followed by SIMDJSON_PADDING readable
// bytes. Returns an error only when the content is not a JSON object at all.
Status ParseJsonPayloads(simdjson::padded_string_view json, RawPayloads* out);
// Recovery for JSON the fast path could not walk: finds the entries by their
// brackets, line by line where brackets fail, and decodes each on its own
// (json_salvage.cc).
Status SalvageJsonPayloads(std::string_view json, RawPayloads* out);
// The flavour the hints point to.
PayloadFormat JsonFlavour(const JsonFlavourHints& hints);

// Routinator csv/csvcompat/csvext and the RIPE validator export, by their
// header line (routinator_csv.cc).
bool LooksLikePayloadCsv(std::string_view content);
Status ParseCsvPayloads(std::string_view text, RawPayloads* out);

}  // namespace manrs::rpki_internal

#endif  // MANRS_RPKI_PAYLOAD_FORMATS_H_
