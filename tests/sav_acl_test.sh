#!/usr/bin/env bash
# manrs sav acl on the real RouteViews jinx RIB (14 peers; four IX peers taken
# as customers) and on RIPE RIS's 2002 rrc00 bview: every mode against the
# independent Python implementation
# (tests/sav_oracle.py, reading bgpdump's decoding of the same file), the
# router formats through the routers' own checkers (nft -c, iptables-restore
# --test, FRR's vtysh -C), and the guards (empty, --diff --max-change, -o).
set -u
MANRS=$1
TESTDATA=$2
HERE=$(cd "$(dirname "$0")" && pwd)
command -v bgpdump >/dev/null || { echo "bgpdump not installed"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
RIB=$TESTDATA/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2
RPKI=$TESTDATA/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2
CUST=3741,37105,10474,6968
MODES="strict feasible efp-a efp-b bar-sav"

# bar-sav on this RIB puts ~784,000 prefixes on each of 8 lists (the IX peers
# send full tables, see doc/sav.md): in a sanitizer build, where manrs runs
# ten times slower, it is compared on the 2002 RIB below only.
JINX_MODES=$MODES
grep -qaE '__asan_init|__tsan_init' "$MANRS" && JINX_MODES="strict feasible efp-a efp-b"
bgpdump -q -m "$RIB" > "$T/rib.m" 2>/dev/null
mkdir "$T/py"
python3 "$HERE/sav_oracle.py" "${JINX_MODES// /,}" "$T/rib.m" "$CUST" "$T/py" "$RPKI" || { echo "FAIL: oracle"; exit 1; }
for m in $JINX_MODES; do
  "$MANRS" sav acl -q --mode "$m" --rib "$RIB" --customers "$CUST" --vrps "$RPKI" -o "$T/$m.json" \
    || { echo "FAIL: sav acl --mode $m exit $?"; fail=1; continue; }
  out=$(python3 "$HERE/sav_compare.py" "$T/$m.json" "$T/py/$m.json") || { echo "FAIL: $m: $out"; fail=1; continue; }
  echo "$m: $out"
done
# A second real RIB, of another era and MRT type: RIPE RIS's 2002 TABLE_DUMP
# (v1) bview of rrc00's neighbours, four small peers taken as customers; no
# RPKI data (bar-sav's cone then comes from the AS_PATHs alone). One of AS8447's
# two sessions wins no best route, so its strict list is empty (--allow-empty).
RIB2=$TESTDATA/mrt/bgpdump__bview.20020722.2337.gz
CUST2=8447,8245,8339,3257
bgpdump -q -m "$RIB2" > "$T/rib2.m" 2>/dev/null
mkdir "$T/py2"
python3 "$HERE/sav_oracle.py" "${MODES// /,}" "$T/rib2.m" "$CUST2" "$T/py2" || { echo "FAIL: oracle (2002)"; exit 1; }
for m in $MODES; do
  "$MANRS" sav acl -q --allow-empty --allow-permit-all --mode "$m" --rib "$RIB2" --customers "$CUST2" -o "$T/2-$m.json" \
    || { echo "FAIL: 2002: sav acl --mode $m exit $?"; fail=1; continue; }
  out=$(python3 "$HERE/sav_compare.py" "$T/2-$m.json" "$T/py2/$m.json") || { echo "FAIL: 2002: $m: $out"; fail=1; continue; }
  echo "2002 $m: $out"
done

# No customers: strict and feasible cover every interface (14).
"$MANRS" sav acl -q --mode feasible --rib "$RIB" -o "$T/all.json" || { echo "FAIL: feasible, all"; fail=1; }
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['interfaces']))" "$T/all.json")
[ "$n" = 14 ] || { echo "FAIL: feasible without customers gave $n interfaces, want 14"; fail=1; }

# Router formats, checked by the routers' own parsers where Debian has them.
for f in ios iosxr junos eos nftables iptables ip6tables frr; do
  "$MANRS" sav acl -q --mode efp-a --rib "$RIB" --customers "$CUST" --format $f \
    --ifname 196.223.14.10=eth1 -o "$T/acl.$f" || { echo "FAIL: format $f"; fail=1; }
  # Reading back: no change against itself (three formats: each run reads the RIB again).
  case $f in ios|nftables|junos) ;; *) continue ;; esac
  "$MANRS" sav acl -q --mode efp-a --rib "$RIB" --customers "$CUST" --format $f \
    --ifname 196.223.14.10=eth1 --diff "$T/acl.$f" > "$T/same.$f" || { echo "FAIL: --diff $f against itself"; fail=1; }
  [ -s "$T/same.$f" ] && { echo "FAIL: --diff $f against itself printed changes"; fail=1; }
