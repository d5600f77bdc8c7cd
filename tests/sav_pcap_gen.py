#!/usr/bin/env python3
"""Writes captures with known ground truth for `manrs sav audit`.

usage: sav_pcap_gen.py OUTDIR [N] [--bench]
Writes OUTDIR/allow.json (two customer lists in `manrs sav acl` JSON),
OUTDIR/map.txt (VLAN 101 -> AS64501, VLAN 102 -> AS64502, untagged ->
AS64501), OUTDIR/mix.pcap (Ethernet, VLAN-tagged and untagged, IPv4 and IPv6,
ARP, frames cut by the snap length), OUTDIR/mix.pcapng (the same packets as
pcapng), OUTDIR/cut.pcap (mix.pcap cut inside a record) and OUTDIR/truth.json
(the counts the audit must report). With --bench: only OUTDIR/bench.pcap, N
packets, 99 % allowed untagged IPv4, no truth.
"""
import json
import random
import struct
import sys

LISTS = [
    {"peer_asn": 64501, "peer_ip": "192.0.2.1", "name": "sav_AS64501_192_0_2_1",
     "allow": ["45.10.0.0/24", "45.11.0.0/25", "2a0e:1000::/32"]},
    {"peer_asn": 64502, "peer_ip": "192.0.2.2", "name": "sav_AS64502_192_0_2_2",
     "allow": ["45.11.0.128/25", "2a0e:2000::/32"]},
]
VLAN = {101: 0, 102: 1, None: 0}

# (source, reason per interface index): martian and bogon do not depend on the list.
SOURCES_V4 = [
    ("45.10.0.7", ["allowed", "not_allowed"]),
    ("45.11.0.5", ["allowed", "not_allowed"]),
    ("45.11.0.200", ["not_allowed", "allowed"]),
    ("10.1.2.3", ["martian"] * 2),
    ("192.168.1.1", ["martian"] * 2),
    ("100.64.0.9", ["martian"] * 2),
    ("127.0.0.1", ["martian"] * 2),
    ("0.1.2.3", ["martian"] * 2),
    ("224.0.0.5", ["martian"] * 2),
    ("240.0.0.1", ["martian"] * 2),
    ("169.254.0.1", ["martian"] * 2),
    ("172.16.5.4", ["martian"] * 2),
    ("23.154.10.1", ["bogon"] * 2),      # unallocated in the 2025-07-15 fullbogons list
    ("14.102.240.9", ["bogon"] * 2),
    ("8.8.8.8", ["not_allowed"] * 2),
    ("1.1.1.1", ["not_allowed"] * 2),
    ("192.0.2.33", ["martian"] * 2),  # documentation space
]
SOURCES_V6 = [
    ("2a0e:1000::1", ["allowed", "not_allowed"]),
    ("2a0e:2000::1", ["not_allowed", "allowed"]),
    ("fe80::1", ["martian"] * 2),
    ("::1", ["martian"] * 2),
    ("fd00::1", ["martian"] * 2),
    ("2001:db8::1", ["martian"] * 2),  # documentation space
    ("ff02::1", ["martian"] * 2),
    ("2606:4700::1111", ["not_allowed"] * 2),
]


def ip4(text):
    return bytes(int(x) for x in text.split("."))


def ip6(text):
    import ipaddress
    return ipaddress.IPv6Address(text).packed


def frame(src, v6, vlan, payload_len, sport=4000, dport=53):
    """payload_len >= 8: a UDP header (ports given) and zeros."""
    dst_mac, src_mac = b"\x02\x00\x00\x00\x00\x01", b"\x02\x00\x00\x00\x00\x02"
    tag = struct.pack("!HH", 0x8100, vlan) if vlan is not None else b""
    if v6:
        ip = struct.pack("!IHBB", 0x60000000, payload_len, 17, 64) + ip6(src) + ip6("2001:db8:ffff::1")
        eth = 0x86DD
    else:
        ip = struct.pack("!BBHHHBBH", 0x45, 0, 20 + payload_len, 0, 0, 64, 17, 0) + ip4(src) + ip4("192.0.2.99")
        eth = 0x0800
    udp = struct.pack("!HHHH", sport, dport, payload_len, 0) + bytes(payload_len - 8)
    return dst_mac + src_mac + tag + struct.pack("!H", eth) + ip + udp


