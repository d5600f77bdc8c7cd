#!/usr/bin/env bash
# Interop with StayRTR: StayRTR serves what `manrs rtr dump --format json`
# wrote from our cache; our client dumps both caches in protocol versions 0,
# 1 and 2, and the VRP sets are identical (and equal to the input). Each
# version asked for is the version the session ran. Real 723k snapshot; a
# sanitizer build uses its first 40,000 VRPs.
# Usage: rtr_stayrtr_test.sh MANRS TESTDATA
source "$(dirname "$0")/rtr_common.sh"
command -v stayrtr > /dev/null || { echo "stayrtr not installed"; exit 77; }
table() { python3 "$here/rtr_table.py" "$@"; }

if is_sanitized; then
  table slice "$snapshot" "$work/vrps.json" 40000
else
  bzip2 -dc "$snapshot" > "$work/vrps.json"
fi
start_server s --vrps "$work/vrps.json" --max-age 0
"$manrs" rtr dump "127.0.0.1:$s_port" --format json > "$work/for-stayrtr.json"

stay_port=$(free_port)
stay_metrics=$(free_port)
stayrtr -bind "127.0.0.1:$stay_port" -metrics.addr "127.0.0.1:$stay_metrics" \
  -cache "$work/for-stayrtr.json" -checktime=false -refresh 3600 > "$work/stayrtr.log" 2>&1 &
pids+=($!)
wait_for 120 '"$manrs" rtr dump "127.0.0.1:$stay_port" --version 1 --timeout 30 > "$work/stay-1.txt"' || true

table expected "$work/vrps.json" > "$work/expected.txt"
for v in 0 1 2; do
  "$manrs" rtr dump "127.0.0.1:$s_port" --version $v --timing > "$work/manrs-$v.txt" 2> "$work/manrs-$v.err"
  [ $v = 1 ] || "$manrs" rtr dump "127.0.0.1:$stay_port" --version $v --timing > "$work/stay-$v.txt" 2> "$work/stay-$v.err"
  check "manrs v$v session version" "version $v," "$(grep -o "version $v," "$work/manrs-$v.err")"
  [ $v = 1 ] || check "stayrtr v$v session version" "version $v," "$(grep -o "version $v," "$work/stay-$v.err")"
  table dump "$work/manrs-$v.txt" > "$work/manrs-$v.vrps"
  table dump "$work/stay-$v.txt" > "$work/stay-$v.vrps"
  check "v$v: manrs serves the input" "" "$(cmp "$work/expected.txt" "$work/manrs-$v.vrps" 2>&1)"
  check "v$v: manrs and stayrtr serve the same VRPs" "" "$(cmp "$work/manrs-$v.vrps" "$work/stay-$v.vrps" 2>&1)"
done
check "vrp count" "$(wc -l < "$work/expected.txt")" "$(wc -l < "$work/stay-2.vrps")"
finish
