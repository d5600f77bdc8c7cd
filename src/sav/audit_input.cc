#include "manrs/sav/audit_input.h"

#include <simdjson.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "fmt/format.h"

namespace manrs {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

Result<std::vector<AuditInterface>> ParsePrefixLines(std::string_view text,
                                                     const std::string& source) {
  AuditInterface one;
  one.name = "default";
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line);
    if (line.empty()) continue;
    auto p = Prefix::Parse(line);
    if (!p) {
      return MakeError(ErrorCode::kBadValue,
                       fmt::format("{}: line {}: not a prefix: '{}'", source, line_no, line),
                       line_no);
    }
    one.allow.push_back(*p);
  }
  if (one.allow.empty()) return MakeError(ErrorCode::kBadValue, source + ": no prefix");
  return std::vector<AuditInterface>{std::move(one)};
}

}  // namespace

Result<std::vector<AuditInterface>> ParseAllowJson(std::string_view json,
                                                   const std::string& source) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element doc;
  if (auto err = parser.parse(padded).get(doc); err) {
    return MakeError(ErrorCode::kBadValue, source + ": " + simdjson::error_message(err));
  }
  simdjson::dom::array ifaces;
  if (doc["interfaces"].get(ifaces)) {
    return MakeError(ErrorCode::kBadValue, source + ": no \"interfaces\" array");
  }
  std::vector<AuditInterface> out;
  std::size_t k = 0;
  for (simdjson::dom::element e : ifaces) {
    AuditInterface a;
    const std::string where = fmt::format("{}: interfaces[{}]", source, k++);
    std::int64_t asn = 0;
    if (!e["peer_asn"].get(asn)) a.peer_asn = static_cast<Asn>(asn);
    std::string_view s;
    if (!e["peer_ip"].get(s)) a.peer_ip = std::string(s);
    if (!e["name"].get(s)) {
      a.name = std::string(s);
    } else {
      a.name = fmt::format("AS{}_{}", a.peer_asn, a.peer_ip);
    }
    simdjson::dom::array allow;
    if (e["allow"].get(allow))
      return MakeError(ErrorCode::kBadValue, where + ": no \"allow\" array");
    for (simdjson::dom::element p : allow) {
      if (p.get(s)) return MakeError(ErrorCode::kBadValue, where + ": allow holds a non-string");
      auto prefix = Prefix::Parse(s);
      if (!prefix) {
        return MakeError(ErrorCode::kBadValue, fmt::format("{}: bad prefix '{}'", where, s));
      }
      a.allow.push_back(*prefix);
    }
    out.push_back(std::move(a));
  }
  if (out.empty()) return MakeError(ErrorCode::kBadValue, source + ": no interface");
  return out;
}

