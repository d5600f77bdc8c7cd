#!/usr/bin/env python3
"""Strict structural check of an mrtgen file, independent of bgpdump.

bgpdump is lenient (it does not check a BGP message's length field, for one),
so this walks every byte: MRT records must tile the file; every length field
(BGP message, withdrawn routes, path attributes, each attribute, NLRI,
MP_REACH/MP_UNREACH) must be consumed exactly; the Extended Length flag must be
set exactly when an attribute is longer than 255 bytes; prefixes carry no bits
past their length; RIB prefixes come in strictly increasing order; the first AS
of every AS_PATH is the peer's; UPDATEs fit 4096 bytes; BGP4MP timestamps never
decrease. Prints the counts bgpdump -m should match and exits 1 on the first
violation.

Usage: check_framing.py FILE
"""
import struct
import sys


class Bad(Exception):
    pass


def need(cond, what):
    if not cond:
        raise Bad(what)


def prefixes(buf, afi):
    """Parses a run of NLRI; returns the prefixes as (afi, int, len)."""
    out, i, width = [], 0, 32 if afi == 1 else 128
    while i < len(buf):
        plen = buf[i]
        n = (plen + 7) // 8
        need(plen <= width and i + 1 + n <= len(buf), f"bad NLRI at {i}")
        value = int.from_bytes(buf[i + 1:i + 1 + n].ljust(width // 8, b"\0"), "big")
        need(value & ((1 << (width - plen)) - 1) == 0, "bits set past the prefix length")
        out.append((afi, value, plen))
        i += 1 + n
    return out


def attributes(buf, peer_as, rib, v6):
    """Parses path attributes; returns (type -> value, announced, withdrawn).

    v6: whether the route is IPv6; None infers it from MP_REACH_NLRI."""
    attrs, reach, unreach, i = {}, [], [], 0
    while i < len(buf):
        need(i + 3 <= len(buf), "truncated attribute header")
        flags, code = buf[i], buf[i + 1]
        if flags & 0x10:
            (alen,) = struct.unpack_from(">H", buf, i + 2)
            hdr = 4
            need(alen > 255, f"extended length on a {alen}-byte attribute {code}")
        else:
            alen, hdr = buf[i + 2], 3
        value = buf[i + hdr:i + hdr + alen]
        need(len(value) == alen, f"attribute {code} overruns")
        need(code not in attrs, f"attribute {code} twice")
        attrs[code] = value
        i += hdr + alen
    if v6 is None:  # an UPDATE: IPv6 when it carries MP_REACH_NLRI
        v6 = 14 in attrs
    if 2 in attrs:
        path, j = [], 0
        v = attrs[2]
        while j < len(v):
            seg_type, n = v[j], v[j + 1]
            need(seg_type == 2 and j + 2 + 4 * n <= len(v), "bad AS_PATH segment")
            path += struct.unpack_from(f">{n}I", v, j + 2)
            j += 2 + 4 * n
        need(path and path[0] == peer_as, f"AS_PATH {path[:3]} does not start at peer AS{peer_as}")
        need(1 in attrs and len(attrs[1]) == 1 and attrs[1][0] <= 2, "bad ORIGIN")
        need(not v6 or 3 not in attrs, "NEXT_HOP on an IPv6 route")
        need(v6 or (3 in attrs and len(attrs[3]) == 4), "IPv4 route without NEXT_HOP")
        for code, size in ((4, 4), (5, 4), (6, 0), (7, 8)):
            need(code not in attrs or len(attrs[code]) == size, f"attribute {code} size")
        need(8 not in attrs or (len(attrs[8]) % 4 == 0 and attrs[8]), "bad COMMUNITIES")
    if 14 in attrs:
        v = attrs[14]
        if rib:
            need(len(v) == 1 + v[0] and v[0] in (16, 32), "bad abbreviated MP_REACH_NLRI")
        else:
            afi, safi, nhl = struct.unpack_from(">HBB", v)
            need(afi == 2 and safi == 1 and nhl in (16, 32), "bad MP_REACH_NLRI header")
            need(v[4 + nhl] == 0, "MP_REACH_NLRI reserved byte")
            reach = prefixes(v[5 + nhl:], 2)
            need(reach, "MP_REACH_NLRI without NLRI")
    need(not (v6 and 2 in attrs) or 14 in attrs, "IPv6 route without MP_REACH_NLRI")
    if 15 in attrs:
        afi, safi = struct.unpack_from(">HB", attrs[15])
        need(afi == 2 and safi == 1, "bad MP_UNREACH_NLRI header")
        unreach = prefixes(attrs[15][3:], 2)
    return attrs, reach, unreach


def check(data):
    counts = dict(records=0, entries=0, announced=0, withdrawn=0, states=0, lp=0, long=0)
    peers, last_prefix, last_time, seq, off = None, None, 0, 0, 0
    while off < len(data):
        need(off + 12 <= len(data), "truncated MRT header")
        ts, mtype, sub, length = struct.unpack_from(">IHHI", data, off)
        body = data[off + 12:off + 12 + length]
        need(len(body) == length, "MRT record overruns the file")
        where = f"record {counts['records']} at byte {off}"
        try:
            if mtype == 13 and sub == 1:
                need(peers is None and off == 0, "PEER_INDEX_TABLE not first")
                (count,) = struct.unpack_from(">H", body, 6)
                need(struct.unpack_from(">H", body, 4)[0] == 0, "view name not empty")
                peers, j = [], 8
                for _ in range(count):
                    ptype = body[j]
                    need(ptype & 2, "peer without the AS4 bit")
                    alen = 16 if ptype & 1 else 4
                    peers.append(struct.unpack_from(">I", body, j + 5 + alen)[0])
                    j += 5 + alen + 4
                need(j == len(body), "PEER_INDEX_TABLE length")
            elif mtype == 13 and sub in (2, 4):
                need(peers is not None, "RIB record before the peer index")
                afi = 1 if sub == 2 else 2
                (s,) = struct.unpack_from(">I", body, 0)
                need(s == seq, f"sequence {s}, expected {seq}")
                seq += 1
                n = (body[4] + 7) // 8
                (prefix,) = prefixes(body[4:5 + n], afi)
                need(last_prefix is None or prefix > last_prefix, "RIB prefixes out of order")
                last_prefix = prefix
                (entries,) = struct.unpack_from(">H", body, 5 + n)
                need(entries > 0, "RIB record without entries")
                j = 7 + n
                for _ in range(entries):
                    index, _, alen = struct.unpack_from(">HIH", body, j)
                    need(index < len(peers), "peer index out of range")
                    attrs, _, _ = attributes(body[j + 8:j + 8 + alen], peers[index], True, afi == 2)
                    need(j + 8 + alen <= len(body), "entry overruns the record")
                    counts["lp"] += 5 in attrs
                    counts["long"] += 8 in attrs and len(attrs[8]) > 255
                    j += 8 + alen
                need(j == len(body), "RIB record length")
                counts["entries"] += entries
            elif mtype == 16 and sub in (4, 5):
                need(ts >= last_time, "timestamp went back")
                last_time = ts
                peer_as, _, _, afi = struct.unpack_from(">IIHH", body)
                j = 12 + (8 if afi == 1 else 32)
                if sub == 5:
                    need(len(body) == j + 4, "STATE_CHANGE_AS4 length")
                    counts["states"] += 1
                else:
                    msg = body[j:]
                    need(msg[:16] == b"\xff" * 16, "BGP marker")
                    blen, btype = struct.unpack_from(">HB", msg, 16)
                    need(blen == len(msg) and blen <= 4096 and btype == 2, "BGP header")
                    (wlen,) = struct.unpack_from(">H", msg, 19)
                    withdrawn = prefixes(msg[21:21 + wlen], 1)
                    (plen,) = struct.unpack_from(">H", msg, 21 + wlen)
                    attr_buf = msg[23 + wlen:23 + wlen + plen]
                    need(len(attr_buf) == plen, "path attributes overrun")
                    nlri = prefixes(msg[23 + wlen + plen:], 1)
                    attrs, reach, unreach = attributes(attr_buf, peer_as, False, None)
                    need(not nlri or 2 in attrs, "NLRI without attributes")
                    announced, gone = nlri + reach, withdrawn + unreach
                    need(announced or gone, "empty UPDATE")
                    need(len(set(announced + gone)) == len(announced + gone), "prefix twice")
                    counts["announced"] += len(announced)
                    counts["withdrawn"] += len(gone)
                    counts["lp"] += 5 in attrs
                    counts["long"] += 8 in attrs and len(attrs[8]) > 255
            else:
                raise Bad(f"unexpected type {mtype} subtype {sub}")
        except (Bad, struct.error, IndexError, ValueError) as e:
            raise Bad(f"{where}: {e}") from None
        counts["records"] += 1
        off += 12 + length
    return counts


def main():
    try:
        with open(sys.argv[1], "rb") as f:
            counts = check(f.read())
    except Bad as e:
        print(f"check_framing: {sys.argv[1]}: {e}", file=sys.stderr)
        return 1
    lines = counts["entries"] + counts["announced"] + counts["withdrawn"] + counts["states"]
    print(" ".join(f"{k}={v}" for k, v in counts.items()) + f" lines={lines}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
