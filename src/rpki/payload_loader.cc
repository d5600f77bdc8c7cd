// The loader: reads the file, recognises the format from the content, hands
// it to the parser of its family (payload_formats.h), then puts the result in
// order: VRPs sorted and unique, one ASPA per customer, router keys unique,
// duplicates reported where they are, and refuses files nothing usable came
// out of.
#include "manrs/rpki/payload_loader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "manrs/base/input.h"
#include "rpki/payload_formats.h"

namespace manrs {

namespace internal = rpki_internal;

const char* PayloadFormatName(PayloadFormat format) {
  switch (format) {
    case PayloadFormat::kAuto:
      return "auto";
    case PayloadFormat::kRpkiClientJson:
      return "rpki-client-json";
    case PayloadFormat::kRoutinatorJson:
      return "routinator-json";
    case PayloadFormat::kRoutinatorCsv:
      return "routinator-csv";
    case PayloadFormat::kStayRtrJson:
      return "stayrtr-json";
  }
  return "unknown";
}

namespace rpki_internal {

void RawPayloads::Bad(const EntryRef& where, std::string_view why) {
  BadAt(where.location, fmt::format("{}[{}]: {}", where.list, where.index, why));
}

void RawPayloads::BadAt(std::uint64_t location, std::string message) {
  ++bad_entries;
  Note(location, std::move(message));
}

void RawPayloads::Note(std::uint64_t location, std::string message) {
  if (problems.size() < kMaxHeldProblems) {
    problems.push_back(HeldProblem{location, std::move(message)});
  } else {
    ++problems_not_held;
  }
}

bool RouterKeyLess(const RouterKey& a, const RouterKey& b) {
  return std::tie(a.asn, a.ski, a.spki_base64) < std::tie(b.asn, b.ski, b.spki_base64);
}

Result<std::string> ReadPadded(const std::string& path, std::size_t* size) {
  auto input = OpenInput(path);
  if (!input) return Unexpected<Error>(input.error());
  std::string buffer;
  *size = 0;
  if (auto view = (*input)->View()) {
    buffer.reserve(view->size() + simdjson::SIMDJSON_PADDING);
    buffer.assign(reinterpret_cast<const char*>(view->data()), view->size());
    *size = view->size();
  } else {
    buffer.resize(std::size_t{1} << 20);
    while (true) {
      if (buffer.size() - *size < (std::size_t{1} << 16)) buffer.resize(buffer.size() * 2);
      auto got = (*input)->Read(std::as_writable_bytes(std::span(buffer).subspan(*size)));
      if (!got) return Unexpected<Error>(got.error());
      if (*got == 0) break;
      *size += *got;
    }
    buffer.resize(*size);
  }
  buffer.append(simdjson::SIMDJSON_PADDING, ' ');
  return buffer;
}

}  // namespace rpki_internal

namespace {

using internal::RawPayloads;

std::string Where(const RawPayloads& raw, std::uint64_t location) {
  return raw.locations_are_lines ? fmt::format("line {}", location)
                                 : fmt::format("byte {}", location);
}

// Sorts and de-duplicates the VRPs into out, reporting each duplicate at its
// own location with the location of the first. rpki-client's order is close
// to ours but not the same, so the common case is a sort.
void FinishVrps(RawPayloads* raw, RpkiPayloads* out, std::uint64_t* duplicates) {
  auto& vrps = raw->vrps;
  if (!std::is_sorted(vrps.begin(), vrps.end())) std::sort(vrps.begin(), vrps.end());
  out->vrps.clear();
  out->vrps.reserve(vrps.size());
  std::uint64_t first = 0;
  for (const auto& item : vrps) {
    if (!out->vrps.empty() && item.vrp == out->vrps.back()) {
      ++*duplicates;
      raw->Note(item.location,
                fmt::format("{}: duplicate vrp {} (first at {})", Where(*raw, item.location),
                            ToString(item.vrp), Where(*raw, first)));
      continue;
    }
    first = item.location;
    out->vrps.push_back(item.vrp);
  }
  std::vector<internal::LocatedVrp>().swap(vrps);
}

// One ASPA per customer: the provider sets of its entries merged. Two entries
// of the same list for one customer are a duplicate (reported); StayRTR's
// ipv4 and ipv6 lists name the same customers by design.
void FinishAspas(RawPayloads* raw, RpkiPayloads* out, std::uint64_t* duplicates) {
  auto& aspas = raw->aspas;
  std::sort(aspas.begin(), aspas.end(), [](const auto& a, const auto& b) {
    return std::tie(a.aspa.customer_asn, a.location) < std::tie(b.aspa.customer_asn, b.location);
  });
  for (std::size_t i = 0; i < aspas.size();) {
    std::size_t j = i;
    Aspa merged{aspas[i].aspa.customer_asn, {}};
    // The first entry of each list (0: aspas, 1 and 2: StayRTR's ipv4, ipv6).
    std::array<std::optional<std::uint64_t>, 3> first;
    for (; j < aspas.size() && aspas[j].aspa.customer_asn == merged.customer_asn; ++j) {
      auto& first_of_list = first[static_cast<std::size_t>(aspas[j].list) % first.size()];
      if (first_of_list) {
        ++*duplicates;
        raw->Note(
            aspas[j].location,
            fmt::format("{}: duplicate aspa for customer AS{} (first at {}), providers merged",
                        Where(*raw, aspas[j].location), merged.customer_asn,
                        Where(*raw, *first_of_list)));
      } else {
        first_of_list = aspas[j].location;
      }
      merged.providers.insert(merged.providers.end(), aspas[j].aspa.providers.begin(),
                              aspas[j].aspa.providers.end());
    }
    std::sort(merged.providers.begin(), merged.providers.end());
    merged.providers.erase(std::unique(merged.providers.begin(), merged.providers.end()),
                           merged.providers.end());
    out->aspas.push_back(std::move(merged));
    i = j;
  }
}

void FinishRouterKeys(RawPayloads* raw, RpkiPayloads* out, std::uint64_t* duplicates) {
  auto& keys = raw->router_keys;
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    if (internal::RouterKeyLess(a.key, b.key)) return true;
    if (internal::RouterKeyLess(b.key, a.key)) return false;
    return a.location < b.location;
  });
  std::uint64_t first = 0;
  for (auto& item : keys) {
    if (!out->router_keys.empty() && item.key == out->router_keys.back()) {
      ++*duplicates;
      raw->Note(item.location, fmt::format("{}: duplicate router key AS{} {} (first at {})",
                                           Where(*raw, item.location), item.key.asn, item.key.ski,
                                           Where(*raw, first)));
      continue;
    }
    first = item.location;
    out->router_keys.push_back(std::move(item.key));
  }
}

