#include "manrs/irr/whois_query.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "fmt/format.h"
#include "manrs/base/text.h"
#include "manrs/rpki/route_origin_validation.h"
#include "manrs/rpsl/object.h"
#include "manrs/rpsl/range_operator.h"
#include "manrs/rpsl/set_name.h"

namespace manrs {

namespace {

std::string Join(const std::vector<std::string>& items, char sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out.push_back(sep);
    out += item;
  }
  return out;
}

// Objects' texts one after the other, a blank line between them.
void AppendObjects(const IrrDatabase& db, const std::vector<const IrrObjectRef*>& objects,
                   std::string* data) {
  for (const IrrObjectRef* o : objects) {
    if (!data->empty()) data->push_back('\n');
    std::string_view text = db.Text(*o);
    while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    data->append(text);
    data->push_back('\n');
  }
}

}  // namespace

void AppendAnswer(std::string_view data, std::string* reply) {
  if (data.empty()) {
    reply->append("D\n");
    return;
  }
  const bool newline = data.back() == '\n';
  fmt::format_to(std::back_inserter(*reply), "A{}\n", data.size() + (newline ? 0 : 1));
  reply->append(data);
  if (!newline) reply->push_back('\n');
  reply->append("C\n");
}

WhoisSession::WhoisSession(const IrrDatabase& db, const WhoisConfig& config)
    : db_(db), config_(config) {
  if (!config.default_sources.empty()) {
    SourceMask mask = 0;
    if (db.MaskOf(config.default_sources, &mask)) {
      sources_ = mask;
      for (const auto& n : config.default_sources) {
        order_.push_back(static_cast<std::uint16_t>(db.SourceIndex(n)));
      }
    }
  }
}

ExpansionOptions WhoisSession::Options() const {
  ExpansionOptions o;
  o.sources = sources_;
  o.source_order = order_;
  o.vrps = config_.vrps;
  o.roa_routes = config_.roa_routes;
  return o;
}

std::vector<std::string> WhoisSession::SelectedNames() const {
  std::vector<std::string> out;
  if (!order_.empty()) {
    for (std::uint16_t i : order_) out.push_back(db_.sources()[i]);
    return out;
  }
  for (std::size_t i = 0; i < db_.sources().size(); ++i) {
    if ((sources_ >> i) & 1) out.push_back(db_.sources()[i]);
  }
  return out;
}

void WhoisSession::DropRpkiInvalid(std::vector<const IrrRoute*>* routes) const {
  if (!config_.vrps || !rpki_filter_) return;
  std::erase_if(*routes, [&](const IrrRoute* r) {
    return ValidateOrigin(*config_.vrps, r->prefix, r->origin) == RovState::kInvalid;
  });
}

bool WhoisSession::Handle(std::string_view query, std::string* reply) {
  query = Trim(query);
  if (query.empty()) return multi_;
  if (query == "!!") {
    multi_ = true;
    return true;
  }
  if (query[0] == '!') {
    if (query.size() >= 2 && query[1] == 'q') return false;
    HandleIrrd(query, reply);
    return multi_;
  }
  bool keep_open = multi_;
  HandleRipe(query, reply, &keep_open);
  return keep_open;
}

// The IRRd commands, one handler each; HandleIrrd checks what is common
// (a parameter where IRRd requires one) and dispatches on the letter.
struct WhoisSession::IrrdCommand {
  char letter;
  void (WhoisSession::*handle)(char command, std::string_view arg, std::string* reply);
};

