// What an AS has registered for others to use (doc/observatory.md): its
// routing policy (M6, MANRS action 4) and its contacts (M8, action 3). The
// observatory and `manrs contacts` share these definitions.
#ifndef MANRS_OBSERVE_REGISTRATION_H_
#define MANRS_OBSERVE_REGISTRATION_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "manrs/irr/database.h"
#include "manrs/net/asn.h"
#include "manrs/observe/report.h"
#include "manrs/peeringdb/peeringdb.h"
#include "manrs/rpsl/typed_objects.h"

namespace manrs {

// The aut-num objects for asn in any loaded source, preferred source first,
// parsed from their text (what M6, M8 and `manrs contacts` read).
std::vector<RpslObject> AutNumObjects(const IrrDatabase& irr, Asn asn);

// The IRR state of the route (prefix, origin) (doc/observatory.md, M7 IRR):
// registered when a route object of a selected source has this prefix and
// origin; covered when one has a less-specific prefix and this origin;
// otherwise not registered. The observatory's per-prefix state and
// `manrs coverage` both come from here.
IrrState RouteIrrState(const IrrDatabase& irr, const Prefix& prefix, Asn origin,
                       SourceMask sources = kAllSources);

// M6: an aut-num for asn, in any loaded source, with at least one import (or
// mp-import) and one export (or mp-export). nullopt when irr is null.
std::optional<bool> PolicyRegistered(const IrrDatabase* irr, Asn asn);

// The person, role and irt objects of an IRR by nic-hdl, their RPSL primary
// key (the database files them under their name). Built once per database.
class ContactDirectory {
 public:
  explicit ContactDirectory(const IrrDatabase& irr);
  // The object with this nic-hdl (any case), preferred source first; null if none.
  const ContactObject* Find(std::string_view nic_hdl) const;
  std::size_t size() const { return by_handle_.size(); }

 private:
  std::unordered_map<std::string, ContactObject> by_handle_;
  std::unordered_map<std::string, std::uint16_t> source_;
};

struct ContactFindings {
  std::optional<bool> registered;  // nullopt: neither source loaded
  std::vector<Contact> contacts;   // the reachable non-abuse contacts found
};

// M8: a reachable non-abuse contact: an e-mail (or phone) in a person or
// role object that the aut-num names as admin-c or tech-c (abuse-mailbox
// alone does not count), or a PeeringDB POC of the network that is Public,
// has an e-mail or phone, and whose role is not Abuse. Either source is
// optional (null). directory, when given, must be irr's (else one is built
// for the call: pass one when asking for many ASes).
ContactFindings FindContacts(const IrrDatabase* irr, const PeeringDb* peeringdb, Asn asn,
                             const ContactDirectory* directory = nullptr);

}  // namespace manrs

#endif  // MANRS_OBSERVE_REGISTRATION_H_
