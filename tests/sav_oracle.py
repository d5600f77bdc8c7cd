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
    """(flat ASNs, origin or 0, first AS or 0, decision length, the ASNs
    before the first AS_SET, whether there is an AS_SET)."""
    flat, length, origin, first = [], 0, 0, 0
    seq, has_set = [], False
    tokens = text.split()
    for i, t in enumerate(tokens):
        if t.startswith("{"):
            members = [int(x) for x in t.strip("{}").split(",") if x]
            flat += members
            length += 1
            has_set = True
            if i == len(tokens) - 1:
                origin = 0
        else:
            flat.append(int(t))
            if not has_set:
                seq.append(int(t))
            length += 1
            if i == len(tokens) - 1:
                origin = int(t)
    if tokens and not tokens[0].startswith("{"):
        first = int(tokens[0])
    return flat, origin, first, length, tuple(seq), has_set


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
            flat, origin, first, length, seq, has_set = parse_path(fields[6])
            lp = int(fields[9] or 0)
            rib[key] = {
                "iface": iface, "prefix": prefix, "path": tuple(flat), "origin_asn": origin,
                "seq": seq, "has_set": has_set,
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
        lists = bar_sav(routes, customers, rpki)
    else:
        sys.exit("unknown mode " + mode)
    return lists


def load_rpki(rpki):
    if not rpki:
        return [], {}
    opener = bz2.open if rpki.endswith(".bz2") else open
    with opener(rpki, "rt") as f:
        data = json.load(f)
    roas = [(v["prefix"], int(str(v["asn"]).lstrip("AS")), int(v["maxLength"]))
            for v in data.get("roas", [])]
    aspas = {int(a["customer_asid"]): {int(p) for p in a["providers"]}
             for a in data.get("aspas", [])}
    return roas, aspas


def net_key(text):
    n = ipaddress.ip_network(text)
    return n.version, int(n.network_address), n.prefixlen, n.max_prefixlen


def rov_invalid(roa_index, prefix, origin):
    """RFC 6811: Invalid when some ROA covers the prefix and none matches."""
    version, addr, length, bits = net_key(prefix)
    covered = False
    for l in range(length + 1):
        for asn, max_len in roa_index.get((version, l, addr >> (bits - l)), ()):
            covered = True
            if origin and asn == origin and length <= max_len:
                return False
    return covered


def aspa_invalid(aspas, seq, upstream):
    """draft-ietf-sidrops-aspa-verification: only whether the outcome is
    Invalid. seq is the AS_SEQUENCE, neighbour first."""
    path = [a for i, a in enumerate(seq) if i == 0 or seq[i - 1] != a]  # prepends
    if not path:
        return True
    path.reverse()  # AS(1) = origin ... AS(N) = neighbour
    n = len(path)

    def not_provider(customer, provider):
        return customer in aspas and provider not in aspas[customer]

    up = next((i + 1 for i in range(n - 1) if not_provider(path[i], path[i + 1])), n)
    if upstream:
        return up < n
    if n <= 2:
        return False
    down = next((n - j for j in range(n - 1, 0, -1) if not_provider(path[j], path[j - 1])), n)
    return up + down < n


def bar_sav(routes, customers, rpki):
    """draft-ietf-sidrops-bar-sav-01 section 4, straight from its steps."""
    roas, aspas = load_rpki(rpki)
    cust = set(customers)
    roa_index = {}
    for prefix, asn, max_len in roas:
        version, addr, length, bits = net_key(prefix)
        roa_index.setdefault((version, length, addr >> (bits - length)), []).append((asn, max_len))
    usable = []
    for r in routes:
        if roas and rov_invalid(roa_index, r["prefix"], r["origin_asn"]):
            continue
        if aspas and (r["has_set"] or aspa_invalid(aspas, r["seq"], r["iface"] in cust)):
            continue
        usable.append(r)
    follows = {}  # AS -> the ASes after it in a unique usable AS_SEQUENCE
    for seq in {r["seq"] for r in usable}:
        for k in range(len(seq) - 1):
            if seq[k + 1] != seq[k]:
                follows.setdefault(seq[k], set()).add(seq[k + 1])
    lists = {}
    for i in customers:
        z = [{i[1]}]  # steps 1-2 (no ASN ACL: step 3)
        while True:  # steps 4-8
            prev = z[-1]
            a_i = {c for c, providers in aspas.items() if providers & prev}
            b_i = set().union(*(follows.get(a, set()) for a in prev))
            z_i = (a_i | b_i) - set().union(*z)
            if not z_i:
                break
            z.append(z_i)
        d = set().union(*z)  # step 9
        p1 = {p for p, asn, _ in roas if asn in d}  # step 10
        p2 = {r["prefix"] for r in usable if r["origin_asn"] in d}  # step 11
        lists[i] = p1 | p2  # step 12 (no prefix ACL)
    return lists


if __name__ == "__main__":
    main()
