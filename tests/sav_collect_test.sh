#!/usr/bin/env bash
# manrs sav collect with real exporters: softflowd reads the generator's
# capture and exports IPFIX to the collector; the same export, sent to nfcapd
# and read back with nfdump, is the oracle (flow records, and packets and
# bytes per source). Then crafted NetFlow v5 / v9 / IPFIX datagrams
# (tests/sav_flow_send.py): unknown templates, template withdrawal (one and
# all), observation domains, variable-length and enterprise elements,
# malformed lengths, a template flood; every counter must be as predicted.
set -u
MANRS=$1
HERE=$(cd "$(dirname "$0")" && pwd)
command -v softflowd >/dev/null && command -v nfcapd >/dev/null && command -v nfdump >/dev/null \
  || { echo "softflowd / nfdump not installed"; exit 77; }
T=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
fail=0
python3 "$HERE/sav_pcap_gen.py" "$T" 3000 || exit 1
printf 'default AS64501\n' > "$T/map.txt"

# Starts the collector in the background; sets PORT.
collect() {  # out-prefix, extra options...
  local out=$1
  shift
  "$MANRS" sav collect --listen "${LISTEN:-127.0.0.1:0}" --idle 2 --duration 60 --format json -o "$T/$out.json" "$@" \
    2> "$T/$out.err" &
  started "$out"
}
started() {  # out-prefix: records the collector just started in the background; sets PORT
  CPID=$!
  pids+=($CPID)
  PORT=
  for _ in $(seq 50); do
    PORT=$(grep -o 'listening on [^ ]*' "$T/$1.err" | sed 's/.*://')
    [ -n "$PORT" ] && break
    sleep 0.1
  done
  [ -n "$PORT" ] || { echo "FAIL: collector did not start: $(cat "$T/$1.err")"; exit 1; }
}

# 1. softflowd -> manrs sav collect (PEERS.md section 8: IPFIX with -A milli;
# no -c with -r).
collect sf --allow "$T/allow.json" --interfaces "$T/map.txt" --write "$T/flows.csv"
softflowd -r "$T/mix.pcap" -n 127.0.0.1:$PORT -v 10 -A milli -6 -d -m 200000 > "$T/sf1.out" 2>&1
wait $CPID
rc=$?
[ $rc = 1 ] || { echo "FAIL: collector exit $rc, want 1 (spoofed traffic)"; fail=1; }

# 2. the same capture, softflowd -> nfcapd; nfdump reads it back.
NPORT=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir "$T/nf"
nfcapd -w "$T/nf" -b 127.0.0.1 -p $NPORT -t 60 -B 16777216 > "$T/nfcapd.log" 2>&1 &
NFPID=$!
pids+=($NFPID)
sleep 0.5
softflowd -r "$T/mix.pcap" -n 127.0.0.1:$NPORT -v 10 -A milli -6 -d -m 200000 > "$T/sf2.out" 2>&1
sleep 1
kill $NFPID
wait $NFPID 2>/dev/null
nfdump -R "$T/nf" -q -N -o 'fmt:%sa %pkt %byt' > "$T/nfdump.txt" || { echo "FAIL: nfdump"; exit 1; }

python3 - "$T" "$HERE" <<'PY' || fail=1
import csv, json, sys
t, here = sys.argv[1], sys.argv[2]
sys.path.insert(0, here)
import sav_pcap_gen as gen
reasons = {src: r[0] for src, r in gen.SOURCES_V4 + gen.SOURCES_V6}
nf = {}
lines = 0
for line in open(f"{t}/nfdump.txt"):
    src, pkts, octets = line.split()
    lines += 1
    a = nf.setdefault(src, [0, 0])
    a[0] += int(pkts); a[1] += int(octets)
ours = {}
for row in csv.DictReader(open(f"{t}/flows.csv")):
    a = ours.setdefault(row["source"], [0, 0])
    a[0] += int(row["packets"]); a[1] += int(row["bytes"])
report = json.load(open(f"{t}/sf.json"))
bad = []
if report["collector"]["records"] != lines:
    bad.append(f"records {report['collector']['records']} vs nfdump {lines}")
if ours != nf:
    diff = sorted(k for k in set(ours) | set(nf) if ours.get(k) != nf.get(k))
    bad.append(f"per-source packets/bytes differ for {diff[:4]}")
