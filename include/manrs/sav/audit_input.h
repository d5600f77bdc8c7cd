// What the audit checks against: the allow-lists (--allow) and which
// interface a packet or flow came in on (--interfaces).
//
// --allow takes `manrs sav acl --format json` output (one list per
// interface), a file of prefixes (one a line, "#" comments), or the prefixes
// themselves, comma separated (one list, named "default").
//
// --interfaces is a text file, one rule a line, "#" comments:
//   vlan 100 LIST        packets tagged with VLAN 100 (outermost tag)
//   file cap1.pcap LIST  every packet of that capture (matched by base name)
//   ifindex 3 LIST       flows whose ingressInterface is 3 (collector)
//   default LIST         everything else
// LIST is a list's name (sav_AS64496_192_0_2_1), its peer address, or
// AS<n> when one list has that peer AS. Without --interfaces a single list
// takes everything; several lists need the map.
#ifndef MANRS_SAV_AUDIT_INPUT_H_
#define MANRS_SAV_AUDIT_INPUT_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/sav/audit.h"
#include "manrs/validate/bogons.h"

namespace manrs {

// Errors name the file and byte offset (JSON) or line.
Result<std::vector<AuditInterface>> LoadAllowLists(const std::string& arg);
Result<std::vector<AuditInterface>> ParseAllowJson(std::string_view json,
                                                   const std::string& source);

class InterfaceMap {
 public:
  static constexpr int kNone = -1;
  // A map sending everything to interface 0 (a single list).
  static InterfaceMap Single() {
    InterfaceMap m;
    m.default_ = 0;
    return m;
  }
  static Result<InterfaceMap> Parse(std::string_view text, const std::string& source,
                                    const std::vector<AuditInterface>& lists);

  // The interface of a packet from `file` (base name compared) with `vlan`
  // (-1: untagged), or of a flow with `ifindex` (-1: unknown); kNone when no
  // rule matches.
  int For(std::string_view file, std::int32_t vlan, std::int64_t ifindex = -1) const;

  // The same without the file (resolved once per capture with ForFile).
  int ForFile(std::string_view file) const;
  int ForPacket(int file_iface, std::int32_t vlan) const {
    if (vlan >= 0 && !vlans_.empty()) {
      auto it = vlans_.find(vlan);
      if (it != vlans_.end()) return it->second;
    }
    return file_iface;
  }
  int ForFlow(std::int64_t ifindex) const;

 private:
  std::map<std::int32_t, int> vlans_;
  std::map<std::string, int> files_;
  std::map<std::int64_t, int> ifindexes_;
  int default_ = kNone;
};

// Everything the classifier needs, as the audit and the collector take it.
struct AuditSetup {
  std::vector<AuditInterface> lists;
  InterfaceMap map;
  BogonPrefixes bogons;
  bool have_bogons = false;
};

// --allow, --interfaces (a path; empty: none) and --bogons. Without a map a
// single list takes everything; several lists without one are an error.
// Problems inside the bogon lists go to problems; errors name the file.
Result<AuditSetup> LoadAuditSetup(const std::string& allow, const std::string& interfaces_path,
                                  const std::vector<std::string>& bogon_files,
                                  ProblemLog& problems);

}  // namespace manrs

#endif  // MANRS_SAV_AUDIT_INPUT_H_
