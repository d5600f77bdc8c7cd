#!/usr/bin/env bash
# Usage: bench/rtr_vs_stayrtr.sh BUILD_DIR
# manrs rtr serve against StayRTR, same data, same run, same client:
#  1. load: start to serving, for the real 723,521-VRP rpki-client snapshot
#     (StayRTR gets the same VRPs as `manrs rtr dump --format json` writes
#     them: no per-VRP expires, which StayRTR would drop on this clock);
#  2. full sync to rtrclient: connect to End of Data, from rtrclient's own
#     timestamped debug lines; then "Sync successful";
#  3. memory: peak and steady RSS of each server with that set loaded;
#  4. 1,000 routers (tests/rtr_raw_client.py): time from the first Serial
#     Notify to the last End of Data of the incremental update after the
#     input changed (a 2,000-VRP slice, so the initial syncs stay small).
# Timings are single runs on a shared 2-core VM: read them as +-20 %.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
manrs=$(cd "$build" && pwd)/manrs
snapshot=$root/testdata/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2
work=$(mktemp -d /tmp/manrs-rtr-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
rss() { awk -v k="$2:" '$1==k {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# Seconds from START to the rtrclient debug line matching PATTERN.
stamp() {
  local line
  line=$(grep -m1 "$2" "$3" | sed -E 's/^\(([0-9/]+) ([0-9:]+):([0-9]+)\).*/\1 \2.\3/')
  python3 -c "import sys,datetime; t=datetime.datetime.strptime(sys.argv[1],'%Y/%m/%d %H:%M:%S.%f').timestamp(); print(f'{t-float(sys.argv[2]):.2f}')" "$line" "$1"
}
sync_rtrclient() {  # sync_rtrclient PORT NAME: full sync, prints "EOD sync"
  local start
  start=$(now)
  rtrclient -e -t csv -o /dev/null tcp 127.0.0.1 "$1" > /dev/null 2> "$work/$2.rtrclient"
  echo "$(stamp "$start" 'EOD PDU received' "$work/$2.rtrclient") $(stamp "$start" 'Sync successful' "$work/$2.rtrclient")"
}

ninja -C "$build" manrs > /dev/null
bzip2 -dc "$snapshot" > "$work/vrps.json"

# manrs
start=$(now)
"$manrs" rtr serve --vrps "$work/vrps.json" --listen 127.0.0.1:0 --port-file "$work/m.ports" \
  --max-age 0 --quiet &
m_pid=$!
pids+=($m_pid)
until [ -s "$work/m.ports" ]; do sleep 0.05; done
m_load=$(python3 -c "print(f'{$(now)-$start:.2f}')")
m_port=$(awk '$1=="rtr"{print $2}' "$work/m.ports")
read -r m_eod m_sync < <(sync_rtrclient "$m_port" manrs)
m_peak=$(rss $m_pid VmHWM)
m_rss=$(rss $m_pid VmRSS)
"$manrs" rtr dump "127.0.0.1:$m_port" --format json > "$work/stayrtr.json"
kill $m_pid

# StayRTR
s_port=$(free_port)
s_metrics=$(free_port)
start=$(now)
stayrtr -bind "127.0.0.1:$s_port" -metrics.addr "127.0.0.1:$s_metrics" -cache "$work/stayrtr.json" \
  -checktime=false -refresh 3600 > "$work/stayrtr.log" 2>&1 &
s_pid=$!
pids+=($s_pid)
metrics_ready() {
  python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
    "http://127.0.0.1:$1/metrics" 2> /dev/null | grep -q '^rpki_vrps{.*ipv4.*} [1-9]'
}
until metrics_ready "$s_metrics"; do sleep 0.05; done
s_load=$(python3 -c "print(f'{$(now)-$start:.2f}')")
read -r s_eod s_sync < <(sync_rtrclient "$s_port" stayrtr)
s_peak=$(rss $s_pid VmHWM)
s_rss=$(rss $s_pid VmRSS)
kill $s_pid

# 1,000 routers, incremental update after a change.
python3 "$root/tests/rtr_table.py" slice "$snapshot" "$work/small.json" 2000
cp "$work/small.json" "$work/small-s.json"
"$manrs" rtr serve --vrps "$work/small.json" --listen 127.0.0.1:0 --port-file "$work/m2.ports" \
  --max-age 0 --poll 1 --quiet &
pids+=($!)
until [ -s "$work/m2.ports" ]; do sleep 0.05; done
s2_port=$(free_port)
stayrtr -bind "127.0.0.1:$s2_port" -metrics.addr "127.0.0.1:$(free_port)" -cache "$work/small-s.json" \
  -checktime=false -refresh 1 > "$work/stayrtr2.log" 2>&1 &
pids+=($!)
sleep 3
many() {  # many PORT FILE
  python3 "$root/tests/rtr_raw_client.py" "$1" --many 1000 --timeout 120 > "$work/many.out" &
  local p=$!
  until grep -q synced "$work/many.out" 2> /dev/null; do sleep 0.2; done
  python3 "$root/tests/rtr_table.py" change "$2" "$2.new" 0 3
  mv "$2.new" "$2"
  wait $p
  awk '/updated/ {print $4}' "$work/many.out"
}
m_many=$(many "$(awk '$1=="rtr"{print $2}' "$work/m2.ports")" "$work/small.json")
s_many=$(many "$s2_port" "$work/small-s.json")

ratio() { python3 -c "print(f'{$1/$2:.1f}x')"; }
echo "## RTR: manrs rtr serve against StayRTR $(dpkg-query -W -f '${Version}' stayrtr 2>/dev/null) ($(nproc) cores, $(date -u +%F))"
echo "| measure (723,521 VRPs unless noted) | manrs | StayRTR | StayRTR / manrs |"
echo "|---|---:|---:|---:|"
echo "| start to serving | $m_load s | $s_load s | $(ratio "$s_load" "$m_load") |"
echo "| rtrclient full sync: connect to End of Data | $m_eod s | $s_eod s | $(ratio "$s_eod" "$m_eod") |"
echo "| rtrclient full sync: connect to \"Sync successful\" | $m_sync s | $s_sync s | $(ratio "$s_sync" "$m_sync") |"
echo "| server RSS, peak | $m_peak MB | $s_peak MB | $(ratio "$s_peak" "$m_peak") |"
echo "| server RSS after the sync | $m_rss MB | $s_rss MB | $(ratio "$s_rss" "$m_rss") |"
echo "| 1,000 routers: first Serial Notify to last End of Data of the update (2,000 VRPs) | $m_many s | $s_many s | $(ratio "$s_many" "$m_many") |"
