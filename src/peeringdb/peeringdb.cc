// PeeringDB JSON, read with simdjson's On-Demand API so every object keeps its
// byte offset for problem reports.
#include "manrs/peeringdb/peeringdb.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "fmt/format.h"
#include "manrs/base/input.h"
#include "simdjson.h"

namespace manrs {

namespace {

namespace od = simdjson::ondemand;

enum class Kind { kAuto, kNet, kPoc, kNetIxLan, kNetFac, kFac, kOrg, kOther };

// The members of one object, as the types below need them.
struct Fields {
  std::int64_t id = 0, net_id = 0, ix_id = 0, ixlan_id = -1, fac_id = 0, org_id = 0, asn = -1,
               speed = 0;
  std::int64_t info_prefixes4 = -1, info_prefixes6 = -1;
  bool never_via_route_servers = false;
  bool has_role = false, has_info_type = false, has_asn = false, has_ixlan_id = false,
       has_fac_id = false;
  std::string name, irr_as_set, info_type, policy_general, notes, role, visible, email, phone, url,
      ipaddr4, ipaddr6, info_scope, city, country;
  std::vector<PeeringDbPoc> poc_set;
  std::vector<PeeringDbNetFac> netfac_set;
};

class Reader {
 public:
  Reader(const char* base, const std::string& source, ProblemLog& problems)
      : base_(base), source_(source), problems_(problems) {}

  std::uint64_t Offset(const char* at) const { return static_cast<std::uint64_t>(at - base_); }

  void Bad(std::uint64_t offset, const std::string& what) {
    problems_.Report(source_, offset, what);
    ++stats_.bad;
  }

  // Reads a string member; null is the empty string. False on another type.
  static bool String(od::value v, std::string* out) {
    bool is_null = false;
    if (v.is_null().get(is_null) == simdjson::SUCCESS && is_null) {
      out->clear();
      return true;
    }
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return false;
    out->assign(s);
    return true;
  }
  static bool Bool(od::value v, bool* out) {
    bool is_null = false;
    if (v.is_null().get(is_null) == simdjson::SUCCESS && is_null) return true;
    return v.get_bool().get(*out) == simdjson::SUCCESS;
  }
  static bool Int(od::value v, std::int64_t* out) {
    bool is_null = false;
    if (v.is_null().get(is_null) == simdjson::SUCCESS && is_null) return true;
    return v.get_int64().get(*out) == simdjson::SUCCESS;
  }

  // Reads the members of an object; on a member of the wrong type, returns
  // its name in *bad.
  simdjson::error_code ReadFields(od::object object, Fields* f, std::string* bad) {
    for (auto field : object) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return e;
      od::value v;
      if (auto e = field.value().get(v)) return e;
      bool ok = true;
      // clang-format off
      if (key == "id") ok = Int(v, &f->id);
      else if (key == "net_id") ok = Int(v, &f->net_id);
      else if (key == "ix_id") ok = Int(v, &f->ix_id);
      else if (key == "ixlan_id") ok = Int(v, &f->ixlan_id), f->has_ixlan_id = true;
      else if (key == "fac_id") ok = Int(v, &f->fac_id), f->has_fac_id = true;
      else if (key == "org_id") ok = Int(v, &f->org_id);
      else if (key == "city") ok = String(v, &f->city);
      else if (key == "country") ok = String(v, &f->country);
      else if (key == "asn") ok = Int(v, &f->asn), f->has_asn = true;
      else if (key == "speed") ok = Int(v, &f->speed);
      else if (key == "name") ok = String(v, &f->name);
      else if (key == "irr_as_set") ok = String(v, &f->irr_as_set);
      else if (key == "info_type") ok = String(v, &f->info_type), f->has_info_type = true;
      else if (key == "policy_general") ok = String(v, &f->policy_general);
      else if (key == "info_prefixes4") ok = Int(v, &f->info_prefixes4);
      else if (key == "info_prefixes6") ok = Int(v, &f->info_prefixes6);
      else if (key == "info_scope") ok = String(v, &f->info_scope);
      else if (key == "info_never_via_route_servers") ok = Bool(v, &f->never_via_route_servers);
      else if (key == "notes") ok = String(v, &f->notes);
      else if (key == "role") ok = String(v, &f->role), f->has_role = true;
      else if (key == "visible") ok = String(v, &f->visible);
      else if (key == "email") ok = String(v, &f->email);
      else if (key == "phone") ok = String(v, &f->phone);
      else if (key == "url") ok = String(v, &f->url);
      else if (key == "ipaddr4") ok = String(v, &f->ipaddr4);
      else if (key == "ipaddr6") ok = String(v, &f->ipaddr6);
      // clang-format on
      else if (key == "poc_set") {
        if (auto e = ReadSet(v, "poc_set", &f->poc_set, ToPoc, &ok, bad)) return e;
      } else if (key == "netfac_set") {
        if (auto e = ReadSet(v, "netfac_set", &f->netfac_set, ToNetFac, &ok, bad)) return e;
      }
      if (!ok && bad->empty()) *bad = std::string(key);
    }
    return simdjson::SUCCESS;
  }

