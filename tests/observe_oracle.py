#!/usr/bin/env python3
"""An independent oracle for `manrs report --all --format jsonl`: the rpki
and irr counts of every AS, recomputed from bgpdump's decoding of the same
MRT files (`bgpdump -m`), the rpki-client JSON and the RPSL route objects,
with the standard library only (ipaddress, json, bz2).

Definitions (doc/observatory.md): AS X announces P when at least MIN_PEERS
distinct peers (peer IP, peer AS) had a route to P whose AS path ends in X
(an AS_SET at the end: no origin). RPKI per RFC 6811 over the distinct
announced prefixes; IRR registered when a route/route6 object with origin X
exists for P or a less-specific.

usage: observe_oracle.py MIN_PEERS VRPS.json[.bz2] BGPDUMP_TEXT RPSL... < JSONL
Prints the differences; exit 0 when every AS agrees, 1 otherwise.
"""
import bz2
import collections
import gzip
import ipaddress
import json
import sys


def open_any(path, mode="rt"):
    if path.endswith(".bz2"):
        return bz2.open(path, mode)
    if path.endswith(".gz"):
        return gzip.open(path, mode)
    return open(path, mode)


def load_vrps(path):
    with open_any(path) as f:
        doc = json.load(f)
    table = collections.defaultdict(list)  # (version, network int, length) -> [(maxlen, asn)]
    for roa in doc["roas"]:
        asn = roa["asn"]
        if isinstance(asn, str):
            asn = int(asn.upper().removeprefix("AS"))
        net = ipaddress.ip_network(roa["prefix"], strict=True)
        table[(net.version, int(net.network_address), net.prefixlen)].append(
            (int(roa["maxLength"]), asn))
    return table


def rov(table, net, origin):
    covered = False
    bits = net.max_prefixlen
    addr = int(net.network_address)
    for length in range(net.prefixlen, -1, -1):
        masked = addr >> (bits - length) << (bits - length) if length else 0
        for max_length, asn in table.get((net.version, masked, length), ()):
            covered = True
            if asn == origin and asn != 0 and net.prefixlen <= max_length:
                return "valid"
    return "invalid" if covered else "not_found"


def load_routes(paths):
    routes = collections.defaultdict(list)  # origin -> [networks]
    for path in paths:
        obj = {}
        with open_any(path) as f:
            lines = f.read().split("\n") + [""]
        for line in lines:
            if not line.strip():
                if ("route" in obj or "route6" in obj) and "origin" in obj:
                    try:
                        net = ipaddress.ip_network(obj.get("route") or obj.get("route6"), strict=True)
                        routes[int(obj["origin"].upper().removeprefix("AS"))].append(net)
                    except ValueError:
                        pass
                obj = {}
                continue
            if line[0] in "#%" or line[0] in " \t+":
                continue
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name not in obj:
                obj[name] = value.split("#")[0].strip()
    return routes


def main():
    min_peers = int(sys.argv[1])
    vrps = load_vrps(sys.argv[2])
    routes = load_routes(sys.argv[4:])
    seen = collections.defaultdict(set)  # (prefix text, origin) -> peers
    with open(sys.argv[3]) as f:
        for line in f:
            fields = line.rstrip("\n").split("|")
            if len(fields) < 7 or fields[2] not in ("A", "B"):
                continue
            path = fields[6].split()
            if not path or not path[-1].isdigit():
                continue  # empty, or ends in an AS_SET: no origin
            seen[(fields[5], int(path[-1]))].add((fields[3], fields[4]))
    expected = collections.defaultdict(lambda: {"rpki": collections.Counter(), "irr": collections.Counter()})
    for (prefix, origin), peers in seen.items():
        if len(peers) < min_peers:
            continue
        net = ipaddress.ip_network(prefix, strict=False)
        e = expected[origin]
        e["rpki"][rov(vrps, net, origin)] += 1
        registered = any(r.version == net.version and net.subnet_of(r) for r in routes.get(origin, ()))
        e["irr"]["registered" if registered else "not_registered"] += 1

    differences = 0
    got = {}
    for line in sys.stdin:
        obj = json.loads(line)
        got[obj["asn"]] = obj
    for asn, e in expected.items():
        g = got.get(asn)
        want_rpki = {k: e["rpki"].get(k, 0) for k in ("valid", "invalid", "not_found")}
        want_irr = {k: e["irr"].get(k, 0) for k in ("registered", "not_registered")}
        if g is None:
            print(f"AS{asn}: missing from the report (oracle: {want_rpki})")
            differences += 1
            continue
        have_rpki = {k: g["rpki"][k] for k in want_rpki}
        have_irr = {k: g["irr"][k] for k in want_irr} if g["irr"] else None
        if have_rpki != want_rpki or have_irr != want_irr:
            differences += 1
            if differences <= 20:
                print(f"AS{asn}: manrs rpki {have_rpki} irr {have_irr}; "
                      f"oracle rpki {want_rpki} irr {want_irr}")
    for asn, g in got.items():
        if asn not in expected and g["announced_prefixes"] != 0:
            differences += 1
            print(f"AS{asn}: manrs counts {g['announced_prefixes']} prefixes, the oracle none")
    print(f"{len(expected)} ASes announcing, {differences} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