def arp():
    return b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x02" + b"\x08\x06" + bytes(28)


def write_pcap(path, packets, snaplen=65535):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, 1))
        for i, (data, wire_len) in enumerate(packets):
            f.write(struct.pack("<IIII", 1700000000 + i // 1000, i % 1000, len(data), wire_len))
            f.write(data)


def pad4(b):
    return b + bytes(-len(b) % 4)


def write_pcapng(path, packets):
    with open(path, "wb") as f:
        shb_body = struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
        f.write(struct.pack("<II", 0x0A0D0D0A, 12 + len(shb_body)) + shb_body + struct.pack("<I", 12 + len(shb_body)))
        idb_body = struct.pack("<HHI", 1, 0, 65535)
        f.write(struct.pack("<II", 1, 12 + len(idb_body)) + idb_body + struct.pack("<I", 12 + len(idb_body)))
        for i, (data, wire_len) in enumerate(packets):
            body = struct.pack("<IIIII", 0, 0, i, len(data), wire_len) + pad4(data)
            f.write(struct.pack("<II", 6, 12 + len(body)) + body + struct.pack("<I", 12 + len(body)))


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 and not sys.argv[2].startswith("-") else 3000
    rnd = random.Random(13)
    if "--bench" in sys.argv:
        allowed = [frame(f"45.10.0.{i}", False, None, 26) for i in range(256)]
        spoofed = [frame("8.8.8.8", False, None, 26), frame("10.0.0.1", False, None, 26)]
        pkts = []
        for i in range(n):
            d = spoofed[(i // 100) % 2] if i % 100 == 0 else allowed[i % 256]
            pkts.append((d, len(d)))
        write_pcap(f"{out}/bench.pcap", pkts)
        return
    truth = {"packets": 0, "bytes": 0, "by_reason": {"martian": 0, "bogon": 0, "not_allowed": 0},
             "skipped": {"not_ip": 0, "truncated": 0},
             "by_interface": {l["name"]: {"packets": 0, "spoofed_packets": 0,
                                          "by_reason": {"martian": 0, "bogon": 0, "not_allowed": 0}}
                              for l in LISTS}}
    pkts = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.03:
            d = arp()
            pkts.append((d, len(d)))
            truth["skipped"]["not_ip"] += 1
            continue
        vlan = rnd.choice([101, 102, None])
        v6 = rnd.random() < 0.3
        src, reasons = rnd.choice(SOURCES_V6 if v6 else SOURCES_V4)
        d = frame(src, v6, vlan, rnd.randrange(8, 400), sport=rnd.randrange(1024, 1224))
        wire = len(d)
        if r < 0.06:  # cut by the snap length before the source address
            d = d[: rnd.randrange(0, 14 + (4 if vlan else 0) + 12)]
            pkts.append((d, wire))
            truth["skipped"]["truncated"] += 1
            continue
        iface = VLAN[vlan]
        reason = reasons[iface]
        truth["packets"] += 1
        truth["bytes"] += wire
        per = truth["by_interface"][LISTS[iface]["name"]]
        per["packets"] += 1
        if reason != "allowed":
            truth["by_reason"][reason] += 1
            per["by_reason"][reason] += 1
            per["spoofed_packets"] += 1
        pkts.append((d, wire))
    truth["spoofed_packets"] = sum(truth["by_reason"].values())
    write_pcap(f"{out}/mix.pcap", pkts)
    write_pcapng(f"{out}/mix.pcapng", pkts)
    data = open(f"{out}/mix.pcap", "rb").read()
    open(f"{out}/cut.pcap", "wb").write(data[: len(data) // 2 + 7])
    json.dump({"mode": "efp-a", "interfaces": LISTS}, open(f"{out}/allow.json", "w"))
    with open(f"{out}/map.txt", "w") as f:
        f.write("# VLAN -> customer list\nvlan 101 AS64501\nvlan 102 sav_AS64502_192_0_2_2\ndefault 192.0.2.1\n")
    json.dump(truth, open(f"{out}/truth.json", "w"), indent=1)


if __name__ == "__main__":
    main()