// Where lines start, for reporting CSV problems (located by line) with their
// byte offset too. Lines must be asked for in increasing order.
class LineStarts {
 public:
  explicit LineStarts(std::string_view content) : content_(content) {}
  std::uint64_t OffsetOf(std::uint64_t line) {
    while (line_ < line && pos_ < content_.size()) {
      const std::size_t end = content_.find('\n', pos_);
      pos_ = end == std::string_view::npos ? content_.size() : end + 1;
      ++line_;
    }
    return pos_;
  }

 private:
  std::string_view content_;
  std::size_t pos_ = 0;
  std::uint64_t line_ = 1;
};

// Reports a held problem. CSV problems are reported with their line and the
// byte offset where it starts, without the "line N: " their message begins with.
void ReportHeld(const RawPayloads& raw, LineStarts& lines, const std::string& source,
                RawPayloads::HeldProblem problem, ProblemLog& problems) {
  if (!raw.locations_are_lines || problem.location == 0) {
    problems.Report(source, problem.location, std::move(problem.message));
    return;
  }
  const std::string prefix = fmt::format("line {}: ", problem.location);
  if (problem.message.starts_with(prefix)) problem.message.erase(0, prefix.size());
  problems.ReportAtLine(source, lines.OffsetOf(problem.location), problem.location,
                        std::move(problem.message));
}

