// M6 (routing policy registered) and M8 (contacts registered).
#include "manrs/observe/registration.h"

#include <set>
#include <string>

#include "fmt/format.h"
#include "manrs/rpsl/object_reader.h"
#include "manrs/rpsl/typed_objects.h"

namespace manrs {

std::vector<RpslObject> AutNumObjects(const IrrDatabase& irr, Asn asn) {
  std::vector<RpslObject> out;
  for (const IrrObjectRef* ref :
       irr.FindObjects("aut-num", fmt::format("AS{}", asn), kAllSources)) {
    RpslReader reader(irr.Text(*ref), "irr", nullptr);
    RpslObject object;
    if (reader.Next(&object)) out.push_back(std::move(object));
  }
  return out;
}

IrrState RouteIrrState(const IrrDatabase& irr, const Prefix& prefix, Asn origin,
                       SourceMask sources) {
  IrrState state = IrrState::kNotRegistered;
  for (const IrrRoute* r : irr.RoutesLessSpecific(prefix, true)) {
    if (r->origin != origin || !(sources >> r->source & 1)) continue;
    if (r->prefix == prefix) return IrrState::kRegistered;
    state = IrrState::kCovered;
  }
  return state;
}

std::optional<bool> PolicyRegistered(const IrrDatabase* irr, Asn asn) {
  if (irr == nullptr) return std::nullopt;
  for (const RpslObject& object : AutNumObjects(*irr, asn)) {
    auto aut_num = AutNumFromRpsl(object);
    if (!aut_num) continue;
    const bool imports = !aut_num->imports.empty() || !aut_num->mp_imports.empty();
    const bool exports = !aut_num->exports.empty() || !aut_num->mp_exports.empty();
    if (imports && exports) return true;
  }
  return false;
}

ContactDirectory::ContactDirectory(const IrrDatabase& irr) {
  for (const IrrObjectRef& ref : irr.objects()) {
    if (ref.class_name != "person" && ref.class_name != "role") continue;
    RpslReader reader(irr.Text(ref), "irr", nullptr);
    RpslObject object;
    if (!reader.Next(&object)) continue;
    auto contact = ContactFromRpsl(object);
    if (!contact || contact->nic_hdl.empty()) continue;
    // Sources are numbered in preference order: keep the preferred one.
    auto [it, added] = source_.try_emplace(contact->nic_hdl, ref.source);
    if (!added && it->second <= ref.source) continue;
    it->second = ref.source;
    by_handle_[contact->nic_hdl] = std::move(*contact);
  }
}

const ContactObject* ContactDirectory::Find(std::string_view nic_hdl) const {
  auto it = by_handle_.find(ToUpperAscii(nic_hdl));
  return it == by_handle_.end() ? nullptr : &it->second;
}

ContactFindings FindContacts(const IrrDatabase* irr, const PeeringDb* peeringdb, Asn asn,
                             const ContactDirectory* directory) {
  ContactFindings findings;
  if (irr == nullptr && peeringdb == nullptr) return findings;
  findings.registered = false;
  std::optional<ContactDirectory> own;
  if (irr != nullptr && directory == nullptr) directory = &own.emplace(*irr);
  if (irr != nullptr) {
    std::set<std::string> seen;
    for (const RpslObject& object : AutNumObjects(*irr, asn)) {
      for (const char* role : {"admin-c", "tech-c"}) {
        for (const std::string& handle : object.ListOf(role)) {
          const std::string key = ToUpperAscii(handle);
          if (!seen.insert(key).second) continue;
          const ContactObject* contact = directory->Find(key);
          // abuse-mailbox alone is not a contact for operations (M8).
          if (!contact || (contact->e_mail.empty() && contact->phone.empty())) continue;
          findings.contacts.push_back(
              Contact{"irr", fmt::format("{} {}", contact->class_name, key), role,
                      contact->e_mail.empty() ? std::string() : contact->e_mail.front(),
                      contact->phone.empty() ? std::string() : contact->phone.front()});
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
