#!/usr/bin/env bash
# `manrs policy check` against a real router: the routes AS3741 sent in the
# route-views.jinx RIB slice (IPv4), fed over a BGP session from a sending
# BIRD 2 (AS3741) to a receiving BIRD 2 whose import filter is the prefix
# list `manrs filter` generates for the neighbour's AS-SET plus ROV with the
# VRPs `manrs rtr serve` serves. BIRD's accepted set must equal the routes
# `manrs policy check` accepts for the reasons both check (prefix-not-
# registered, rpki-invalid). Half the routes are registered
# (tests/policy_bird_prep.py); the VRPs are the snapshot's covering them.
# Usage: policy_bird_test.sh MANRS TESTDATA
source "$(dirname "$0")/rtr_common.sh"
command -v bird > /dev/null && command -v birdc > /dev/null || { echo "bird2 not installed"; exit 77; }
command -v bgpdump > /dev/null || { echo "bgpdump not installed"; exit 77; }
id nobody > /dev/null 2>&1 || { echo "no user nobody"; exit 77; }
rib=$data/observe/jinx-rib-1in8-route53.mrt.bz2
neighbour=3741

bgpdump -m "$rib" > "$work/bgpdump.txt" 2> /dev/null
python3 "$here/policy_bird_prep.py" "$neighbour" "$work/bgpdump.txt" "$snapshot" "$work" > "$work/prep.txt"
"$manrs" irr load -q --db "$work/irr.db" --source TEST "$work/irr.rpsl" 2> /dev/null
check "irr load" 0 $?
{
  echo "function neigh_registered() prefix set NEIGH; {"
  "$manrs" filter --db "$work/irr.db" -b -l NEIGH AS-NEIGH 2> /dev/null
  echo "  return net ~ NEIGH;"
  echo "}"
} > "$work/filter.conf"
start_server s --vrps "$work/vrps.json" --max-age 0
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rport=$(free_port)
sport=$(free_port)

cat > "$work/receiver.conf" <<CONF
log "$work/receiver.log" all;
router id 192.0.2.1;
roa4 table r4;
roa6 table r6;
protocol device {}
protocol rpki manrs {
  roa4 { table r4; };
  roa6 { table r6; };
  remote 127.0.0.1 port $s_port;
  retry keep 5;
  refresh keep 30;
  expire keep 600;
}
include "$work/filter.conf";
protocol bgp neigh {
  local 127.0.0.1 port $rport as 64500;
  neighbor 127.0.0.2 port $sport as $neighbour;
  multihop 2;
  ipv4 {
    import table on;
    import filter {
      if roa_check(r4, net, bgp_path.last) = ROA_INVALID then reject;
      if !neigh_registered() then reject;
      accept;
    };
    export none;
  };
}
CONF
cat > "$work/sender.conf" <<CONF
log "$work/sender.log" all;
router id 192.0.2.2;
protocol device {}
protocol static feed {
  ipv4;
$(cat "$work/static.conf")
}
protocol bgp up {
  local 127.0.0.2 port $sport as $neighbour;
  neighbor 127.0.0.1 port $rport as 64500;
  multihop 2;
  ipv4 { import none; export all; next hop address 198.18.0.2; };
}
CONF
chmod 777 "$work"
check "receiver config parses" 0 "$(bird -p -c "$work/receiver.conf" > "$work/parse.log" 2>&1; echo $?)"
check "sender config parses" 0 "$(bird -p -c "$work/sender.conf" >> "$work/parse.log" 2>&1; echo $?)"
cat "$work/parse.log"
runuser -u nobody -- bird -f -c "$work/receiver.conf" -s "$work/r.ctl" -P "$work/r.pid" > "$work/r.out" 2>&1 &
pids+=($!)
wait_for 20 'test -s "$work/r.pid"'
pids+=("$(cat "$work/r.pid")")
rc() { command birdc -s "$work/r.ctl" "$@"; }
vrps=$(awk '{print $2}' "$work/prep.txt")
routes=$(awk '{print $1}' "$work/prep.txt")
wait_for 60 'test "$(rc show route table r4 count | awk "/routes for/ {print \$1}")" -ge "$vrps"' || true
check "receiver: ROAs synced" "$vrps" "$(rc show route table r4 count | awk '/routes for/ {print $1}')"
runuser -u nobody -- bird -f -c "$work/sender.conf" -s "$work/s.ctl" -P "$work/s.pid" > "$work/s.out" 2>&1 &
pids+=($!)
wait_for 20 'test -s "$work/s.pid"'
pids+=("$(cat "$work/s.pid")")
wait_for 60 'rc show protocols neigh | grep -q Established'
check "bgp established" 1 "$(rc show protocols neigh | grep -c Established)"
# Every route received: the import table holds them all, accepted or not.
wait_for 60 'test "$(rc show route protocol neigh count | awk "/routes for/ {print \$1}")" -gt 0 && sleep 2'
rc show protocols all neigh > "$work/neigh.txt"
check "bird received every route" "$routes" "$(awk '/Import updates:/ {print $3; exit}' "$work/neigh.txt")"
rc show route protocol neigh | awk '$1 ~ /\// {print $1}' | sort > "$work/bird_accepted.txt"

"$manrs" policy check --mrt "$rib" --peer "$neighbour" --irr "$work/irr.db" --vrps "$work/vrps.json" \
  --format json -q > "$work/policy.json"
check "policy check exit" 0 $?
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
wanted = {l.split()[0] for l in open(sys.argv[2])}
both = {"prefix-not-registered", "rpki-invalid"}
for r in d["routes"]:
    if r["prefix"] in wanted and not both & set(r["reasons"]):
        print(r["prefix"])' "$work/policy.json" "$work/routes.txt" | sort > "$work/manrs_accepted.txt"
check "accepted sets equal" "" "$(diff "$work/manrs_accepted.txt" "$work/bird_accepted.txt")"
echo "BIRD accepted $(wc -l < "$work/bird_accepted.txt") of $routes routes; manrs $(wc -l < "$work/manrs_accepted.txt")"
check "some rejected for each reason" "yes yes" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = [set(x["reasons"]) for x in d["routes"]]
print("yes" if any("rpki-invalid" in s for s in r) else "no", "yes" if any("prefix-not-registered" in s for s in r) else "no")' "$work/policy.json")"
finish
