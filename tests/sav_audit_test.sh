#!/usr/bin/env bash
# manrs sav audit against captures with known ground truth written by
# tests/sav_pcap_gen.py: pcap and pcapng, VLAN-tagged and untagged, IPv4 and
# IPv6, ARP, frames cut by the snap length; martian, bogon (the real Team
# Cymru fullbogons list of 2025-07-15) and not-allowed sources on two customer
# interfaces. Then damaged captures: cut inside a record, cut at every length
# of a small capture, not a capture at all.
set -u
MANRS=$1
TESTDATA=$2
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
python3 "$HERE/sav_pcap_gen.py" "$T" 3000 || { echo "FAIL: generator"; exit 1; }
BOGONS=$TESTDATA/bogons/cymru-fullbogons-ipv4.20250715.txt
audit() { "$MANRS" sav audit --allow "$T/allow.json" --interfaces "$T/map.txt" --bogons "$BOGONS" "$@"; }
compare() {  # report truth
  python3 - "$1" "$2" <<'PY'
import json, sys
a, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
bad = [k for k in ("packets", "bytes", "spoofed_packets", "by_reason") if a[k] != t[k]]
bad += ["skipped." + k for k in t["skipped"] if a["skipped"][k] != t["skipped"][k]]
for n, v in t["by_interface"].items():
    bad += [n + "." + k for k in v if a["by_interface"][n][k] != v[k]]
print("equal" if not bad else "differ: " + ", ".join(bad))
sys.exit(1 if bad else 0)
PY
}
for f in mix.pcap mix.pcapng; do
  audit --pcap "$T/$f" --format json -o "$T/$f.json"
  rc=$?
  [ $rc = 1 ] || { echo "FAIL: $f: exit $rc, want 1 (spoofed traffic found)"; fail=1; }
  out=$(compare "$T/$f.json" "$T/truth.json") || fail=1
  echo "$f: $out"
done
# Both captures at once: every count doubles.
audit --pcap "$T/mix.pcap" "$T/mix.pcapng" --format json -o "$T/both.json"
python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
sys.exit(0 if a["packets"] == 2 * b["packets"] and a["by_reason"]["bogon"] == 2 * b["by_reason"]["bogon"] else 1)' \
  "$T/both.json" "$T/mix.pcap.json" || { echo "FAIL: two captures do not add up"; fail=1; }
# Text output names the interfaces.
audit --pcap "$T/mix.pcap" > "$T/text.txt"
grep -q 'sav_AS64502_192_0_2_2' "$T/text.txt" || { echo "FAIL: text report"; fail=1; }
# --rib names the routed prefix and origin of the listed spoofed sources
# (the real jinx RIB: 8.8.8.0/24 is originated by AS15169).
audit --pcap "$T/mix.pcap" --rib "$TESTDATA/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2" \
  --format json --top 100 -o "$T/rib.json"
python3 -c '
import json, sys
rows = {r["source"]: r for r in json.load(open(sys.argv[1]))["top_sources"]}
r = rows["8.8.8.8"]
sys.exit(0 if r["routed_prefix"] == "8.8.8.0/24" and r["origin_asn"] == 15169 and rows["240.0.0.1"]["origin_asn"] is None else 1)' \
  "$T/rib.json" || { echo "FAIL: --rib: routed prefix and origin of a spoofed source"; fail=1; }
# Without the bogon list those sources are not_allowed.
"$MANRS" sav audit --allow "$T/allow.json" --interfaces "$T/map.txt" --pcap "$T/mix.pcap" --format json -o "$T/nb.json"
python3 -c '
import json, sys
a, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
r = a["by_reason"]
sys.exit(0 if r["bogon"] == 0 and r["not_allowed"] == t["by_reason"]["not_allowed"] + t["by_reason"]["bogon"] else 1)' \
  "$T/nb.json" "$T/truth.json" || { echo "FAIL: without --bogons"; fail=1; }

# A capture cut inside a record: reported with its offset, the packets before it count.
audit --pcap "$T/cut.pcap" --format json -o "$T/cut.json" 2> "$T/cut.err"
rc=$?
[ $rc = 1 ] || { echo "FAIL: cut capture: exit $rc"; fail=1; }
grep -q "cut.pcap: offset [0-9]*: after [0-9]* packets: truncated dump file" "$T/cut.err" \
  || { echo "FAIL: cut capture not reported: $(cat "$T/cut.err")"; fail=1; }
n=$(grep -o 'after [0-9]* packets' "$T/cut.err" | grep -o '[0-9]*')
python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); s = a["skipped"]
sys.exit(0 if a["packets"] + s["not_ip"] + s["truncated"] == int(sys.argv[2]) else 1)' "$T/cut.json" "$n" \
  || { echo "FAIL: cut capture: the packets before the damage do not all count"; fail=1; }
# Every cut of a small capture: never a crash, always a report or a clean end.
mkdir "$T/small" && python3 "$HERE/sav_pcap_gen.py" "$T/small" 25
size=$(stat -c %s "$T/small/mix.pcap")
crashes=0
for ((len = 0; len < size; len += 11)); do
  head -c $len "$T/small/mix.pcap" > "$T/c.pcap"
  "$MANRS" sav audit -q --allow "$T/allow.json" --interfaces "$T/map.txt" --pcap "$T/c.pcap" > /dev/null 2>&1
  rc=$?
  [ $rc -le 2 ] || crashes=$((crashes + 1))
done
[ $crashes = 0 ] || { echo "FAIL: $crashes cuts of a capture crashed"; fail=1; }
echo "cut at every 11th byte of a $size-byte capture: no crash"
# Not a capture; a bad map.
echo "hello" > "$T/not.pcap"
audit -q --pcap "$T/not.pcap" > /dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: not a capture must exit 2"; fail=1; }
printf 'vlan 5000 AS64501\n' > "$T/bad.map"
out=$("$MANRS" sav audit --allow "$T/allow.json" --interfaces "$T/bad.map" --pcap "$T/mix.pcap" 2>&1)
[ $? = 2 ] && echo "$out" | grep -q "bad.map: line 1: bad VLAN id" || { echo "FAIL: bad map: $out"; fail=1; }
out=$("$MANRS" sav audit --allow "$T/allow.json" --pcap "$T/mix.pcap" 2>&1)
[ $? = 2 ] && echo "$out" | grep -q "interfaces MAP" || { echo "FAIL: two lists without a map: $out"; fail=1; }
# Plain prefixes: one list; nothing spoofed when every source is allowed.
out=$("$MANRS" sav audit --allow 0.0.0.0/1,128.0.0.0/1,::/0 --pcap "$T/mix.pcap" --format json)
echo "$out" | grep -q '"not_allowed": 0' || { echo "FAIL: --allow with prefixes"; fail=1; }
[ $fail = 0 ] && echo "sav audit: all checks passed"
exit $fail
