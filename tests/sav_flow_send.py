#!/usr/bin/env python3
"""Sends NetFlow v5 / v9 / IPFIX datagrams to a collector.

usage: sav_flow_send.py crafted HOST PORT
         the cases of tests/sav_collect_test.sh, with the counters they must
         produce printed as JSON on stdout
       sav_flow_send.py seed FILE
         the crafted datagrams framed for fuzz/sav_flow_fuzz.cc (2-byte length,
         1-byte exporter, datagram)
       sav_flow_send.py replay HOST PORT RECORDS [PER_DATAGRAM]
         IPFIX at full speed: one template, then RECORDS flow records
         (sources 45.10.x.y, 1 in 100 from 10.0.0.1), for benchmarks
"""
import json
import socket
import struct
import sys
import time


def ipfix(domain, sets, seq=0):
    body = b"".join(sets)
    return struct.pack("!HHIII", 10, 16 + len(body), int(time.time()), seq, domain) + body


def ipfix_set(set_id, payload):
    return struct.pack("!HH", set_id, 4 + len(payload)) + payload


# Template 256: sourceIPv4Address(8)/4, ingressInterface(10)/4,
# packetDeltaCount(2)/8, octetDeltaCount(1)/8.
TEMPLATE_V4 = struct.pack("!HH", 256, 4) + struct.pack("!HHHHHHHH", 8, 4, 10, 4, 2, 8, 1, 8)
# Template 257: sourceIPv6Address(27)/16, packetDeltaCount/4 (reduced size), octets/4,
# an enterprise element (skipped), and a variable-length element.
TEMPLATE_V6 = (struct.pack("!HH", 257, 5) + struct.pack("!HH", 27, 16) + struct.pack("!HH", 2, 4)
               + struct.pack("!HH", 1, 4) + struct.pack("!HHI", 0x8001, 2, 9999)
               + struct.pack("!HH", 82, 65535))


def rec_v4(src, ifindex, pkts, octets):
    return socket.inet_aton(src) + struct.pack("!IQQ", ifindex, pkts, octets)


def rec_v6(src, pkts, octets, name=b"eth0"):
    """The variable-length element: one length octet, or 255 and two (RFC 7011 7)."""
    length = bytes([len(name)]) if len(name) < 255 else b"\xff" + struct.pack("!H", len(name))
    return socket.inet_pton(socket.AF_INET6, src) + struct.pack("!IIH", pkts, octets, 7) + length + name


def v9(source_id, flowsets):
    body = b"".join(flowsets)
    return struct.pack("!HHIIII", 9, len(flowsets), 0, int(time.time()), 0, source_id) + body


def v5(records):
    head = struct.pack("!HHIIIIBBH", 5, len(records), 0, int(time.time()), 0, 0, 0, 0, 0)
    return head + b"".join(
        socket.inet_aton(src) + bytes(8) + struct.pack("!HHII", ifindex, 0, pkts, octets) + bytes(24)
        for src, ifindex, pkts, octets in records)


