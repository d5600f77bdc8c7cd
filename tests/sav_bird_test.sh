#!/usr/bin/env bash
# A router dump made here by BIRD 2: router R (AS 64500) has two customers,
# C1 (AS 64501, behind it AS 64510 multihomed to both customers) and C2
# (AS 64502), and a provider P (AS 64503). A second BIRD plays all three
# neighbours, each on its own loopback address. R writes its table as
# TABLE_DUMP_V2 (BIRD's `protocol mrt`), and `manrs sav acl` must turn it into
# the lists worked out by hand below, mode by mode.
# Usage: sav_bird_test.sh MANRS TESTDATA
set -u
MANRS=$1
command -v bird > /dev/null && command -v birdc > /dev/null || { echo "bird2 not installed"; exit 77; }
id nobody > /dev/null 2>&1 || { echo "no user nobody"; exit 77; }
W=$(mktemp -d)
chmod 777 "$W"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.2
  [ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
fail=0
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RPORT=$(free_port)
P1=$(free_port)
P2=$(free_port)
P3=$(free_port)

# R: passive, imports everything, dumps its table every second.
cat > "$W/r.conf" <<CONF
log "$W/r.log" all;
router id 192.0.2.1;
mrtdump "$W/updates.mrt";
protocol device {}
template bgp nbr {
  local 127.0.0.1 port $RPORT as 64500;
  mrtdump { messages };
  passive on;
  multihop 2;
  ipv4 { import all; export none; };
}
protocol bgp c1 from nbr { neighbor 127.0.0.11 port $P1 as 64501; }
protocol bgp c2 from nbr { neighbor 127.0.0.12 port $P2 as 64502; }
protocol bgp p from nbr { neighbor 127.0.0.13 port $P3 as 64503; }
protocol mrt { table "master4"; filename "$W/rib.mrt"; period 1; }
CONF
# The three neighbours, one BIRD each (BGP identifiers must differ). AS 64510
# (behind C1 and C2) announces 192.0.2.0/24 only through C1 and
# 198.51.100.0/24 only through C2; C1 originates 203.0.113.0/24; P sends both
# 192.0.2.0/24 of AS 64510 (via AS 64520), originates 198.51.100.0/24 itself
# (a shorter path than C2's, so C2 wins nothing in strict mode: its strict
# list is empty), sends 100.64.0.0/16 of AS 64530, and 0.0.0.0/1 and
# 128.0.0.0/1 (which aggregate to the whole IPv4 space).
neighbour() {  # name, last octet, AS, export filter body, port (BIRD listens on it)
  cat > "$W/$1.conf" <<CONF
log "$W/$1.log" all;
router id 192.0.2.$2;
protocol device {}
protocol static originated { ipv4; route 192.0.2.0/24 blackhole; route 198.51.100.0/24 blackhole;
  route 203.0.113.0/24 blackhole; route 100.64.0.0/16 blackhole;
  route 0.0.0.0/1 blackhole; route 128.0.0.0/1 blackhole; }
protocol bgp up {
  local 127.0.0.$2 port $5 as $3;
  neighbor 127.0.0.1 port $RPORT as 64500;
  multihop 2;
  connect delay time 1;
  connect retry time 1;
  ipv4 { import none; next hop self; export filter { $4 reject; }; };
}
CONF
}
neighbour c1 11 64501 'if net = 192.0.2.0/24 then { bgp_path.prepend(64510); accept; }
  if net = 203.0.113.0/24 then accept;' $P1
neighbour c2 12 64502 'if net = 198.51.100.0/24 then { bgp_path.prepend(64510); accept; }' $P2
neighbour p 13 64503 'if net = 192.0.2.0/24 then {
  bgp_path.prepend(64510); bgp_path.prepend(64520); accept; }
  if net = 198.51.100.0/24 || net = 0.0.0.0/1 || net = 128.0.0.0/1 then accept;
  if net = 100.64.0.0/16 then { bgp_path.prepend(64530); accept; }' $P3
for n in r c1 c2 p; do
  bird -p -c "$W/$n.conf" || { echo "FAIL: bird rejects $n.conf"; exit 1; }
  runuser -u nobody -- bird -f -c "$W/$n.conf" -s "$W/$n.ctl" -P "$W/$n.pid" > "$W/$n.out" 2>&1 &
  pids+=($!)
  # R first: the neighbours connect to it.
  [ $n = r ] && for _ in $(seq 50); do [ -S "$W/r.ctl" ] && break; sleep 0.1; done
done
for n in r c1 c2 p; do  # BIRD's own pids too (runuser may not pass the signal on)
  for _ in $(seq 50); do [ -s "$W/$n.pid" ] && break; sleep 0.1; done
  [ -s "$W/$n.pid" ] && pids+=("$(cat "$W/$n.pid")")
done
established() { birdc -s "$W/r.ctl" show protocols | grep -c Established; }
for _ in $(seq 100); do [ "$(established 2>/dev/null)" = 3 ] && break; sleep 0.2; done
[ "$(established)" = 3 ] || { echo "FAIL: sessions not up"; birdc -s "$W/r.ctl" show protocols all; exit 1; }
routes() { birdc -s "$W/r.ctl" show route count | awk '/routes for/ {print $1; exit}'; }
for _ in $(seq 100); do [ "$(routes)" = 8 ] && break; sleep 0.2; done
# A dump written after all eight routes are in (the file is rewritten each period).
echo "sessions up, $(routes) routes at R after ${SECONDS}s"
sleep 2.5
cp "$W/rib.mrt" "$W/dump.mrt" 2>/dev/null || { echo "FAIL: BIRD wrote no MRT dump"; ls "$W"; exit 1; }

