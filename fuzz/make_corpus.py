#!/usr/bin/env python3
"""Builds libFuzzer seed corpora from the real MRT files in testdata/mrt.

usage: make_corpus.py TESTDATA_MRT_DIR OUT_DIR

Writes one folder per fuzz target under OUT_DIR:
  mrt_record_fuzz/       decompressed slices of each file, cut at record
                         boundaries: its first records, and records of the
                         kinds (type, subtype, BGP message type) the first
                         slices do not cover (RIB records with their
                         PEER_INDEX_TABLE in front)
  bgp_update_fuzz/       session byte + UPDATE (or OPEN/NOTIFICATION) body
  path_attributes_fuzz/  context byte + attribute block, from UPDATEs and from
                         TABLE_DUMP / TABLE_DUMP_V2 RIB entries
  input_fuzz/            the small compressed files as they are
The leading byte of the last two encodes the context as the targets read it:
bit 0 four-octet ASes, bit 1 ADD-PATH, bit 2 (attributes) an IPv6 RIB record.
Seeds are kept small and few (at most MAX_SEEDS per target); a new seed is
taken only when it shows something the earlier ones did not.
"""

import bz2
import hashlib
import os
import struct
import sys
import zlib

MAX_SEEDS = 100
MAX_SLICE = 4096        # bytes of a first-records slice
MAX_SEED = 8192         # any seed
MAX_SCAN = 8 << 20      # decompressed bytes looked at per file
MAX_INPUT_SEED = 16384  # compressed files copied whole for input_fuzz

BGP4MP_MESSAGE = {1: (2, 0), 4: (4, 0), 6: (2, 0), 7: (4, 0),
                  8: (2, 1), 9: (4, 1), 10: (2, 1), 11: (4, 1)}
RIB_V2 = {2: 4, 3: 4, 4: 16, 5: 16, 8: 4, 9: 4, 10: 16, 11: 16}
ADD_PATH_RIB = {8, 9, 10, 11}


def decompress(raw):
    """Whole members/streams until the data ends or breaks (truncated files)."""
    if raw[:2] == b"\x1f\x8b":
        make = lambda: zlib.decompressobj(31)
    elif raw[:3] == b"BZh":
        make = bz2.BZ2Decompressor
    else:
        return raw[:MAX_SCAN]
    out, rest = [], raw
    size = 0
    while rest and size < MAX_SCAN:
        d = make()
        try:
            chunk = d.decompress(rest)
        except (OSError, EOFError, zlib.error):
            break
        out.append(chunk)
        size += len(chunk)
        rest = d.unused_data
    return b"".join(out)[:MAX_SCAN]


def records(data):
    """(offset, type, subtype, record bytes, body) until the framing breaks."""
    pos = 0
    while pos + 12 <= len(data):
        _, rtype, subtype, length = struct.unpack_from(">IHHI", data, pos)
        end = pos + 12 + length
        if end > len(data) or length > (1 << 24):
            return
        body = data[pos + 12:end]
        if rtype in (17, 33, 49):
            body = body[4:]
        yield pos, rtype, subtype, data[pos:end], body
        pos = end


def attr_types(block):
    """Sorted attribute type codes of an attribute block, plus MP family."""
    types, pos = [], 0
    while pos + 3 <= len(block):
        flags, atype = block[pos], block[pos + 1]
        if flags & 0x10:
            if pos + 4 > len(block):
                break
            length = struct.unpack_from(">H", block, pos + 2)[0]
            pos += 4
        else:
            length = block[pos + 2]
            pos += 3
        value = block[pos:pos + length]
        if atype in (14, 15) and len(value) >= 3:
            types.append((atype, value[:3]))
        else:
            types.append((atype, len(value) if atype == 14 else None))
        pos += length
    return tuple(sorted(types, key=repr))


def bgp4mp_message(subtype, body):
    """(asn_size, add_path, bgp type, message body) of a BGP4MP MESSAGE."""
    asn_size, add_path = BGP4MP_MESSAGE[subtype]
    pos = 2 * asn_size + 2
    if pos + 2 > len(body):
        return None
    afi = struct.unpack_from(">H", body, pos)[0]
    pos += 2 + 2 * (4 if afi == 1 else 16)
    if pos + 19 > len(body):
        return None
    length, btype = struct.unpack_from(">HB", body, pos + 16)
    if length < 19:
        return None
    return asn_size, add_path, btype, body[pos + 19:pos + length]


def update_attributes(update):
    if len(update) < 2:
        return None
    wlen = struct.unpack_from(">H", update, 0)[0]
    if 2 + wlen + 2 > len(update):
        return None
    alen = struct.unpack_from(">H", update, 2 + wlen)[0]
    return update[4 + wlen:4 + wlen + alen]