  // Reads a set a net carries inline (depth=2): an array of objects, each
  // turned into a T by convert. A member of the wrong type in one of them
  // leaves that one out and is named in *bad; not an array sets *ok false.
  template <typename T>
  simdjson::error_code ReadSet(od::value v, std::string_view set, std::vector<T>* out,
                               T (*convert)(const Fields&), bool* ok, std::string* bad) {
    od::array items;
    if (v.get_array().get(items) != simdjson::SUCCESS) {
      *ok = false;
      return simdjson::SUCCESS;
    }
    for (auto item : items) {
      od::object o;
      if (auto e = item.get_object().get(o)) return e;
      Fields inner;
      std::string inner_bad;
      if (auto e = ReadFields(o, &inner, &inner_bad)) return e;
      if (!inner_bad.empty()) {
        *bad = fmt::format("{}: {}", set, inner_bad);
        continue;
      }
      out->push_back(convert(inner));
    }
    return simdjson::SUCCESS;
  }

  static PeeringDbNetFac ToNetFac(const Fields& f) {
    return PeeringDbNetFac{f.net_id, f.fac_id, f.name, f.city, f.country};
  }

  static PeeringDbPoc ToPoc(const Fields& f) {
    return PeeringDbPoc{f.id, f.net_id, f.role, f.visible, f.name, f.email, f.phone, f.url};
  }

  // Reads the objects of one "data" array.
  simdjson::error_code ReadArray(od::array array, Kind kind, std::string_view list) {
    std::size_t index = 0;
    for (auto item : array) {
      od::value v;
      if (auto e = item.get(v)) return e;
      std::string_view token = v.raw_json_token();
      const std::uint64_t at = Offset(token.data());
      od::object object;
      if (v.get_object().get(object) != simdjson::SUCCESS) {
        Bad(at, fmt::format("{}[{}]: not an object", list, index++));
        continue;
      }
      Fields f;
      std::string bad;
      if (auto e = ReadFields(object, &f, &bad)) return e;
      Kind k = kind;
      if (k == Kind::kAuto) {
        if (f.has_role && f.net_id)
          k = Kind::kPoc;
        else if (f.has_ixlan_id && f.net_id)
          k = Kind::kNetIxLan;
        else if (f.has_fac_id && f.net_id)
          k = Kind::kNetFac;
        else if (f.has_asn && f.has_info_type)
          k = Kind::kNet;
        else
          k = Kind::kOther;
      }
      if (k == Kind::kOther) {
        ++stats_.skipped;
        ++index;
        continue;
      }
      if (!bad.empty()) {
        Bad(at, fmt::format("{}[{}]: member '{}' has the wrong type", list, index++, bad));
        continue;
      }
      if (k == Kind::kNet) {
        if (f.asn <= 0 || f.asn > 0xffffffffLL) {
          Bad(at, fmt::format("{}[{}]: net without a valid asn", list, index++));
          continue;
        }
        PeeringDbNet net;
        net.id = f.id;
        net.asn = static_cast<Asn>(f.asn);
        net.name = std::move(f.name);
        net.org_id = f.org_id;
        net.irr_as_set = std::move(f.irr_as_set);
        net.info_type = std::move(f.info_type);
        net.policy_general = std::move(f.policy_general);
        net.info_prefixes4 = f.info_prefixes4;
        net.info_prefixes6 = f.info_prefixes6;
        net.info_scope = std::move(f.info_scope);
        net.never_via_route_servers = f.never_via_route_servers;
        net.notes = std::move(f.notes);
        net.pocs = std::move(f.poc_set);
        for (PeeringDbPoc& poc : net.pocs) poc.net_id = net.id;  // filed under this net
        stats_.pocs += net.pocs.size();
        net.facilities = std::move(f.netfac_set);
        for (PeeringDbNetFac& fac : net.facilities) fac.net_id = net.id;
        stats_.netfacs += net.facilities.size();
        nets_.push_back(std::move(net));
        ++stats_.nets;
      } else if (k == Kind::kPoc) {
        pocs_.push_back({ToPoc(f), at});
      } else if (k == Kind::kNetFac) {
        netfacs_.push_back({ToNetFac(f), at});
      } else if (k == Kind::kFac) {
        facs_[f.id] = ToNetFac(f);
      } else if (k == Kind::kOrg) {
        org_countries_[f.id] = std::move(f.country);
        ++stats_.orgs;
      } else {
        ixlans_.push_back(
            {PeeringDbNetIxLan{f.net_id, f.ix_id, f.name, f.ipaddr4, f.ipaddr6, f.speed}, at});
      }
      ++index;
    }
    return simdjson::SUCCESS;
  }

