#!/usr/bin/env bash
# End to end: `manrs contacts` and `manrs coverage` on real data (the
# route-views.jinx RIB slice, the 2025 rpki-client VRPs, RIPE route objects,
# irrd's sample objects, PeeringDB's AS3333/AS10745 records). The coverage
# states of every prefix of the largest ASes are checked against the
# independent oracle tests/coverage_oracle.py (bgpdump's decoding); bad
# input and failed writes are clear errors.
set -uo pipefail
manrs=$1 data=$2
here=$(cd "$(dirname "$0")" && pwd)
fail=0 passed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then passed=$((passed + 1)); else echo "FAIL $1: expected '$2', got '$3'"; fail=$((fail + 1)); fi
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
vrps=$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2
rib=$data/observe/jinx-rib-1in8-route53.mrt.bz2
# The commands below read the VRPs a dozen times: with bgpdump at hand, keep
# the VRPs that cover a prefix of the RIB (the only ones that decide a
# state), every 50th of the others (for roa-not-in-bgp), so that each run
# takes a fraction of a second.
if command -v bgpdump > /dev/null; then
  bgpdump -m "$rib" > "$work/bgpdump.txt" 2> /dev/null
  python3 -c '
import bz2, ipaddress, json, sys
cover = set()
for line in open(sys.argv[2]):
    f = line.split("|")
    if len(f) > 5:
        n = ipaddress.ip_network(f[5], strict=False)
        a, bits = int(n.network_address), n.max_prefixlen
        for length in range(n.prefixlen + 1):
            cover.add((bits, length, a >> (bits - length)))
def covers(text):
    n = ipaddress.ip_network(text)
    bits = n.max_prefixlen
    return (bits, n.prefixlen, int(n.network_address) >> (bits - n.prefixlen)) in cover
d = json.load(bz2.open(sys.argv[1], "rt"))
keep = [r for i, r in enumerate(d["roas"]) if i % 50 == 0 or covers(r["prefix"])]
json.dump({"roas": keep}, open(sys.argv[3], "w"))' "$vrps" "$work/bgpdump.txt" "$work/vrps.json"
  vrps=$work/vrps.json
fi
pdb=$data/peeringdb/arouteserver__peeringdb_net_3333_10745.json
routes=("$data/irr/rpki-irr-bgp-stats__ripe-db-route.txt" "$data/irr/rpki-irr-bgp-stats__ripe-db-route6.txt")
"$manrs" irr load -q --db "$work/routes.db" --source RIPE "${routes[@]}" 2> /dev/null
check "irr load routes" 0 $?
"$manrs" irr load -q --db "$work/all.db" --source RIPE "${routes[@]}" \
  "$data/irr/irrd__rpsl_samples_valid.rpsl" "$data/irr/rpsl-rs__aut-num_AS3257.txt" 2> /dev/null
check "irr load all" 0 $?

# contacts: irrd's sample aut-num (AS65537) resolves PERSON-TEST; M8 holds.
"$manrs" contacts AS65537 --irr "$work/all.db" --peeringdb "$pdb" --format json > "$work/c.json"
check "contacts exit (findings)" 1 $?
check "contacts json" "True True person PERSON-TEST ok" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = [f for f in d["findings"] if f["check"] == "email"][0]
print(d["registered"], d["known"], e["object"], "ok" if e["ok"] else "bad")' "$work/c.json")"
"$manrs" contacts 3333 --peeringdb "$pdb" > "$work/c.txt"
check "contacts no irr" 1 "$(grep -c 'no IRR data loaded' "$work/c.txt")"
check "contacts as-set" 1 "$(grep -c 'irr-as-set .*AS-RIPENCC' "$work/c.txt")"
# PeeringDB's answer counts no facility for AS3333 (fac_count 0): none is listed.
check "contacts no facility" 1 "$(grep -c 'facilities .*present at no facility in the data' "$work/c.txt")"
# Facilities beside the exchanges: a netfac_set inline (depth=2) and a netfac
# object named from its fac object, in a dump of several types (crafted: the
# real answer has none).
cat > "$work/fac.json" << 'EOF'
{"net": {"data": [{"id": 7, "asn": 64501, "name": "X", "info_type": "NSP",
  "netfac_set": [{"id": 1, "fac_id": 2, "name": "Interxion FRA1", "city": "Frankfurt", "country": "DE"}]}]},
 "netixlan": {"data": [{"id": 3, "net_id": 7, "ix_id": 4, "ixlan_id": 4, "name": "DE-CIX Frankfurt"}]},
 "netfac": {"data": [{"id": 5, "net_id": 7, "fac_id": 6}]},
 "fac": {"data": [{"id": 6, "name": "Equinix AM7", "city": "Amsterdam", "country": "NL"}]}}