Result<std::vector<AuditInterface>> LoadAllowLists(const std::string& arg) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(arg, ec)) {
    std::ifstream in(arg, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    if (!in.good() && !in.eof()) return MakeError(ErrorCode::kBadValue, arg + ": cannot read");
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{') return ParseAllowJson(text, arg);
    return ParsePrefixLines(text, arg);
  }
  std::string lines = arg;
  for (char& c : lines) {
    if (c == ',') c = '\n';
  }
  return ParsePrefixLines(lines, "--allow");
}

Result<InterfaceMap> InterfaceMap::Parse(std::string_view text, const std::string& source,
                                         const std::vector<AuditInterface>& lists) {
  InterfaceMap m;
  std::size_t line_no = 0;
  auto fail = [&](const std::string& what) {
    return MakeError(ErrorCode::kBadValue, fmt::format("{}: line {}: {}", source, line_no, what),
                     line_no);
  };
  while (!text.empty()) {
    ++line_no;
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    std::vector<std::string_view> words;
    for (std::string_view rest = Trim(line); !rest.empty(); rest = Trim(rest)) {
      const auto sp = rest.find_first_of(" \t");
      words.push_back(rest.substr(0, sp));
      rest.remove_prefix(sp == std::string_view::npos ? rest.size() : sp);
    }
    if (words.empty()) continue;
    const bool is_default = words[0] == "default";
    if ((is_default && words.size() != 2) || (!is_default && words.size() != 3)) {
      return fail("want 'vlan N LIST', 'file NAME LIST', 'ifindex N LIST' or 'default LIST'");
    }
    const std::string_view ref = words.back();
    int found = kNone;
    for (std::size_t i = 0; i < lists.size(); ++i) {
      const bool hit =
          lists[i].name == ref || (!lists[i].peer_ip.empty() && lists[i].peer_ip == ref) ||
          (ref.size() > 2 && ref.substr(0, 2) == "AS" &&
           ref.substr(2) == std::to_string(lists[i].peer_asn) && lists[i].peer_asn != 0);
      if (!hit) continue;
      if (found != kNone) return fail(fmt::format("'{}' names more than one list", ref));
      found = static_cast<int>(i);
    }
    if (found == kNone) return fail(fmt::format("no list '{}'", ref));
    auto number = [&](std::string_view w, std::int64_t* v) {
      auto [end, err] = std::from_chars(w.data(), w.data() + w.size(), *v);
      return err == std::errc() && end == w.data() + w.size() && *v >= 0;
    };
    std::int64_t n = 0;
    if (is_default) {
      m.default_ = found;
    } else if (words[0] == "vlan") {
      if (!number(words[1], &n) || n > 4095) return fail("bad VLAN id");
      m.vlans_[static_cast<std::int32_t>(n)] = found;
    } else if (words[0] == "ifindex") {
      if (!number(words[1], &n) || n > 0xFFFFFFFFll) return fail("bad ifindex");
      m.ifindexes_[n] = found;
    } else if (words[0] == "file") {
      m.files_[std::filesystem::path(words[1]).filename().string()] = found;
    } else {
      return fail(fmt::format("unknown rule '{}'", words[0]));
    }
  }
  return m;
}

Result<AuditSetup> LoadAuditSetup(const std::string& allow, const std::string& interfaces_path,
                                  const std::vector<std::string>& bogon_files,
                                  ProblemLog& problems) {
  AuditSetup s;
  auto lists = LoadAllowLists(allow);
  if (!lists) return MakeError(lists.error().code, "--allow: " + lists.error().message);
  s.lists = std::move(*lists);
  if (!interfaces_path.empty()) {
    std::ifstream in(interfaces_path, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kBadValue, "cannot read " + interfaces_path);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    auto map = InterfaceMap::Parse(text, interfaces_path, s.lists);
    if (!map) return MakeError(map.error().code, map.error().message, map.error().offset);
    s.map = std::move(*map);
  } else if (s.lists.size() == 1) {
    s.map = InterfaceMap::Single();
  } else {
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("--allow holds {} lists: say which interface is which with "
                                 "--interfaces MAP",
                                 s.lists.size()));
  }
  for (const std::string& f : bogon_files) {
    auto n = s.bogons.LoadList(f, problems);
    if (!n) return MakeError(n.error().code, n.error().message);
    s.have_bogons = true;
  }
  return s;
}

int InterfaceMap::ForFile(std::string_view file) const {
  if (!files_.empty()) {
    auto it = files_.find(std::filesystem::path(file).filename().string());
    if (it != files_.end()) return it->second;
  }
  return default_;
}

int InterfaceMap::ForFlow(std::int64_t ifindex) const {
  auto it = ifindexes_.find(ifindex);
  return it != ifindexes_.end() ? it->second : default_;
}

int InterfaceMap::For(std::string_view file, std::int32_t vlan, std::int64_t ifindex) const {
  if (ifindex >= 0) {
    auto it = ifindexes_.find(ifindex);
    if (it != ifindexes_.end()) return it->second;
  }
  return ForPacket(ForFile(file), vlan);
}

}  // namespace manrs
