// Typed views of the RPSL classes manrs works with. Each From* function
// checks what the class needs (RFC 2622 section 4-6, RFC 4012 for route6 and
// the mp- attributes, RFC 2725 for mnt-by and auth) and returns an error
// naming the attribute when the object cannot be used; attributes the class
// does not use are ignored here (the reader already reported unknown ones).
#ifndef MANRS_RPSL_TYPED_OBJECTS_H_
#define MANRS_RPSL_TYPED_OBJECTS_H_

#include <string>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/rpsl/object.h"
#include "manrs/rpsl/range_operator.h"

namespace manrs {

// route (IPv4) and route6 (IPv6): the prefix, the origin AS, and the sets it
// joins by member-of (with the mnt-by that lets it join, RFC 2622 5.1).
struct RouteObject {
  Prefix prefix;
  Asn origin = 0;
  std::vector<std::string> member_of;  // upper case
  std::vector<std::string> mnt_by;     // upper case
  std::string source;                  // upper case; empty when the object has none
};
Result<RouteObject> RouteFromRpsl(const RpslObject& object);

// as-set: members are ASNs ("AS64496") or as-set names; mbrs-by-ref lists
// the maintainers whose aut-nums may join by member-of ("ANY" for all).
struct AsSetObject {
  std::string name;                      // upper case
  std::vector<std::string> members;      // upper case, as written
  std::vector<std::string> mbrs_by_ref;  // upper case
  std::string source;
};
Result<AsSetObject> AsSetFromRpsl(const RpslObject& object);

// A route-set member (RFC 2622 5.2, RFC 4012 mp-members): a prefix range, or
// a set or AS name with an optional range operator ("AS-FOO^+", "AS1^24").
struct RouteSetMember {
  bool is_prefix = false;
  PrefixRange range;  // when is_prefix
  std::string name;   // when !is_prefix: route-set, as-set or ASN, upper case
  RangeOperator op;   // when !is_prefix
};
struct RouteSetObject {
  std::string name;
  std::vector<RouteSetMember> members;  // members and mp-members
  std::vector<std::string> mbrs_by_ref;
  std::string source;
};
// Bad members are left out and listed in *bad_members (when not null).
Result<RouteSetObject> RouteSetFromRpsl(const RpslObject& object,
                                        std::vector<std::string>* bad_members = nullptr);

// aut-num: the policy attributes are kept as written (one string each).
struct AutNumObject {
  Asn asn = 0;
  std::string as_name;
  std::vector<std::string> member_of;
  std::vector<std::string> mnt_by;
  std::vector<std::string> imports, exports, mp_imports, mp_exports;
  std::string source;
};
Result<AutNumObject> AutNumFromRpsl(const RpslObject& object);

// mntner (RFC 2622 section 3.1, auth schemes of RFC 2725).
struct MntnerObject {
  std::string name;
  std::vector<std::string> admin_c, tech_c, upd_to, mnt_nfy, auth;
  std::string source;
};
Result<MntnerObject> MntnerFromRpsl(const RpslObject& object);

// person and role (RFC 2622 section 3.2) and irt (RIPE): contacts.
struct ContactObject {
  std::string class_name;  // "person", "role" or "irt"
  std::string name;        // person/role: the full name; irt: the irt name
  std::string nic_hdl;     // upper case; empty for irt
  std::vector<std::string> e_mail, abuse_mailbox, phone, admin_c, tech_c;
  std::string source;
};
Result<ContactObject> ContactFromRpsl(const RpslObject& object);

}  // namespace manrs

#endif  // MANRS_RPSL_TYPED_OBJECTS_H_
