// M6 (routing policy registered) and M8 (contacts registered).
#include "manrs/observe/registration.h"

#include <set>
#include <string>

#include "fmt/format.h"
#include "manrs/rpsl/object_reader.h"
#include "manrs/rpsl/typed_objects.h"

namespace manrs {

namespace {

// The aut-num objects for asn, preferred source first, parsed from their text.
std::vector<RpslObject> AutNums(const IrrDatabase& irr, Asn asn) {
  std::vector<RpslObject> out;
  for (const IrrObjectRef* ref : irr.FindObjects("aut-num", fmt::format("AS{}", asn), kAllSources)) {
    RpslReader reader(irr.Text(*ref), "irr", nullptr);
    RpslObject object;
    if (reader.Next(&object)) out.push_back(std::move(object));
  }
  return out;
}

}  // namespace

std::optional<bool> PolicyRegistered(const IrrDatabase* irr, Asn asn) {
  if (irr == nullptr) return std::nullopt;
  for (const RpslObject& object : AutNums(*irr, asn)) {
    auto aut_num = AutNumFromRpsl(object);
    if (!aut_num) continue;
    const bool imports = !aut_num->imports.empty() || !aut_num->mp_imports.empty();
    const bool exports = !aut_num->exports.empty() || !aut_num->mp_exports.empty();
    if (imports && exports) return true;
  }
  return false;
}

ContactFindings FindContacts(const IrrDatabase* irr, const PeeringDb* peeringdb, Asn asn) {
  ContactFindings findings;
  if (irr == nullptr && peeringdb == nullptr) return findings;
  findings.registered = false;
  if (irr != nullptr) {
    std::set<std::string> seen;
    for (const RpslObject& object : AutNums(*irr, asn)) {
      for (const char* role : {"admin-c", "tech-c"}) {
        for (const std::string& handle : object.ListOf(role)) {
          const std::string key = ToUpperAscii(handle);
          if (!seen.insert(std::string(role) + key).second) continue;
          for (const char* cls : {"role", "person"}) {
            const auto refs = irr->FindObjects(cls, key, kAllSources);
            if (refs.empty()) continue;
            RpslReader reader(irr->Text(*refs.front()), "irr", nullptr);
            RpslObject contact_object;
            if (!reader.Next(&contact_object)) continue;
            auto contact = ContactFromRpsl(contact_object);
            if (!contact) continue;
            // abuse-mailbox alone is not a contact for operations (M8).
            if (contact->e_mail.empty() && contact->phone.empty()) continue;
            findings.contacts.push_back(Contact{
                "irr", fmt::format("{} {}", cls, key), role,
                contact->e_mail.empty() ? std::string() : contact->e_mail.front(),
                contact->phone.empty() ? std::string() : contact->phone.front()});
            break;
          }
        }
      }
    }
  }
  if (peeringdb != nullptr) {
    if (const PeeringDbNet* net = peeringdb->Net(asn)) {
      for (const PeeringDbPoc& poc : net->pocs) {
        if (poc.role == "Abuse" || poc.visible != "Public") continue;
        if (poc.email.empty() && poc.phone.empty()) continue;
        findings.contacts.push_back(
            Contact{"peeringdb", fmt::format("poc {}", poc.id), poc.role, poc.email, poc.phone});
      }
    }
  }
  findings.registered = !findings.contacts.empty();
  return findings;
}

}  // namespace manrs
