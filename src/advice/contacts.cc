// `manrs contacts`: the RPSL and PeeringDB checks of doc/advice.md.
#include "manrs/advice/contacts.h"

#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <map>
#include <set>

#include "fmt/format.h"
#include "manrs/base/json_string.h"
#include "manrs/observe/registration.h"
#include "manrs/observe/report.h"
#include "manrs/rpsl/object_reader.h"
#include "manrs/rpsl/typed_objects.h"

namespace manrs {

namespace {

struct Found {
  RpslObject object;
  std::string source;
};

// The first (preferred-source) object of a class with this primary key.
std::optional<Found> FindFirst(const IrrDatabase& irr, std::string_view class_name,
                               std::string_view key) {
  for (const IrrObjectRef* ref : irr.FindObjects(class_name, ToUpperAscii(key), kAllSources)) {
    RpslReader reader(irr.Text(*ref), "irr", nullptr);
    RpslObject object;
    if (reader.Next(&object)) return Found{std::move(object), irr.sources()[ref->source]};
  }
  return std::nullopt;
}

// person and role objects are filed under their name, not their nic-hdl:
// one pass over them resolves every wanted handle (preferred source first).
std::map<std::string, Found> ResolveHandles(const IrrDatabase& irr,
                                            const std::set<std::string>& handles) {
  std::map<std::string, Found> out;
  std::map<std::string, std::uint16_t> source_of;
  if (handles.empty()) return out;
  for (const IrrObjectRef& ref : irr.objects()) {
    if (ref.class_name != "person" && ref.class_name != "role") continue;
    RpslReader reader(irr.Text(ref), "irr", nullptr);
    RpslObject object;
    if (!reader.Next(&object)) continue;
    const std::string* hdl = object.Find("nic-hdl");
    if (hdl == nullptr) continue;
    const std::string key = ToUpperAscii(*hdl);
    if (!handles.contains(key)) continue;
    auto [it, added] = source_of.try_emplace(key, ref.source);
    if (!added && it->second <= ref.source) continue;
    it->second = ref.source;
    out[key] = Found{std::move(object), irr.sources()[ref.source]};
  }
  return out;
}

std::string DomainOf(std::string_view email) {
  auto at = email.rfind('@');
  return at == std::string_view::npos ? std::string() : ToLowerAscii(email.substr(at + 1));
}

class Checker {
 public:
  Checker(const ContactsOptions& options, ContactsReport* report)
      : options_(options), report_(report) {}

  void Add(std::string source, std::string object, std::string check, bool ok, std::string detail) {
    report_->findings.push_back(ContactFinding{std::move(source), std::move(object),
                                               std::move(check), ok, std::move(detail)});
  }

  void Email(const std::string& source, const std::string& object, std::string_view check,
             std::string_view address) {
    const bool ok = WellFormedEmail(address);
    Add(source, object, std::string(check), ok,
        ok ? std::string(address) : fmt::format("'{}' is not a well-formed address", address));
    if (ok) domains_.insert(DomainOf(address));
  }

  void Stale(const std::string& object_name, const RpslObject& object) {
    auto changed = LastChanged(object);
    if (!changed) {
      Add("irr", object_name, "not-stale", true, "no last-modified or changed date");
      return;
    }
    const std::int64_t limit = std::int64_t{options_.stale_years} * 365 * 86400;
    const bool fresh = options_.now - *changed <= limit;
    Add("irr", object_name, "not-stale", fresh,
        fmt::format("last changed {}{}", IsoTime(*changed).substr(0, 10),
                    fresh ? "" : fmt::format(", over {} years ago", options_.stale_years)));
  }

  void CheckMail() {
    if (!options_.mx_lookup) return;
    for (const std::string& domain : domains_) {
      std::vector<std::string> mx;
      std::string error;
      const bool ok = options_.mx_lookup(domain, &mx, &error) && !mx.empty();
      std::string detail = ok ? fmt::format("MX {}", fmt::join(mx, ", "))
                              : (error.empty() ? std::string("no MX record") : error);
      Add("dns", "domain " + domain, "mail-domain-has-mx", ok, std::move(detail));
    }
  }

