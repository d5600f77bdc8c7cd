#!/usr/bin/env bash
# Usage: bench/rpki_load_vs_stayrtr.sh RPKI_LOAD_BENCH [SNAPSHOT.json.bz2]
# Start-up of StayRTR against our loader on the same rpki-client output, in
# the same run (PEERS.md section 2). The snapshot (by default the 723,521-VRP
# one in testdata/rpki) is decompressed into a temporary file with the
# per-VRP "expires" stripped, since StayRTR silently drops VRPs whose expiry
# is past and this one expired in July 2025. StayRTR is started on it
# RUNS times (default 3) and timed from its start to the log line "Server
# started", then stopped by its PID; rpki_load_bench times LoadRpkiPayloads on
# the same file (LoadFile/env). Prints one Markdown table row.
set -euo pipefail
bench=$1
here=$(cd "$(dirname "$0")" && pwd)
snapshot=${2:-$here/../testdata/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2}
runs=${RUNS:-3}
port=${PORT:-33282}
tmp=$(mktemp -d)
stayrtr_pid=
cleanup() {
  if [ -n "$stayrtr_pid" ]; then kill "$stayrtr_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

python3 - "$snapshot" "$tmp/vrps.json" <<'PY'
import bz2, json, sys
src, dst = sys.argv[1], sys.argv[2]
d = json.load(bz2.open(src) if src.endswith(".bz2") else open(src))
for entry in d["roas"] + d.get("aspas", []):
    entry.pop("expires", None)
json.dump(d, open(dst, "w"))
PY
cat "$tmp/vrps.json" > /dev/null  # into the page cache for both

best=
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  stayrtr -bind "127.0.0.1:$port" -metrics.addr "127.0.0.1:$((port + 1))" \
    -cache "$tmp/vrps.json" -checktime=false -refresh 3600 > "$tmp/stayrtr.log" 2>&1 &
  stayrtr_pid=$!
  until grep -q "Server started" "$tmp/stayrtr.log"; do
    if ! kill -0 "$stayrtr_pid" 2>/dev/null; then
      echo "stayrtr exited:" >&2
      cat "$tmp/stayrtr.log" >&2
      exit 1
    fi
    sleep 0.02
  done
  end=$(date +%s.%N)
  uniques=$(grep -o "[0-9]* uniques" "$tmp/stayrtr.log" | head -1)
  kill "$stayrtr_pid"
  wait "$stayrtr_pid" 2>/dev/null || true
  stayrtr_pid=
  t=$(echo "$end - $start" | bc)
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done

ours=$(MANRS_RPKI_FILE="$tmp/vrps.json" "$bench" --benchmark_filter='LoadFile/env' \
  --benchmark_min_time=2 --benchmark_format=json 2>/dev/null |
  python3 -c 'import json,sys; b=json.load(sys.stdin)["benchmarks"][0]; print(b["real_time"] / 1000, int(b["vrps"]))')
read -r ours_s ours_vrps <<< "$ours"
size=$(stat -c %s "$tmp/vrps.json")
echo "| file | size | StayRTR start-up (best of $runs) | manrs LoadRpkiPayloads | speed-up |"
echo "|---|---:|---:|---:|---:|"
python3 -c "import sys; s, o = float(sys.argv[1]), float(sys.argv[2]); \
print(f'| {sys.argv[3]} ({sys.argv[5]} VRPs; stayrtr: {sys.argv[6]}) | {int(sys.argv[4]) / 1e6:.1f} MB | {s:.2f} s | {o:.3f} s | {s / o:.0f}x |')" \
  "$best" "$ours_s" "$(basename "$snapshot")" "$size" "$ours_vrps" "$uniques"
