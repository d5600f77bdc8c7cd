#!/usr/bin/env bash
# Usage: bench/compare_bgpdump.sh MANRS FILE...
# Times `bgpdump -m` and `manrs mrt dump -m` on the same files in the same run
# (hyperfine, warm page cache, output to /dev/null) after checking that their
# outputs are identical, and prints one Markdown table row per file.
set -euo pipefail
manrs=$1; shift
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| file | size | lines | bgpdump -m | manrs mrt dump -m | speed-up |"
echo "|---|---:|---:|---:|---:|---:|"
for f in "$@"; do
  if ! cmp -s <(bgpdump -q -m "$f" 2>/dev/null) <("$manrs" mrt dump -m -q --lenient "$f"); then
    echo "| $(basename "$f") | outputs differ: not timed | | | | |"
    continue
  fi
  lines=$("$manrs" mrt dump -m -q --lenient "$f" | wc -l)
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$tmp/h.json" \
    "bgpdump -q -m $f" "$manrs mrt dump -m -q --lenient $f" >/dev/null 2>&1 ||
    hyperfine --warmup 1 --runs "$runs" --export-json "$tmp/h.json" \
      "bgpdump -q -m $f > /dev/null" "$manrs mrt dump -m -q --lenient $f > /dev/null" >/dev/null
  python3 - "$tmp/h.json" "$f" "$lines" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))["results"]
b, m = r[0]["mean"], r[1]["mean"]
for x in r:  # a single run has no spread
    x["stddev"] = x["stddev"] or 0.0
size = os.path.getsize(sys.argv[2]) / 1e6
print(f"| {os.path.basename(sys.argv[2])} | {size:.1f} MB | {int(sys.argv[3]):,} | "
      f"{b:.2f} s ± {r[0]['stddev']:.2f} | {m:.3f} s ± {r[1]['stddev']:.3f} | {b / m:.1f}x |")
PY
done
