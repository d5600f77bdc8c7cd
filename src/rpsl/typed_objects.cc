#include "manrs/rpsl/typed_objects.h"

#include "fmt/format.h"
#include "manrs/base/quote.h"
#include "manrs/rpsl/set_name.h"

namespace manrs {

namespace {

std::vector<std::string> UpperList(const RpslObject& object, std::string_view name) {
  auto items = object.ListOf(name);
  for (auto& item : items) item = ToUpperAscii(item);
  return items;
}

std::vector<std::string> Values(const RpslObject& object, std::string_view name) {
  std::vector<std::string> out;
  for (auto v : object.FindAll(name)) out.emplace_back(v);
  return out;
}

std::string SourceOf(const RpslObject& object) {
  const std::string* s = object.Find("source");
  return s ? ToUpperAscii(*s) : std::string();
}

Unexpected<Error> Bad(const RpslObject& object, std::string message) {
  return MakeError(ErrorCode::kBadValue,
                   fmt::format("{} {}: {}", object.class_name(), object.key(), message),
                   object.offset);
}

}  // namespace

Result<RouteObject> RouteFromRpsl(const RpslObject& object) {
  const bool v6 = object.class_name() == "route6";
  if (!v6 && object.class_name() != "route") return Bad(object, "not a route object");
  RouteObject route;
  auto prefix = ParseRpslPrefix(object.key());
  if (!prefix) return Bad(object, "bad prefix");
  if (prefix->is_v4() == v6)
    return Bad(object, v6 ? "IPv4 prefix in route6" : "IPv6 prefix in route");
  route.prefix = *prefix;
  const std::string* origin = object.Find("origin");
  if (!origin) return Bad(object, "no origin");
  auto asn = ParseAsn(*origin);
  if (!asn || !(origin->size() > 2 && (((*origin)[0] | 0x20) == 'a'))) {
    return Bad(object, fmt::format("bad origin {}", QuoteForMessage(*origin)));
  }
  route.origin = *asn;
  route.member_of = UpperList(object, "member-of");
  route.mnt_by = UpperList(object, "mnt-by");
  route.source = SourceOf(object);
  return route;
}

Result<AsSetObject> AsSetFromRpsl(const RpslObject& object) {
  if (object.class_name() != "as-set") return Bad(object, "not an as-set");
  AsSetObject set;
  set.name = ToUpperAscii(object.key());
  if (ClassifySetName(set.name) != SetKind::kAsSet) return Bad(object, "bad as-set name");
  set.members = UpperList(object, "members");
  set.mbrs_by_ref = UpperList(object, "mbrs-by-ref");
  set.source = SourceOf(object);
  return set;
}

Result<RouteSetObject> RouteSetFromRpsl(const RpslObject& object,
                                        std::vector<std::string>* bad_members) {
  if (object.class_name() != "route-set") return Bad(object, "not a route-set");
  RouteSetObject set;
  set.name = ToUpperAscii(object.key());
  if (ClassifySetName(set.name) != SetKind::kRouteSet) return Bad(object, "bad route-set name");
  for (std::string_view attribute : {"members", "mp-members"}) {
    for (const auto& item : object.ListOf(attribute)) {
      RouteSetMember member;
      if (item.find('/') != std::string::npos) {
        auto range = ParseRpslPrefixRange(item);
        if (range) {
          member.is_prefix = true;
          member.range = *range;
          set.members.push_back(std::move(member));
        } else if (bad_members) {
          bad_members->push_back(item);
        }
        continue;
      }
      std::string_view name = item;
      std::string_view op_text;
      if (auto caret = name.find('^'); caret != std::string_view::npos) {
        op_text = name.substr(caret);
        name = name.substr(0, caret);
      }
      auto op = ParseRangeOperator(op_text);
      const bool asn = ParseAsn(name).has_value();
      if (op && (asn || ClassifySetName(name) == SetKind::kAsSet ||
                 ClassifySetName(name) == SetKind::kRouteSet)) {
        member.name = ToUpperAscii(name);
        member.op = *op;
        set.members.push_back(std::move(member));
      } else if (bad_members) {
        bad_members->push_back(item);
      }
    }
  }
  set.mbrs_by_ref = UpperList(object, "mbrs-by-ref");
  set.source = SourceOf(object);
  return set;
}

Result<AutNumObject> AutNumFromRpsl(const RpslObject& object) {
  if (object.class_name() != "aut-num") return Bad(object, "not an aut-num");
  AutNumObject aut_num;
  auto asn = ParseAsn(object.key());
  if (!asn) return Bad(object, "bad AS number");
  aut_num.asn = *asn;
  if (const std::string* name = object.Find("as-name")) aut_num.as_name = *name;
  aut_num.member_of = UpperList(object, "member-of");
  aut_num.mnt_by = UpperList(object, "mnt-by");
  aut_num.imports = Values(object, "import");
  aut_num.exports = Values(object, "export");
  aut_num.mp_imports = Values(object, "mp-import");
  aut_num.mp_exports = Values(object, "mp-export");
  aut_num.source = SourceOf(object);
  return aut_num;
}

Result<MntnerObject> MntnerFromRpsl(const RpslObject& object) {
  if (object.class_name() != "mntner") return Bad(object, "not a mntner");
  MntnerObject m;
  m.name = ToUpperAscii(object.key());
  m.admin_c = UpperList(object, "admin-c");
  m.tech_c = UpperList(object, "tech-c");
  m.upd_to = Values(object, "upd-to");
  m.mnt_nfy = Values(object, "mnt-nfy");
  m.auth = Values(object, "auth");
  m.source = SourceOf(object);
  return m;
}

Result<ContactObject> ContactFromRpsl(const RpslObject& object) {
  const std::string& cls = object.class_name();
  if (cls != "person" && cls != "role" && cls != "irt") return Bad(object, "not a contact");
  ContactObject c;
  c.class_name = cls;
  c.name = object.key();
  if (cls != "irt") {
    const std::string* handle = object.Find("nic-hdl");
    if (!handle || handle->empty()) return Bad(object, "no nic-hdl");
    c.nic_hdl = ToUpperAscii(*handle);
  }
  c.e_mail = Values(object, "e-mail");
  c.abuse_mailbox = Values(object, "abuse-mailbox");
  c.phone = Values(object, "phone");
  c.admin_c = UpperList(object, "admin-c");
  c.tech_c = UpperList(object, "tech-c");
  c.source = SourceOf(object);
  return c;
}

}  // namespace manrs