const WhoisSession::IrrdCommand* WhoisSession::FindIrrdCommand(char letter) {
  static constexpr IrrdCommand kCommands[] = {
      {'n', &WhoisSession::IrrdToolName},     {'t', &WhoisSession::IrrdTimeout},
      {'v', &WhoisSession::IrrdVersion},      {'s', &WhoisSession::IrrdSources},
      {'j', &WhoisSession::IrrdSerials},      {'g', &WhoisSession::IrrdOriginRoutes},
      {'6', &WhoisSession::IrrdOriginRoutes}, {'i', &WhoisSession::IrrdSetMembers},
      {'a', &WhoisSession::IrrdSetPrefixes},  {'m', &WhoisSession::IrrdObject},
      {'r', &WhoisSession::IrrdRoutes},
  };
  for (const IrrdCommand& c : kCommands) {
    if (c.letter == letter) return &c;
  }
  return nullptr;
}

void WhoisSession::HandleIrrd(std::string_view query, std::string* reply) {
  if (query.size() < 2) {
    reply->append("F Empty command\n");
    return;
  }
  const char command = query[1];
  std::string_view arg = Trim(query.substr(2));
  // As IRRd: these take a parameter (!a reports its own, bgpq4 probes it).
  if (arg.empty() && std::string_view("tg6ijmnors").find(command) != std::string_view::npos) {
    reply->append(fmt::format("F Missing parameter for {} query\n", command));
    return;
  }
  if (ToLowerAscii(query.substr(1)) == "fno-rpki-filter") {
    rpki_filter_ = false;
    AppendAnswer(
        "Filtering out RPKI invalids is disabled for !r and RIPE style queries for the rest of "
        "this connection.",
        reply);
    return;
  }
  const IrrdCommand* handler = FindIrrdCommand(command);
  if (!handler) {
    reply->append(fmt::format("F Unrecognised command: {}\n", command));
    return;
  }
  (this->*handler->handle)(command, arg, reply);
}

// !n<tool>: the client names itself.
void WhoisSession::IrrdToolName(char, std::string_view, std::string* reply) {
  reply->append("C\n");
}

// !t<secs>: the idle timeout of this connection, 1..1000 s as in IRRd.
void WhoisSession::IrrdTimeout(char, std::string_view arg, std::string* reply) {
  unsigned seconds = 0;
  auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), seconds);
  if (arg.empty() || ec != std::errc() || end != arg.data() + arg.size() || seconds == 0 ||
      seconds > 1000) {
    reply->append(fmt::format("F Invalid value for timeout: {}\n", arg));
    return;
  }
  timeout_seconds_ = static_cast<int>(seconds);
  reply->append("C\n");
}

// !v: the server's version.
void WhoisSession::IrrdVersion(char, std::string_view, std::string* reply) {
  AppendAnswer(config_.version, reply);
}

// !s-lc lists the selected sources; !s<A,B> selects sources in that order.
void WhoisSession::IrrdSources(char, std::string_view arg, std::string* reply) {
  if (arg == "-lc") {
    AppendAnswer(Join(SelectedNames(), ','), reply);
    return;
  }
  SourceMask mask = 0;
  auto names = SplitList(arg, ',');
  if (names.empty() || !db_.MaskOf(names, &mask)) {
    reply->append("F One or more selected sources are unavailable.\n");
    return;
  }
  sources_ = mask;
  order_.clear();
  for (const auto& n : names) order_.push_back(static_cast<std::uint16_t>(db_.SourceIndex(n)));
  reply->append("C\n");
}

// !j<A,B|-*>: the serial range of each source.
void WhoisSession::IrrdSerials(char, std::string_view arg, std::string* reply) {
  std::vector<std::string> names = arg == "-*" ? db_.sources() : SplitList(arg, ',');
  std::string data;
  for (const auto& name : names) {
    // No journal is kept (snapshots are replaced whole): "N".
    if (db_.SourceIndex(name) < 0) {
      data += fmt::format("{}:X:Database unknown\n", ToUpperAscii(name));
    } else {
      data += fmt::format("{}:N:0-{}\n", ToUpperAscii(name), db_.serial());
    }
  }
  AppendAnswer(data, reply);
}

