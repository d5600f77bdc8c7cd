#!/usr/bin/env python3
"""An independent oracle for `manrs coverage ASN --format json`: the RPKI
state, the covering VRPs and the IRR state of every prefix the AS announces,
recomputed from bgpdump's decoding of the same MRT files (`bgpdump -m`), the
rpki-client JSON and the RPSL route objects, with the standard library only.

Definitions (doc/advice.md): AS X announces P when at least MIN_PEERS
distinct peers (peer IP, peer AS) had a route to P whose AS path ends in X.
RPKI per RFC 6811. IRR (one authoritative source loaded): registered when a
route object (P, X) exists, covered when one for a less-specific with X
does, other-origin when only objects of other origins hold P or a
less-specific, else not-registered.

usage: coverage_oracle.py pick N BGPDUMP_TEXT RPSL...
         prints the N ASes with the most prefixes and every AS that has a
         route object for a prefix it announces
       coverage_oracle.py check MIN_PEERS VRPS.json[.bz2] BGPDUMP_TEXT RPSL... < JSON lines
         compares each AS's report; exit 0 when every prefix agrees
"""
import bz2
import collections
import gzip
import ipaddress
import json
import sys


def open_any(path):
    if path.endswith(".bz2"):
        return bz2.open(path, "rt")
    if path.endswith(".gz"):
        return gzip.open(path, "rt")
    return open(path)


def load_vrps(path):
    with open_any(path) as f:
        doc = json.load(f)
    vrps = []
    for roa in doc["roas"]:
        asn = roa["asn"]
        if isinstance(asn, str):
            asn = int(asn.upper().removeprefix("AS"))
        vrps.append((ipaddress.ip_network(roa["prefix"]), int(roa["maxLength"]), asn))
    by_len = collections.defaultdict(list)
    for v in vrps:
        by_len[(v[0].version, v[0].prefixlen, int(v[0].network_address))].append(v)
    return by_len


def covering(by_len, net):
    out = []
    bits = net.max_prefixlen
    addr = int(net.network_address)
    for length in range(net.prefixlen, -1, -1):
        masked = (addr >> (bits - length) << (bits - length)) if length else 0
        out.extend(by_len.get((net.version, length, masked), ()))
    return out


def rov(vrps, origin, net):
    if not vrps:
        return "not-found"
    for prefix, max_length, asn in vrps:
        if asn == origin and asn != 0 and net.prefixlen <= max_length:
            return "valid"
    return "invalid"


def load_route_objects(paths):
    objects = []  # (network, origin)
    for path in paths:
        obj = {}
        with open_any(path) as f:
            lines = f.read().split("\n") + [""]
        for line in lines:
            if not line.strip():
                key = obj.get("route") or obj.get("route6")
                if key and "origin" in obj:
                    try:
                        objects.append((ipaddress.ip_network(key, strict=True),
                                        int(obj["origin"].upper().removeprefix("AS"))))
                    except ValueError:
                        pass
                obj = {}
                continue
            if line[0] in "#% \t+":
                continue
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name not in obj:
                obj[name] = value.split("#")[0].strip()
    return objects


def irr_state(objects, origin, net):
    mine = [n for n, o in objects if o == origin and n.version == net.version and net.subnet_of(n)]
    if any(n == net for n in mine):
        return "registered"
    if mine:
        return "covered"
    other = any(o != origin and n.version == net.version and net.subnet_of(n) for n, o in objects)
    return "other-origin" if other else "not-registered"


def announced(bgpdump_text, min_peers):
    seen = collections.defaultdict(set)
    with open(bgpdump_text) as f:
        for line in f:
            fields = line.rstrip("\n").split("|")
            if len(fields) < 7 or fields[2] not in ("A", "B"):
                continue
            path = fields[6].split()
            if not path or not path[-1].isdigit():
                continue
            seen[(fields[5], int(path[-1]))].add((fields[3], fields[4]))
    by_origin = collections.defaultdict(list)
    for (prefix, origin), peers in seen.items():
        if len(peers) >= min_peers:
            by_origin[origin].append(ipaddress.ip_network(prefix, strict=False))
    return by_origin


def main():
    if sys.argv[1] == "pick":
        n = int(sys.argv[2])
        by_origin = announced(sys.argv[3], 1)
        objects = load_route_objects(sys.argv[4:])
        top = sorted(by_origin, key=lambda a: (-len(by_origin[a]), a))[:n]
        with_objects = {o for net, o in objects if net in set(by_origin.get(o, ()))}
        print(" ".join(str(a) for a in sorted(set(top) | with_objects)))
        return 0
    min_peers = int(sys.argv[2])
    vrps = load_vrps(sys.argv[3])
    by_origin = announced(sys.argv[4], min_peers)
    objects = load_route_objects(sys.argv[5:])
    differences = checked = 0
    for line in sys.stdin:
        report = json.loads(line)
        asn = report["asn"]
        want = {}
        for net in by_origin.get(asn, ()):
            cov = covering(vrps, net)
            want[str(net)] = (rov(cov, asn, net), irr_state(objects, asn, net),
                              sorted(f"{p}-{m} AS{a}" for p, m, a in cov))
        have = {p["prefix"]: (p["rpki"], p["irr"], sorted(v["vrp"] for v in p["vrps"]))
                for p in report["prefixes"]}
        for prefix in sorted(set(want) | set(have)):
            checked += 1
            if want.get(prefix) != have.get(prefix):
                differences += 1
                if differences <= 20:
                    print(f"AS{asn} {prefix}: manrs {have.get(prefix)}, oracle {want.get(prefix)}")
        print(f"AS{asn}: {len(want)} prefixes")
    print(f"{checked} prefixes checked, {differences} differ")
    return 1 if differences or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
