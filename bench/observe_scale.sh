#!/usr/bin/env bash
# Usage: bench/observe_scale.sh MANRS MRTGEN [PERCENT...] (default 10 50 100)
# `manrs observe` on mrtgen input: at 100 %, a RIB of 1 M prefixes x 50 peers
# (21.3 M routes) and 1 M UPDATEs from 50 peers, against the 723 k VRPs and
# ASPAs of 2025-07-20, the bundled IRR samples, the 2016 AS relationships and
# Team Cymru bogons, into a fresh SQLite store. PERCENT scales both files. Prints
# one Markdown row per size: routes, wall, CPU, peak RSS, ASes, incidents.
# Writes its files to $BENCH_DIR (default /tmp/manrs-bench/observe).
# MANRS_THREADS, if set, is passed as --threads (default: one per hardware
# thread). The load average is printed before and after each size.
set -euo pipefail
manrs=$1 mrtgen=$2
shift 2
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 50 100)
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../testdata
dir=${BENCH_DIR:-/tmp/manrs-bench}/observe
mkdir -p "$dir"
[ -f "$dir/vrps.json" ] || bzip2 -dc "$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2" > "$dir/vrps.json"
"$manrs" irr load -q --db "$dir/irr.db" --source RIPE "$data"/irr/rpki-irr-bgp-stats__ripe-db-route*.txt \
  "$data/irr/rpsl-rs__aut-num_AS3257.txt" "$data/irr/irrd__rpsl_samples_valid.rpsl" 2> /dev/null
threads=()
[ -n "${MANRS_THREADS:-}" ] && threads=(--threads "$MANRS_THREADS")
echo "| input | route elements | wall | CPU user+sys | peak RSS | ASes | incident records | load average before, after |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
for pct in "${sizes[@]}"; do
  n=$((pct * 10000))
  [ -f "$dir/rib$pct.mrt" ] || "$mrtgen" rib --prefixes "$n" --peers 50 --time 1401487200 -o "$dir/rib$pct.mrt" 2> /dev/null
  [ -f "$dir/upd$pct.mrt" ] || "$mrtgen" updates --messages "$n" --peers 50 --time 1401487300 -o "$dir/upd$pct.mrt" 2> /dev/null
  rm -f "$dir/obs$pct.sqlite"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$manrs" observe -q --lenient \
    --mrt "$dir/rib$pct.mrt" "$dir/upd$pct.mrt" --vrps "$dir/vrps.json" --irr "$dir/irr.db" \
    --asrel "$data/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz" \
    --bogons "$data/bogons/cymru-fullbogons-ipv4.20250715.txt" \
    --store "sqlite:$dir/obs$pct.sqlite" "${threads[@]}" 2> "$dir/observe.err" || true
  read -r wall user sys rss < "$dir/time"
  elements=$(sed -n 's/^ *\([0-9]*\) route elements.*/\1/p' "$dir/observe.err")
  ases=$(sqlite3 "$dir/obs$pct.sqlite" 'SELECT count(*) FROM as_metrics')
  incidents=$(sqlite3 "$dir/obs$pct.sqlite" 'SELECT count(*) FROM incidents')
  printf '| %s %%: RIB %s prefixes x 50 peers + %s UPDATEs | %s | %s s | %.1f s | %s MB | %s | %s | %s; %s |\n' \
    "$pct" "$n" "$n" "$elements" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" "$ases" \
    "$incidents" "$load" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
