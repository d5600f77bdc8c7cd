#!/usr/bin/env bash
# End-to-end checks of `manrs rov check` and `manrs rov scan` on real data:
# the real RouteViews RIB against the real 723k-VRP rpki-client snapshot,
# verdicts re-derived by an independent brute-force reading of the JSON,
# every output field, and exit codes on bad and unusable input.
set -euo pipefail
manrs=$1 data=$2
fail=0 passed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then passed=$((passed + 1)); else echo "FAIL $1: expected '$2', got '$3'"; fail=$((fail + 1)); fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rib=$data/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2
vrps=$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2
asrel=$data/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz

# rov check explains itself.
out=$("$manrs" rov check 1.1.1.0/24 13335 --vrps "$vrps")
check "check valid" "rov          valid (matched)" "$(grep '^rov' <<<"$out")"
check "check vrp" "  vrp        1.1.1.0/24-24 AS13335  matched" "$(grep 'vrp ' <<<"$out")"
# An invalid route exits 1 (a finding), and every reason is named.
rc=0; out=$("$manrs" rov check 1.1.1.0/25 13335 --vrps "$vrps") || rc=$?
check "check too specific" "rov          invalid (too-specific)" "$(grep '^rov' <<<"$out")"
check "check invalid rc" 1 "$rc"
rc=0; out=$("$manrs" rov check 1.1.1.0/24 64496 --vrps "$vrps") || rc=$?
check "check other origin" "rov          invalid (other-origin)" "$(grep '^rov' <<<"$out")"
rc=0; out=$("$manrs" rov check 1.1.1.0/25 64496 --vrps "$vrps") || rc=$?
check "check both reasons" "rov          invalid (other-origin, too-specific)" "$(grep '^rov' <<<"$out")"
rc=0; out=$("$manrs" rov check 1.1.1.0/25 64496 --vrps "$vrps" --format json) || rc=$?
check "check json" "invalid other-origin,too-specific 1.1.1.0/24 1 1" "$(python3 -c '
import json, sys
o = json.loads(sys.stdin.read())
print(o["rov"], ",".join(o["reasons"]), o["covering"][0]["prefix"], len(o["covering"]))' <<<"$out") $rc"
check "check json valid" '"rov":"valid","reasons":[]' \
  "$("$manrs" rov check 1.1.1.0/24 13335 --vrps "$vrps" --format json | grep -o '"rov":"valid","reasons":\[\]')"
out=$("$manrs" rov check 192.0.2.0/24 64496 --vrps "$vrps")
check "check not found" "rov          not-found (not-covered)" "$(grep '^rov' <<<"$out")"
rc=0; out=$("$manrs" rov check 1.1.1.0/24 13335 --path "3356 {174,1299} 13335" --vrps "$vrps") || rc=$?
check "check aspa invalid rc" 1 "$rc"
check "check as_set path" "aspa         invalid (as-set) (upstream" "$(grep "^aspa" <<<"$out" | cut -d, -f1)"

# rov scan, CSV: one line per route, the summary agrees with the lines.
"$manrs" rov scan --mrt "$rib" --vrps "$vrps" --aspa --asrel "$asrel" >"$tmp/scan.csv" 2>"$tmp/scan.err"
check "csv header" "prefix,origin,peer_ip,peer_asn,rov,reason,aspa,bogon,too_specific,valley_free,leaker" \
  "$(head -1 "$tmp/scan.csv")"
check "csv routes" 503590 "$(($(wc -l <"$tmp/scan.csv") - 1))"
summary=$(grep '^routes by state' "$tmp/scan.err")
counted=$(awk -F, 'NR>1 {n[$5]++} END {printf "valid %d, invalid %d, not-found %d", n["valid"], n["invalid"], n["not-found"]}' "$tmp/scan.csv")
check "summary = lines" "routes by state: $counted (723521 VRPs)" "$summary"
# The RTRlib-identical counts (src/rpki/rtrlib_differential_test.cc).
check "state counts" "routes by state: valid 153935, invalid 95995, not-found 253660 (723521 VRPs)" "$summary"
check "bogon prefix" "10.10.200.0/24,30844,196.223.14.55,30844,not-found,not-covered,valid,prefix:10.0.0.0/8,no,valid," \
  "$(grep -m1 '^10.10.200.0/24,' "$tmp/scan.csv")"