// !g<AS> and !6<AS>: the prefixes of the route (route6) objects of an origin.
void WhoisSession::IrrdOriginRoutes(char command, std::string_view arg, std::string* reply) {
  auto asn = ParseAsn(arg);
  if (!asn) {
    reply->append(fmt::format("F Invalid AS number {}\n", arg));
    return;
  }
  SetExpander x(db_, Options());
  std::vector<PrefixRange> ranges;
  x.AppendRoutesOf(*asn, command == 'g' ? Afi::kIpv4 : Afi::kIpv6, &ranges);
  SortUnique(&ranges);
  std::string data;
  for (const auto& r : ranges) {
    if (!data.empty()) data.push_back(' ');
    data += r.prefix.ToString();
  }
  AppendAnswer(data, reply);
}

// !i<set>[,1]: a set's members; ,1 recursive (ASNs for an as-set, prefixes
// with range operators for a route-set).
void WhoisSession::IrrdSetMembers(char, std::string_view arg, std::string* reply) {
  bool recursive = false;
  if (arg.size() >= 2 && arg.substr(arg.size() - 2) == ",1") {
    recursive = true;
    arg = Trim(arg.substr(0, arg.size() - 2));
  }
  if (arg.empty()) {
    reply->append("F Missing parameter for i query\n");
    return;
  }
  SetExpander x(db_, Options());
  std::vector<std::string> items;
  if (!recursive) {
    auto members = x.DirectMembers(arg);
    if (members) items = std::move(*members);
  } else if (ClassifySetName(SplitSourceScope(arg).name) == SetKind::kRouteSet) {
    for (Afi afi : {Afi::kIpv4, Afi::kIpv6}) {
      auto ranges = x.ExpandPrefixes(arg, afi);
      if (!ranges) break;
      for (const auto& r : *ranges) items.push_back(r.ToExplicitString());
    }
  } else if (ClassifySetName(SplitSourceScope(arg).name) == SetKind::kAsSet) {
    auto asns = x.ExpandAsns(arg);
    if (asns) {
      for (Asn a : *asns) items.push_back(fmt::format("AS{}", a));
    }
  }
  std::sort(items.begin(), items.end());
  AppendAnswer(Join(items, ' '), reply);
}

// !a[4|6]<set>: the prefixes of every AS in an as-set (or a route-set's).
void WhoisSession::IrrdSetPrefixes(char, std::string_view arg, std::string* reply) {
  Afi afis[2] = {Afi::kIpv4, Afi::kIpv6};
  int count = 2;
  if (!arg.empty() && arg[0] == '4') {
    count = 1;
    arg.remove_prefix(1);
  } else if (!arg.empty() && arg[0] == '6') {
    afis[0] = Afi::kIpv6;
    count = 1;
    arg.remove_prefix(1);
  }
  if (arg.empty()) {
    reply->append("F Missing required set name for A query\n");
    return;
  }
  SetExpander x(db_, Options());
  std::string data;
  for (int i = 0; i < count; ++i) {
    auto ranges = x.ExpandPrefixes(arg, afis[i]);
    if (!ranges) break;
    for (const auto& r : *ranges) {
      if (!data.empty()) data.push_back(' ');
      data += r.ToExplicitString();
    }
  }
  AppendAnswer(data, reply);
}

// !m<class>,<key>: one object's text.
void WhoisSession::IrrdObject(char, std::string_view arg, std::string* reply) {
  auto comma = arg.find(',');
  if (comma == std::string_view::npos) {
    reply->append("F Invalid argument for object lookup\n");
    return;
  }
  auto objects = db_.FindObjects(ToLowerAscii(Trim(arg.substr(0, comma))),
                                 ToUpperAscii(Trim(arg.substr(comma + 1))), sources_);
  if (objects.size() > 1) objects.erase(objects.begin() + 1, objects.end());
  std::string data;
  AppendObjects(db_, objects, &data);
  AppendAnswer(data, reply);
}

