#!/usr/bin/env bash
# Usage: bench/run_all.sh BUILD_DIR
# Reproduces the figures in BENCHMARKS.md: end-to-end timings against bgpdump
# on real and synthetic files, and the Google Benchmark kernels. Synthetic
# files (1.3 GB) go to $BENCH_DIR (default /tmp/manrs-bench).
set -euo pipefail
build=${1:-build}
dir=${BENCH_DIR:-/tmp/manrs-bench}
data=$(cd "$(dirname "$0")/../testdata/mrt" && pwd)
mkdir -p "$dir"
ninja -C "$build" manrs mrtgen mrt_decode_bench prefix_set_bench rov_bench >/dev/null

[ -f "$dir/jinx-rib.mrt" ] ||
  bzcat "$data/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2" > "$dir/jinx-rib.mrt"
[ -f "$dir/et-updates.mrt" ] || zcat "$data/bgpdump__updates.et-header.2015.gz" > "$dir/et-updates.mrt"
[ -f "$dir/syn-rib-1m-50peers.mrt" ] ||
  "$build/bench/mrtgen" rib --prefixes 1000000 --v6-share 0.18 --peers 50 --seed 1 \
    -o "$dir/syn-rib-1m-50peers.mrt"
[ -f "$dir/syn-updates-1m.mrt" ] ||
  "$build/bench/mrtgen" updates --messages 1000000 --peers 20 --seed 1 -o "$dir/syn-updates-1m.mrt"

echo "## manrs mrt dump -m against bgpdump -m ($(nproc) cores, $(date -u +%F))"
RUNS=${RUNS:-5} bench/compare_bgpdump.sh "$build/manrs" \
  "$data/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2" "$dir/jinx-rib.mrt" \
  "$data/bgpdump__updates.et-header.2015.gz" "$dir/et-updates.mrt" "$dir/syn-updates-1m.mrt"
RUNS=1 bench/compare_bgpdump.sh "$build/manrs" "$dir/syn-rib-1m-50peers.mrt" | tail -n 1

echo
echo "## Decoding to elements, no text output"
for f in "$dir/jinx-rib.mrt" "$dir/syn-rib-1m-50peers.mrt" "$dir/syn-updates-1m.mrt"; do
  echo "### $(basename "$f")"
  MANRS_BENCH_MRT=$f "$build/bench/mrt_decode_bench" --benchmark_min_time=2 2>/dev/null |
    grep -E '^BM_'
done

echo
echo "## Prefix set"
"$build/bench/prefix_set_bench" --benchmark_min_time=1 2>/dev/null | grep -E '^BM_'

echo
echo "## Route origin validation against RTRlib"
"$build/bench/rov_bench" --benchmark_min_time=2 --benchmark_repetitions=3 \
  --benchmark_enable_random_interleaving=true 2>/dev/null | grep -E '^(VRPs|ratio|BM_.*_median)'

echo
echo "## Observatory: manrs observe end to end against bgpdump -m, and at mrtgen scale"
bench/observe_end_to_end.sh "$build/manrs" "${RUNS:-5}"
BENCH_DIR=$dir bench/observe_scale.sh "$build/manrs" "$build/bench/mrtgen" 10 50 100