  const char* base_;
  const std::string& source_;
  ProblemLog& problems_;
  PeeringDbStats stats_;
  std::vector<PeeringDbNet> nets_;
  std::vector<std::pair<PeeringDbPoc, std::uint64_t>> pocs_;
  std::vector<std::pair<PeeringDbNetIxLan, std::uint64_t>> ixlans_;
  std::vector<std::pair<PeeringDbNetFac, std::uint64_t>> netfacs_;
  std::unordered_map<std::int64_t, PeeringDbNetFac> facs_;       // fac objects by id
  std::unordered_map<std::int64_t, std::string> org_countries_;  // org objects by id
};

Kind KindOf(std::string_view type) {
  if (type == "net") return Kind::kNet;
  if (type == "poc") return Kind::kPoc;
  if (type == "netixlan") return Kind::kNetIxLan;
  if (type == "netfac") return Kind::kNetFac;
  if (type == "fac") return Kind::kFac;
  if (type == "org") return Kind::kOrg;
  return Kind::kOther;
}

}  // namespace

Result<PeeringDb> PeeringDb::Parse(std::string_view text, const std::string& source,
                                   ProblemLog& problems) {
  simdjson::padded_string padded(text);
  od::parser parser;
  Reader reader(padded.data(), source, problems);
  od::document doc;
  auto fail = [&](simdjson::error_code e) {
    const char* at = nullptr;
    std::uint64_t offset = text.size();
    if (doc.current_location().get(at) == simdjson::SUCCESS) offset = reader.Offset(at);
    problems.Report(source, offset,
                    fmt::format("peeringdb json: {}; the rest of the file is not read",
                                simdjson::error_message(e)));
    ++reader.stats_.bad;
    reader.stats_.complete = false;
  };
  if (auto e = parser.iterate(padded).get(doc)) {
    return MakeError(ErrorCode::kParse, fmt::format("not JSON: {}", simdjson::error_message(e)));
  }
  od::object top;
  if (doc.get_object().get(top)) {
    return MakeError(ErrorCode::kParse, "not a PeeringDB answer: the top level is not an object");
  }
  for (auto field : top) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) {
      fail(e);
      break;
    }
    od::value v;
    if (auto e = field.value().get(v)) {
      fail(e);
      break;
    }
    std::string type(key);
    simdjson::error_code e = simdjson::SUCCESS;
    if (type == "data") {
      od::array array;
      e = v.get_array().get(array);
      if (!e) e = reader.ReadArray(array, Kind::kAuto, "data");
    } else if (KindOf(type) != Kind::kOther) {
      od::object holder;
      e = v.get_object().get(holder);
      if (!e) {
        od::array array;
        e = holder["data"].get_array().get(array);
        if (!e) e = reader.ReadArray(array, KindOf(type), type + ".data");
      }
    }
    if (e) {
      fail(e);
      break;
    }
  }

  PeeringDb db;
  db.stats_ = reader.stats_;
  db.nets_ = std::move(reader.nets_);
  std::unordered_map<std::int64_t, std::size_t> by_id;
  for (std::size_t i = 0; i < db.nets_.size(); ++i) {
    const Asn asn = db.nets_[i].asn;
    if (db.by_asn_.count(asn)) {
      problems.Report(source, 0, fmt::format("net AS{} appears twice; the first is kept", asn));
      ++db.stats_.bad;
      continue;
    }
    db.by_asn_[asn] = i;
    by_id[db.nets_[i].id] = i;
  }
  for (auto& [poc, at] : reader.pocs_) {
    auto it = by_id.find(poc.net_id);
    if (it == by_id.end()) {
      problems.Report(source, at,
                      fmt::format("poc {} names net {}, which is not loaded", poc.id, poc.net_id));
      ++db.stats_.bad;
      continue;
    }
    db.nets_[it->second].pocs.push_back(std::move(poc));
    ++db.stats_.pocs;
  }
  // Ports and facilities of a network not loaded are of no use here: skipped.
  auto attach = [&](auto& loose, auto member, std::uint64_t* count) {
    for (auto& [item, at] : loose) {
      auto it = by_id.find(item.net_id);
      if (it == by_id.end()) {
        ++db.stats_.skipped;
        continue;
      }
      (db.nets_[it->second].*member).push_back(std::move(item));
      ++*count;
    }
  };
  attach(reader.ixlans_, &PeeringDbNet::ixlans, &db.stats_.netixlans);
  attach(reader.netfacs_, &PeeringDbNet::facilities, &db.stats_.netfacs);
  // Names, cities and countries the netfac objects leave out, from fac objects.
  for (PeeringDbNet& net : db.nets_) {
    for (PeeringDbNetFac& netfac : net.facilities) {
      auto fac = reader.facs_.find(netfac.fac_id);
      if (fac == reader.facs_.end()) continue;
      if (netfac.name.empty()) netfac.name = fac->second.name;
      if (netfac.city.empty()) netfac.city = fac->second.city;
      if (netfac.country.empty()) netfac.country = fac->second.country;
    }
  }
  for (PeeringDbNet& net : db.nets_) {
    auto org = reader.org_countries_.find(net.org_id);
    if (org != reader.org_countries_.end()) net.country = org->second;
  }
  if (db.stats_.nets == 0 && db.stats_.pocs == 0 && db.stats_.netixlans == 0 &&
      db.stats_.netfacs == 0) {
    return MakeError(ErrorCode::kParse, "no PeeringDB net, poc, netixlan or netfac object found");
  }
  return db;
}

