// `manrs contacts`: can others reach this network (MANRS action 3,
// Coordination)? Every check of the network's RPSL objects (aut-num, the
// role/person/irt objects it names, its mntner) and of its PeeringDB record
// (net, POCs by role and visibility, operational info, exchanges), each a
// finding with evidence. Whether the network counts as "registered" is the
// observatory's M8 rule (observe/registration.h, FindContacts): one notion
// shared by `manrs report` and this command. doc/advice.md lists the checks.
//
// Missing databases are findings ("no PeeringDB data loaded"), never errors.
#ifndef MANRS_ADVICE_CONTACTS_H_
#define MANRS_ADVICE_CONTACTS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/irr/database.h"
#include "manrs/net/asn.h"
#include "manrs/peeringdb/peeringdb.h"

namespace manrs {

struct ContactFinding {
  std::string source;  // "irr" or "peeringdb" (or "dns" for --check-mail)
  std::string object;  // "aut-num AS3333", "role RIPE-NCC-RIS", "poc 1234", "net 3333"
  std::string check;   // the rule's name (doc/advice.md): "aut-num-exists", "email", ...
  bool ok = false;
  std::string detail;
};

struct ContactsReport {
  Asn asn = 0;
  // The M8 rule; nullopt when neither the IRR nor PeeringDB was loaded.
  std::optional<bool> registered;
  // False when no loaded source knows the ASN at all.
  bool known = false;
  std::vector<ContactFinding> findings;
};

// Looks up the MX records of a mail domain; returns the exchanges, or an
// error text. The default (SystemMxLookup) asks the system resolver.
using MxLookup = std::function<bool(std::string_view domain, std::vector<std::string>* exchanges,
                                    std::string* error)>;
bool SystemMxLookup(std::string_view domain, std::vector<std::string>* exchanges,
                    std::string* error);

struct ContactsOptions {
  std::int64_t now = 0;          // unix seconds: "stale" is measured from here
  int stale_years = 2;           // an object unchanged for this long is stale
  MxLookup mx_lookup = nullptr;  // set: check each e-mail domain's MX (--check-mail)
};

// Runs every check for asn. irr and peeringdb may be null (not loaded).
ContactsReport CheckContacts(const IrrDatabase* irr, const PeeringDb* peeringdb, Asn asn,
                             const ContactsOptions& options);

// Whether an e-mail address is well formed enough to deliver to: one '@',
// a non-empty local part without blanks, a domain of dot-separated labels
// (letters, digits, '-'), with at least one dot.
bool WellFormedEmail(std::string_view address);

// When an RPSL object last changed, from last-modified (RFC 3339) or, failing
// that, the latest "changed: e-mail YYYYMMDD"; nullopt when neither says.
std::optional<std::int64_t> LastChanged(const RpslObject& object);

// The report as JSON: {"asn", "registered", "known", "findings": [...]}.
std::string ContactsJson(const ContactsReport& report);
// One line per finding: "ok|FAIL  source  object  check  detail".
std::string ContactsText(const ContactsReport& report);

}  // namespace manrs

#endif  // MANRS_ADVICE_CONTACTS_H_
