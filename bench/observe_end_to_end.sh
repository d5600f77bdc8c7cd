#!/usr/bin/env bash
# Usage: bench/observe_end_to_end.sh MANRS [RUNS] [BEFORE_MANRS]
# `manrs observe` end to end on the bundled real data (the route-views.jinx RIB of
# 2014-05-30 and its update file; 723 k VRPs and the ASPAs of 2025-07-20; the RPSL
# samples as the IRR; the 2016 AS relationships; Team Cymru full bogons; PeeringDB),
# next to `bgpdump -m` decoding the same two MRT files to /dev/null, in one run,
# alternating. Prints the median wall time, CPU time and peak RSS of each. The VRPs go in
# as plain JSON, the way rpki-client writes them (the bundled snapshot is bzip2'd: it is
# expanded once here); the MRT files stay compressed for both programs.
# BEFORE_MANRS, if given, is another manrs binary (an older build) timed in
# the same rounds, for a before/after comparison. MANRS_THREADS, if set, is
# passed to MANRS as --threads (default: one per hardware thread).
set -euo pipefail
manrs=$1
runs=${2:-3}
before=${3:-}
threads=()
[ -n "${MANRS_THREADS:-}" ] && threads=(--threads "$MANRS_THREADS")
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../testdata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rib=$data/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2
updates=$data/mrt/libbgpstream__routeviews.route-views.jinx.updates.1401493500.bz2
bzip2 -dc "$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2" > "$tmp/vrps.json"
"$manrs" irr load -q --db "$tmp/irr.db" --source RIPE "$data"/irr/rpki-irr-bgp-stats__ripe-db-route*.txt \
  "$data/irr/rpsl-rs__aut-num_AS3257.txt" "$data/irr/irrd__rpsl_samples_valid.rpsl" "$data/filter/sets.rpsl" 2> /dev/null
measure() {  # measure NAME COMMAND...: appends "wall cpu rss" to $tmp/NAME
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "${@:2}" > /dev/null 2> /dev/null || true
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$tmp/t" >> "$tmp/$1"
}
observe() {  # observe NAME MANRS [OPTIONS]
  rm -f "$tmp/obs.sqlite"
  measure "$1" "$2" observe -q --lenient --mrt "$rib" "$updates" \
    --vrps "$tmp/vrps.json" --irr "$tmp/irr.db" \
    --asrel "$data/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz" \
    --bogons "$data/bogons/cymru-fullbogons-ipv4.20250715.txt" \
    --peeringdb "$data/peeringdb/arouteserver__peeringdb_net_3333_10745.json" \
    --min-peers 1 --store "sqlite:$tmp/obs.sqlite" "${@:3}"
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq "$runs"); do
  observe observe "$manrs" "${threads[@]}"
  [ -n "$before" ] && observe before "$before"
  measure bgpdump sh -c "bgpdump -m '$rib' > /dev/null; bgpdump -m '$updates' > /dev/null"
done
median() { sort -n -k"$2" "$tmp/$1" | awk -v k="$2" '{a[NR]=$k} END {print a[int((NR+1)/2)]}'; }
ow=$(median observe 1) oc=$(median observe 2) om=$(median observe 3)
bw=$(median bgpdump 1) bc=$(median bgpdump 2) bm=$(median bgpdump 3)
echo "load average before: $load, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| program | wall (median of $runs) | CPU user+sys | peak RSS |"
echo "|---|---:|---:|---:|"
echo "| manrs observe ${threads[*]} (decode, 723 k VRPs, IRR, asrel, bogons, PeeringDB, SQLite write) | ${ow} s | ${oc} s | $((om / 1024)) MB |"
if [ -n "$before" ]; then
  echo "| before: $before | $(median before 1) s | $(median before 2) s | $(($(median before 3) / 1024)) MB |"
fi
echo "| bgpdump -m (decode only, to /dev/null) | ${bw} s | ${bc} s | $((bm / 1024)) MB |"
echo "| ratio bgpdump / manrs | $(echo "scale=2; $bw / $ow" | bc)x | $(echo "scale=2; $bc / $oc" | bc)x | |"
