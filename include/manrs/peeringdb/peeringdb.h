// PeeringDB data as its API serves it (https://www.peeringdb.com/apidocs/):
// objects of type net (a network, keyed by ASN), poc (a network's point of
// contact: role, visibility, e-mail, phone), netixlan (a network's port on
// an exchange LAN), netfac (a network's presence at a facility) and fac (a
// facility: name, city, country). Readers accept what the API and its dumps look like:
//  - one answer: {"data": [ {...}, ... ], "meta": {}}, where each object's
//    type is told by its members (net: "asn" and "info_type"; poc: "role"
//    and "net_id"; netixlan: "ixlan_id" and "net_id"; netfac: "fac_id" and
//    "net_id"); a net fetched with depth=2 carries its POCs inline in
//    "poc_set" and its facilities in "netfac_set";
//  - a dump of several types: {"net": {"data": [...]}, "poc": {"data": [...]},
//    "netixlan": {"data": [...]}, "netfac": {"data": [...]},
//    "fac": {"data": [...]}, ...} (the shape of PeeringDB's own JSON
//    dumps and of `peeringdb-py` exports).
// A fac object only names a facility: a netfac without a name, city or
// country takes them from the fac object of its fac_id. A net has no country
// of its own: it takes the country of the org object of its org_id (org
// objects are read from a dump's "org" list). Other types (ix, ...) are
// skipped. The observatory (M8 contacts),
// `manrs contacts` and the web server read it through this one file set.
#ifndef MANRS_PEERINGDB_PEERINGDB_H_
#define MANRS_PEERINGDB_PEERINGDB_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/net/asn.h"

namespace manrs {

struct PeeringDbPoc {
  std::int64_t id = 0;
  std::int64_t net_id = 0;
  std::string role;     // "NOC", "Abuse", "Policy", "Technical", "Maintenance", "Sales", ...
  std::string visible;  // "Public", "Users", "Private"
  std::string name;
  std::string email;
  std::string phone;
  std::string url;
};

struct PeeringDbNetIxLan {
  std::int64_t net_id = 0;
  std::int64_t ix_id = 0;
  std::string name;  // the exchange's name, when given
  std::string ipaddr4, ipaddr6;
  std::int64_t speed = 0;  // Mbit/s
};

struct PeeringDbNetFac {
  std::int64_t net_id = 0;
  std::int64_t fac_id = 0;
  std::string name;  // the facility's name, city and country, when known
  std::string city;
  std::string country;
};

struct PeeringDbNet {
  std::int64_t id = 0;
  Asn asn = 0;
  std::string name;
  std::int64_t org_id = 0;
  std::string country;  // ISO 3166 alpha-2 of its org ("NL"); "" when no org object is loaded
  std::string irr_as_set;
  std::string info_type;
  std::string policy_general;
  // The prefix counts peers set their max-prefix limits from (-1: not given).
  std::int64_t info_prefixes4 = -1, info_prefixes6 = -1;
  std::string info_scope;
  bool never_via_route_servers = false;
  std::string notes;
  std::vector<PeeringDbPoc> pocs;
  std::vector<PeeringDbNetIxLan> ixlans;
  std::vector<PeeringDbNetFac> facilities;
};

// What a load found.
struct PeeringDbStats {
  std::uint64_t nets = 0;
  std::uint64_t pocs = 0;
  std::uint64_t netixlans = 0;
  std::uint64_t netfacs = 0;
  std::uint64_t orgs = 0;
  std::uint64_t skipped = 0;  // objects of other types
  std::uint64_t bad = 0;      // reported and left out
  bool complete = true;       // false: the JSON broke off, the rest was not read
};

class PeeringDb {
 public:
  PeeringDb() = default;

  // Loads a file (compressed or not). A bad object (a member of the wrong
  // type, a net without an ASN, a POC naming no known net) is reported to
  // problems with the byte offset of the object and left out; JSON that
  // breaks off is reported at the offset where it does, and what came
  // before is kept. A file that cannot be read, or holds no net, POC,
  // netixlan or netfac object at all, is an error.
  static Result<PeeringDb> Load(const std::string& path, ProblemLog& problems);
  // The same from memory; source names the data in problem reports.
  static Result<PeeringDb> Parse(std::string_view text, const std::string& source,
                                 ProblemLog& problems);

  // The network with this ASN, or null.
  const PeeringDbNet* Net(Asn asn) const;
  // The networks whose org is in country (ISO 3166 alpha-2, any case), by ASN.
  std::vector<const PeeringDbNet*> InCountry(std::string_view country) const;

  const std::vector<PeeringDbNet>& nets() const { return nets_; }
  const PeeringDbStats& stats() const { return stats_; }

 private:
  std::vector<PeeringDbNet> nets_;
  std::unordered_map<Asn, std::size_t> by_asn_;
  PeeringDbStats stats_;
};

}  // namespace manrs

#endif  // MANRS_PEERINGDB_PEERINGDB_H_