// !r<prefix>[,o|l|L|M]: route objects, exact, origins only, one level less
// specific, all less specific, all more specific.
void WhoisSession::IrrdRoutes(char, std::string_view arg, std::string* reply) {
  char option = 0;
  if (auto comma = arg.find(','); comma != std::string_view::npos) {
    std::string_view opt = Trim(arg.substr(comma + 1));
    if (opt.size() != 1 || std::string_view("olLM").find(opt[0]) == std::string_view::npos) {
      reply->append(fmt::format("F Invalid option: {}\n", opt));
      return;
    }
    option = opt[0];
    arg = Trim(arg.substr(0, comma));
  }
  auto prefix = ParseRpslPrefix(arg);
  if (!prefix) {
    reply->append(fmt::format("F Invalid prefix: {}\n", arg));
    return;
  }
  std::vector<const IrrRoute*> routes;
  if (option == 'L') {
    routes = db_.RoutesLessSpecific(*prefix, true);
  } else if (option == 'M') {
    routes = db_.RoutesMoreSpecific(*prefix, false);
  } else if (option == 'l') {
    // One level less specific: the longest prefixes shorter than this one.
    for (int len = prefix->length() - 1; len >= 0 && routes.empty(); --len) {
      routes = db_.RoutesExact(Prefix::Normalized(prefix->address(), len));
      std::erase_if(routes, [&](const IrrRoute* r) { return !((sources_ >> r->source) & 1); });
    }
  } else {
    routes = db_.RoutesExact(*prefix);
  }
  std::erase_if(routes, [&](const IrrRoute* r) { return !((sources_ >> r->source) & 1); });
  DropRpkiInvalid(&routes);
  std::string data;
  if (option == 'o') {
    std::vector<std::string> origins;
    for (const IrrRoute* r : routes) origins.push_back(fmt::format("AS{}", r->origin));
    std::sort(origins.begin(), origins.end());
    origins.erase(std::unique(origins.begin(), origins.end()), origins.end());
    data = Join(origins, ' ');
  } else {
    std::vector<const IrrObjectRef*> objects;
    for (const IrrRoute* r : routes) objects.push_back(&db_.objects()[r->object]);
    AppendObjects(db_, objects, &data);
  }
  AppendAnswer(data, reply);
}

