#!/usr/bin/env bash
# Usage: bench/irr_bench.sh BUILD_DIR
# The IRR figures of BENCHMARKS.md: a RADB-scale synthetic dump from irrgen
# (1.2 M route objects), `manrs irr load` into a snapshot, `manrs irr expand`
# of the 100 k-prefix AS-BIG, and bgpq4 / bgpq3 end to end against
# `manrs irr serve` for that set, and `manrs filter` for the same set. Files go to $BENCH_DIR (default
# /tmp/manrs-bench/irr). Timing only: nothing here passes or fails.
set -euo pipefail
build=${1:-build}
dir=${BENCH_DIR:-/tmp/manrs-bench}/irr
runs=${RUNS:-3}
mkdir -p "$dir"
ninja -C "$build" manrs irrgen irr_bench > /dev/null
manrs=$build/manrs
[ -f "$dir/radb-synthetic.db" ] ||
  "$build/bench/irrgen" --routes 1200000 --big-set-prefixes 110000 --seed 1 -o "$dir/radb-synthetic.db"

t() { /usr/bin/time -f "%e s wall, %M KB max RSS" "$@"; }
echo "## manrs irr, RADB-scale synthetic dump ($(nproc) cores, $(date -u +%F))"
echo "### load: $(du -m "$dir/radb-synthetic.db" | cut -f1) MB dump -> snapshot"
for _ in $(seq "$runs"); do
  t "$manrs" irr load -q --db "$dir/irr.db" "$dir/radb-synthetic.db" 2>&1 | tr '\n' ' '
  echo
done
echo "### expand AS-BIG -4 (in-process time after the snapshot is open; then the whole command)"
for _ in $(seq "$runs"); do
  t "$manrs" irr expand --db "$dir/irr.db" AS-BIG -4 2>&1 > "$dir/big.txt" | grep -E 'prefixes in|wall' | tr '\n' ' '
  echo
done
echo "### kernels (bench/irr_bench.cc): RPSL reading, expansion, the !a4 reply"
MANRS_IRR_BENCH_DB=$dir/irr.db MANRS_IRR_BENCH_DUMP=$dir/radb-synthetic.db \
  "$build/bench/irr_bench" --benchmark_min_time=1 2> /dev/null | grep -E '^(Rpsl|Expand|Whois)'
"$manrs" irr serve -q --db "$dir/irr.db" --listen 127.0.0.1:43150 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  bgpq4 -h 127.0.0.1:43150 -l X AS64496 > /dev/null 2>&1 && break
  sleep 0.1
done
echo "### bgpq4 -l NAME AS-BIG (!a4 path) against manrs irr serve, end to end"
for _ in $(seq "$runs"); do t bgpq4 -h 127.0.0.1:43150 -l NAME AS-BIG 2>&1 > "$dir/bgpq4.out" | tr '\n' ' '; echo "$(wc -l < "$dir/bgpq4.out") lines"; done
echo "### manrs filter -l NAME AS-BIG: the same list from the snapshot, no server (output compared)"
for _ in $(seq "$runs"); do
  t "$manrs" filter -q --db "$dir/irr.db" -l NAME AS-BIG 2>&1 > "$dir/filter.out" | tr '\n' ' '
  cmp -s "$dir/filter.out" "$dir/bgpq4.out" && echo "equal to bgpq4's" || echo "DIFFERS from bgpq4's"
done
echo "### manrs filter -A and bgpq4 -A, Junos route-filter-list (-J -z)"
for flags in "-A" "-J -z"; do
  # shellcheck disable=SC2086
  bgpq4 -h 127.0.0.1:43150 $flags -l NAME AS-BIG > "$dir/bgpq4-flags.out"
  for _ in $(seq "$runs"); do
    # shellcheck disable=SC2086
    t "$manrs" filter -q --db "$dir/irr.db" $flags -l NAME AS-BIG 2>&1 > "$dir/filter-flags.out" | tr '\n' ' '
    echo "[$flags] $(wc -l < "$dir/filter-flags.out") lines against bgpq4's $(wc -l < "$dir/bgpq4-flags.out")"
  done
done
echo "### bgpq4 -A (aggregated)"
for _ in $(seq "$runs"); do t bgpq4 -A -h 127.0.0.1:43150 -l NAME AS-BIG 2>&1 > /dev/null; done
echo "### bgpq3 -l NAME AS-BIG (!i then one pipelined !g per ASN)"
for _ in $(seq "$runs"); do t bgpq3 -h 127.0.0.1:43150 -l NAME AS-BIG 2>&1 > "$dir/bgpq3.out" | tr '\n' ' '; echo "$(wc -l < "$dir/bgpq3.out") lines"; done
echo "### 20 bgpq4 -l NAME AS-BIG at once (one server thread)"
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  pids=""
  for i in $(seq 1 20); do
    bgpq4 -h 127.0.0.1:43150 -l NAME AS-BIG > "$dir/parallel-$i.out" &
    pids="$pids $!"
  done
  # shellcheck disable=SC2086
  wait $pids
  echo "$(echo "$(date +%s.%N) - $start" | bc) s wall for 20; $(cat "$dir"/parallel-*.out | wc -l) lines"
done
