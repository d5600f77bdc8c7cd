#!/usr/bin/env bash
# Side-by-side figures for `manrs sav` (BENCHMARKS.md "Source address validation"):
#   1. sav acl on the real RouteViews jinx RIB (14 peers as interfaces), every mode;
#   2. sav audit on a generated capture against tcpdump with a BPF filter on the same file;
#   3. sav collect receiving IPFIX on loopback against nfcapd on the same feed.
# usage: bench/sav_bench.sh MANRS [PACKETS] [RECORDS]
set -eu
MANRS=$(realpath "$1")
PACKETS=${2:-4000000}
RECORDS=${3:-4000000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
D=${BENCH_DIR:-/tmp/manrs-bench}/sav
mkdir -p "$D"
RIB=$HERE/testdata/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2
cpu() { awk '{print $1 + $2}' "$1"; }  # user + sys from /usr/bin/time -f "%U %S"

echo "== 1. sav acl, jinx RIB (503,590 routes, 14 interfaces; customers 3741,37105,10474,6968)"
for m in strict feasible efp-a efp-b bar-sav; do
  /usr/bin/time -f "%e %M" -o "$D/t" "$MANRS" sav acl -q --mode $m --rib "$RIB" \
    --customers 3741,37105,10474,6968 --allow-permit-all -o "$D/acl.json"
  read -r secs kb < "$D/t"
  echo "  $m json: $secs s, $((kb / 1024)) MB"
done
/usr/bin/time -f "%e %M" -o "$D/t" "$MANRS" sav acl -q --mode efp-a --rib "$RIB" \
  --customers 3741,37105,10474,6968 --format nftables -o "$D/acl.nft"
read -r secs kb < "$D/t"
echo "  efp-a nftables (aggregated): $secs s"
/usr/bin/time -f "%e %M" -o "$D/t" "$MANRS" sav acl -q --mode feasible --rib "$RIB" --allow-permit-all -o "$D/acl.json"
read -r secs kb < "$D/t"
echo "  feasible, all 14 interfaces: $secs s"

echo "== 2. sav audit vs tcpdump, $PACKETS packets (99 % allowed, untagged IPv4)"
[ -s "$D/bench-$PACKETS.pcap" ] || { python3 "$HERE/tests/sav_pcap_gen.py" "$D" "$PACKETS" --bench && mv "$D/bench.pcap" "$D/bench-$PACKETS.pcap"; }
P=$D/bench-$PACKETS.pcap
cat "$P" > /dev/null  # warm the page cache
for run in 1 2 3; do
  /usr/bin/time -f "%e %U %S" -o "$D/m$run" "$MANRS" sav audit --pcap "$P" --allow 45.10.0.0/16,2a0e::/16 --format json -o "$D/audit.json" || true
  /usr/bin/time -f "%e %U %S" -o "$D/t$run" tcpdump -q -r "$P" -w /dev/null 'not (src net 45.10.0.0/16 or src net 2a0e::/16)' 2>/dev/null
done
m=$(for r in 1 2 3; do tail -n 1 "$D/m$r"; done | sort -n | head -1)
t=$(for r in 1 2 3; do tail -n 1 "$D/t$r"; done | sort -n | head -1)
python3 - "$PACKETS" "$m" "$t" <<'PY'
import sys
n = int(sys.argv[1]); m = sys.argv[2].split(); t = sys.argv[3].split()
mw, mc = float(m[0]), float(m[1]) + float(m[2]); tw, tc = float(t[0]), float(t[1]) + float(t[2])
print(f"  manrs sav audit: {mw:.3f} s wall, {mc:.3f} s CPU -> {n / mw / 1e6:.1f} M packets/s wall, {n / max(mc, 1e-9) / 1e6:.1f} M/s per CPU second")
print(f"  tcpdump + BPF:   {tw:.3f} s wall, {tc:.3f} s CPU -> {n / tw / 1e6:.1f} M packets/s wall")
print(f"  ratio (manrs / tcpdump, wall): {mw / tw:.2f}")
PY

echo "== 3. sav collect vs nfcapd, $RECORDS IPFIX records (40 a datagram) from tests/sav_flow_send.py on loopback"
/usr/bin/time -f "%U %S" -o "$D/collect.time" "$MANRS" sav collect --listen 127.0.0.1:0 \
  --allow 45.10.0.0/16 --until-flows "$RECORDS" --idle 3 --duration 120 --format json \
  -o "$D/collect.json" 2> "$D/collect.err" &
CPID=$!
sleep 0.3
PORT=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$D/collect.err" | cut -d: -f2)
python3 "$HERE/tests/sav_flow_send.py" replay 127.0.0.1 "$PORT" "$RECORDS" 40
wait $CPID || true
python3 - "$D/collect.json" "$RECORDS" "$(tail -n 1 "$D/collect.time")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); n = int(sys.argv[2])
cpu = sum(float(x) for x in sys.argv[3].split())
c = d["collector"]
print(f"  manrs sav collect: {c['records']} of {n} records ({n - c['records']} lost), {c['datagrams']} datagrams, "
      f"receive buffer {c['receive_buffer'] >> 20} MB, CPU {cpu:.2f} s (whole process) -> "
      f"{c['records'] / max(cpu, 1e-9) / 1e6:.1f} M records per CPU second")
PY
NPORT=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rm -rf "$D/nf" && mkdir "$D/nf"
nfcapd -w "$D/nf" -b 127.0.0.1 -p "$NPORT" -t 600 -B 16777216 > "$D/nfcapd.log" 2>&1 &
NPID=$!
sleep 0.5
read -r u0 s0 < <(awk '{print $14, $15}' /proc/$NPID/stat)
python3 "$HERE/tests/sav_flow_send.py" replay 127.0.0.1 "$NPORT" "$RECORDS" 40
sleep 2
read -r u1 s1 < <(awk '{print $14, $15}' /proc/$NPID/stat)
kill $NPID
wait $NPID 2>/dev/null || true
flows=$(nfdump -R "$D/nf" -q -N -o 'fmt:%sa' | wc -l)
python3 - "$flows" "$RECORDS" "$u0" "$s0" "$u1" "$s1" <<'PY'
import os, sys
f, n = int(sys.argv[1]), int(sys.argv[2])
cpu = (int(sys.argv[5]) + int(sys.argv[6]) - int(sys.argv[3]) - int(sys.argv[4])) / os.sysconf("SC_CLK_TCK")
print(f"  nfcapd 1.7.1 (-B 16 MB): {f} of {n} records ({n - f} lost), CPU {cpu:.2f} s -> {f / max(cpu, 1e-9) / 1e6:.1f} M records per CPU second")
PY
