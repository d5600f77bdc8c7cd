#include "manrs/sav/acl_diff.h"

#include <algorithm>
#include <bit>
#include <optional>

namespace manrs {

namespace {

bool IsSeparator(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '{' || c == '}' || c == '[' ||
         c == ']' || c == ';' || c == ',' || c == '"' || c == '(' || c == ')' || c == '@';
}

bool LooksLikeAddress(std::string_view t) {
  if (t.empty()) return false;
  bool digit = false;
  for (char c : t) {
    if ((c >= '0' && c <= '9'))
      digit = true;
    else if (!(c == '.' || c == ':' || c == '/' || (c >= 'a' && c <= 'f') ||
               (c >= 'A' && c <= 'F')))
      return false;
  }
  return digit && (t.find('.') != std::string_view::npos || t.find(':') != std::string_view::npos);
}

}  // namespace

Result<SavListText> ReadSavListText(std::string_view text) {
  SavListText lists;
  std::string current;
  struct Token {
    std::string_view text;
    std::size_t offset;
  };
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && IsSeparator(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !IsSeparator(text[i])) ++i;
    if (i > start) tokens.push_back({text.substr(start, i - start), start});
  }
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const std::string_view t = tokens[k].text;
    if (t.starts_with("sav_")) {
      current = std::string(t);
      lists[current];
      continue;
    }
    std::optional<Prefix> found;
    if (t == "host" && k + 1 < tokens.size() && LooksLikeAddress(tokens[k + 1].text)) {
      auto a = IpAddress::Parse(tokens[k + 1].text);
      if (!a)
        return MakeError(ErrorCode::kBadValue, "bad address after host", tokens[k + 1].offset);
      found = Prefix::Normalized(*a, MaxPrefixLength(a->afi()));
      ++k;
    } else if (LooksLikeAddress(t) && t.find('/') != std::string_view::npos) {
      auto p = Prefix::Parse(t);
      if (!p) {
        return MakeError(ErrorCode::kBadValue, "bad prefix '" + std::string(t) + "'",
                         tokens[k].offset);
      }
      found = *p;
    } else if (LooksLikeAddress(t) && k + 1 < tokens.size() &&
               LooksLikeAddress(tokens[k + 1].text) &&
               tokens[k + 1].text.find('/') == std::string_view::npos) {
      // IOS "A WILDCARD".
      auto a = IpAddress::Parse(t);
      auto w = IpAddress::Parse(tokens[k + 1].text);
      if (a && w && a->is_v4() && w->is_v4()) {
        const std::uint32_t wild = w->v4();
        if ((wild & (wild + 1)) != 0) {
          return MakeError(ErrorCode::kBadValue, "wildcard mask is not contiguous",
                           tokens[k + 1].offset);
        }
        const int len = 32 - std::popcount(wild);
        auto p = Prefix::Make(*a, len);
        if (!p)
          return MakeError(ErrorCode::kBadValue, "address has bits outside its wildcard",
                           tokens[k].offset);
        found = *p;
        ++k;
      }
    }
    if (!found) continue;
    if (current.empty()) {
      return MakeError(ErrorCode::kBadValue, "prefix before any sav_ list name", tokens[k].offset);
    }
    lists[current].push_back(*found);
  }
  if (lists.empty()) return MakeError(ErrorCode::kBadValue, "no sav_ list in the text");
  for (auto& [name, v] : lists) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  return lists;
}

SavDiff DiffSavLists(const SavListText& old_lists, const SavListText& new_lists) {
  SavDiff out;
  auto lines = [](const std::vector<Prefix>* v) {
    std::vector<PrefixRange> r;
    if (v) {
      for (const Prefix& p : *v) r.push_back(PrefixRange::Exact(p));
    }
    return r;
  };
  std::vector<std::string> names;
  for (const auto& [n, v] : old_lists) names.push_back(n);
  for (const auto& [n, v] : new_lists) names.push_back(n);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const std::string& n : names) {
    auto o = old_lists.find(n);
    auto w = new_lists.find(n);
    FilterDiff d = DiffFilters(lines(o == old_lists.end() ? nullptr : &o->second),
                               lines(w == new_lists.end() ? nullptr : &w->second));
    if (d.added.empty() && d.removed.empty()) {
      ++out.kept_lists;
      continue;
    }
    out.lists.push_back({n, std::move(d)});
  }
  return out;
}

std::string SavDiff::ToString() const {
  std::string out;
  for (const SavListDiff& l : lists) {
    out += l.name;
    out += ":\n";
    out += l.diff.ToString();
  }
  return out;
}

Status CheckSavChange(const SavDiff& diff, const ChangeLimits& limits) {
  for (const SavListDiff& l : diff.lists) {
    auto s = CheckChange(l.diff, limits);
    if (!s) return MakeError(s.error().code, l.name + ": " + s.error().message);
  }
  return {};
}

}  // namespace manrs