def crafted(host, port, sink=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # a second exporter (its own port)
    dst = (host, port)
    expect = {"records": 0, "malformed": 0, "unknown_template_sets": 0, "templates_refused": 0,
              "template_withdrawals": 0, "packets": 0, "by_reason": {"martian": 0, "bogon": 0, "not_allowed": 0}}

    def send(d, sock=None):
        if sink is not None:
            sink(d, 2 if sock is other else 1)
            return
        (sock or s).sendto(d, dst)
        time.sleep(0.002)

    # IPFIX: data before its template (unknown), then templates and data.
    send(ipfix(1, [ipfix_set(256, rec_v4("45.10.0.1", 1, 5, 500))]))
    expect["unknown_template_sets"] += 1
    send(ipfix(1, [ipfix_set(2, TEMPLATE_V4 + TEMPLATE_V6)]))
    send(ipfix(1, [ipfix_set(256, rec_v4("45.10.0.1", 1, 5, 500) + rec_v4("8.8.8.8", 1, 3, 300)
                             + rec_v4("10.0.0.1", 2, 2, 200)),
                   ipfix_set(257, rec_v6("2a0e:1000::1", 4, 400) + rec_v6("fe80::1", 1, 100, b"x" * 300))]))
    expect["records"] += 5
    expect["packets"] += 5 + 3 + 2 + 4 + 1
    expect["by_reason"]["not_allowed"] += 3
    expect["by_reason"]["martian"] += 2 + 1
    # The same template ID in another observation domain is another template.
    send(ipfix(2, [ipfix_set(256, rec_v4("45.10.0.1", 1, 1, 100))]))
    expect["unknown_template_sets"] += 1
    # So is it from another exporter (RFC 7011 section 8: templates belong to
    # the transport session), in the same domain.
    send(ipfix(1, [ipfix_set(256, rec_v4("45.10.0.1", 1, 1, 100))]), other)
    expect["unknown_template_sets"] += 1
    # Withdraw 256 in domain 1: its data is unknown again; 257 stays.
    send(ipfix(1, [ipfix_set(2, struct.pack("!HH", 256, 0))]))
    expect["template_withdrawals"] += 1
    send(ipfix(1, [ipfix_set(256, rec_v4("45.10.0.1", 1, 1, 100)), ipfix_set(257, rec_v6("2a0e:1000::2", 1, 100))]))
    expect["unknown_template_sets"] += 1
    expect["records"] += 1
    expect["packets"] += 1
    # Withdraw all templates of domain 1 (template ID = set ID 2).
    send(ipfix(1, [ipfix_set(2, struct.pack("!HH", 2, 0))]))
    expect["template_withdrawals"] += 1
    send(ipfix(1, [ipfix_set(257, rec_v6("2a0e:1000::2", 1, 100))]))
    expect["unknown_template_sets"] += 1
    # Malformed: message length disagrees, a set longer than the message,
    # unknown version, a datagram of 1 byte, v5 with a bad count.
    good = ipfix(1, [ipfix_set(2, TEMPLATE_V4)])
    send(good[:2] + struct.pack("!H", len(good) + 5) + good[4:])
    send(ipfix(1, [struct.pack("!HH", 2, 400) + TEMPLATE_V4]))
    send(struct.pack("!H", 7) + bytes(30))
    send(b"\x00")
    send(v5([("45.10.0.1", 1, 1, 1)])[:-4])
    expect["malformed"] += 5
    # NetFlow v9: template flowset 0, then data.
    t9 = struct.pack("!HH", 300, 3) + struct.pack("!HHHHHH", 8, 4, 2, 4, 1, 4)
    send(v9(7, [struct.pack("!HH", 0, 4 + len(t9)) + t9]))
    data9 = b"".join(socket.inet_aton(a) + struct.pack("!II", p, p * 100) for a, p in
                     (("45.10.0.9", 2), ("192.168.1.1", 3)))
    send(v9(7, [struct.pack("!HH", 300, 4 + len(data9) + 2) + data9 + b"\0\0"]))  # 2 bytes padding
    expect["records"] += 2
    expect["packets"] += 5
    expect["by_reason"]["martian"] += 3
    # NetFlow v5.
    send(v5([("45.10.0.3", 1, 10, 1000), ("1.1.1.1", 1, 1, 60)]))
    expect["records"] += 2
    expect["packets"] += 11
    expect["by_reason"]["not_allowed"] += 1
    # A template flood from one exporter and domain: 1100 templates, the
    # limit is 1024 per domain (domain 9 is new).
    flood = [struct.pack("!HH", 1000 + i, 1) + struct.pack("!HH", 8, 4) for i in range(1100)]
    for i in range(0, 1100, 100):
        send(ipfix(9, [ipfix_set(2, b"".join(flood[i:i + 100]))]))
    expect["templates_refused"] += 1100 - 1024
    print(json.dumps(expect))


def replay(host, port, total, per):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
    dst = (host, port)
    s.sendto(ipfix(1, [ipfix_set(2, TEMPLATE_V4)]), dst)
    datagrams = []
    for d in range(256):
        recs = b"".join(rec_v4("10.0.0.1" if (d * per + i) % 100 == 0 else f"45.10.{d}.{i % 256}", 1, 1, 64)
                        for i in range(per))
        datagrams.append(ipfix(1, [ipfix_set(256, recs)], d))
    sent = 0
    k = 0
    start = time.time()
    while sent < total:
        s.sendto(datagrams[k & 255], dst)
        k += 1
        sent += per
    print(f"sent {sent} records in {k} datagrams, {time.time() - start:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "crafted":
        crafted(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "seed":
        with open(sys.argv[2], "wb") as f:
            crafted("127.0.0.1", 9, lambda d, exporter: f.write(struct.pack("!HB", len(d), exporter) + d))
    else:
        replay(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 40)