Result<PeeringDb> PeeringDb::Load(const std::string& path, ProblemLog& problems) {
  auto input = OpenInput(path);
  if (!input) return Unexpected<Error>(input.error());
  std::string text;
  std::vector<std::byte> chunk(1 << 16);
  while (true) {
    auto got = (*input)->Read(chunk);
    if (!got) {
      problems.Report(path, got.error());
      break;
    }
    if (*got == 0) break;
    text.append(reinterpret_cast<const char*>(chunk.data()), *got);
  }
  return Parse(text, path, problems);
}

std::vector<const PeeringDbNet*> PeeringDb::InCountry(std::string_view country) const {
  auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::toupper(static_cast<unsigned char>(x)) ==
                    std::toupper(static_cast<unsigned char>(y));
           });
  };
  std::vector<const PeeringDbNet*> out;
  if (country.empty()) return out;
  for (const PeeringDbNet& net : nets_) {
    if (same(net.country, country) && Net(net.asn) == &net) out.push_back(&net);
  }
  std::sort(out.begin(), out.end(),
            [](const PeeringDbNet* a, const PeeringDbNet* b) { return a->asn < b->asn; });
  return out;
}

const PeeringDbNet* PeeringDb::Net(Asn asn) const {
  auto it = by_asn_.find(asn);
  return it == by_asn_.end() ? nullptr : &nets_[it->second];
}

}  // namespace manrs
