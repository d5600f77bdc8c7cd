#include "manrs/rpsl/object_reader.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <unordered_set>

#include "fmt/format.h"
#include "manrs/base/quote.h"
#include "manrs/base/text.h"

namespace manrs {

namespace {

constexpr std::string_view kClasses[] = {
    "as-block",   "as-set",       "aut-num",     "dictionary", "domain",   "filter-set",
    "inet-rtr",   "inet6num",     "inetnum",     "irt",        "key-cert", "limerick",
    "mntner",     "organisation", "peering-set", "person",     "poem",     "poetic-form",
    "repository", "role",         "route",       "route-set",  "route6",   "rtr-set",
    "as-block6",  "ipv6-site",    "rpki-cert",   "aut-num6",   "rtr-set6", "filter-set6",
    "inetnum6",   "domain6"};

// The attributes of the RPSL, RPSLng, RIPE and IRRd schemas.
constexpr std::string_view kAttributes[] = {"abuse-c",
                                            "abuse-mailbox",
                                            "address",
                                            "admin-c",
                                            "aggr-bndry",
                                            "aggr-mtd",
                                            "alias",
                                            "as-block",
                                            "as-name",
                                            "as-set",
                                            "assignment-size",
                                            "auth",
                                            "author",
                                            "aut-num",
                                            "certif",
                                            "changed",
                                            "components",
                                            "country",
                                            "created",
                                            "default",
                                            "descr",
                                            "dom-net",
                                            "domain",
                                            "ds-rdata",
                                            "e-mail",
                                            "encryption",
                                            "export",
                                            "export-comps",
                                            "export-via",
                                            "fax-no",
                                            "filter",
                                            "filter-set",
                                            "fingerpr",
                                            "form",
                                            "geofeed",
                                            "geoloc",
                                            "holes",
                                            "ifaddr",
                                            "import",
                                            "import-via",
                                            "inet-rtr",
                                            "inet6num",
                                            "inetnum",
                                            "inject",
                                            "interface",
                                            "irt",
                                            "irt-nfy",
                                            "key-cert",
                                            "language",
                                            "last-modified",
                                            "local-as",
                                            "mbrs-by-ref",
                                            "member-of",
                                            "members",
                                            "method",
                                            "mnt-by",
                                            "mnt-domains",
                                            "mnt-irt",
                                            "mnt-lower",
                                            "mnt-nfy",
                                            "mnt-ref",
                                            "mnt-routes",
                                            "mntner",
                                            "mp-default",
                                            "mp-export",
                                            "mp-filter",
                                            "mp-import",
                                            "mp-members",
                                            "mp-peer",
                                            "mp-peering",
                                            "netname",
                                            "nic-hdl",
                                            "notify",
                                            "nserver",
                                            "org",
                                            "org-name",
                                            "org-type",
                                            "organisation",
                                            "origin",
                                            "owner",
                                            "peer",
                                            "peering",
                                            "peering-set",
                                            "person",
                                            "phone",
                                            "ping-hdl",
                                            "pingable",
                                            "poem",
                                            "poetic-form",
                                            "referral-by",
                                            "ref-nfy",
                                            "remarks",
                                            "role",
                                            "route",
                                            "route-set",
                                            "route6",
                                            "rtr-set",
                                            "signature",
                                            "source",
                                            "sponsoring-org",
                                            "status",
                                            "tech-c",
                                            "text",
                                            "upd-to",
                                            "zone-c",
                                            "rpki-ov-state",
                                            "export-via",
                                            "import-via",
                                            "mnt-ref",
                                            "admin-c",
                                            "abuse-mailbox",
                                            "trouble",
                                            "encapsulation",
                                            "protocol",
                                            "contact",
                                            "prefix",
                                            "descr",
                                            "expires",
                                            "owner",
                                            "default",
                                            "auth"};

constexpr std::string_view kSingleValued[] = {"route",  "route6",    "origin",  "source",
                                              "as-set", "route-set", "aut-num", "mntner"};

bool IsBlank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// The value part of a line: end-of-line comment removed, blanks trimmed.
std::string_view CleanValue(std::string_view v) {
  if (auto hash = v.find('#'); hash != std::string_view::npos) v = v.substr(0, hash);
  return Trim(v);
}

}  // namespace

bool IsKnownRpslClass(std::string_view name) {
  return std::find(std::begin(kClasses), std::end(kClasses), name) != std::end(kClasses);
}

bool IsKnownRpslAttribute(std::string_view name) {
  // Looked up for every attribute of a dump: a hash set, not a scan.
  static const std::unordered_set<std::string_view> known(std::begin(kAttributes),
                                                          std::end(kAttributes));
  return known.count(name) != 0;
}

void RpslReader::Report(std::uint64_t offset, std::uint32_t line, const std::string& message) {
  if (problems_) problems_->ReportAtLine(source_, offset, line, message);
}

bool RpslReader::Next(RpslObject* out) {
  out->attributes.clear();
  out->text.clear();
  bool dropped = false;  // the current object had a fatal error
  std::size_t object_start = 0;
  auto finish = [&](std::size_t end) -> bool {
    if (!dropped && out->attributes.empty()) return false;
    if (!dropped && !IsKnownRpslClass(out->class_name())) {
      Report(out->offset, out->line,
             fmt::format("unknown object class {}", QuoteForMessage(out->class_name())));
      dropped = true;
    }
    if (!dropped && out->key().empty()) {
      Report(out->offset, out->line, fmt::format("{} object without a key", out->class_name()));
      dropped = true;
    }
    if (dropped) {
      ++objects_dropped_;
      out->attributes.clear();
      dropped = false;
      return false;
    }
    out->text.assign(text_.substr(object_start, end - object_start));
    ++objects_read_;
    return true;
  };
  while (pos_ < text_.size()) {
    const std::size_t start = pos_;
    const void* nl = std::memchr(text_.data() + pos_, '\n', text_.size() - pos_);
    std::size_t end =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text_.data()) : text_.size();
    pos_ = nl ? end + 1 : end;
    ++line_;
    std::string_view line = text_.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (!out->attributes.empty() || dropped) {
        if (finish(start)) return true;
        dropped = false;
      }
      continue;
    }
    // A line of blanks only is an empty continuation line inside an object
    // (IRRd's samples rely on it) and nothing between objects.
    if (IsBlank(line) && out->attributes.empty()) continue;
    if (line[0] == '#' || line[0] == '%') continue;
    if (line[0] == ' ' || line[0] == '\t' || line[0] == '+') {
      if (dropped) continue;
      if (out->attributes.empty()) {
        Report(start, line_, "continuation line outside any attribute");
        continue;
      }
      std::string_view v = CleanValue(line.substr(1));
      if (!v.empty()) {
        auto& value = out->attributes.back().value;
        if (!value.empty()) value.push_back(' ');
        value.append(v);
      }
      continue;
    }
    const bool first = out->attributes.empty() && !dropped;
    if (first) {
      object_start = start;
      out->line = line_;
      out->offset = start;
    }
    if (dropped) continue;
    std::size_t colon = line.find(':');
    std::size_t n = 0;
    while (n < line.size() && IsNameChar(line[n])) ++n;
    if (colon == std::string_view::npos || n != colon || n == 0) {
      Report(start, line_, fmt::format("malformed attribute line {}", QuoteForMessage(line)));
      dropped = true;
      if (first) {
        out->line = line_;
        out->offset = start;
      }
      continue;
    }
    RpslAttribute attribute;
    attribute.name = ToLowerAscii(line.substr(0, colon));
    attribute.value = std::string(CleanValue(line.substr(colon + 1)));
    attribute.line = line_;
    if (!first) {
      if (!IsKnownRpslAttribute(attribute.name)) {
        Report(start, line_,
               fmt::format("unknown attribute '{}' in {} {}", attribute.name, out->class_name(),
                           out->key()));
      } else if (std::find(std::begin(kSingleValued), std::end(kSingleValued), attribute.name) !=
                     std::end(kSingleValued) &&
                 out->Find(attribute.name) != nullptr) {
        Report(start, line_,
               fmt::format("attribute '{}' repeated in {} {}; the first is kept", attribute.name,
                           out->class_name(), out->key()));
        continue;
      }
    }
    out->attributes.push_back(std::move(attribute));
  }
  return finish(text_.size());
}

}  // namespace manrs
