#!/usr/bin/env python3
"""Compares two {"interfaces": [{"peer_asn", "peer_ip", "allow"}]} files as
sets of networks per (peer_asn, peer_ip). Exit 0 when equal."""
import ipaddress
import json
import sys


def canonical(texts):
    """The set of networks; texts already in canonical form (the common case,
    millions of them in the bar-sav lists) are taken as they are."""
    out = set()
    for p in texts:
        if ":" in p or p.count("/") != 1:
            p = str(ipaddress.ip_network(p))
        out.add(p)
    return out


def load(path):
    with open(path) as f:
        data = json.load(f)
    return {(i["peer_asn"], str(ipaddress.ip_address(i["peer_ip"]))): canonical(i["allow"])
            for i in data["interfaces"]}


a, b = load(sys.argv[1]), load(sys.argv[2])
bad = 0
for k in sorted(set(a) | set(b), key=str):
    x, y = a.get(k), b.get(k)
    if x is None or y is None:
        print(f"{k}: only in {'second' if x is None else 'first'}")
        bad += 1
    elif x != y:
        print(f"{k}: {len(x - y)} only in first (e.g. {sorted(x - y)[:3]}), "
              f"{len(y - x)} only in second (e.g. {sorted(y - x)[:3]})")
        bad += 1
total = sum(len(s) for s in a.values())
print(f"{len(a)} interfaces, {total} prefixes: {'equal' if not bad else f'{bad} differ'}")
sys.exit(1 if bad else 0)
