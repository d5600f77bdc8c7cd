#!/usr/bin/env bash
# End-to-end checks of `manrs irr load` and `manrs irr expand` on the bundled
# RPSL: problems with file and line, exit codes, compressed dumps, several
# sources with a preference order, JSON findings, RPKI-aware mode.
set -uo pipefail
manrs=$1 data=$2
fail=0 passed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then passed=$((passed + 1)); else echo "FAIL $1: expected '$2', got '$3'"; fail=$((fail + 1)); fi
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
irr=$data/irr

# Malformed objects: reported with file and line, the rest loads, exit 1 (0 with --lenient).
"$manrs" irr load --db "$work/bad.db" "$irr/irrd__rpsl_samples_malformed.rpsl" --source TEST 2> "$work/bad.err"
check "malformed exit" 1 $?
check "bad prefix reported" 1 "$(grep -c 'malformed.rpsl: line 52 (offset 1283): route not-a-prefix: bad prefix' "$work/bad.err")"
check "bad attribute reported" 1 "$(grep -c "line 26 (offset [0-9]*): malformed attribute line '\$\$\$-by:" "$work/bad.err")"
check "unknown class reported" 1 "$(grep -c "line 2 (offset [0-9]*): unknown object class 'foo-block'" "$work/bad.err")"
check "good routes kept" 192.0.2.0/24 "$("$manrs" irr expand -q --db "$work/bad.db" AS65537)"
"$manrs" irr load -q --lenient --db "$work/bad.db" "$irr/irrd__rpsl_samples_malformed.rpsl" --source TEST
check "lenient exit" 0 $?

# A gzip'd dump loads like the plain one; sources and preference order.
gzip -c "$irr/rpki-irr-bgp-stats__ripe-db-route.txt" > "$work/ripe.db.route.gz"
"$manrs" irr load -q --db "$work/irr.db" "$irr/bgpq-fixture.rpsl" "$work/ripe.db.route.gz"
check "load exit" 0 $?
check "gzip routes" 7 "$("$manrs" irr expand -q --db "$work/irr.db" AS5425 -4 | wc -l)"
printf 'as-set: AS-FOO\nmembers: AS5425\nsource: ALTDB\n' > "$work/altdb.db"
"$manrs" irr load -q --add --db "$work/irr.db" --source ALTDB "$work/altdb.db"
check "preferred source" "AS4200000001 AS64496 AS64497 AS64498" \
  "$("$manrs" irr expand -q --db "$work/irr.db" AS-FOO --asns | sed 's/^AS//' | sort | sed 's/^/AS/' | paste -sd' ')"
"$manrs" irr load -q --add --db "$work/irr.db" --source ALTDB "$work/altdb.db" --order ALTDB,RIPE
check "reordered source" "AS5425" "$("$manrs" irr expand -q --db "$work/irr.db" AS-FOO --asns | paste -sd' ')"
"$manrs" irr load -q --add --db "$work/irr.db" "$work/altdb.db" 2> /dev/null
check "add needs source" 2 $?
check "source scope" "AS4200000001" "$("$manrs" irr expand -q --db "$work/irr.db" RIPE::AS-FOO --asns | tail -1)"

# JSON with the loop finding; unknown set is exit 1.
json=$("$manrs" irr expand -q --db "$work/irr.db" RIPE::AS-BAR --json -6)
check "json loop" 1 "$(grep -c '"kind": "loop", "set": "AS-FOO", "detail": "AS-BAR -> AS-FOO -> AS-BAR"' <<<"$json")"
check "json ipv6" 1 "$(grep -c '"ipv6": \["2001:db8::/32", "2001:db8:1000::/36", "2001:db8:f000::/48"\]' <<<"$json")"
"$manrs" irr expand -q --db "$work/irr.db" AS-NOPE > /dev/null 2>&1
check "unknown exit" 1 $?
"$manrs" irr expand -q --db "$work/none.db" AS-FOO > /dev/null 2>&1
check "no database exit" 2 $?

# RPKI-aware mode: a VRP for 192.0.2.0/24 AS64511 makes AS64496's two routes there Invalid.
printf 'ASN,IP Prefix,Max Length,Trust Anchor\nAS64511,192.0.2.0/24,24,test\nAS64496,10.10.0.0/16,16,test\n' > "$work/vrps.csv"
check "rpki-aware" "10.10.0.0/16" "$("$manrs" irr expand -q --db "$work/irr.db" AS64496 -4 --vrps "$work/vrps.csv" | paste -sd' ')"
check "roa routes" "192.0.2.0/24" "$("$manrs" irr expand -q --db "$work/irr.db" AS64511 -4 --vrps "$work/vrps.csv" --roa-routes | paste -sd' ')"

# The server in RPKI-aware mode: one query over bash's /dev/tcp.
"$manrs" irr serve --db "$work/irr.db" --vrps "$work/vrps.csv" --listen 127.0.0.1:0 2> "$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/serve.log")
  [ -n "$port" ] && break
  sleep 0.05
done
if [ -n "$port" ] && exec 3<> "/dev/tcp/127.0.0.1/$port"; then
  printf '!gAS64496\n' >&3
  check "serve rpki-aware" "A13|10.10.0.0/16|C" "$(timeout 5 cat <&3 | paste -sd'|')"
  exec 3<&-
else
  check "serve started" yes no
fi

echo "$passed passed, $fail failed"
[ "$fail" -eq 0 ]
