#!/usr/bin/env python3
"""Prepares tests/policy_bird_test.sh: from bgpdump -m lines of one
neighbour's RIB routes (IPv4, paths without AS_SET) it writes
  routes.txt   PREFIX PATH... (the routes the neighbour sent)
  irr.rpsl     route objects for every other route (prefix, origin) and
               AS-NEIGH listing every origin: half the routes registered
  static.conf  the sending BIRD's static routes, each carrying the path
               after the neighbour's own AS (BIRD prepends that itself)
  vrps.json    the VRPs of the snapshot that cover any of the routes
usage: policy_bird_prep.py NEIGHBOUR_ASN BGPDUMP_TEXT VRPS.json.bz2 OUTDIR
"""
import bz2
import ipaddress
import json
import os
import sys


def main():
    asn, text, vrps_path, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    routes = {}
    for line in open(text):
        f = line.rstrip("\n").split("|")
        if len(f) < 7 or f[2] != "B" or int(f[4]) != asn or ":" in f[5]:
            continue
        path = f[6].split()
        if not path or not all(p.isdigit() for p in path) or int(path[0]) != asn:
            continue
        routes[f[5]] = [int(p) for p in path]
    routes = sorted(routes.items(), key=lambda r: ipaddress.ip_network(r[0]))
    with open(os.path.join(out, "routes.txt"), "w") as w:
        for prefix, path in routes:
            w.write(prefix + " " + " ".join(map(str, path)) + "\n")
    origins = sorted({path[-1] for _, path in routes})
    with open(os.path.join(out, "irr.rpsl"), "w") as w:
        for i, (prefix, path) in enumerate(routes):
            if i % 2 == 0:
                w.write(f"route: {prefix}\norigin: AS{path[-1]}\nsource: TEST\n\n")
        w.write("as-set: AS-NEIGH\nmembers: " + ", ".join(f"AS{o}" for o in origins) +
                "\nsource: TEST\n")
    with open(os.path.join(out, "static.conf"), "w") as w:
        for prefix, path in routes:
            prepends = "".join(f" bgp_path.prepend({a});" for a in reversed(path[1:]))
            w.write(f"  route {prefix} blackhole {{{prepends} }};\n")
    nets = [ipaddress.ip_network(p) for p, _ in routes]
    by_len = {}
    for n in nets:
        for length in range(0, n.prefixlen + 1):
            by_len.setdefault(length, set()).add(int(n.supernet(new_prefix=length).network_address))
    with bz2.open(vrps_path, "rt") as f:
        doc = json.load(f)
    keep = []
    for roa in doc["roas"]:
        if ":" in roa["prefix"]:
            continue
        n = ipaddress.ip_network(roa["prefix"])
        if int(n.network_address) in by_len.get(n.prefixlen, ()):
            keep.append(roa)
    with open(os.path.join(out, "vrps.json"), "w") as w:
        json.dump({"roas": keep}, w)
    print(len(routes), len(keep))


if __name__ == "__main__":
    main()
