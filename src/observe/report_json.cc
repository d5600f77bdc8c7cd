// The report object as JSON and CSV.
#include <iterator>

#include "fmt/format.h"
#include "manrs/observe/report_format.h"
#include "observe/json_text.h"

namespace manrs {

using observe_internal::AppendJsonNumber;
using observe_internal::AppendJsonString;

namespace {

void OptBool(std::string* out, std::optional<bool> v) {
  out->append(!v ? "null" : *v ? "true" : "false");
}

void Num(std::string* out, std::uint64_t v) { fmt::format_to(std::back_inserter(*out), "{}", v); }

const char* MetricName(int kind, int role) {
  static const char* const kNames[kIncidentKinds][2] = {
      {"M2", "M2C"}, {"M1", "M1C"}, {"M3", "M3C"}, {"M4", "M4C"}};
  return kNames[kind][role];
}

}  // namespace

void AppendReportJson(const AsReport& r, std::string* out) {
  const AsMetrics& m = r.metrics;
  std::string& j = *out;
  fmt::format_to(std::back_inserter(j),
                 "{{\"asn\":{},\"period\":{{\"start\":\"{}\",\"end\":\"{}\"}}", m.asn,
                 IsoTime(r.period.start), IsoTime(r.period.end));
  j += ",\"announced_prefixes\":";
  Num(&j, m.prefixes);
  j += ",\"rpki\":{\"valid\":";
  Num(&j, m.rpki_valid);
  j += ",\"invalid\":";
  Num(&j, m.rpki_invalid);
  j += ",\"not_found\":";
  Num(&j, m.rpki_not_found);
  j += ",\"score\":";
  AppendJsonNumber(&j, m.RpkiScore());
  j += "},\"irr\":";
  if (m.irr_measured) {
    j += "{\"registered\":";
    Num(&j, m.irr_registered);
    j += ",\"not_registered\":";
    Num(&j, m.irr_not_registered);
    j += ",\"share\":";
    AppendJsonNumber(&j, m.IrrShare());
    j += "}";
  } else {
    j += "null";
  }
  j += ",\"bogon_prefixes\":";
  Num(&j, m.bogon_prefixes);
  j += ",\"bogon_asns\":";
  Num(&j, m.bogon_asns);
  j += ",\"bogon_prefixes_administrative\":";
  Num(&j, m.bogon_prefixes_administrative);
  j += ",\"bogon_asns_administrative\":";
  Num(&j, m.bogon_asns_administrative);
  j += ",\"customers\":";
  if (m.customers_measured) {
    j += "{\"bogon_prefixes\":";
    Num(&j, m.customer_bogon_prefixes);
    j += ",\"bogon_asns\":";
    Num(&j, m.customer_bogon_asns);
    j += "}";
  } else {
    j += "null";
  }
  j += ",\"policy_registered\":";
  OptBool(&j, m.policy_registered);
  j += ",\"contacts_registered\":";
  OptBool(&j, m.contacts_registered);
  j += ",\"contacts\":[";
  for (std::size_t i = 0; i < m.contacts.size(); ++i) {
    const Contact& c = m.contacts[i];
    if (i) j += ",";
    j += "{\"source\":";
    AppendJsonString(&j, c.source);
    j += ",\"object\":";
    AppendJsonString(&j, c.object);
    j += ",\"role\":";
    AppendJsonString(&j, c.role);
    j += ",\"email\":";
    AppendJsonString(&j, c.email);
    j += ",\"phone\":";
    AppendJsonString(&j, c.phone);
    j += "}";
  }
  j += "],\"aspa\":";
  if (m.aspa_measured) {
    fmt::format_to(std::back_inserter(j),
                   "{{\"has_aspa\":{},\"valid\":{},\"invalid\":{},\"unknown\":{}}}",
                   m.has_aspa ? "true" : "false", m.aspa_valid, m.aspa_invalid, m.aspa_unknown);
  } else {
    j += "null";
  }
  j += ",\"anti_spoofing\":";
  if (m.anti_spoofing) {
    const AntiSpoofing& a = *m.anti_spoofing;
    fmt::format_to(std::back_inserter(j),
                   "{{\"packets\":{},\"spoofed_packets\":{},\"by_reason\":{{\"martian\":{},"
                   "\"bogon\":{},\"not_allowed\":{}}},\"files\":[",
                   a.packets, a.spoofed_packets, a.martian, a.bogon, a.not_allowed);
    for (std::size_t i = 0; i < a.files.size(); ++i) {
      if (i) j += ",";
      AppendJsonString(&j, a.files[i]);
    }
    j += "]}";
  } else {
    j += "null";
  }
  j += ",\"metrics\":{";
  bool first = true;
  for (int kind : {1, 0, 2, 3}) {  // M1 leak, M2 hijack, M3, M4
    for (int role = 0; role < 2; ++role) {
      if (!first) j += ",";
      first = false;
      AppendJsonString(&j, MetricName(kind, role));
      j += ":";
      AppendJsonNumber(
          &j, m.incident_score[static_cast<std::size_t>(kind)][static_cast<std::size_t>(role)]);
    }
  }
  j += "},\"actions\":{";
  for (int a = 0; a < kActions; ++a) {
    if (a) j += ",";
    AppendJsonString(&j, ActionName(static_cast<Action>(a)));
    j += ":{\"score\":";
    AppendJsonNumber(&j, m.actions[static_cast<std::size_t>(a)].score);
    j += ",\"label\":";
    AppendJsonString(&j, ReadinessLabelName(m.actions[static_cast<std::size_t>(a)].label));
    j += "}";
  }
  j += "},\"incidents\":[";
  for (std::size_t i = 0; i < r.incidents.size(); ++i) {
    const Incident& inc = r.incidents[i];
    if (i) j += ",";
    j += "{\"kind\":";
    AppendJsonString(&j, IncidentKindName(inc.kind));
    j += ",\"role\":";
    AppendJsonString(&j, IncidentRoleName(inc.role));
    fmt::format_to(std::back_inserter(j), ",\"culprit\":{},\"start\":\"{}\",\"end\":", inc.culprit,
                   IsoTime(inc.start));
    if (inc.end) {
      AppendJsonString(&j, IsoTime(*inc.end));
    } else {
      j += "null";
    }
    j += ",\"score\":";
    AppendJsonNumber(&j, inc.score);
    j += ",\"confidence\":";
    AppendJsonString(&j, inc.confidence);
    if (!inc.bogon_class.empty()) {
      j += ",\"bogon_class\":";
      AppendJsonString(&j, inc.bogon_class);
    }
    fmt::format_to(std::back_inserter(j), ",\"prefixes\":{},\"routes\":{},\"peers\":{}",
                   inc.prefix_count, inc.route_count, inc.peer_count);
    j += ",\"evidence\":";
    j += inc.evidence_json.empty() ? std::string("null") : inc.evidence_json;
    j += "}";
  }
  j += "],\"prefixes\":[";
  for (std::size_t i = 0; i < r.prefixes.size(); ++i) {
    const PrefixState& p = r.prefixes[i];
    if (i) j += ",";
    j += "{\"prefix\":";
    AppendJsonString(&j, p.prefix.ToString());
    j += ",\"rpki\":";
    AppendJsonString(&j, RovStateName(p.rpki));
    j += ",\"irr\":";
    AppendJsonString(&j, IrrStateName(p.irr));
    fmt::format_to(std::back_inserter(j), ",\"peers\":{},\"bogon\":{}}}", p.peers,
                   p.bogon ? "true" : "false");
  }
  j += "]}";
}

void AppendReportCsvHeader(std::string* out) {
  out->append(
      "asn,period_start,period_end,announced_prefixes,rpki_valid,rpki_invalid,rpki_not_found,"
      "rpki_score,irr_registered,irr_not_registered,irr_share,bogon_prefixes,bogon_asns,"
      "bogon_prefixes_administrative,bogon_asns_administrative,customer_bogon_prefixes,"
      "customer_bogon_asns,policy_registered,contacts_registered,has_aspa,aspa_valid,"
      "aspa_invalid,aspa_unknown,m1,m1c,m2,m2c,m3,m3c,m4,m4c,incidents,filtering_score,"
      "filtering,anti_spoofing_score,anti_spoofing,coordination_score,coordination,"
      "global_validation_score,global_validation\n");
}

void AppendReportCsv(const AsReport& r, std::string* out) {
  const AsMetrics& m = r.metrics;
  std::string& j = *out;
  auto opt = [&](std::optional<double> v) {
    j += ",";
    if (v) AppendJsonNumber(&j, *v);
  };
  auto optb = [&](std::optional<bool> v) {
    j += ",";
    if (v) j += *v ? "1" : "0";
  };
  fmt::format_to(std::back_inserter(j), "{},{},{},{},{},{},{}", m.asn, IsoTime(r.period.start),
                 IsoTime(r.period.end), m.prefixes, m.rpki_valid, m.rpki_invalid, m.rpki_not_found);
  opt(m.RpkiScore());
  if (m.irr_measured) {
    fmt::format_to(std::back_inserter(j), ",{},{}", m.irr_registered, m.irr_not_registered);
  } else {
    j += ",,";
  }
  opt(m.IrrShare());
  fmt::format_to(std::back_inserter(j), ",{},{},{},{}", m.bogon_prefixes, m.bogon_asns,
                 m.bogon_prefixes_administrative, m.bogon_asns_administrative);
  if (m.customers_measured) {
    fmt::format_to(std::back_inserter(j), ",{},{}", m.customer_bogon_prefixes,
                   m.customer_bogon_asns);
  } else {
    j += ",,";
  }
  optb(m.policy_registered);
  optb(m.contacts_registered);
  if (m.aspa_measured) {
    fmt::format_to(std::back_inserter(j), ",{},{},{},{}", m.has_aspa ? 1 : 0, m.aspa_valid,
                   m.aspa_invalid, m.aspa_unknown);
  } else {
    j += ",,,,";
  }
  for (int kind : {1, 0, 2, 3}) {
    for (int role = 0; role < 2; ++role) {
      opt(m.incident_score[static_cast<std::size_t>(kind)][static_cast<std::size_t>(role)]);
    }
  }
  fmt::format_to(std::back_inserter(j), ",{}", r.incidents.size());
  for (const Readiness& a : m.actions) {
    opt(a.score);
    j += ",";
    j += ReadinessLabelName(a.label);
  }
  j += "\n";
}

}  // namespace manrs
