// Token-based reader for the prefix filters we write (see filter_text.h).
#include "manrs/filter/filter_text.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

#include "fmt/format.h"
#include "manrs/base/quote.h"

namespace manrs {
namespace {

struct Token {
  std::string_view text;
  std::size_t offset;
  bool line_start;  // first token of its line
};

bool IsSeparator(char c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case ',':
    case ';':
    case '"':
    case '\'':
    case '{':
    case '}':
    case '[':
    case ']':
    case '(':
    case ')':
    case '=':
    case '\\':
      return true;
    default:
      return false;
  }
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> out;
  bool line_start = true;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') line_start = true;
    // JSON escapes the slash: "10.0.0.0\/8" reads as one token.
    if (IsSeparator(text[i]) && !(text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '/')) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && (!IsSeparator(text[j]) ||
                               (text[j] == '\\' && j + 1 < text.size() && text[j + 1] == '/')))
      ++j;
    // A lone ':' is JSON's key separator (a colon inside a token is IPv6).
    if (text.substr(i, j - i) != ":") {
      out.push_back(Token{text.substr(i, j - i), i, line_start});
      line_start = false;
    }
    i = j;
  }
  return out;
}

std::optional<int> Number(std::string_view s) {
  if (!s.empty() && s.front() == '/') s.remove_prefix(1);
  int v = -1;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0 || v > 128) return std::nullopt;
  return v;
}

// "A-B", "/A-/B" or "A..B".
std::optional<std::pair<int, int>> Pair(std::string_view s) {
  std::size_t sep = s.find("..");
  std::size_t skip = 2;
  if (sep == std::string_view::npos) {
    sep = s.find('-');
    skip = 1;
  }
  if (sep == std::string_view::npos) return std::nullopt;
  auto a = Number(s.substr(0, sep));
  auto b = Number(s.substr(sep + skip));
  if (!a || !b) return std::nullopt;
  return std::pair{*a, *b};
}

std::optional<Prefix> AsPrefix(std::string_view s) {
  if (s.find('/') == std::string_view::npos) return std::nullopt;
  std::string clean(s);
  clean.erase(std::remove(clean.begin(), clean.end(), '\\'), clean.end());
  auto p = Prefix::Parse(clean);
  if (!p) return std::nullopt;
  return *p;
}

// A token written as a prefix ("10.0.0.0/8", "2001:db8::/32", also with a
// typo): digits, hex digits, dots and colons (at least one dot or colon),
// '/', digits. Interface names ("Ethernet0/1"), paths and dates are not.
bool LooksLikePrefix(std::string_view s) {
  const std::size_t slash = s.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == s.size()) return false;
  const std::string_view head = s.substr(0, slash);
  const std::string_view tail = s.substr(slash + 1);
  if (head.find_first_of(".:") == std::string_view::npos) return false;
  return head.find_first_not_of("0123456789abcdefABCDEF.:\\") == std::string_view::npos &&
         tail.find_first_not_of("0123456789") == std::string_view::npos;
}

struct Entry {
  Prefix prefix;
  std::optional<int> min;
  std::optional<int> max;
  std::size_t offset = 0;
  bool denied = false;
  int bare_numbers = 0;  // BIRD {lo,hi} and CSV columns
};

