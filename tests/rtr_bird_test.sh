#!/usr/bin/env bash
# Interop with BIRD 2's rpki protocol: its ROA tables hold exactly the VRPs
# served, after the first sync and after an incremental update. BIRD runs as
# nobody in the foreground with its control socket in the temp dir. Real
# 723k snapshot; a sanitizer build uses its first 40,000 VRPs.
# Usage: rtr_bird_test.sh MANRS TESTDATA
source "$(dirname "$0")/rtr_common.sh"
command -v bird > /dev/null && command -v birdc > /dev/null || { echo "bird2 not installed"; exit 77; }
id nobody > /dev/null 2>&1 || { echo "no user nobody"; exit 77; }
table() { python3 "$here/rtr_table.py" "$@"; }

if is_sanitized; then
  table slice "$snapshot" "$work/vrps.json" 40000
else
  bzip2 -dc "$snapshot" > "$work/vrps.json"
fi
table expected "$work/vrps.json" > "$work/expected1.txt"
start_server s --vrps "$work/vrps.json" --max-age 0 --poll 1 --refresh 30 --retry 5 --expire 600

cat > "$work/bird.conf" <<CONF
log "$work/bird.log" all;
router id 192.0.2.254;
roa4 table r4;
roa6 table r6;
protocol rpki manrs {
  roa4 { table r4; };
  roa6 { table r6; };
  remote 127.0.0.1 port $s_port;
  retry keep 5;
  refresh keep 30;
  expire keep 600;
}
CONF
chmod 777 "$work"
runuser -u nobody -- bird -f -c "$work/bird.conf" -s "$work/bird.ctl" -P "$work/bird.pid" > "$work/bird.out" 2>&1 &
pids+=($!)
birdc() { command birdc -s "$work/bird.ctl" "$@"; }
wait_for 20 'test -s "$work/bird.pid"'
pids+=("$(cat "$work/bird.pid")")
bird_table() {  # the VRPs in BIRD's two ROA tables
  { birdc show route table r4; birdc show route table r6; } > "$work/birdc.out"
  table bird "$work/birdc.out"
}
total() { birdc show route table "$1" count | awk '/routes for/ {print $1}'; }
want1=$(wc -l < "$work/expected1.txt")
wait_for 120 'test "$(( $(total r4) + $(total r6) ))" -ge "$want1"' || true
check "bird: protocol up" 1 "$(birdc show protocols manrs | grep -c Established)"
bird_table > "$work/bird1.txt"
check "bird: ROA tables equal the VRPs served" "" "$(cmp "$work/expected1.txt" "$work/bird1.txt" 2>&1)"

table change "$work/vrps.json" "$work/vrps.new" 500 7
table expected "$work/vrps.new" > "$work/expected2.txt"
want2=$(wc -l < "$work/expected2.txt")
mv "$work/vrps.new" "$work/vrps.json"
wait_for 60 'test "$(metric "$s_http" manrs_rtr_serial)" = 1'
wait_for 60 'test "$(( $(total r4) + $(total r6) ))" -eq "$want2"' || true
sleep 1
bird_table > "$work/bird2.txt"
check "bird: after the update, ROA tables equal the new set" "" "$(cmp "$work/expected2.txt" "$work/bird2.txt" 2>&1)"
check "bird: update was incremental" 1 "$(metric "$s_http" 'manrs_rtr_syncs_total{kind="incremental"}' | awk '{print ($1 >= 1)}')"
# A route exactly as one added VRP authorises it is valid in BIRD's eyes.
check "bird: ROV through BIRD" "(enum35)1" "$(birdc 'eval roa_check(r4, 100.64.0.0/24, 4200000000)' | tail -1 | tr -d ' ')"
finish