EOF
"$manrs" contacts 64501 --peeringdb "$work/fac.json" --format json > "$work/fac.out"
check "contacts facilities json" "1 exchange(s): DE-CIX Frankfurt|2 facilities: Equinix AM7 (Amsterdam, NL); Interxion FRA1 (Frankfurt, DE)" "$(python3 -c '
import json, sys
d = {f["check"]: f["detail"] for f in json.load(open(sys.argv[1]))["findings"]}
print(d["exchanges"] + "|" + d["facilities"])' "$work/fac.out")"
"$manrs" contacts 64501 --peeringdb "$work/fac.json" > "$work/fac.txt"
check "contacts facilities text" 1 "$(grep -c 'facilities .*2 facilities: Equinix AM7 (Amsterdam, NL)' "$work/fac.txt")"
"$manrs" contacts 64999 --irr "$work/all.db" > "$work/c.txt"
check "contacts unknown asn" 1 "$(grep -c 'AS64999 is unknown to every loaded source' "$work/c.txt")"
"$manrs" contacts 3333 --peeringdb "$data/irr/irrd__rpsl_samples_valid.rpsl" > /dev/null 2>&1
check "contacts unreadable peeringdb" 2 $?
"$manrs" contacts 65537 --irr "$work/all.db" > /dev/full 2> /dev/null
check "contacts write failure" 2 $?
"$manrs" contacts AS-FOO > /dev/null 2>&1
check "contacts bad asn" 2 $?

# coverage: the oracle agrees on every prefix of the largest ASes.
if command -v bgpdump > /dev/null; then
  asns=$(python3 "$here/coverage_oracle.py" pick 3 "$work/bgpdump.txt" "${routes[@]}")
  for asn in $asns; do
    "$manrs" coverage "$asn" --mrt "$rib" --vrps "$vrps" --irr "$work/routes.db" --min-peers 1 \
      --format json -q
  done > "$work/coverage.jsonl"
  python3 "$here/coverage_oracle.py" check 1 "$vrps" "$work/bgpdump.txt" "${routes[@]}" \
    < "$work/coverage.jsonl" > "$work/oracle.txt"
  check "coverage oracle" 0 $?
  tail -1 "$work/oracle.txt"
else
  echo "bgpdump not installed: oracle comparison skipped"
fi

# AS10297's five spliced Route 53 /24s: RPKI invalid for AS16509's VRP, so
# no ROA may be proposed for them (only the holder can authorise an origin).
"$manrs" coverage 10297 --mrt "$rib" --vrps "$vrps" --irr "$work/routes.db" --min-peers 1 \
  --format json -q > "$work/10297.json"
check "coverage exit (findings)" 1 $?
check "route53" "5 0 5" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
r53 = [p for p in d["prefixes"] if p["prefix"].startswith("205.251.")]
print(len(r53), sum(1 for p in r53 for x in p["proposals"] if x.startswith("roa")),
      sum(1 for p in r53 for c in p["conflicts"] if c["kind"] == "rpki-origin-differs"))' "$work/10297.json")"
"$manrs" coverage 6389 --mrt "$rib" --vrps "$vrps" --min-peers 1 --format roa-csv -q > "$work/roas.csv"
check "roa-csv rows present" 1 "$(test "$(wc -l < "$work/roas.csv")" -gt 100 && echo 1)"
check "roa-csv header" "ASN,IP Prefix,Max Length" "$(head -1 "$work/roas.csv")"
check "roa-csv rows" 0 "$(tail -n +2 "$work/roas.csv" | grep -cv '^AS6389,[0-9a-f.:]*/[0-9]*,[0-9]*$')"
"$manrs" coverage 28573 --mrt "$rib" --vrps "$vrps" --irr "$work/routes.db" --min-peers 1 \
  --format rpsl -q > "$work/routes.rpsl"
