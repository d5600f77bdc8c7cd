#!/usr/bin/env python3
"""Checks the route-level rows an ingest wrote to the cluster (`routes`
joined with `paths` by the path identity) against bgpdump's reading of the
same MRT files, an independent decoder: for every (peer, prefix, origin)
announced, the AS path it had last and the first and last time a RIB entry
or an UPDATE announced it.

Usage: route_facts_check.py BGPDUMP_M ROUTES_TSV PATHS_TSV
  BGPDUMP_M: `bgpdump -m` of the files, in the order the ingest read them
  ROUTES_TSV: peer_ip, peer_asn, prefix, asn, first_seen, last_seen, path
  PATHS_TSV: path, text
Prints the number of routes checked; exits 1 naming the first mismatches.
"""
import sys


def origin_of(path):
    """The origin AS of a bgpdump path text; None for a set at the end."""
    tokens = path.split()
    if not tokens or not tokens[-1].isdigit():
        return None
    return int(tokens[-1])


def main():
    dump, routes_tsv, paths_tsv = sys.argv[1:4]
    expected = {}
    with open(dump, encoding="utf-8", errors="replace") as f:
        for line in f:
            fields = line.rstrip("\n").split("|")
            if len(fields) < 7 or fields[2] not in ("A", "B"):
                continue
            time, peer_ip, peer_asn, prefix, path = (int(fields[1]), fields[3], int(fields[4]),
                                                     fields[5], fields[6])
            origin = origin_of(path)
            if origin is None:
                continue
            key = (peer_ip, peer_asn, prefix, origin)
            seen = expected.get(key)
            if seen is None:
                expected[key] = [time, time, path]
            else:
                seen[0] = min(seen[0], time)
                seen[1] = max(seen[1], time)
                seen[2] = path
    texts = {}
    with open(paths_tsv, encoding="utf-8") as f:
        for line in f:
            path, text = line.rstrip("\n").split("\t")
            texts[path] = text
    checked, bad = 0, []
    got = set()
    with open(routes_tsv, encoding="utf-8") as f:
        for line in f:
            peer_ip, peer_asn, prefix, asn, first, last, path = line.rstrip("\n").split("\t")
            key = (peer_ip, int(peer_asn), prefix, int(asn))
            got.add(key)
            want = expected.get(key)
            have = [int(first), int(last), texts.get(path, "<no path %s>" % path)]
            checked += 1
            if want != have:
                bad.append("%s: cluster %s, bgpdump %s" % (key, have, want))
    missing = [k for k in expected if k not in got]
    for k in missing[:5]:
        bad.append("%s: announced (bgpdump %s), no route row" % (k, expected[k]))
    if bad:
        print("%d of %d routes differ, %d missing; first:" % (len(bad), checked, len(missing)))
        for b in bad[:10]:
            print("  " + b)
        return 1
    print(checked)
    return 0


if __name__ == "__main__":
    sys.exit(main())
