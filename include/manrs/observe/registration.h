// What an AS has registered for others to use (doc/observatory.md): its
// routing policy (M6, MANRS action 4) and its contacts (M8, action 3). The
// observatory and `manrs contacts` share these definitions.
#ifndef MANRS_OBSERVE_REGISTRATION_H_
#define MANRS_OBSERVE_REGISTRATION_H_

#include <optional>
#include <vector>

#include "manrs/irr/database.h"
#include "manrs/net/asn.h"
#include "manrs/observe/report.h"
#include "manrs/peeringdb/peeringdb.h"

namespace manrs {

// M6: an aut-num for asn, in any loaded source, with at least one import (or
// mp-import) and one export (or mp-export). nullopt when irr is null.
std::optional<bool> PolicyRegistered(const IrrDatabase* irr, Asn asn);

struct ContactFindings {
  std::optional<bool> registered;  // nullopt: neither source loaded
  std::vector<Contact> contacts;   // the reachable non-abuse contacts found
};

// M8: a reachable non-abuse contact: an e-mail (or phone) in a person or
// role object that the aut-num names as admin-c or tech-c (abuse-mailbox
// alone does not count), or a PeeringDB POC of the network that is Public,
// has an e-mail or phone, and whose role is not Abuse. Either source is
// optional (null).
ContactFindings FindContacts(const IrrDatabase* irr, const PeeringDb* peeringdb, Asn asn);

}  // namespace manrs

#endif  // MANRS_OBSERVE_REGISTRATION_H_