done
if command -v nft >/dev/null && nft -c -f "$T/acl.nftables" 2>"$T/nft.err"; then
  echo "nft -c: accepted ($(grep -c '/' "$T/acl.nftables") blocks)"
elif command -v nft >/dev/null && grep -q "Operation not permitted" "$T/nft.err"; then
  echo "nft -c: not permitted here (no CAP_NET_ADMIN), skipped"
elif command -v nft >/dev/null; then
  echo "FAIL: nft -c: $(head -3 "$T/nft.err")"; fail=1
fi
for t in iptables ip6tables; do
  if command -v $t-restore >/dev/null; then
    if $t-restore --test "$T/acl.$t" 2>"$T/$t.err"; then echo "$t-restore --test: accepted"
    elif grep -qi "permission denied\|not permitted" "$T/$t.err"; then echo "$t-restore: not permitted here, skipped"
    else echo "FAIL: $t-restore --test: $(head -3 "$T/$t.err")"; fail=1; fi
  fi
done
if command -v vtysh >/dev/null; then
  if out=$(vtysh -C -f "$T/acl.frr" 2>&1); then echo "vtysh -C: accepted"
  else echo "FAIL: vtysh -C: $(echo "$out" | head -3)"; fail=1; fi
fi

# The max-change guard: dropping a customer removes its lists entirely.
echo old > "$T/keep.nft"
"$MANRS" sav acl -q --mode efp-a --rib "$RIB" --customers 3741,37105,10474 --format nftables \
  --diff "$T/acl.nftables" -o "$T/keep.nft" > "$T/diff.txt"
rc=$?
[ $rc = 3 ] || { echo "FAIL: dropping a customer: exit $rc, want 3"; fail=1; }
[ "$(cat "$T/keep.nft")" = old ] || { echo "FAIL: refused update still wrote -o"; fail=1; }
grep -q '^sav_AS6968_196_223_14_29_v4:' "$T/diff.txt" || { echo "FAIL: diff does not name the list"; fail=1; }
"$MANRS" sav acl -q --mode efp-a --rib "$RIB" --customers 3741,37105,10474 --format nftables \
  --diff "$T/acl.nftables" --max-change 100 -o "$T/keep.nft" > /dev/null
rc=$?
[ $rc = 3 ] || { echo "FAIL: a list going entirely must be refused even at --max-change 100 (exit $rc)"; fail=1; }

# Customers from an AS-SET in the local IRR: the same lists as naming the peers.
printf 'as-set:  AS-JINX-CUST\nmembers: AS3741, AS37105\nsource:  TEST\n' > "$T/cust.rpsl"
"$MANRS" irr load -q --db "$T/irr.db" --source TEST "$T/cust.rpsl" 2>/dev/null || { echo "FAIL: irr load"; fail=1; }
"$MANRS" sav acl -q --mode efp-a --rib "$RIB" --customer-set AS-JINX-CUST --irr "$T/irr.db" -o "$T/set.json" \
  && "$MANRS" sav acl -q --mode efp-a --rib "$RIB" --customers 3741,37105 -o "$T/named.json" \
  && cmp -s "$T/set.json" "$T/named.json" || { echo "FAIL: --customer-set differs from --customers"; fail=1; }

# Guards and bad input.
"$MANRS" sav acl -q --mode efp-a --rib "$RIB" > /dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: efp-a without customers must be a usage error"; fail=1; }
"$MANRS" sav acl -q --mode efp-a --rib "$RIB" --customers 64511 --format ios > /dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: a customer that is no peer must be a usage error (no lists)"; fail=1; }
head -c 100000 <(bzcat "$RIB") > "$T/cut.mrt"
"$MANRS" sav acl -q --mode feasible --rib "$T/cut.mrt" -o "$T/cut.json"
rc=$?
[ $rc = 1 ] || { echo "FAIL: truncated RIB: exit $rc, want 1 (lists written, problems reported)"; fail=1; }
[ -s "$T/cut.json" ] || { echo "FAIL: truncated RIB: the good part was not written"; fail=1; }
[ $fail = 0 ] && echo "sav acl: all checks passed"
exit $fail
