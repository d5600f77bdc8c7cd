#!/usr/bin/env bash
# The web observatory under load (issue 12): the per-AS page (/as/N) and its
# API twin (/api/v1/as/N) for random ASes of a 75,000-AS x 12-period store
# (bench/storegen, resampled from `make run`'s measured store), with wrk at
# 200 concurrent keep-alive connections on loopback; then the same with the
# server pinned to one core (taskset) to say what one core holds.
# One command from a fresh build directory: it builds storegen, and the
# measured store as `make run` does when it is not there yet; the load
# average is printed before and after each run (read p95 with it).
# usage: bench/web_bench.sh [BUILD] [SECONDS]
set -euo pipefail
build=${1:-build}
seconds=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/manrs-web-bench.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
real=$build/observatory/observatory.sqlite
top=$(cd "$here/.." && pwd)
ninja -C "$build" manrs storegen > /dev/null
if [ ! -f "$real" ]; then
  echo "measuring the bundled data into $real (as make run does)" >&2
  make -C "$top" --no-print-directory BUILD="$build" run > /dev/null
fi
store=${WEB_BENCH_STORE:-$work/bench.sqlite}
[ -f "$store" ] || "$build/bench/storegen" --from "sqlite:$real" --to "sqlite:$store" --ases 75000 --periods 12

run() {  # run LABEL CACHE_MB [taskset prefix...]
  local label=$1 cache_mb=$2
  shift 2
  "$@" "$build/manrs" serve --store "sqlite:$store" --accounts "$work/accounts.sqlite" \
    --listen 127.0.0.1:0 --cache-mb "$cache_mb" > "$work/serve.log" 2>&1 &
  pid=$!
  local port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*web observatory on .*(port \([0-9]*\)).*/\1/p' "$work/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/serve.log"; exit 1; }
  for path in /as/ /api/v1/as/; do
    # Warm up (the page cache, one store connection per server thread).
    WEB_BENCH_PATH=$path wrk -t2 -c200 -d3s -s "$here/web_bench.lua" "http://127.0.0.1:$port" > /dev/null
    local before
    before=$(cut -d' ' -f1 /proc/loadavg)
    echo "$label $(WEB_BENCH_PATH=$path wrk -t2 -c200 -d"${seconds}"s -s "$here/web_bench.lua" \
      "http://127.0.0.1:$port" | grep RESULT) load=$before..$(cut -d' ' -f1 /proc/loadavg)"
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}
# The rendered-answer cache (--cache-mb) fills as the run asks for random
# ASes: the figures with it are for a warming cache; "no cache" is every
# request read from the store and rendered.
run "server on all cores:" 256
run "server on all cores, no cache:" 0
run "server on one core:" 256 taskset -c 0
