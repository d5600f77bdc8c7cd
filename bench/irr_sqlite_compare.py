#!/usr/bin/env python3
"""The persistence alternative measured: the same route objects in SQLite.

Reads an RPSL dump (e.g. irrgen's), stores every route/route6 object as
(prefix, origin, text) in an indexed SQLite table, then times a reopen and
the per-origin lookups an AS-SET expansion does (the ASNs of AS-BIG, read from
`manrs irr expand --asns`). The figures back the choice of the binary
snapshot in doc/irr.md; SQLite is the real library (Python's sqlite3 module).

usage: bench/irr_sqlite_compare.py DUMP ASN_LIST_FILE DB_PATH
"""
import os, sqlite3, sys, time

dump, asn_file, path = sys.argv[1:4]
if os.path.exists(path):
    os.remove(path)
t0 = time.monotonic()
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=OFF")
db.execute("PRAGMA synchronous=OFF")
db.execute("CREATE TABLE route (prefix TEXT, origin INTEGER, afi INTEGER, text TEXT)")
rows = []
with open(dump, encoding="utf-8", errors="replace") as f:
    for block in f.read().split("\n\n"):
        if block.startswith("route"):
            lines = block.split("\n")
            prefix = lines[0].split(":", 1)[1].strip()
            origin = next(int(l.split("AS", 1)[1]) for l in lines if l.startswith("origin:"))
            rows.append((prefix, origin, 6 if block.startswith("route6") else 4, block))
t1 = time.monotonic()
db.executemany("INSERT INTO route VALUES (?, ?, ?, ?)", rows)
db.execute("CREATE INDEX route_origin ON route (origin, afi)")
db.commit()
db.close()
t2 = time.monotonic()
asns = [int(l.strip()[2:]) for l in open(asn_file) if l.strip()]
t3 = time.monotonic()
db = sqlite3.connect(path)
count = 0
for asn in asns:
    count += len(db.execute("SELECT prefix FROM route WHERE origin = ? AND afi = 4", (asn,)).fetchall())
t4 = time.monotonic()
print(f"sqlite {sqlite3.sqlite_version}: {len(rows)} routes; python parse {t1 - t0:.2f} s; "
      f"insert+index {t2 - t1:.2f} s; file {os.path.getsize(path) / 1e6:.0f} MB; "
      f"reopen + {len(asns)} origin lookups ({count} prefixes) {t4 - t3:.3f} s")
