#!/usr/bin/env bash
# Interop with RTRlib's rtrclient (rtr-tools): a full sync of the real
# 723k-VRP rpki-client snapshot, then a change of the input arrives as an
# incremental update and the client's table equals the new set. A sanitizer
# build uses the snapshot's first 40,000 VRPs.
# Usage: rtr_rtrclient_test.sh MANRS TESTDATA
source "$(dirname "$0")/rtr_common.sh"
command -v rtrclient > /dev/null || { echo "rtrclient not installed (rtr-tools)"; exit 77; }
table() { python3 "$here/rtr_table.py" "$@"; }

if is_sanitized; then
  table slice "$snapshot" "$work/vrps.json" 40000
else
  bzip2 -dc "$snapshot" > "$work/vrps.json"
fi
table expected "$work/vrps.json" > "$work/expected1.txt"
count=$(wc -l < "$work/expected1.txt")
# The snapshot is from July 2025: the staleness guard is off (--max-age 0).
start_server s --vrps "$work/vrps.json" --max-age 0 --poll 1

stdbuf -oL rtrclient -p tcp 127.0.0.1 "$s_port" > "$work/stream.txt" 2> "$work/stream.err" &
pids+=($!)
plus() { grep -c '^+' "$work/stream.txt" || true; }
minus() { grep -c '^-' "$work/stream.txt" || true; }
wait_for 120 'test "$(plus)" -ge "$count"' || true
check "full sync: announcements" "$count" "$(plus)"
table stream "$work/stream.txt" > "$work/table1.txt"
check "full sync: table equals the input" "" "$(cmp "$work/expected1.txt" "$work/table1.txt" 2>&1)"

# Drop 1,000 VRPs and add 10: fewer than the 10 % guard allows.
table change "$work/vrps.json" "$work/vrps.new" 1000 10
table expected "$work/vrps.new" > "$work/expected2.txt"
dropped=$(comm -23 "$work/expected1.txt" "$work/expected2.txt" | wc -l)
mv "$work/vrps.new" "$work/vrps.json"
wait_for 60 'test "$(minus)" -ge "$dropped"' || true
wait_for 10 'test "$(plus)" -ge $((count + 10))' || true
check "update is incremental: withdrawals" "$dropped" "$(minus)"
check "update is incremental: announcements" "$((count + 10))" "$(plus)"
table stream "$work/stream.txt" > "$work/table2.txt"
check "after the update: table equals the new input" "" "$(cmp "$work/expected2.txt" "$work/table2.txt" 2>&1)"
check "serial moved" 1 "$(metric "$s_http" manrs_rtr_serial)"
check "one incremental sync" 1 "$(metric "$s_http" 'manrs_rtr_syncs_total{kind="incremental"}')"
finish