want = {"martian": 0, "bogon": 0, "not_allowed": 0}
for src, (pkts, _) in nf.items():
    r = reasons[src]
    if r == "bogon":
        r = "not_allowed"  # no --bogons given here
    if r != "allowed":
        want[r] += pkts
if report["by_reason"] != want:
    bad.append(f"by_reason {report['by_reason']} vs {want} from nfdump's records")
if report["packets"] != sum(p for p, _ in nf.values()):
    bad.append("packet total differs")
print("softflowd -> collect vs nfcapd/nfdump: " + ("equal (%d flows, %d packets)" % (lines, report["packets"]) if not bad else "; ".join(bad)))
sys.exit(1 if bad else 0)
PY

# 2b. softflowd's NetFlow v9 over IPv6 loopback: the same flows as nfdump saw.
if LISTEN='[::1]:0' collect v9 --allow "$T/allow.json" --interfaces "$T/map.txt" --write "$T/v9.csv"; then
  softflowd -r "$T/mix.pcap" -n "[::1]:$PORT" -v 9 -6 -d -m 200000 > "$T/sf3.out" 2>&1
  wait $CPID
  python3 - "$T" <<'PY' || fail=1
import csv, sys
t = sys.argv[1]
def per_source(rows):
    out = {}
    for src, pkts, octets in rows:
        a = out.setdefault(src, [0, 0]); a[0] += int(pkts); a[1] += int(octets)
    return out
nf = per_source(line.split() for line in open(f"{t}/nfdump.txt"))
v9 = per_source((r["source"], r["packets"], r["bytes"]) for r in csv.DictReader(open(f"{t}/v9.csv")))
print("softflowd v9 over [::1] -> collect: " + ("same flows as nfdump" if v9 == nf else "differs from nfdump"))
sys.exit(0 if v9 == nf else 1)
PY
fi

# 3. crafted datagrams.
collect crafted --allow 45.10.0.0/16,2a0e:1000::/32
python3 "$HERE/sav_flow_send.py" crafted 127.0.0.1 $PORT > "$T/expect.json"
wait $CPID
python3 - "$T/crafted.json" "$T/expect.json" <<'PY' || fail=1
import json, sys
got, want = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
c = got["collector"]
bad = [k for k in ("records", "malformed", "unknown_template_sets", "templates_refused", "template_withdrawals") if c[k] != want[k]]
bad += [k for k in ("packets", "by_reason") if got[k] != want[k]]
print("crafted datagrams: " + ("as predicted" if not bad else "differ: " + ", ".join(f"{k}" for k in bad)))
sys.exit(1 if bad else 0)
PY
grep -q "udp:127.0.0.1:[0-9]*: offset 2: ipfix message length" "$T/crafted.err" \
  || { echo "FAIL: malformed datagram not reported with its offset"; fail=1; }
# --until-flows: the collector stops by itself once it has that many records
# (here after the second datagram: 2 + 2 >= 3), long before --idle or
# --duration would stop it.
"$MANRS" sav collect --listen 127.0.0.1:0 --allow 45.10.0.0/16 --until-flows 3 --idle 50 --duration 50 \
  --format json -o "$T/until.json" 2> "$T/until.err" &
started until
python3 - "$HERE" "$PORT" <<'PY'
import socket, sys, time
sys.path.insert(0, sys.argv[1])
from sav_flow_send import v5
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for d in (v5([("45.10.0.1", 1, 1, 60), ("1.1.1.1", 1, 1, 60)]), v5([("45.10.0.2", 1, 1, 60), ("45.10.0.3", 1, 1, 60)])):
    s.sendto(d, ("127.0.0.1", int(sys.argv[2])))
    time.sleep(0.05)
PY
for _ in $(seq 100); do kill -0 $CPID 2>/dev/null || break; sleep 0.1; done
if kill -0 $CPID 2>/dev/null; then echo "FAIL: --until-flows 3: still running after 10 s"; fail=1
else
  wait $CPID
  n=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['collector']['records'])" "$T/until.json" 2>/dev/null)
  [ "$n" = 4 ] && echo "--until-flows 3: stopped after 4 records" || { echo "FAIL: --until-flows 3: $n records"; fail=1; }
fi

# Bad arguments.
"$MANRS" sav collect --listen 127.0.0.1 --allow 45.10.0.0/16 > /dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: --listen without a port must exit 2"; fail=1; }
[ $fail = 0 ] && echo "sav collect: all checks passed"
exit $fail