Result<RpkiPayloads> Finish(RawPayloads raw, std::string_view content, const std::string& source,
                            ProblemLog& problems, PayloadLoadInfo* info) {
  RpkiPayloads out;
  std::uint64_t duplicates = 0;
  FinishVrps(&raw, &out, &duplicates);
  FinishAspas(&raw, &out, &duplicates);
  FinishRouterKeys(&raw, &out, &duplicates);
  out.build_time = raw.build_time;
  if (info != nullptr) *info = PayloadLoadInfo{raw.format, raw.bad_entries, duplicates};

  std::stable_sort(raw.problems.begin(), raw.problems.end(),
                   [](const auto& a, const auto& b) { return a.location < b.location; });
  LineStarts lines(content);
  for (auto& problem : raw.problems) {
    ReportHeld(raw, lines, source, std::move(problem), problems);
  }
  if (raw.problems_not_held > 0) {
    problems.Report(source, 0, fmt::format("{} more problems not listed", raw.problems_not_held));
  }
  if (raw.unparsed_from) {
    // A cut or damaged file would serve a subset as if it were the whole.
    return MakeError(ErrorCode::kParse,
                     fmt::format("the document does not parse to its end (from byte {}); "
                                 "refused whole",
                                 *raw.unparsed_from),
                     *raw.unparsed_from);
  }
  if (out.vrps.empty() && out.aspas.empty() && out.router_keys.empty()) {
    if (raw.bad_entries > 0) {
      return MakeError(ErrorCode::kBadValue,
                       fmt::format("no usable entry: all {} entries are bad", raw.bad_entries));
    }
    return MakeError(ErrorCode::kBadValue, "no vrps, aspas or router keys");
  }
  return out;
}

// content is followed by at least SIMDJSON_PADDING readable bytes.
Result<RpkiPayloads> ParsePadded(std::string_view content, const std::string& source,
                                 ProblemLog& problems, PayloadFormat format,
                                 PayloadLoadInfo* info) {
  RawPayloads raw;
  if (format == PayloadFormat::kAuto) {
    std::size_t i = content.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (i < content.size() &&
           (content[i] == ' ' || content[i] == '\n' || content[i] == '\r' || content[i] == '\t')) {
      ++i;
    }
    if (i < content.size() && content[i] == '{') {
      format = PayloadFormat::kRpkiClientJson;  // the JSON family; the walk names the flavour
    } else if (internal::LooksLikePayloadCsv(content)) {
      format = PayloadFormat::kRoutinatorCsv;
    } else {
      return MakeError(ErrorCode::kParse,
                       "not a payload file: neither a json object nor a csv with ASN, IP Prefix "
                       "and Max Length columns");
    }
  } else {
    raw.format = format;
  }
  if (format == PayloadFormat::kRoutinatorCsv) {
    MANRS_TRY(internal::ParseCsvPayloads(content, &raw));
  } else {
    const PayloadFormat forced = raw.format;
    MANRS_TRY(internal::ParseJsonPayloads(
        simdjson::padded_string_view(content.data(), content.size(),
                                     content.size() + simdjson::SIMDJSON_PADDING),
        &raw));
    if (forced != PayloadFormat::kAuto) raw.format = forced;
  }
  return Finish(std::move(raw), content, source, problems, info);
}

}  // namespace

Result<RpkiPayloads> ParseRpkiPayloads(std::string_view content, const std::string& source,
                                       ProblemLog& problems, PayloadFormat format,
                                       PayloadLoadInfo* info) {
  std::string padded;
  padded.reserve(content.size() + simdjson::SIMDJSON_PADDING);
  padded.append(content);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  return ParsePadded(std::string_view(padded.data(), content.size()), source, problems, format,
                     info);
}

Result<RpkiPayloads> ParseRpkiPayloads(std::string_view content, const std::string& source,
                                       ProblemLog& problems, PayloadFormat format) {
  return ParseRpkiPayloads(content, source, problems, format, nullptr);
}

Result<RpkiPayloads> LoadRpkiPayloads(const std::string& path, ProblemLog& problems,
                                      PayloadFormat format, PayloadLoadInfo* info) {
  std::size_t size = 0;
  auto buffer = internal::ReadPadded(path, &size);
  if (!buffer) return Unexpected<Error>(buffer.error());
  return ParsePadded(std::string_view(buffer->data(), size), path, problems, format, info);
}

Result<RpkiPayloads> LoadRpkiPayloads(const std::string& path, ProblemLog& problems,
                                      PayloadFormat format) {
  return LoadRpkiPayloads(path, problems, format, nullptr);
}

}  // namespace manrs