 private:
  const ContactsOptions& options_;
  ContactsReport* report_;
  std::set<std::string> domains_;
};

void CheckIrr(const IrrDatabase& irr, Asn asn, Checker& c, ContactsReport* report) {
  const std::string aut_num_name = fmt::format("aut-num AS{}", asn);
  std::vector<RpslObject> aut_nums = AutNumObjects(irr, asn);
  if (aut_nums.empty()) {
    c.Add("irr", aut_num_name, "aut-num-exists", false,
          fmt::format("no aut-num for AS{} in {} loaded source(s)", asn, irr.sources().size()));
    return;
  }
  report->known = true;
  const RpslObject& aut_num = aut_nums.front();  // the preferred source's
  const std::string* source = aut_num.Find("source");
  c.Add("irr", aut_num_name, "aut-num-exists", true,
        fmt::format("source {}{}", source ? *source : std::string("?"),
                    aut_nums.size() > 1
                        ? fmt::format(" (and {} other source(s))", aut_nums.size() - 1)
                        : std::string()));
  c.Stale(aut_num_name, aut_num);

  std::set<std::string> handles;
  const char* kRoles[] = {"admin-c", "tech-c", "abuse-c"};
  for (const char* role : kRoles) {
    for (const std::string& h : aut_num.ListOf(role)) handles.insert(ToUpperAscii(h));
  }
  std::map<std::string, Found> resolved = ResolveHandles(irr, handles);
  bool has_abuse_c = false;
  std::set<std::string> checked;
  for (const char* role : kRoles) {
    const std::vector<std::string> list = aut_num.ListOf(role);
    if (list.empty()) {
      c.Add("irr", aut_num_name, std::string(role) + "-present", false,
            fmt::format("the aut-num names no {}", role));
      continue;
    }
    for (const std::string& raw : list) {
      const std::string h = ToUpperAscii(raw);
      if (std::string_view(role) == "abuse-c") has_abuse_c = true;
      auto it = resolved.find(h);
      std::optional<Found> irt;
      if (it == resolved.end()) irt = FindFirst(irr, "irt", h);
      if (it == resolved.end() && !irt) {
        c.Add("irr", aut_num_name, std::string(role) + "-resolves", false,
              fmt::format("{} {} names no person, role or irt object in any source", role, h));
        continue;
      }
      const Found& found = it != resolved.end() ? it->second : *irt;
      auto contact = ContactFromRpsl(found.object);
      const std::string name = fmt::format("{} {}", found.object.class_name(), h);
      if (!contact) {
        c.Add("irr", name, "well-formed", false,
              fmt::format("the {} object in source {} is malformed: {}", found.object.class_name(),
                          found.source, contact.error().message));
        continue;
      }
      c.Add("irr", aut_num_name, std::string(role) + "-resolves", true,
            fmt::format("{} {} ({}, source {})", role, h, contact->name, found.source));
      if (!checked.insert(name).second) continue;
      if (contact->e_mail.empty()) {
        c.Add("irr", name, "email", false, "no e-mail attribute");
      }
      for (const std::string& e : contact->e_mail) c.Email("irr", name, "email", e);
      c.Add("irr", name, "phone", !contact->phone.empty(),
            contact->phone.empty() ? "no phone: no 24/7 reachability by telephone"
                                   : contact->phone.front());
      for (const std::string& e : contact->abuse_mailbox) {
        c.Email("irr", name, "abuse-mailbox", e);
      }
      if (std::string_view(role) == "abuse-c" && contact->abuse_mailbox.empty()) {
        c.Add("irr", name, "abuse-mailbox", false, "the abuse-c object has no abuse-mailbox");
      }
      c.Stale(name, found.object);
    }
  }
  if (!has_abuse_c) {
    // Without abuse-c the RIRs fall back to an abuse-mailbox on the aut-num.
    const std::vector<std::string_view> mailboxes = aut_num.FindAll("abuse-mailbox");
    for (std::string_view e : mailboxes) c.Email("irr", aut_num_name, "abuse-mailbox", e);
  }
  const std::vector<std::string> maintainers = aut_num.ListOf("mnt-by");
  if (maintainers.empty()) c.Add("irr", aut_num_name, "mntner-exists", false, "no mnt-by");
  for (const std::string& m : maintainers) {
    const std::string name = "mntner " + ToUpperAscii(m);
    auto mntner = FindFirst(irr, "mntner", m);
    c.Add("irr", aut_num_name, "mntner-exists", mntner.has_value(),
          mntner ? fmt::format("{} (source {})", name, mntner->source)
                 : fmt::format("{} is in no loaded source", name));
    if (mntner) c.Stale(name, mntner->object);
  }
}

void CheckPeeringDb(const PeeringDb& pdb, Asn asn, Checker& c, ContactsReport* report) {
  const PeeringDbNet* net = pdb.Net(asn);
  const std::string asn_name = fmt::format("net AS{}", asn);
  if (net == nullptr) {
    c.Add("peeringdb", asn_name, "net-exists", false,
          fmt::format("no PeeringDB net record for AS{} (of {} loaded)", asn, pdb.nets().size()));
    return;
  }
  report->known = true;
  const std::string name = fmt::format("net {}", net->id);
  c.Add("peeringdb", name, "net-exists", true, fmt::format("{} (AS{})", net->name, asn));
  c.Add("peeringdb", name, "info-type", !net->info_type.empty(),
        net->info_type.empty() ? "no network type" : net->info_type);
  c.Add("peeringdb", name, "policy-general", !net->policy_general.empty(),
        net->policy_general.empty() ? "no peering policy" : net->policy_general);
  c.Add("peeringdb", name, "irr-as-set", !net->irr_as_set.empty(),
        net->irr_as_set.empty() ? "no IRR AS-SET: peers cannot build filters for you"
                                : net->irr_as_set);
  const bool counts = net->info_prefixes4 >= 0 || net->info_prefixes6 >= 0;
  c.Add("peeringdb", name, "info-prefixes", counts,
        counts ? fmt::format("IPv4 {}, IPv6 {} (peers set max-prefix from these)",
                             net->info_prefixes4, net->info_prefixes6)
               : "no prefix counts: peers cannot set max-prefix limits");
  c.Add("peeringdb", name, "info-scope", true,
        fmt::format("scope {}{}", net->info_scope.empty() ? "not given" : net->info_scope,
                    net->never_via_route_servers ? "; never via route servers" : ""));
  std::set<std::string> public_roles;
  for (const PeeringDbPoc& poc : net->pocs) {
    const std::string poc_name = fmt::format("poc {}", poc.id);
    const bool reachable = !poc.email.empty() || !poc.phone.empty();
    c.Add("peeringdb", poc_name, "poc-visible", poc.visible == "Public",
          fmt::format("{} ({}), visible to {}", poc.role, poc.name.empty() ? "-" : poc.name,
                      poc.visible.empty() ? "?" : poc.visible));
    if (!poc.email.empty()) c.Email("peeringdb", poc_name, "email", poc.email);
    if (!reachable) c.Add("peeringdb", poc_name, "email", false, "no e-mail and no phone");
    if (poc.visible == "Public" && reachable) public_roles.insert(poc.role);
  }
  for (const char* role : {"NOC", "Abuse", "Policy", "Technical"}) {
    const bool ok = public_roles.contains(role);
    c.Add("peeringdb", name, fmt::format("poc-{}", ToLowerAscii(role)), ok,
          ok ? fmt::format("a public {} contact", role)
             : fmt::format("no public {} contact with an e-mail or phone", role));
  }
  std::set<std::string> exchanges;
  for (const PeeringDbNetIxLan& x : net->ixlans) {
    exchanges.insert(x.name.empty() ? fmt::format("ix {}", x.ix_id) : x.name);
  }
  c.Add("peeringdb", name, "exchanges", true,
        exchanges.empty()
            ? "present at no exchange in the data"
            : fmt::format("{} exchange(s): {}", exchanges.size(), fmt::join(exchanges, ", ")));
  std::set<std::string> facilities;
  for (const PeeringDbNetFac& f : net->facilities) {
    std::string place = f.name.empty() ? fmt::format("fac {}", f.fac_id) : f.name;
    if (!f.city.empty() || !f.country.empty()) {
      place += fmt::format(" ({}{}{})", f.city, f.city.empty() || f.country.empty() ? "" : ", ",
                           f.country);
    }
    facilities.insert(std::move(place));
  }
  c.Add("peeringdb", name, "facilities", true,
        facilities.empty()
            ? "present at no facility in the data"
            : fmt::format("{} facilit{}: {}", facilities.size(),
                          facilities.size() == 1 ? "y" : "ies", fmt::join(facilities, "; ")));
}

bool Label(std::string_view l) {
  if (l.empty() || l.size() > 63 || l.front() == '-' || l.back() == '-') return false;
  for (char ch : l) {
    const bool alnum =
        (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    if (!alnum && ch != '-') return false;
  }
  return true;
}

}  // namespace

bool WellFormedEmail(std::string_view a) {
  const auto at = a.find('@');
  if (at == std::string_view::npos || at == 0 || a.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (char ch : a.substr(0, at)) {
    if (static_cast<unsigned char>(ch) <= ' ' || ch == '<' || ch == '>' || ch == ',') return false;
  }
  std::string_view domain = a.substr(at + 1);
  if (domain.find('.') == std::string_view::npos) return false;
  while (true) {
    const auto dot = domain.find('.');
    if (!Label(domain.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    domain.remove_prefix(dot + 1);
  }
}

std::optional<std::int64_t> LastChanged(const RpslObject& object) {
  if (const std::string* lm = object.Find("last-modified")) {
    if (auto t = ParseIsoTime(*lm)) return *t;
  }
  std::optional<std::int64_t> latest;
  for (std::string_view changed : object.FindAll("changed")) {
    // "changed: hostmaster@example.net 20010101": the date is the last word.
    const auto blank = changed.find_last_of(" \t");
    if (blank == std::string_view::npos) continue;
    std::string_view d = changed.substr(blank + 1);
    if (d.size() != 8) continue;
    auto t = ParseIsoTime(fmt::format("{}-{}-{}", d.substr(0, 4), d.substr(4, 2), d.substr(6, 2)));
    if (t && (!latest || *t > *latest)) latest = *t;
  }
  return latest;
}

bool SystemMxLookup(std::string_view domain, std::vector<std::string>* exchanges,
                    std::string* error) {
  unsigned char answer[4096];
  const std::string name(domain);
  const int n = res_query(name.c_str(), ns_c_in, ns_t_mx, answer, sizeof answer);
  if (n < 0) {
    *error = h_errno == HOST_NOT_FOUND ? "no such domain"
             : h_errno == NO_DATA      ? "no MX record"
                                       : "the resolver gave no answer";
    return false;
  }
  ns_msg msg;
  if (ns_initparse(answer, n, &msg) < 0) {
    *error = "unreadable DNS answer";
    return false;
  }
  for (int i = 0; i < ns_msg_count(msg, ns_s_an); ++i) {
    ns_rr rr;
    if (ns_parserr(&msg, ns_s_an, i, &rr) < 0 || ns_rr_type(rr) != ns_t_mx) continue;
    if (ns_rr_rdlen(rr) < 3) continue;
    char host[NS_MAXDNAME];
    if (ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg), ns_rr_rdata(rr) + 2, host,
                           sizeof host) < 0) {
      continue;
    }
    exchanges->push_back(host);
  }
  return true;
}

ContactsReport CheckContacts(const IrrDatabase* irr, const PeeringDb* peeringdb, Asn asn,
                             const ContactsOptions& options) {
  ContactsReport report;
  report.asn = asn;
  Checker c(options, &report);
  if (irr == nullptr) {
    c.Add("irr", "-", "irr-loaded", false, "no IRR data loaded");
  } else {
    CheckIrr(*irr, asn, c, &report);
  }
  if (peeringdb == nullptr) {
    c.Add("peeringdb", "-", "peeringdb-loaded", false, "no PeeringDB data loaded");
  } else {
    CheckPeeringDb(*peeringdb, asn, c, &report);
  }
  c.CheckMail();
  // MANRS Coordination: the observatory's M8 rule, one definition.
  ContactFindings m8 = FindContacts(irr, peeringdb, asn);
  report.registered = m8.registered;
  std::string evidence;
  for (const Contact& k : m8.contacts) {
    evidence +=
        fmt::format("{}{} {} ({})", evidence.empty() ? "" : "; ", k.source, k.object, k.role);
  }
  c.Add(m8.contacts.empty() ? "irr" : m8.contacts.front().source, fmt::format("AS{}", asn),
        "manrs-coordination", m8.registered.value_or(false),
        m8.registered.has_value()
            ? (evidence.empty() ? "no reachable public non-abuse contact in the IRR or PeeringDB"
                                : evidence)
            : "neither IRR nor PeeringDB data loaded");
  if (!report.known) {
    c.Add("irr", fmt::format("AS{}", asn), "asn-known", false,
          fmt::format("AS{} is unknown to every loaded source", asn));
  }
  return report;
}

std::string ContactsJson(const ContactsReport& r) {
  std::string j = fmt::format("{{\"asn\":{},\"registered\":{},\"known\":{},\"findings\":[", r.asn,
                              r.registered ? (*r.registered ? "true" : "false") : "null",
                              r.known ? "true" : "false");
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const ContactFinding& f = r.findings[i];
    j += i ? ",{\"source\":" : "{\"source\":";
    AppendJsonString(&j, f.source);
    j += ",\"object\":";
    AppendJsonString(&j, f.object);
    j += ",\"check\":";
    AppendJsonString(&j, f.check);
    j += f.ok ? ",\"ok\":true,\"detail\":" : ",\"ok\":false,\"detail\":";
    AppendJsonString(&j, f.detail);
    j += '}';
  }
  j += "]}\n";
  return j;
}

std::string ContactsText(const ContactsReport& r) {
  std::string t = fmt::format("AS{}: MANRS coordination (M8) {}\n", r.asn,
                              !r.registered   ? "unmeasured (no data loaded)"
                              : *r.registered ? "met"
                                              : "NOT met");
  for (const ContactFinding& f : r.findings) {
    t += fmt::format("{:4}  {:9}  {:24}  {:22}  {}\n", f.ok ? "ok" : "FAIL", f.source, f.object,
                     f.check, f.detail);
  }
  return t;
}

}  // namespace manrs
