#!/usr/bin/env bash
# Usage: bench/clickhouse_parallel_bench.sh BUILD_DIR [PERCENT|jinx...] (default jinx 10 50 100)
# Several ingesters into one period on a local 2-shard ClickHouse cluster
# (doc/clickhouse.md "Several ingesters into one period") against SQLite:
# the mrtgen input of bench/observe_scale.sh (at 100 %: a RIB of 1 M prefixes
# x 50 peers and 1 M UPDATEs from the same 50 peers; PERCENT scales both),
# the same VRPs, IRR, relationships and bogons, default visibility rule.
#  - SQLite: one `manrs observe` of both files into a fresh store;
#  - cluster: two `manrs observe --no-finish` at once (the RIB in one, the
#    UPDATEs in the other), then `manrs observe --finish`; a fresh cluster per
#    size, so each shard's peak RSS (VmHWM) is this job's.
# "jinx" is a real table instead: the bundled route-views.jinx RIB in one
# ingest, its update file and RIS rrc06's in the other.
# Prints one Markdown row per job with wall, CPU and peak RSS of each process
# and of each shard, the load average (`uptime`) before and after each job,
# and checks that the cluster's `report --all` equals SQLite's.
# Files go to $BENCH_DIR (default /tmp/manrs-bench)/observe, shared with
# observe_scale.sh.
set -euo pipefail
build=$1
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(jinx 10 50 100)
manrs=$build/manrs mrtgen=$build/bench/mrtgen
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../testdata
cluster_sh=$here/../tools/clickhouse-cluster.sh
dir=${BENCH_DIR:-/tmp/manrs-bench}/observe
mkdir -p "$dir"
tmp=$(mktemp -d)
trap '"$cluster_sh" stop "$tmp/ch" > /dev/null 2>&1; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
[ -f "$dir/vrps.json" ] || bzip2 -dc "$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2" > "$dir/vrps.json"
"$manrs" irr load -q --db "$dir/irr.db" --source RIPE "$data"/irr/rpki-irr-bgp-stats__ripe-db-route*.txt \
  "$data/irr/rpsl-rs__aut-num_AS3257.txt" "$data/irr/irrd__rpsl_samples_valid.rpsl" 2> /dev/null
obs=("$manrs" observe -q --lenient --vrps "$dir/vrps.json" --irr "$dir/irr.db"
  --asrel "$data/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz"
  --bogons "$data/bogons/cymru-fullbogons-ipv4.20250715.txt")
timed() {  # timed NAME COMMAND...: "wall cpu rss_mb" of the command into $tmp/NAME
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/$1.t" "${@:2}" > /dev/null 2> "$tmp/$1.err" || {
    echo "$1 failed:" >&2
    tail -3 "$tmp/$1.err" >&2
    return 1
  }
  awk '{printf "%s s | %.1f s | %d MB", $1, $2 + $3, $4 / 1024}' "$tmp/$1.t" > "$tmp/$1"
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "| input | job | wall | CPU user+sys | peak RSS | load before / after |"
echo "|---|---|---:|---:|---:|---|"
for pct in "${sizes[@]}"; do
  if [ "$pct" = jinx ]; then
    ribs=("$data/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2")
    upds=("$data/mrt/libbgpstream__routeviews.route-views.jinx.updates.1401493500.bz2"
      "$data/mrt/libbgpstream__ris.rrc06.updates.1401488100.gz")
    input="route-views.jinx RIB + its updates + rrc06 updates"
  else
    n=$((pct * 10000))
    [ -f "$dir/rib$pct.mrt" ] || "$mrtgen" rib --prefixes "$n" --peers 50 --time 1401487200 -o "$dir/rib$pct.mrt" 2> /dev/null
    [ -f "$dir/upd$pct.mrt" ] || "$mrtgen" updates --messages "$n" --peers 50 --time 1401487300 -o "$dir/upd$pct.mrt" 2> /dev/null
    ribs=("$dir/rib$pct.mrt")
    upds=("$dir/upd$pct.mrt")
    input="$pct %: RIB $n x 50 + $n UPDATEs"
  fi
  # The period every ingester shares: the span of the files.
  period=2014-05-30T00:00:00Z/2014-05-31T23:59:59Z
  rm -f "$tmp/o.sqlite"
  l0=$(load)
  timed sqlite "${obs[@]}" --store "sqlite:$tmp/o.sqlite" --period $period --mrt "${ribs[@]}" "${upds[@]}"
  echo "| $input | SQLite, 1 process | $(cat "$tmp/sqlite") | $l0 / $(load) |"
  "$cluster_sh" stop "$tmp/ch" > /dev/null 2>&1 || true
  rm -rf "$tmp/ch"
  url=$("$cluster_sh" start "$tmp/ch" 2 2> /dev/null | tail -n 1)
  "$manrs" observe --store "$url" --init 2> /dev/null
  l0=$(load)
  start=$(date +%s.%N)
  timed rib "${obs[@]}" --store "$url" --period $period --mrt "${ribs[@]}" --no-finish &
  timed upd "${obs[@]}" --store "$url" --period $period --mrt "${upds[@]}" --no-finish
  wait $!
  l1=$(load)
  timed finish "$manrs" observe --store "$url" --finish $period
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  echo "| $input | cluster: ingest the RIB (--no-finish) | $(cat "$tmp/rib") | $l0 / $l1 |"
  echo "| $input | cluster: ingest the UPDATEs (--no-finish), at the same time | $(cat "$tmp/upd") | $l0 / $l1 |"
  echo "| $input | cluster: --finish | $(cat "$tmp/finish") | $l1 / $(load) |"
  for s in 1 2; do
    pid=$(cat "$tmp/ch/s$s/pid")
    echo "| $input | cluster: shard $s clickhouse-server (peak over the job) | | $(ps -o times= -p "$pid" | tr -d ' ') s since start | $(($(awk '/VmHWM/ {print $2}' /proc/"$pid"/status) / 1024)) MB | |"
  done
  printf '| %s | cluster: both ingests + finish, wall | %.1f s | | | %s / %s |\n' "$input" "$wall" "$l0" "$(load)"
  "$manrs" report --all --store "sqlite:$tmp/o.sqlite" | sort | sha256sum > "$tmp/a"
  "$manrs" report --all --store "$url" | sort | sha256sum > "$tmp/b"
  rows=$(curl -s "http://127.0.0.1:$(cat "$tmp/ch/s1/http_port")/" --data-binary "SELECT count() FROM manrs.routes")
  echo "| $input | route rows in the cluster: $rows; reports identical to SQLite: $(cmp -s "$tmp/a" "$tmp/b" && echo yes || echo NO) | | | | |"
done