void WhoisSession::HandleRipe(std::string_view query, std::string* reply, bool* keep_open) {
  std::vector<std::string_view> words;
  while (!query.empty()) {
    auto sp = query.find_first_of(" \t");
    auto word = query.substr(0, sp);
    if (!word.empty()) words.push_back(word);
    if (sp == std::string_view::npos) break;
    query.remove_prefix(sp + 1);
  }
  bool keys_only = false;
  char route_search = 0;  // -x, -l, -L, -M
  std::string inverse;
  std::vector<std::string> classes;
  SourceMask mask = sources_;
  std::string key;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view w = words[i];
    auto next = [&]() -> std::string_view { return i + 1 < words.size() ? words[++i] : ""; };
    if (w == "-k") {
      multi_ = !multi_;
      *keep_open = multi_;
    } else if (w == "-K") {
      keys_only = true;
    } else if (w == "-r" || w == "-a" || w == "-B" || w == "-G") {
      // No referenced objects are ever added; all sources is the default.
    } else if (w == "-s") {
      if (!db_.MaskOf(SplitList(next(), ','), &mask)) {
        reply->append("%ERROR:101: one or more selected sources are unavailable\n\n");
        return;
      }
    } else if (w == "-T") {
      for (auto& c : SplitList(next(), ',')) classes.push_back(ToLowerAscii(c));
    } else if (w == "-i") {
      inverse = ToLowerAscii(next());
    } else if (w == "-x" || w == "-l" || w == "-L" || w == "-M") {
      route_search = w[1];
    } else if (!w.empty() && w[0] == '-') {
      reply->append(fmt::format("%ERROR:111: invalid option '{}'\n\n", w));
      return;
    } else {
      key = ToUpperAscii(w);
    }
  }
  if (key.empty()) {
    if (!*keep_open) reply->append("%ERROR:106: no search key specified\n\n");
    return;
  }
  auto wanted = [&](std::string_view cls) {
    return classes.empty() || std::find(classes.begin(), classes.end(), cls) != classes.end();
  };
  // An object to print, with its origin when it is a route (for -K).
  struct Found {
    const IrrObjectRef* object;
    std::optional<Asn> origin;
  };
  std::vector<Found> found;
  auto add_objects = [&found](const std::vector<const IrrObjectRef*>& objects) {
    for (const IrrObjectRef* o : objects) found.push_back(Found{o, std::nullopt});
  };
  auto add_routes = [&](std::vector<const IrrRoute*> routes) {
    DropRpkiInvalid(&routes);
    for (const IrrRoute* r : routes) {
      const IrrObjectRef& o = db_.objects()[r->object];
      if (((mask >> r->source) & 1) && wanted(o.class_name)) found.push_back(Found{&o, r->origin});
    }
  };
  if (inverse == "origin") {
    auto asn = ParseAsn(key);
    if (asn) {
      for (Afi afi : {Afi::kIpv4, Afi::kIpv6}) {
        std::vector<const IrrRoute*> routes;
        for (const IrrRoute& r : db_.RoutesOf(*asn, afi)) routes.push_back(&r);
        add_routes(routes);
      }
    }
  } else if (inverse == "member-of" || inverse == "mbrs-by-ref") {
    for (const auto& claim : db_.MembershipsOf(key)) {
      if (!((mask >> claim.source) & 1)) continue;
      if (claim.is_route) {
        std::vector<const IrrRoute*> routes;
        for (const IrrRoute* r : db_.RoutesExact(claim.prefix)) {
          if (r->origin == claim.asn && r->source == claim.source) routes.push_back(r);
        }
        add_routes(routes);
      } else if (wanted("aut-num")) {
        add_objects(db_.FindObjects("aut-num", fmt::format("AS{}", claim.asn),
                                    SourceMask{1} << claim.source));
      }
    }
  } else if (!inverse.empty()) {
    reply->append(fmt::format("%ERROR:107: inverse lookup on '{}' is not supported\n\n", inverse));
    return;
  } else if (auto prefix = ParseRpslPrefix(key); prefix) {
    if (route_search == 'L') {
      add_routes(db_.RoutesLessSpecific(*prefix, true));
    } else if (route_search == 'M') {
      add_routes(db_.RoutesMoreSpecific(*prefix, false));
    } else if (route_search == 'l') {
      for (int len = prefix->length() - 1; len >= 0 && found.empty(); --len) {
        add_routes(db_.RoutesExact(Prefix::Normalized(prefix->address(), len)));
      }
    } else {
      add_routes(db_.RoutesExact(*prefix));
    }
  } else {
    static constexpr std::string_view kKeyed[] = {
        "aut-num", "as-set",   "route-set", "mntner",       "person",     "role",
        "irt",     "inetnum",  "inet6num",  "as-block",     "filter-set", "peering-set",
        "rtr-set", "inet-rtr", "key-cert",  "organisation", "domain"};
    for (std::string_view cls : kKeyed) {
      if (!wanted(cls)) continue;
      add_objects(db_.FindObjects(cls, key, mask));
    }
  }
  if (found.empty()) {
    reply->append("%  No entries found for the selected source(s).\n\n");
    return;
  }
  for (const auto& [o, origin] : found) {
    if (keys_only) {
      std::string_view text = db_.Text(*o);
      // The primary key lines: the first line, and the origin of a route.
      reply->append(text.substr(0, text.find('\n') + 1));
      if (origin) reply->append(fmt::format("origin:         AS{}\n", *origin));
    } else {
      std::string_view text = db_.Text(*o);
      while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
      reply->append(text);
      reply->push_back('\n');
    }
    reply->push_back('\n');
  }
}

}  // namespace manrs