// Cisco extended access-lists as prefix filters (cisco_acl.cc): "permit ip
// {host A | A W} {host M | M WM}" per line; the lengths are those of the mask
// M (lo) up to the last free bit of WM (hi), the prefix length is where the
// address wildcard W starts.
Result<std::vector<PrefixRange>> ParseAcl(const std::vector<Token>& tokens) {
  std::vector<PrefixRange> out;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].text != "permit" || tokens[i + 1].text != "ip") continue;
    const std::size_t offset = tokens[i].offset;
    i += 2;
    std::uint32_t words[4] = {0, 0, 0, 0};  // address, wildcard, mask, wildcard
    bool ok = true;
    for (int pair = 0; pair < 2 && ok; ++pair) {
      const bool host = i < tokens.size() && tokens[i].text == "host";
      if (host) ++i;
      for (int k = 0; k < (host ? 1 : 2); ++k, ++i) {
        auto a = i < tokens.size() ? IpAddress::Parse(tokens[i].text)
                                   : Result<IpAddress>(MakeError(ErrorCode::kParse, ""));
        if (!a || !a->is_v4()) {
          ok = false;
          break;
        }
        words[2 * pair + k] = a->v4();
      }
    }
    --i;
    if (!ok)
      return MakeError(ErrorCode::kParse, "access-list entry is not 'permit ip A W M WM'", offset);
    const auto [address, wild, mask, mask_wild] = words;
    const int lo = std::popcount(mask);
    const int hi = mask_wild == 0 ? lo : 32 - std::countr_zero(mask_wild);
    const int len = wild == 0 ? lo : std::countl_zero(wild);
    auto p = Prefix::Make(IpAddress::V4(address), len);
    if (!p || mask != (lo == 0 ? 0u : ~0u << (32 - lo)) || lo < len || hi < lo) {
      return MakeError(ErrorCode::kBadValue, "access-list entry does not describe a prefix range",
                       offset);
    }
    out.push_back(PrefixRange::Make(*p, lo, hi));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

enum class Scope { kLine, kIndented, kBracketed };

Scope ScopeOf(Dialect d) {
  switch (d) {
    case Dialect::kCiscoIos:
    case Dialect::kFrr:
    case Dialect::kVyos:
    case Dialect::kHuawei:
    case Dialect::kMikrotik6:
    case Dialect::kMikrotik7:
    case Dialect::kSrLinux:
    case Dialect::kCsv:
    case Dialect::kFormat:
      return Scope::kLine;
    case Dialect::kCiscoIosXr:
    case Dialect::kAristaEos:
    case Dialect::kNokiaClassic:
    case Dialect::kHuaweiXpl:
    case Dialect::kCiscoExtendedAcl:
    case Dialect::kNokiaIpPrefixList:
      return Scope::kIndented;
    default:
      return Scope::kBracketed;
  }
}

