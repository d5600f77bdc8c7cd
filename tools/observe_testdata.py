#!/usr/bin/env python3
"""Builds testdata/observe/ from the bundled RouteViews route-views.jinx data
(testdata/mrt), see testdata/observe/PROVENANCE.md:

  jinx-rib-1in8-route53.mrt.bz2   the RIB of 2014-05-30 22:00 UTC: its
      PEER_INDEX_TABLE, every 8th RIB record unchanged, then RIB records for
      the Amazon Route 53 hijack of 2018-04-24 (AS10297 originating five /24s
      of 205.251.192.0/21, carried by AS6939), spliced in as seen by two
      peers (AS30844 and AS3741) at the dump time.
  jinx-updates-route53.mrt.bz2    the real updates file of 23:45 UTC, then
      BGP4MP_MESSAGE_AS4 UPDATEs withdrawing the five /24s from both peers
      at 23:50 UTC (1401493800).

usage: tools/observe_testdata.py TESTDATA_DIR
"""
import bz2
import ipaddress
import struct
import sys

HIJACKED = ["205.251.192.0/24", "205.251.193.0/24", "205.251.195.0/24",
            "205.251.197.0/24", "205.251.199.0/24"]
HIJACKER, CARRIER = 10297, 6939
PEERS = [(5, "196.223.14.55", 30844), (0, "196.223.14.10", 3741)]  # (peer index, ip, asn)
DUMP_TIME, WITHDRAW_TIME = 1401487200, 1401493800
COLLECTOR_IP, COLLECTOR_AS = "196.223.14.1", 6447


def records(data):
    off = 0
    while off + 12 <= len(data):
        ts, typ, sub, length = struct.unpack(">IHHI", data[off:off + 12])
        yield data[off:off + 12 + length], typ, sub
        off += 12 + length


def mrt(ts, typ, sub, body):
    return struct.pack(">IHHI", ts, typ, sub, len(body)) + body


def nlri(prefix):
    net = ipaddress.ip_network(prefix)
    n = (net.prefixlen + 7) // 8
    return bytes([net.prefixlen]) + net.network_address.packed[:n]


def attributes(path, next_hop):
    as_path = bytes([2, len(path)]) + b"".join(struct.pack(">I", a) for a in path)
    return (bytes([0x40, 1, 1, 0]) +                       # ORIGIN IGP
            bytes([0x40, 2, len(as_path)]) + as_path +      # AS_PATH, 4-octet
            bytes([0x40, 3, 4]) + ipaddress.ip_address(next_hop).packed)


def main():
    root = sys.argv[1]
    rib = bz2.open(f"{root}/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2").read()
    out = []
    seq = 0
    rib_index = 0
    for raw, typ, sub in records(rib):
        if typ == 13 and sub == 1:
            out.append(raw)  # PEER_INDEX_TABLE
            continue
        if rib_index % 8 == 0:
            out.append(raw)
        rib_index += 1
        seq = max(seq, struct.unpack(">I", raw[12:16])[0])
    for prefix in HIJACKED:
        seq += 1
        entries = b""
        for index, ip, asn in PEERS:
            attrs = attributes([asn, CARRIER, HIJACKER], ip)
            entries += struct.pack(">HIH", index, DUMP_TIME - 600, len(attrs)) + attrs
        body = struct.pack(">I", seq) + nlri(prefix) + struct.pack(">H", len(PEERS)) + entries
        out.append(mrt(DUMP_TIME, 13, 2, body))  # RIB_IPV4_UNICAST
    with bz2.open(f"{root}/observe/jinx-rib-1in8-route53.mrt.bz2", "wb", 9) as f:
        f.write(b"".join(out))

    updates = bz2.open(f"{root}/mrt/libbgpstream__routeviews.route-views.jinx.updates.1401493500.bz2").read()
    tail = []
    for _, ip, asn in PEERS:
        withdrawn = b"".join(nlri(p) for p in HIJACKED)
        update = struct.pack(">H", len(withdrawn)) + withdrawn + struct.pack(">H", 0)
        message = b"\xff" * 16 + struct.pack(">HB", 19 + len(update), 2) + update
        body = (struct.pack(">IIHH", asn, COLLECTOR_AS, 0, 1) + ipaddress.ip_address(ip).packed +
                ipaddress.ip_address(COLLECTOR_IP).packed + message)
        tail.append(mrt(WITHDRAW_TIME, 16, 4, body))  # BGP4MP_MESSAGE_AS4
    with bz2.open(f"{root}/observe/jinx-updates-route53.mrt.bz2", "wb", 9) as f:
        f.write(updates + b"".join(tail))


if __name__ == "__main__":
    main()
