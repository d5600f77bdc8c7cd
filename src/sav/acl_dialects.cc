// The router formats. Every list is an ingress allow-list: permit the blocks,
// then drop the rest, one list per interface and family. Junos and FRR reuse
// the filter area's prefix-list writers (and their guards); the ACL syntaxes
// follow each vendor's documentation:
//   IOS     "ip access-list extended N" / " permit ip A WILDCARD any", "ipv6 access-list N"
//   IOS XR  "ipv4 access-list N" / " 10 permit ipv4 A/L any"
//   EOS     "ip access-list N" / "   10 permit ip A/L any"
//   Junos   prefix-list + "firewall family inet filter N" with source-prefix-list
//   nft     an interval set per list, "iifname X ip saddr != @set drop"
//   iptables a chain per list in the raw table's PREROUTING
//   FRR     "ip prefix-list N seq 5 permit A/L" (FRR has no interface packet
//           filter; the lists serve route-maps and PBR)
#include <algorithm>
#include <cstdio>

#include "manrs/filter/render.h"
#include "sav/acl_writer.h"

namespace manrs::sav_internal {

namespace {

std::string Text(const Prefix& p) { return p.ToString(); }

// Appends every piece (GCC 12 reports false -Wrestrict overlaps on chains of
// std::string operator+, so the writers append piece by piece).
template <typename... Pieces>
void Put(std::string* out, const Pieces&... pieces) {
  (out->append(pieces), ...);
}

std::string V4Wildcard(const Prefix& p) {
  const int len = p.length();
  const std::uint32_t wild = len >= 32 ? 0u : (len == 0 ? ~0u : (~0u >> len));
  return IpAddress::V4(wild).ToString();
}

// The list with fe80::/10 in its sorted place (unless a block covers it).
std::vector<Prefix> WithLinkLocal(std::vector<Prefix> v6) {
  for (const Prefix& p : v6) {
    if (p.Contains(kLinkLocal6)) return v6;
  }
  std::erase_if(v6, [](const Prefix& p) { return kLinkLocal6.Contains(p); });
  v6.insert(std::lower_bound(v6.begin(), v6.end(), kLinkLocal6), kLinkLocal6);
  return v6;
}

}  // namespace

Result<std::string> WriteIos(const std::vector<AclList>& lists) {
  std::string out;
  for (const AclList& l : lists) {
    Put(&out, "! ", l.comment, "\n");
    const std::string n4 = l.name + "_v4", n6 = l.name + "_v6";
    Put(&out, "no ip access-list extended ", n4, "\nip access-list extended ", n4, "\n");
    for (const Prefix& p : l.v4) {
      if (p.length() == 32) {
        Put(&out, " permit ip host ", p.address().ToString(), " any\n");
      } else {
        Put(&out, " permit ip ", p.address().ToString(), " ", V4Wildcard(p), " any\n");
      }
    }
    out += " deny ip any any\n";
    Put(&out, "no ipv6 access-list ", n6, "\nipv6 access-list ", n6, "\n");
    for (const Prefix& p : WithLinkLocal(l.v6)) out += " permit ipv6 " + Text(p) + " any\n";
    out += " deny ipv6 any any\n";
  }
  return out;
}

Result<std::string> WriteIosXr(const std::vector<AclList>& lists) {
  std::string out;
  for (const AclList& l : lists) {
    Put(&out, "! ", l.comment, "\n");
    auto block = [&](const char* family, const std::string& name, const std::vector<Prefix>& v) {
      Put(&out, family, " access-list ", name, "\n");
      int seq = 10;
      for (const Prefix& p : v) {
        Put(&out, " ", std::to_string(seq), " permit ", family, " ", Text(p), " any\n");
        seq += 10;
      }
      Put(&out, " ", std::to_string(seq), " deny ", family, " any any\n!\n");
    };
    block("ipv4", l.name + "_v4", l.v4);
    block("ipv6", l.name + "_v6", WithLinkLocal(l.v6));
  }
  return out;
}

Result<std::string> WriteEos(const std::vector<AclList>& lists) {
  std::string out;
  for (const AclList& l : lists) {
    Put(&out, "! ", l.comment, "\n");
    auto block = [&](const char* family, const char* proto, const std::string& name,
                     const std::vector<Prefix>& v) {
      Put(&out, "no ", family, " access-list ", name, "\n");
      Put(&out, family, " access-list ", name, "\n");
      int seq = 10;
      for (const Prefix& p : v) {
        Put(&out, "   ", std::to_string(seq), " permit ", proto, " ", Text(p), " any\n");
        seq += 10;
      }
      Put(&out, "   ", std::to_string(seq), " deny ", proto, " any any\n!\n");
    };
    block("ip", "ip", l.name + "_v4", l.v4);
    block("ipv6", "ipv6", l.name + "_v6", WithLinkLocal(l.v6));
  }
  return out;
}

Result<std::string> WriteJunos(const std::vector<AclList>& lists) {
  std::string out;
  for (const AclList& l : lists) {
    Put(&out, "/* ", l.comment, " */\n");
    for (int v6 = 0; v6 < 2; ++v6) {
      const std::string name = l.name + (v6 ? "_v6" : "_v4");
      PrefixFilter pf;
      pf.afi = v6 ? Afi::kIpv6 : Afi::kIpv4;
      for (const Prefix& p : v6 ? WithLinkLocal(l.v6) : l.v4) {
        pf.lines.push_back(PrefixRange::Exact(p));
      }
      RenderOptions ro;
      ro.dialect = Dialect::kJunosPrefixList;
      ro.name = name;
      ro.allow_empty = true;  // the interface guard ran before; an empty family drops all
      auto text = RenderPrefixFilter(pf, ro);
      if (!text) return MakeError(text.error().code, text.error().message);
      out += *text;
      const char* family = v6 ? "inet6" : "inet";
      Put(&out, "firewall {\n    family ", family, " {\n        replace:\n        filter ", name,
          " {\n");
      if (!pf.lines.empty()) {
        Put(&out,
            "            term allowed {\n                from {\n                    "
            "source-prefix-list {\n                        ",
            name,
            ";\n                    }\n                }\n                then "
            "accept;\n            }\n");
      }
      Put(&out, "            term spoofed {\n                then {\n                    count ",
          name,
          "-spoofed;\n                    discard;\n                }\n            }\n"
          "        }\n    }\n}\n");
    }
  }
  return out;
}

Result<std::string> WriteNftables(const std::vector<AclList>& lists) {
  // "table ...; delete table ..." then the full table: nft -f replaces the
  // whole ruleset of the table in one transaction.
  std::string out = "table inet manrs_sav\ndelete table inet manrs_sav\ntable inet manrs_sav {\n";
  for (const AclList& l : lists) {
    for (int v6 = 0; v6 < 2; ++v6) {
      const std::vector<Prefix> v = v6 ? WithLinkLocal(l.v6) : l.v4;
      Put(&out, "\t# ", l.comment, "\n\tset ", l.name, (v6 ? "_v6" : "_v4"), " {\n\t\ttype ",
          (v6 ? "ipv6_addr" : "ipv4_addr"), "\n\t\tflags interval\n");
      if (!v.empty()) {
        out += "\t\telements = {\n";
        for (std::size_t i = 0; i < v.size(); ++i) {
          Put(&out, "\t\t\t", Text(v[i]), (i + 1 < v.size() ? ",\n" : "\n"));
        }
        out += "\t\t}\n";
      }
      out += "\t}\n";
    }
  }
  out += "\tchain sav_prerouting {\n\t\ttype filter hook prerouting priority raw; policy accept;\n";
  for (const AclList& l : lists) {
    Put(&out, "\t\tiifname \"", l.ifname, "\" ip saddr != @", l.name, "_v4 counter drop\n");
    Put(&out, "\t\tiifname \"", l.ifname, "\" ip6 saddr != @", l.name, "_v6 counter drop\n");
  }
  out += "\t}\n}\n";
  return out;
}

Result<std::string> WriteIptables(const std::vector<AclList>& lists, bool v6) {
  // Chain names are limited to 28 characters: "sav_" and a hash of the list
  // name, with the name itself in a comment.
  std::string out = "*raw\n:PREROUTING ACCEPT [0:0]\n";
  std::vector<std::string> chains;
  for (const AclList& l : lists) {
    std::uint32_t h = 2166136261u;
    for (char c : l.name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    char buf[32];
    std::snprintf(buf, sizeof buf, "sav_%08x_%s", h, v6 ? "v6" : "v4");
    chains.push_back(buf);
    Put(&out, "# ", chains.back(), " = ", l.name, " (", l.comment, ")\n");
    Put(&out, ":", chains.back(), " - [0:0]\n");
  }
  for (std::size_t k = 0; k < lists.size(); ++k) {
    Put(&out, "-A PREROUTING -i ", lists[k].ifname, " -j ", chains[k], "\n");
    for (const Prefix& p : v6 ? WithLinkLocal(lists[k].v6) : lists[k].v4) {
      Put(&out, "-A ", chains[k], " -s ", Text(p), " -j RETURN\n");
    }
    Put(&out, "-A ", chains[k], " -j DROP\n");
  }
  out += "COMMIT\n";
  return out;
}

Result<std::string> WriteFrr(const std::vector<AclList>& lists) {
  std::string out;
  for (const AclList& l : lists) {
    Put(&out, "! ", l.comment, "\n");
    for (int v6 = 0; v6 < 2; ++v6) {
      PrefixFilter pf;
      pf.afi = v6 ? Afi::kIpv6 : Afi::kIpv4;
      for (const Prefix& p : v6 ? WithLinkLocal(l.v6) : l.v4) {
        pf.lines.push_back(PrefixRange::Exact(p));
      }
      RenderOptions ro;
      ro.dialect = Dialect::kFrr;
      ro.name = l.name + (v6 ? "_v6" : "_v4");
      ro.allow_empty = true;
      auto text = RenderPrefixFilter(pf, ro);
      if (!text) return MakeError(text.error().code, text.error().message);
      out += *text;
    }
  }
  return out;
}

}  // namespace manrs::sav_internal