// True when a line holds `name` as a token (MikroTik: its chain NAME-V4/-V6).
bool Names(std::string_view line, std::string_view name) {
  for (const Token& t : Tokenize(line)) {
    if (t.text == name) return true;
    if (t.text.size() == name.size() + 3 && t.text.substr(0, name.size()) == name &&
        (t.text.substr(name.size()) == "-V4" || t.text.substr(name.size()) == "-V6")) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<std::vector<PrefixRange>> ParseFilterText(std::string_view text, Dialect dialect,
                                                 std::string_view name) {
  // Blank out (keeping line breaks, so offsets stay right) every line that is
  // not part of the named filter, then read what is left.
  const std::string_view policy = name.substr(0, name.find('/'));
  const Scope scope = ScopeOf(dialect);
  std::string kept(text.size(), ' ');
  bool found = false;
  bool inside = false;
  int depth = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    bool keep = false;
    if (scope == Scope::kLine) {
      keep = Names(line, name);
    } else if (scope == Scope::kIndented) {
      // A line naming the filter (its header, or a "no ..." before it) opens
      // the block; indented lines continue it; anything else ends it.
      const bool indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
      if (Names(line, name)) {
        keep = inside = true;
      } else {
        keep = inside = inside && indented;
      }
    } else if (!inside) {
      if (Names(line, name) || Names(line, policy)) {
        keep = inside = true;
        depth = 0;
      }
    } else {
      keep = true;
    }
    if (keep && scope == Scope::kBracketed) {
      for (char c : line) {
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') --depth;
      }
      if (depth <= 0) inside = false;
    }
    if (keep) {
      found = true;
      kept.replace(start, line.size(), line);
    }
    if (end < text.size()) kept[end] = '\n';
    start = end + 1;
  }
  if (!found)
    return MakeError(ErrorCode::kParse, "no filter named " + std::string(name) + " in the text");
  return ParseFilterText(kept, dialect);
}

Result<std::vector<PrefixRange>> ParseFilterText(std::string_view text, Dialect dialect) {
  if (dialect == Dialect::kCiscoExtendedAcl) return ParseAcl(Tokenize(text));
  const bool bare_pairs = dialect == Dialect::kBird || dialect == Dialect::kCsv;
  const bool split_address = dialect == Dialect::kHuawei || dialect == Dialect::kHuaweiXpl;
  const std::vector<Token> tokens = Tokenize(text);
  std::vector<Entry> entries;
  bool pending_deny = false;
  bool current_on_line = false;
  // Entries that cannot be read: an old filter read in part would count
  // them as removed, so the whole reading fails.
  std::size_t unreadable = 0;
  const Token* first_unreadable = nullptr;

  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.line_start) current_on_line = false;
    std::optional<Prefix> prefix = AsPrefix(t.text);
    if (!prefix && split_address && i + 1 < tokens.size() &&
        t.text.find('/') == std::string_view::npos) {
      auto address = IpAddress::Parse(t.text);
      auto length = Number(tokens[i + 1].text);
      if (address && length) {
        auto p = Prefix::Make(*address, *length);
        if (p) {
          prefix = *p;
          ++i;
        }
      }
    }
    if (!prefix && LooksLikePrefix(t.text)) {
      if (unreadable++ == 0) first_unreadable = &t;
      continue;
    }
    if (prefix) {
      entries.push_back(Entry{*prefix, {}, {}, t.offset, pending_deny, 0});
      pending_deny = false;
      current_on_line = true;
      continue;
    }
    const std::string_view w = t.text;
    if (w == "deny" || w == "reject") {
      if (current_on_line && !entries.empty()) {
        entries.back().denied = true;
      } else {
        pending_deny = true;
      }
      continue;
    }
    if (entries.empty()) continue;
    Entry& e = entries.back();
    auto next = [&]() -> std::string_view {
      return i + 1 < tokens.size() ? tokens[i + 1].text : std::string_view();
    };
    if (w == "ge" || w == "greater-equal" || w == "start-length") {
      if (auto n = Number(next())) e.min = *n, ++i;
    } else if (w == "le" || w == "less-equal" || w == "end-length" || w == "through-length" ||
               w == "upto") {
      if (auto n = Number(next())) e.max = *n, ++i;
    } else if (w == "prefix-length-range" || w == "prefix-length" || w == "mask-length-range" ||
               w == "in") {
      if (auto pair = Pair(next())) e.min = pair->first, e.max = pair->second, ++i;
    } else if (w == "prefixlen") {
      // "prefixlen A - B" or "prefixlen = N" (the '=' is a separator)
      if (auto a = Number(next())) {
        ++i;
        e.min = e.max = *a;
        if (next() == "-" && i + 2 < tokens.size()) {
          if (auto b = Number(tokens[i + 2].text)) e.max = *b, i += 2;
        }
      }
    } else if (bare_pairs) {
      if (auto n = Number(w)) {
        (e.bare_numbers++ == 0 ? e.min : e.max) = *n;
      }
    }
  }

  if (unreadable > 0) {
    return MakeError(ErrorCode::kParse,
                     fmt::format("{} unreadable prefix{}, the first {} at byte {}", unreadable,
                                 unreadable == 1 ? "" : "es",
                                 QuoteForMessage(first_unreadable->text), first_unreadable->offset),
                     first_unreadable->offset);
  }
  std::vector<PrefixRange> out;
  for (const Entry& e : entries) {
    if (e.denied) continue;
    const int len = e.prefix.length();
    int lo = e.min.value_or(len);
    int hi = e.max.value_or(e.min && !e.max ? MaxPrefixLength(e.prefix.afi()) : len);
    if (e.min && e.bare_numbers == 1) hi = lo;  // CSV/BIRD with one number
    if (lo < len || hi < lo || hi > MaxPrefixLength(e.prefix.afi())) {
      return MakeError(ErrorCode::kBadValue,
                       "range " + std::to_string(lo) + "-" + std::to_string(hi) + " does not fit " +
                           e.prefix.ToString(),
                       e.offset);
    }
    out.push_back(PrefixRange::Make(e.prefix, lo, hi));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

std::optional<Asn> AsnOf(std::string_view s) {
  std::uint32_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Adds the numbers of "a|b|c" (or "a b c"); false when the text is anything else.
bool AddAlternatives(std::string_view group, char separator, std::vector<Asn>* out) {
  std::vector<Asn> found;
  std::size_t start = 0;
  while (start <= group.size()) {
    std::size_t end = group.find(separator, start);
    if (end == std::string_view::npos) end = group.size();
    auto asn = AsnOf(group.substr(start, end - start));
    if (!asn) return false;
    found.push_back(*asn);
    start = end + 1;
  }
  out->insert(out->end(), found.begin(), found.end());
  return true;
}

}  // namespace

Result<std::vector<Asn>> ParseAsPathText(std::string_view text, Dialect dialect) {
  std::vector<Asn> out;
  const bool lists =
      dialect == Dialect::kBird || dialect == Dialect::kJson || dialect == Dialect::kCsv;
  const bool nokia = dialect == Dialect::kNokiaClassic || dialect == Dialect::kNokiaMdCli;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    const std::vector<Token> tokens = Tokenize(line);
    if (tokens.empty()) continue;
    bool deny = false;
    for (const Token& t : tokens) deny = deny || t.text == "deny";
    if (deny) continue;
    if (dialect == Dialect::kOpenBgpd || dialect == Dialect::kOpenBgpdPrefixSet) {
      if (tokens[0].text == "allow") {
        // allow from|to AS O AS x
        if (tokens.size() >= 6) {
          if (auto asn = AsnOf(tokens[5].text)) out.push_back(*asn);
        }
        continue;
      }
      // as-set NAME { a b c }: every number but the name.
      for (std::size_t i = tokens[0].text == "as-set" ? 2 : 0; i < tokens.size(); ++i) {
        if (auto asn = AsnOf(tokens[i].text)) out.push_back(*asn);
      }
      continue;
    }
    if (lists) {
      // BIRD "NAME = [ a, b ]", JSON {"NAME": [ a,b ]}, CSV "NAME,a": the
      // numbers; the first token of a BIRD/JSON header or CSV row is the name.
      for (std::size_t i = 1; i < tokens.size(); ++i) {
        if (auto asn = AsnOf(tokens[i].text)) out.push_back(*asn);
      }
      if (dialect != Dialect::kCsv) {
        if (auto asn = AsnOf(tokens[0].text)) out.push_back(*asn);
      }
      continue;
    }
    if (tokens[0].text == "as-list") {
      // Junos as-list-group (-H): "as-list aN members O;" or "... members [ a b ];"
      for (std::size_t i = 2; i < tokens.size(); ++i) {
        if (auto asn = AsnOf(tokens[i].text)) out.push_back(*asn);
      }
      continue;
    }
    if (nokia) {
      // expression "O.*[a b c]" or "O+"
      for (std::size_t open = line.find('['); open != std::string_view::npos;
           open = line.find('[', open + 1)) {
        const std::size_t close = line.find(']', open);
        if (close == std::string_view::npos) break;
        AddAlternatives(line.substr(open + 1, close - open - 1), ' ', &out);
      }
      for (const Token& t : tokens) {
        if (t.text.size() > 1 && t.text.back() == '+') {
          if (auto asn = AsnOf(t.text.substr(0, t.text.size() - 1))) out.push_back(*asn);
        }
      }
      continue;
    }
    // Regex dialects: "(a|b|c)" groups, and the owner-only "(_O)" / "(O)".
    for (std::size_t open = line.find('('); open != std::string_view::npos;
         open = line.find('(', open + 1)) {
      const std::size_t close = line.find(')', open);
      if (close == std::string_view::npos) break;
      std::string_view group = line.substr(open + 1, close - open - 1);
      if (!group.empty() && group.front() == '_') group.remove_prefix(1);
      AddAlternatives(group, '|', &out);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace manrs