check "rpsl parses back" 1 "$("$manrs" irr load -q --db "$work/proposed.db" --source RIPE "$work/routes.rpsl" 2>&1 | grep -c "0 dropped, 0 problems")"
"$manrs" coverage 6389 --mrt "$rib" --vrps "$vrps" --min-peers 1 --preview -q > "$work/p.txt"
check "preview shows changes" 1 "$(grep -q -- '-> valid' "$work/p.txt" && echo 1)"
check "withheld shown" 1 "$(grep -q 'WITHHELD' "$work/p.txt" && echo 1)"
"$manrs" coverage 6389 --mrt "$rib" --vrps "$vrps" --min-peers 1 --format json -q > "$work/6389.json"
check "nothing proposed turns invalid" "0 yes" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
bad = sum(1 for r in d["roas"] for c in r["preview"] if c["after"] == "invalid")
withheld_break = all(any(c["after"] == "invalid" for c in r["preview"]) for r in d["withheld_roas"])
print(bad, "yes" if withheld_break and d["withheld_roas"] else "no")' "$work/6389.json")"
"$manrs" coverage 64999 --mrt "$rib" --vrps "$vrps" --min-peers 1 -q > /dev/null 2> "$work/e.txt"
check "coverage unknown asn" "1 1" "$? $(grep -c 'announces no prefix' "$work/e.txt")"
"$manrs" coverage 28573 --mrt "$data/irr/irrd__rpsl_samples_valid.rpsl" --vrps "$vrps" -q > /dev/null 2>&1
check "coverage not mrt" 1 $?
"$manrs" coverage 28573 --mrt "$rib" --vrps "$data/irr/irrd__rpsl_samples_valid.rpsl" -q > /dev/null 2>&1
check "coverage bad vrps" 2 $?
"$manrs" coverage 28573 --mrt "$rib" --vrps "$vrps" --min-peers 1 -q > /dev/full 2> /dev/null
check "coverage write failure" 2 $?

# policy check: every route of AS3741 gets a decision; the summary adds up.
"$manrs" policy check --mrt "$rib" --peer 3741,30844 --vrps "$vrps" --irr "$work/routes.db" \
  --format json -q > "$work/policy.json"
check "policy exit" 0 $?
check "policy summary adds up" "ok ok" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
out = []
for n in d["neighbours"]:
    routes = [r for r in d["routes"] if r["peer"] == n["asn"]]
    ok = len(routes) == n["routes"] == n["accepted"] + n["rejected"]
    ok = ok and n["accepted"] == sum(1 for r in routes if r["accept"] and not r["reasons"])
    out.append("ok" if ok else "bad")
print(*out)' "$work/policy.json")"
check "policy text" 1 "$("$manrs" policy check --mrt "$rib" --peer 3741 --summary -q | grep -c '^AS3741: [0-9]* routes')"
"$manrs" policy check --mrt "$rib" --peer 64999 --summary -q > /dev/null 2> "$work/e.txt"
check "policy unknown peer" "1 1" "$? $(grep -c 'AS64999 is not a peer' "$work/e.txt")"
"$manrs" policy check --mrt "$rib" --peer 3741 --as-set AS-NOPE --irr "$work/routes.db" -q > /dev/null 2> "$work/e.txt"
check "policy unknown as-set" "2 1" "$? $(grep -c 'AS-NOPE: no such set' "$work/e.txt")"
"$manrs" policy check --mrt "$rib" --peer 3741 --as-set AS-NOPE -q > /dev/null 2>&1
check "policy as-set needs irr" 2 $?
"$manrs" policy check --mrt "$rib" --peer 3741 -q > /dev/full 2> /dev/null
check "policy write failure" 2 $?

echo "$passed passed, $fail failed"
[ "$fail" -eq 0 ]
