#!/usr/bin/env bash
# End to end: `manrs observe` and `manrs report` on real data. The
# route-views.jinx RIB (every 8th record) with the 2018 Route 53 hijack
# spliced in (testdata/observe/PROVENANCE.md); the oracle of
# tests/observe_oracle.py recomputes every AS's rpki and irr counts from
# bgpdump's decoding; two runs give identical stores; damaged inputs and
# unusable stores are clear errors that leave the store as it was.
set -uo pipefail
manrs=$1 data=$2
here=$(cd "$(dirname "$0")" && pwd)
fail=0 passed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then passed=$((passed + 1)); else echo "FAIL $1: expected '$2', got '$3'"; fail=$((fail + 1)); fi
}
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
vrps=$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2
rib=$data/observe/jinx-rib-1in8-route53.mrt.bz2
updates=$data/observe/jinx-updates-route53.mrt.bz2
rpsl=("$data/irr/rpki-irr-bgp-stats__ripe-db-route.txt" "$data/irr/rpki-irr-bgp-stats__ripe-db-route6.txt"
      "$data/irr/rpsl-rs__aut-num_AS3257.txt" "$data/irr/irrd__rpsl_samples_valid.rpsl" "$data/filter/sets.rpsl")
"$manrs" irr load -q --db "$work/irr.db" --source RIPE "${rpsl[@]}"
check "irr load" 0 $?
observe() {  # observe STORE [more options]
  local store=$1
  shift
  "$manrs" observe --mrt "$rib" "$updates" --vrps "$vrps" --irr "$work/irr.db" \
    --asrel "$data/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz" \
    --bogons "$data/bogons/cymru-fullbogons-ipv4.20250715.txt" \
    --peeringdb "$data/peeringdb/arouteserver__peeringdb_net_3333_10745.json" \
    --min-peers 1 --store "sqlite:$store" "$@"
}
observe "$work/a.sqlite" 2> "$work/a.err"
check "observe exit" 0 $?
check "summary" 1 "$(grep -c '^stored period 2014-05-30T22:00:00Z/2014-05-30T23:59:42Z' "$work/a.err")"

# The spliced hijack: AS10297 originating five /24s of Amazon's
# 205.251.192.0/18 (VRP AS16509), seen by two peers from the RIB at 22:00
# until both withdraw at 23:50: one incident, score 1; AS6939 accomplice.
"$manrs" report 10297 --store "$work/a.sqlite" > "$work/10297.json"
check "report exit" 0 $?
check "hijack" "hijack culprit 10297 2014-05-30T22:00:00Z 2014-05-30T23:50:00Z 1 high 5 2 205.251.192.0/18-24 AS16509" \
  "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for i in d["incidents"]:
    if i["kind"] == "hijack":
        print(i["kind"], i["role"], i["culprit"], i["start"], i["end"], i["score"], i["confidence"],
              i["prefixes"], i["peers"], i["evidence"]["routes"][0]["reason"]["vrps"][0])' "$work/10297.json")"
check "accomplice" "accomplice 10297" "$("$manrs" report 6939 --store "$work/a.sqlite" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(*{(i["role"], i["culprit"]) for i in d["incidents"] if i["culprit"] == 10297}.pop())')"

# The oracle agrees on every AS (bgpdump decodes the same files).
"$manrs" report --all --store "$work/a.sqlite" --format jsonl > "$work/all.jsonl"
check "jsonl exit" 0 $?
if command -v bgpdump > /dev/null; then
  { bgpdump -m "$rib"; bgpdump -m "$updates"; } > "$work/bgpdump.txt" 2> /dev/null
  python3 "$here/observe_oracle.py" 1 "$vrps" "$work/bgpdump.txt" "${rpsl[@]}" < "$work/all.jsonl" > "$work/oracle.out"
  check "oracle agrees" 0 $?
  tail -1 "$work/oracle.out"
  { bgpdump -m "$rib"; } > "$work/rib-only.txt" 2> /dev/null
else
  echo "bgpdump not installed: oracle skipped"
fi

# CSV: a header and one row per AS, the same ASes as the JSONL.
"$manrs" report --all --store "$work/a.sqlite" --format csv -o "$work/all.csv"
check "csv rows" "$(wc -l < "$work/all.jsonl")" "$(($(wc -l < "$work/all.csv") - 1))"
check "csv header" asn,period_start,period_end "$(head -1 "$work/all.csv" | cut -d, -f1-3)"

# Two runs on the same input give identical stores.
observe "$work/b.sqlite" 2> /dev/null
check "identical stores" "" "$(cmp "$work/a.sqlite" "$work/b.sqlite" 2>&1)"
# Whatever the number of observer threads (the state sharded by prefix):
# the same store byte for byte, the same reports.
for threads in 1 4; do
  observe "$work/t$threads.sqlite" --threads "$threads" 2> /dev/null
  check "threads $threads exit" 0 $?
  check "threads $threads: identical store" "" "$(cmp "$work/a.sqlite" "$work/t$threads.sqlite" 2>&1)"
  "$manrs" report --all --store "$work/t$threads.sqlite" --format jsonl > "$work/t$threads.jsonl"
  check "threads $threads: identical reports" "" "$(cmp "$work/all.jsonl" "$work/t$threads.jsonl" 2>&1)"