run() {  # mode -> "peer_asn: prefixes" lines (C2's strict list is empty)
  "$MANRS" sav acl -q --allow-empty --mode "$1" --rib "$W/dump.mrt" --customers 64501,64502 -o "$W/$1.json" \
    || { echo "FAIL: sav acl --mode $1 exited $?"; fail=1; return; }
  python3 -c '
import json, sys
for i in sorted(json.load(open(sys.argv[1]))["interfaces"], key=lambda i: i["peer_asn"]):
    print("%s: %s" % (i["peer_asn"], " ".join(i["allow"])))' "$W/$1.json"
}
expect() {
  local got
  got=$(run "$1")
  if [ "$got" = "$2" ]; then echo "$1: as expected"; else
    echo "FAIL: $1:"; echo "  got:  ${got//$'\n'/ | }"; echo "  want: ${2//$'\n'/ | }"; fail=1; fi
}
# Strict: shortest paths win (C1's 192.0.2.0/24 has 2 ASes, P's 3; P's
# 198.51.100.0/24 has 1, C2's 2).
expect strict "64501: 192.0.2.0/24 203.0.113.0/24
64502: "
expect feasible "64501: 192.0.2.0/24 203.0.113.0/24
64502: 198.51.100.0/24"
# EFP-A: Set A = {64510, 64501}; X(64510) = both prefixes, received on C1 and C2.
expect efp-a "64501: 192.0.2.0/24 198.51.100.0/24 203.0.113.0/24
64502: 192.0.2.0/24 198.51.100.0/24"
expect efp-b "64501: 192.0.2.0/24 198.51.100.0/24 203.0.113.0/24
64502: 192.0.2.0/24 198.51.100.0/24 203.0.113.0/24"
# BAR-SAV (draft-ietf-sidrops-bar-sav-01 section 4, no ROAs or ASPAs): C1's
# cone is 64501 and 64510, which follows it on the path 64501 64510; C2's is
# 64502 and 64510. Each list is what its cone originates on any interface.
expect bar-sav "64501: 192.0.2.0/24 198.51.100.0/24 203.0.113.0/24
64502: 192.0.2.0/24 198.51.100.0/24"

# The guards of manrs filter: C2's empty strict list is refused (exit 1, no
# file) unless --allow-empty; P's feasible list aggregates to 0.0.0.0/0 and
# is refused in a router format unless --allow-permit-all.
out=$("$MANRS" sav acl -q --mode strict --rib "$W/dump.mrt" --customers 64501,64502 --format ios \
  -o "$W/empty.ios" 2>&1)
rc=$?
{ [ $rc = 1 ] && [ ! -e "$W/empty.ios" ] && echo "$out" | grep -q "AS64502 127.0.0.12 is empty"; } \
  && echo "empty list refused" || { echo "FAIL: empty list: exit $rc, $out"; fail=1; }
"$MANRS" sav acl -q --mode strict --rib "$W/dump.mrt" --customers 64501,64502 --format ios \
  --allow-empty -o "$W/empty.ios" || { echo "FAIL: --allow-empty"; fail=1; }
out=$("$MANRS" sav acl -q --mode feasible --rib "$W/dump.mrt" --customers 64503 --format nftables \
  -o "$W/all.nft" 2>&1)
rc=$?
{ [ $rc = 1 ] && [ ! -e "$W/all.nft" ] && echo "$out" | grep -q "whole address space"; } \
  && echo "permit-all list refused" || { echo "FAIL: permit-all: exit $rc, $out"; fail=1; }
"$MANRS" sav acl -q --mode feasible --rib "$W/dump.mrt" --customers 64503 --format nftables \
  --allow-permit-all -o "$W/all.nft" || { echo "FAIL: --allow-permit-all"; fail=1; }
# The provider's own prefix is on no list; feasible without customers gives
# P its three routes.
got=$("$MANRS" sav acl -q --mode feasible --rib "$W/dump.mrt" --format json | grep -c 100.64.0.0/16)
[ "$got" = 1 ] || { echo "FAIL: 100.64.0.0/16 should be on the provider's list only"; fail=1; }
# The same from BIRD's BGP4MP message log (the UPDATEs replayed).
for m in strict efp-a efp-b bar-sav; do
  "$MANRS" sav acl -q --allow-empty --mode $m --rib "$W/updates.mrt" --customers 64501,64502 -o "$W/u-$m.json" \
    || { echo "FAIL: $m from the BGP4MP log exited $?"; fail=1; continue; }
  python3 -c '
import json, sys
key = lambda f: sorted((i["peer_asn"], i["allow"]) for i in json.load(open(f))["interfaces"])
sys.exit(0 if key(sys.argv[1]) == key(sys.argv[2]) else 1)' "$W/u-$m.json" "$W/$m.json" \
    && echo "$m from the BGP4MP log: same lists" || { echo "FAIL: $m from the BGP4MP log differs"; fail=1; }
done
[ $fail = 0 ] && echo "sav bird: all checks passed"
exit $fail
