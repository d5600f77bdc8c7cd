#!/usr/bin/env python3
"""Helpers for the RTR interop tests, on VRP sets as "prefix/len-max ASn" lines.

  rtr_table.py expected JSON          the VRPs of a relying-party JSON file
  rtr_table.py stream STREAM          the table rtrclient -p ends with
  rtr_table.py bird BIRDC_OUTPUT      the ROAs of `birdc show route table`
  rtr_table.py dump DUMP_TEXT         the VRP lines of `manrs rtr dump`
  rtr_table.py slice IN OUT N         the first N roas of IN (and its metadata)
  rtr_table.py change IN OUT DROP ADD drop DROP roas, add ADD new ones
Each prints sorted lines, so two outputs compare with cmp.
"""
import bz2
import json
import re
import socket
import sys


def load(path):
    opener = bz2.open if path.endswith(".bz2") else open
    with opener(path, "rt") as f:
        return json.load(f)


def norm(prefix, max_length, asn):
    address, length = prefix.split("/")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    address = socket.inet_ntop(family, socket.inet_pton(family, address))
    asn = str(asn)
    if asn.upper().startswith("AS"):
        asn = asn[2:]
    return f"{address}/{int(length)}-{int(max_length)} AS{int(asn)}"


def emit(lines):
    for line in sorted(set(lines)):
        print(line)


def main():
    cmd = sys.argv[1]
    if cmd == "expected":
        d = load(sys.argv[2])
        emit(norm(r["prefix"], r.get("maxLength", r["prefix"].split("/")[1]), r["asn"])
             for r in d["roas"])
    elif cmd == "stream":
        table = set()
        for line in open(sys.argv[2]):
            f = line.split()
            if len(f) == 6 and f[0] in "+-" and f[3] == "-":
                v = norm(f"{f[1]}/{f[2]}", f[4], f[5])
                if f[0] == "+":
                    table.add(v)
                else:
                    table.discard(v)
        emit(table)
    elif cmd == "bird":
        out = []
        for line in open(sys.argv[2]):
            m = re.match(r"^\s*([0-9a-fA-F:.]+/\d+)-(\d+)\s+AS(\d+)", line)
            if m:
                out.append(norm(m.group(1), m.group(2), m.group(3)))
        emit(out)
    elif cmd == "dump":
        out = []
        for line in open(sys.argv[2]):
            m = re.match(r"^([0-9a-fA-F:.]+/\d+)-(\d+) AS(\d+)$", line.strip())
            if m:
                out.append(norm(m.group(1), m.group(2), m.group(3)))
        emit(out)
    elif cmd == "slice":
        d = load(sys.argv[2])
        d["roas"] = d["roas"][: int(sys.argv[4])]
        json.dump(d, open(sys.argv[3], "w"))
    elif cmd == "change":
        d = load(sys.argv[2])
        drop, add = int(sys.argv[4]), int(sys.argv[5])
        d["roas"] = d["roas"][drop:] + [
            {"prefix": f"100.{64 + i // 256}.{i % 256}.0/24", "maxLength": 24,
             "asn": f"AS{4200000000 + i}", "ta": "test"} for i in range(add)]
        json.dump(d, open(sys.argv[3], "w"))
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