done
# Re-observing the same period replaces it; another period is kept beside it.
observe "$work/b.sqlite" 2> /dev/null
observe "$work/b.sqlite" --period 2014-05-30T23:45:00Z/2014-05-31T00:00:00Z 2> /dev/null
check "two periods" 2 "$(sqlite3 "$work/b.sqlite" 'SELECT count(*) FROM periods')"
check "replaced" "$(sqlite3 "$work/a.sqlite" 'SELECT count(*) FROM as_metrics')" \
  "$(sqlite3 "$work/b.sqlite" "SELECT count(*) FROM as_metrics m JOIN periods p ON p.id = m.period_id WHERE p.start = 1401487200")"

# HTML: one self-contained file.
"$manrs" report 10297 --store "$work/b.sqlite" --format html -o "$work/10297.html"
check "html exit" 0 $?
check "html has svg" 1 "$(grep -c -m1 '<svg' "$work/10297.html")"
check "html no network" 0 "$(grep -ciE '<(script|link|img)[^>]*(src|href)=' "$work/10297.html")"

# Damaged MRT: reported with file and offset, the rest is used, exit 1.
python3 - "$updates" "$work/damaged.mrt" <<'PY'
import bz2, sys
data = bytearray(bz2.open(sys.argv[1]).read())
data[2000:2012] = b"\xff" * 12  # one record header destroyed
open(sys.argv[2], "wb").write(data)
PY
"$manrs" observe --mrt "$rib" "$work/damaged.mrt" --vrps "$data/rpki/rtrtr__vrps.rpki-client.json" --min-peers 1 --store "sqlite:$work/c.sqlite" 2> "$work/damaged.err"
check "damaged exit" 1 $?
check "damaged reported" 1 "$(grep -c -m1 "damaged.mrt: offset [0-9]*:" "$work/damaged.err")"
check "damaged still stored" 1 "$(sqlite3 "$work/c.sqlite" 'SELECT count(*) FROM periods')"

# Damaged VRPs / PeeringDB / relationships.
printf '{"roas": [{"asn": 1, "prefix": "192.0.2.0/24", "maxLength": 24}, {"asn": "x", "prefix": "bad"}]}' > "$work/vrps.json"
printf '{"data": [{"id": 1, "asn": 64500, "name": "A", "info_type": "NSP"}, {"id": 2, "asn": "x", "info_type": "NSP"}]}' > "$work/pdb.json"
printf '3356|64500|-1\nnot a line\n' > "$work/asrel.txt"
"$manrs" observe --mrt "$updates" --vrps "$work/vrps.json" --peeringdb "$work/pdb.json" --asrel "$work/asrel.txt" \
  --min-peers 1 --store "sqlite:$work/d.sqlite" 2> "$work/bad.err"
check "bad inputs exit" 1 $?
check "bad vrp reported" 1 "$(grep -c 'vrps.json: offset [0-9]*: roas\[1\]' "$work/bad.err")"
check "bad pdb reported" 1 "$(grep -c 'pdb.json: offset 68: data\[1\]' "$work/bad.err")"
check "bad asrel reported" 1 "$(grep -c 'asrel.txt: line 2 (offset 14):' "$work/bad.err")"

# Unusable stores: a clear error, exit 2, nothing written.
before=$(sqlite3 "$work/a.sqlite" .dump | md5sum)
version=$(sqlite3 "$work/a.sqlite" "SELECT value FROM meta WHERE key = 'schema_version'")
sqlite3 "$work/a.sqlite" "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
observe "$work/a.sqlite" 2> "$work/newer.err"
check "newer exit" 2 $?
check "newer message" 1 "$(grep -c 'schema version 99 is newer' "$work/newer.err")"
sqlite3 "$work/a.sqlite" "UPDATE meta SET value = '$version' WHERE key = 'schema_version'"
python3 - "$work/a.sqlite" > "$work/lock.out" 2>&1 <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(20)
PY
locker=$!
for _ in $(seq 50); do grep -q locked "$work/lock.out" 2> /dev/null && break; sleep 0.1; done
observe "$work/a.sqlite" 2> "$work/locked.err"
check "locked exit" 2 $?
check "locked message" 1 "$(grep -c 'locked by another process' "$work/locked.err")"
kill "$locker" 2> /dev/null
wait "$locker" 2> /dev/null
check "store unchanged" "$before" "$(sqlite3 "$work/a.sqlite" .dump | md5sum)"
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
  as_user=()
fi
chmod 444 "$work/a.sqlite"
if [ ${#as_user[@]} -gt 0 ] || [ "$(id -u)" != 0 ]; then
  "${as_user[@]}" "$manrs" observe --mrt "$updates" --vrps "$vrps" --store "sqlite:$work/a.sqlite" 2> "$work/ro.err"
  check "read-only exit" 2 $?
  check "read-only message" 1 "$(grep -c 'read-only' "$work/ro.err")"
fi
check "missing store" 2 "$("$manrs" report --all --store "$work/none.sqlite" > /dev/null 2>&1; echo $?)"
check "unknown as" 1 "$("$manrs" report 4200000000 --store "$work/b.sqlite" > /dev/null 2>&1; echo $?)"
check "output failure" 2 "$("$manrs" report --all --store "$work/b.sqlite" -o /nonexistent/dir/x.jsonl 2> /dev/null; echo $?)"

echo "observe_cli: $passed passed, $fail failed"
[ "$fail" -eq 0 ]
