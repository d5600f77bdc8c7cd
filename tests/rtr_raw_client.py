#!/usr/bin/env python3
"""A raw RTR client for the fault tests: sends bytes, prints the PDUs that
come back as one line each ("type=10 version=1 code=5"), then "closed" when
the cache closes the connection, or "open" when it did not within --wait s.

  rtr_raw_client.py PORT HEX [HEX...]      send each hex string in turn
  rtr_raw_client.py PORT --many N --notify  hold N sessions, reset query each,
      then wait for a Serial Notify on all, serial query on all, and print the
      seconds from the first notify to the last End of Data.
"""
import argparse
import selectors
import socket
import struct
import sys
import time


def read_pdus(sock, wait):
    """Reads PDUs until the peer closes or wait seconds of silence."""
    buf = b""
    out = []
    sock.settimeout(wait)
    closed = False
    while True:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            closed = True
            break
        if not chunk:
            closed = True
            break
        buf += chunk
        while len(buf) >= 8:
            length = struct.unpack("!I", buf[4:8])[0]
            if len(buf) < length:
                break
            out.append(buf[:length])
            buf = buf[length:]
    return out, closed


def describe(pdu):
    version, ptype, field = pdu[0], pdu[1], struct.unpack("!H", pdu[2:4])[0]
    if ptype == 10:
        return f"type=10 version={version} code={field}"
    return f"type={ptype} version={version}"


def many(port, n, timeout):
    sel = selectors.DefaultSelector()
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(bytes.fromhex("0102000000000008"))
        s.setblocking(False)
        socks.append(s)
        sel.register(s, selectors.EVENT_READ, {"buf": b"", "eods": 0, "session": 0})
    eod_time = {}
    first_notify = None
    deadline = time.time() + timeout
    synced = 0
    while time.time() < deadline and len(eod_time) < n:
        for key, _ in sel.select(timeout=1):
            s, st = key.fileobj, key.data
            try:
                chunk = s.recv(1 << 20)
            except BlockingIOError:
                continue
            if not chunk:
                print("a session closed", file=sys.stderr)
                return 1
            st["buf"] += chunk
            while len(st["buf"]) >= 8:
                length = struct.unpack("!I", st["buf"][4:8])[0]
                if len(st["buf"]) < length:
                    break
                pdu, st["buf"] = st["buf"][:length], st["buf"][length:]
                if pdu[1] == 3:
                    st["session"] = struct.unpack("!H", pdu[2:4])[0]
                elif pdu[1] == 7:
                    st["serial"] = struct.unpack("!I", pdu[8:12])[0]
                    st["eods"] += 1
                    if st["eods"] == 1:
                        synced += 1
                        if synced == n:
                            print(f"synced {n}", flush=True)
                    else:
                        eod_time[s.fileno()] = time.time()
                elif pdu[1] == 0:
                    if first_notify is None:
                        first_notify = time.time()
                    s.setblocking(True)
                    s.sendall(struct.pack("!BBHII", 1, 1, st["session"], 12, st["serial"]))
                    s.setblocking(False)
    if len(eod_time) < n:
        print(f"only {len(eod_time)} of {n} got the update", file=sys.stderr)
        return 1
    print(f"all {n} updated {max(eod_time.values()) - first_notify:.3f} s after the first notify")
    return 0


def notifies(port, seconds):
    """Reset query, then prints "notify SECONDS SERIAL" for each Serial Notify."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(bytes.fromhex("0102000000000008"))
    start = time.time()
    buf = b""
    s.settimeout(0.2)
    while time.time() - start < seconds:
        try:
            chunk = s.recv(1 << 16)
        except socket.timeout:
            continue
        if not chunk:
            break
        buf += chunk
        while len(buf) >= 8:
            length = struct.unpack("!I", buf[4:8])[0]
            if len(buf) < length:
                break
            pdu, buf = buf[:length], buf[length:]
            if pdu[1] == 0:
                serial = struct.unpack("!I", pdu[8:12])[0]
                print(f"notify {time.time() - start:.1f} {serial}", flush=True)
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("port", type=int)
    p.add_argument("hex", nargs="*")
    p.add_argument("--wait", type=float, default=3)
    p.add_argument("--many", type=int, default=0)
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--notifies", type=float, default=0)
    a = p.parse_args()
    if a.notifies:
        return notifies(a.port, a.notifies)
    if a.many:
        return many(a.port, a.many, a.timeout)
    s = socket.create_connection(("127.0.0.1", a.port))
    for h in a.hex:
        s.sendall(bytes.fromhex(h))
    pdus, closed = read_pdus(s, a.wait)
    for pdu in pdus:
        print(describe(pdu))
    print("closed" if closed else "open")
    return 0


if __name__ == "__main__":
    sys.exit(main())