check "too specific" "yes" "$(grep -m1 '^10.20.20.0/30,' "$tmp/scan.csv" | cut -d, -f9)"
check "leaks named" 0 "$(awk -F, 'NR>1 && $10=="leak" && $11==""' "$tmp/scan.csv" | wc -l)"

# An independent oracle: RFC 6811 straight from the JSON, over a sample of routes.
python3 - "$vrps" "$tmp/scan.csv" <<'PY' >"$tmp/oracle.txt"
import bz2, ipaddress, json, sys
doc = json.load(bz2.open(sys.argv[1]))
by_prefix = {}
for r in doc["roas"]:
    asn = int(str(r["asn"]).removeprefix("AS"))
    by_prefix.setdefault(ipaddress.ip_network(r["prefix"]), []).append((r["maxLength"], asn))
rows = [l.rstrip("\n").split(",") for l in open(sys.argv[2])][1:]
bad = 0
for row in rows[::97]:  # about 5,000 routes across the whole RIB
    net = ipaddress.ip_network(row[0])
    origin = None if row[1] == "NONE" else int(row[1])
    state = "not-found"
    for length in range(net.prefixlen, -1, -1):
        for max_len, asn in by_prefix.get(net.supernet(new_prefix=length), []):
            if state == "not-found":
                state = "invalid"
            if asn != 0 and asn == origin and net.prefixlen <= max_len:
                state = "valid"
    if state != row[4]:
        bad += 1
        print("disagree", row, state)
print("checked", len(rows[::97]), "disagreements", bad)
PY
check "oracle" "disagreements 0" "$(tail -1 "$tmp/oracle.txt" | grep -o 'disagreements [0-9]*')"

# rov scan, JSON: every line an object with the documented fields.
"$manrs" rov scan --mrt "$rib" --vrps "$vrps" --aspa --format json 2>/dev/null | python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    o = json.loads(line)
    assert o["rov"] in ("valid", "invalid", "not-found"), o
    assert o["aspa"] in ("valid", "invalid", "unknown"), o
    assert isinstance(o["peer_asn"], int) and "prefix" in o and "origin" in o, o
    assert (o["rov"] == "not-found") == (o["covering"] == []), o
    n += 1
print(n)' >"$tmp/json.txt"
check "json lines" 503590 "$(cat "$tmp/json.txt")"

# Bad entries are reported with their location and skipped (exit 1); an
# unusable file is an error (exit 2), never an empty table.
cat >"$tmp/bad.json" <<'J'
{"roas":[{"prefix":"192.0.2.0/24","maxLength":24,"asn":"AS64496","ta":"t"},
         {"prefix":"198.51.100.0/24","maxLength":16,"asn":"AS64497","ta":"t"}]}
J
set +e
"$manrs" rov check 192.0.2.0/24 64496 --vrps "$tmp/bad.json" >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
set -e
check "bad entry exit" 1 "$rc"
check "bad entry named" 1 "$(grep -c 'roas\[1\]' "$tmp/bad.err")"
check "good entry kept" "rov          valid (matched)" "$(grep '^rov' "$tmp/bad.out")"
echo '{"roas":[]}' >"$tmp/empty.json"
set +e
"$manrs" rov scan --mrt "$rib" --vrps "$tmp/empty.json" >/dev/null 2>&1
rc=$?
set -e
check "unusable exit" 2 "$rc"

echo "rov: $passed passed, $fail failed"
[ "$fail" -eq 0 ]
