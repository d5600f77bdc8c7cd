#!/usr/bin/env bash
# Usage: bench/rov_scan_end_to_end.sh MANRS RIB... (env RUNS, default 3; VRPS)
# ROV over whole RIB files, end to end, next to what the input alone costs:
# for each file the median wall time of
#   decompress   the system's bzip2/gzip/zstd/xz -dc to /dev/null (0 for plain files)
#   decode       manrs mrt summary (decompress + decode every element)
#   load vrps    manrs rov check on one route (load + index the plain-JSON VRPs only)
#   rov scan     manrs rov scan --mrt FILE --vrps VRPS > /dev/null (CSV line per route)
#   + all checks rov scan --aspa --asrel (ASPA, bogons, valley-free as well)
# Prints one Markdown table row per file.
set -euo pipefail
manrs=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
vrps=${VRPS:-$here/../testdata/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2}
asrel=${ASREL:-$here/../testdata/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz}
runs=${RUNS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# rpki-client writes plain JSON; a compressed snapshot is expanded once here.
case $vrps in
  *.bz2) bzip2 -dc "$vrps" >"$tmp/vrps.json"; vrps=$tmp/vrps.json ;;
esac

median() {  # median of the wall times of RUNS runs of a command
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'
}

decompressor() {
  case $(head -c 6 "$1" | od -An -tx1 | tr -d ' \n') in
    425a68*) echo "bzip2 -dc" ;;
    1f8b*) echo "gzip -dc" ;;
    28b52ffd*) echo "zstd -dc" ;;
    fd377a585a00) echo "xz -dc" ;;
    *) echo "" ;;
  esac
}

echo "| file | routes | decompress | decode | load VRPs | rov scan | + aspa, bogons, valley-free |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for rib in "$@"; do
  routes=$("$manrs" mrt summary "$rib" | awk '$1=="elements"{print $2}')
  d=$(decompressor "$rib")
  if [ -n "$d" ]; then
    t_decompress=$(median sh -c "$d '$rib' > /dev/null")
  else
    t_decompress=0
  fi
  t_decode=$(median "$manrs" mrt summary "$rib")
  t_load=$(median "$manrs" rov check 192.0.2.0/24 64496 --vrps "$vrps")
  t_scan=$(median "$manrs" rov scan --mrt "$rib" --vrps "$vrps")
  t_all=$(median "$manrs" rov scan --mrt "$rib" --vrps "$vrps" --aspa --asrel "$asrel")
  echo "| $(basename "$rib") | $routes | ${t_decompress} s | ${t_decode} s | ${t_load} s | ${t_scan} s | ${t_all} s |"
done