def rib_entries(rtype, subtype, body):
    """(context byte, attribute block) of each entry of a RIB record."""
    if rtype == 12 and subtype in (1, 2):
        alen_at = 4 + (4 if subtype == 1 else 16) + 6 + (4 if subtype == 1 else 16) + 2
        if alen_at + 2 <= len(body):
            alen = struct.unpack_from(">H", body, alen_at)[0]
            yield (4 if subtype == 2 else 0), body[alen_at + 2:alen_at + 2 + alen]
        return
    if rtype != 13 or subtype not in RIB_V2 or len(body) < 5:
        return
    pos = 5 + (body[4] + 7) // 8
    if pos + 2 > len(body):
        return
    count = struct.unpack_from(">H", body, pos)[0]
    pos += 2
    ctx = 1 | (4 if RIB_V2[subtype] == 16 else 0)
    for _ in range(count):
        pos += 6 + (4 if subtype in ADD_PATH_RIB else 0)
        if pos + 2 > len(body):
            return
        alen = struct.unpack_from(">H", body, pos)[0]
        yield ctx, body[pos + 2:pos + 2 + alen]
        pos += 2 + alen


class Corpus:
    """Seeds of one target: distinct content, one per new signature."""

    def __init__(self, out_dir, name, max_size=MAX_SEED):
        self.dir = os.path.join(out_dir, name)
        self.max_size = max_size
        os.makedirs(self.dir, exist_ok=True)
        self.signatures, self.hashes, self.count = set(), set(), 0

    def add(self, label, data, signature=None):
        if not data or len(data) > self.max_size or self.count >= MAX_SEEDS:
            return False
        if signature is not None and signature in self.signatures:
            return False
        digest = hashlib.sha1(data).hexdigest()
        if digest in self.hashes:
            return False
        self.signatures.add(signature)
        self.hashes.add(digest)
        self.count += 1
        with open(os.path.join(self.dir, f"{label}-{digest[:10]}"), "wb") as f:
            f.write(data)
        return True


def first_slice(data):
    end = 0
    for pos, _, _, rec, _ in records(data):
        if pos + len(rec) > MAX_SLICE:
            break
        end = pos + len(rec)
    return data[:end]


def main():
    src, out = sys.argv[1], sys.argv[2]
    mrt = Corpus(out, "mrt_record_fuzz")
    update = Corpus(out, "bgp_update_fuzz")
    attrs = Corpus(out, "path_attributes_fuzz")
    inputs = Corpus(out, "input_fuzz", MAX_INPUT_SEED)
    files = sorted(f for f in os.listdir(src) if not f.endswith(".md"))
    decoded = {}
    for name in files:
        raw = open(os.path.join(src, name), "rb").read()
        if raw[:2] == b"\x1f\x8b" or raw[:3] == b"BZh":
            inputs.add(name, raw)
        decoded[name] = decompress(raw)
        mrt.add(name, first_slice(decoded[name]))
    # Record kinds the first slices miss, and the message and attribute seeds.
    seen_kinds = set()
    for data in decoded.values():
        for _, rtype, subtype, _, body in records(first_slice(data)):
            seen_kinds.add((rtype, subtype, None))
    per_file = []
    for name in files:
        data = decoded[name]
        peer_index = b""
        picks, taken = [], set()

        def pick(kind, data, sig):
            if sig is None or (kind, sig) not in taken:
                taken.add((kind, sig))
                picks.append((kind, name, data, sig))
        for _, rtype, subtype, rec, body in records(data):
            kind = (rtype, subtype, None)
            if rtype == 13 and subtype == 1:
                peer_index = rec
            msg = None
            if rtype in (16, 17) and subtype in BGP4MP_MESSAGE:
                msg = bgp4mp_message(subtype, body)
                if msg:
                    kind = (rtype, subtype, msg[2])
            if kind not in seen_kinds and len(peer_index) + len(rec) <= MAX_SEED:
                seen_kinds.add(kind)
                pick("mrt", (peer_index if rtype == 13 else b"") + rec, None)
            if msg and msg[2] in (1, 2, 3):
                asn_size, add_path, btype, mbody = msg
                ctx = (1 if asn_size == 4 else 0) | (2 if add_path else 0)
                block = update_attributes(mbody) if btype == 2 else None
                sig = (btype, ctx, attr_types(block) if block is not None else None)
                pick("update", bytes([ctx]) + mbody, sig)
                if block:
                    pick("attrs", bytes([ctx]) + block, (ctx, attr_types(block)))
            if rtype == 5 and subtype == 1 and len(body) > 12:
                block = update_attributes(body[12:])
                pick("update", b"\0" + body[12:], (2, 0, attr_types(block or b"")))
                if block:
                    pick("attrs", b"\0" + block, (0, attr_types(block)))
            for ctx, block in rib_entries(rtype, subtype, body):
                if block:
                    pick("attrs", bytes([ctx]) + block, (ctx, attr_types(block)))
        per_file.append(picks)
    # Round-robin over the files so that no single file fills a corpus.
    targets = {"mrt": mrt, "update": update, "attrs": attrs}
    cursors = [0] * len(per_file)
    progress = True
    while progress:
        progress = False
        for i, picks in enumerate(per_file):
            while cursors[i] < len(picks):
                kind, name, data, sig = picks[cursors[i]]
                cursors[i] += 1
                if targets[kind].add(name, data, sig):
                    progress = True
                    break
    for c in (mrt, update, attrs, inputs):
        print(f"{c.dir}: {c.count} seeds")


if __name__ == "__main__":
    main()
