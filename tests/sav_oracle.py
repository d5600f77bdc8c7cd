#!/usr/bin/env python3
"""An independent implementation of `manrs sav acl`'s modes, for differential
tests: it reads the RIB as bgpdump prints it (`bgpdump -m`, a different MRT
decoder), implements each algorithm from the RFC text directly with Python
sets, and prints {"interfaces": [{"peer_asn", "peer_ip", "allow"}]}.

usage: sav_oracle.py MODE[,MODE...] BGPDUMP_M_FILE CUSTOMERS OUTDIR [RPKI_JSON]
writes OUTDIR/MODE.json for each mode.
CUSTOMERS: comma-separated peer ASNs ('' = none). RPKI_JSON: rpki-client JSON
(bz2 allowed) for bar-sav.
"""
import bz2
import ipaddress
import json
import sys

ORIGIN = {"IGP": 0, "EGP": 1, "INCOMPLETE": 2}


def parse_path(text):
    """(flat ASNs, origin or 0, first AS or 0, decision length)."""
    flat, length, origin, first = [], 0, 0, 0
    tokens = text.split()
    for i, t in enumerate(tokens):
        if t.startswith("{"):
            members = [int(x) for x in t.strip("{}").split(",") if x]
            flat += members
            length += 1
            if i == len(tokens) - 1:
                origin = 0
        else:
            flat.append(int(t))
            length += 1
            if i == len(tokens) - 1:
                origin = int(t)
    if tokens and not tokens[0].startswith("{"):
        first = int(tokens[0])
    return flat, origin, first, length


def load_rib(path):
    rib = {}  # (peer_ip, peer_asn, prefix) -> route
    order = []  # interfaces by first appearance
    seen = set()
    with open(path) as f:
        for line in f:
            fields = line.rstrip("\n").split("|")
            if len(fields) < 6:
                continue
            kind = fields[2]
            iface = (fields[3], int(fields[4]))
            prefix = fields[5]  # bgpdump prints it canonical
            if prefix.endswith("/0"):
                continue  # default routes carry no source information
            if iface not in seen:
                seen.add(iface)
                order.append(iface)
            key = (iface, prefix)
            if kind == "W":
                rib.pop(key, None)
                continue
            if kind not in ("B", "A"):
                continue
            flat, origin, first, length = parse_path(fields[6])
            lp = int(fields[9] or 0)
            rib[key] = {
                "iface": iface, "prefix": prefix, "path": tuple(flat), "origin_asn": origin,
                "neighbor": first, "length": length, "origin": ORIGIN.get(fields[7], 2),
                "local_pref": lp if lp else 100, "med": int(fields[10] or 0),
            }
    return list(rib.values()), order


def ip_key(text):
    a = ipaddress.ip_address(text)
    return (a.version, int(a))


def best(routes):
    c = list(routes)
    top = max(r["local_pref"] for r in c)
    c = [r for r in c if r["local_pref"] == top]
    for key in ("length", "origin"):
        low = min(r[key] for r in c)
        c = [r for r in c if r[key] == low]
    c = [r for r in c if not any(o["neighbor"] == r["neighbor"] and o["med"] < r["med"] for o in c)]
    return min(c, key=lambda r: ip_key(r["iface"][0]))


def main():
    modes, dump, customers_text, outdir = sys.argv[1].split(","), sys.argv[2], sys.argv[3], sys.argv[4]
    customer_asns = {int(x) for x in customers_text.split(",") if x}
    routes, order = load_rib(dump)
    customers = [i for i in order if i[1] in customer_asns]
    by_prefix, by_iface = {}, {}
    for r in routes:
        by_prefix.setdefault(r["prefix"], []).append(r)
        by_iface.setdefault(r["iface"], []).append(r)
    rpki = sys.argv[5] if len(sys.argv) > 5 else None
    for mode in modes:
        lists = compute(mode, routes, order, customers, by_prefix, by_iface, rpki)
        out = {"interfaces": [{"peer_asn": i[1], "peer_ip": i[0], "allow": sorted(s)}
                              for i, s in lists.items()]}
        with open(f"{outdir}/{mode}.json", "w") as f:
            json.dump(out, f)


def compute(mode, routes, order, customers, by_prefix, by_iface, rpki):
    lists = {}
    if mode in ("strict", "feasible"):
        targets = customers or order
        lists = {i: set() for i in targets}
        for p, rs in by_prefix.items():
            chosen = rs if mode == "feasible" else [best(rs)]
            for r in chosen:
                if r["iface"] in lists:
                    lists[r["iface"]].add(p)
    elif mode == "efp-a":
        cust = set(customers)
        set_a = {r["origin_asn"] for r in routes if r["iface"] in cust and r["origin_asn"]}
        lists = {i: set() for i in customers}
        # Set X_i of every origin in A, built in one pass
        x_of = {}
        for r in routes:
            if r["origin_asn"] in set_a:
                x_of.setdefault(r["origin_asn"], set()).add(r["prefix"])
        for asn, x in x_of.items():
            receivers = {r["iface"] for p in x for r in by_prefix[p] if r["iface"] in cust}
            for i in receivers:
                lists[i] |= x
    elif mode == "efp-b":
        cust = set(customers)
        p_set = {r["prefix"] for r in routes if r["iface"] in cust}
        set_a = {r["origin_asn"] for r in routes if r["iface"] in cust and r["origin_asn"]}
        q_set = {r["prefix"] for r in routes if r["iface"] not in cust and r["origin_asn"] in set_a}
        lists = {i: p_set | q_set for i in customers}
    elif mode == "bar-sav":
        roas, aspas = [], []
        if rpki:
            opener = bz2.open if rpki.endswith(".bz2") else open
            with opener(rpki, "rt") as f:
                data = json.load(f)
            roas = data.get("roas", [])
            aspas = data.get("aspas", [])
        customers_of = {}
        for a in aspas:
            for p in a["providers"]:
                customers_of.setdefault(int(p), set()).add(int(a["customer_asid"]))
        for i in customers:
            cone = {i[1]}
            for r in by_iface.get(i, ()):
                cone |= set(r["path"])
            cone.discard(0)
            todo = list(cone)
            while todo:
                for c in customers_of.get(todo.pop(), ()):
                    if c not in cone:
                        cone.add(c)
                        todo.append(c)
            allow = {v["prefix"] for v in roas if int(str(v["asn"]).lstrip("AS")) in cone}
            allow |= {r["prefix"] for r in routes if r["origin_asn"] in cone}
            lists[i] = allow
    else:
        sys.exit("unknown mode " + mode)
    return lists


if __name__ == "__main__":
    main()
