#!/usr/bin/env bash
# Usage: bench/clickhouse_bench.sh BUILD_DIR [RUNS [BEFORE_BUILD_DIR]]
# The ClickHouse store on a local 2-shard cluster (tools/clickhouse-cluster.sh),
# in one run:
#  1. `manrs observe` of the bundled route-views.jinx RIB + updates (the
#     `make run` job) into SQLite and into the cluster, alternating: wall,
#     CPU, peak RSS; then `report --all --format jsonl` from each, and
#     `--format table` from the cluster (the store's memory: jsonl holds
#     its whole output), also in pages of 5,000 ASes.
#  2. Insert throughput: the cluster's `prefixes` rows of that period as a
#     TSV file, inserted through the store's HTTP path
#     (build/clickhouse_insert_bench) and by `clickhouse-client --query
#     "INSERT ... FORMAT TSV"` (the engine's native-protocol floor), both into
#     a Distributed table over the 2 shards with insert_distributed_sync=1.
#  3. Latencies: the period copied to 12 periods (server side), then one AS's
#     12-period history (`manrs report ASN --format html`, which reads it, and
#     the SQL alone) and an all-AS ranking (SQL over the Distributed tables).
#  4. Bytes per row on disk (system.parts) for the on-paper sizing.
# BEFORE_BUILD_DIR: a build of the code before a change; its `report --all`
# from the cluster and its HTML report are timed beside BUILD_DIR's,
# alternating, on the same cluster, and their outputs compared.
set -euo pipefail
build=$1
runs=${2:-3}
manrs=$build/manrs
before=${3:+$3/manrs}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../testdata
tmp=$(mktemp -d)
trap '"$here/../tools/clickhouse-cluster.sh" stop "$tmp/ch"; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
url=$("$here/../tools/clickhouse-cluster.sh" start "$tmp/ch" 2 2> /dev/null | tail -n 1)
http=http://127.0.0.1:$(cat "$tmp/ch/s1/http_port")/
tcp=$(curl -s "$http" --data-binary "SELECT port FROM system.clusters WHERE cluster = 'manrs' AND shard_num = 1")
q() { curl -sf "$http" --data-binary "$1"; }
rib=$data/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2
updates=$data/mrt/libbgpstream__routeviews.route-views.jinx.updates.1401493500.bz2
bzip2 -dc "$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2" > "$tmp/vrps.json"
"$manrs" irr load -q --db "$tmp/irr.db" --source RIPE "$data"/irr/rpki-irr-bgp-stats__ripe-db-route*.txt \
  "$data/irr/rpsl-rs__aut-num_AS3257.txt" "$data/irr/irrd__rpsl_samples_valid.rpsl" "$data/filter/sets.rpsl" 2> /dev/null
measure() {  # measure NAME COMMAND...: appends "wall cpu rss" to $tmp/NAME
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "${@:2}" > /dev/null 2> /dev/null
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$tmp/t" >> "$tmp/$1"
}
observe() {
  "$manrs" observe -q --lenient --mrt "$rib" "$updates" --vrps "$tmp/vrps.json" --irr "$tmp/irr.db" \
    --asrel "$data/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz" \
    --bogons "$data/bogons/cymru-fullbogons-ipv4.20250715.txt" \
    --peeringdb "$data/peeringdb/arouteserver__peeringdb_net_3333_10745.json" --min-peers 1 --store "$1"
}
export -f observe
export manrs rib updates tmp data
load=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$runs"); do
  rm -f "$tmp/o.sqlite"
  measure sqlite bash -c 'observe sqlite:$tmp/o.sqlite'
  measure cluster bash -c "observe '$url'"
  measure sqlite_report "$manrs" report --all --store "sqlite:$tmp/o.sqlite"
  # The store's own memory shows under --format table (jsonl holds its whole
  # output); before and after in turn first, as the cluster may still merge.
  for b in $( ((i % 2)) && echo "$manrs $before" || echo "$before $manrs"); do
    suffix=$([ "$b" = "$manrs" ] || echo _before)
    measure "cluster_report$suffix" "$b" report --all --store "$url"
    measure "cluster_table$suffix" "$b" report --all --format table --store "$url"
  done
  measure cluster_table_page5000 "$manrs" report --all --format table --store "$url&page_ases=5000"
done
median() { sort -n -k"$2" "$tmp/$1" | awk -v k="$2" '{a[NR]=$k} END {print a[int((NR+1)/2)]}'; }
echo "load average before: $load"
echo "| job | wall (median of $runs) | CPU user+sys (manrs) | peak RSS (manrs) |"
echo "|---|---:|---:|---:|"
for j in sqlite cluster sqlite_report cluster_report ${before:+cluster_report_before} cluster_table \
  ${before:+cluster_table_before} cluster_table_page5000; do
  echo "| $j | $(median $j 1) s | $(median $j 2) s | $(($(median $j 3) / 1024)) MB |"
done
cmp <("$manrs" report --all --store "sqlite:$tmp/o.sqlite" | sort) <("$manrs" report --all --store "$url" | sort) \
  && echo "report --all identical after sorting"
if [ -n "$before" ] && cmp <("$before" report --all --store "$url") <("$manrs" report --all --store "$url"); then
  echo "report --all from the cluster: before and after byte-identical (unsorted)"
fi

# 2. Insert throughput, the same rows both ways.
batch=$(q "SELECT batch FROM manrs.periods ORDER BY written_at DESC LIMIT 1")
q "SELECT * FROM manrs.prefixes WHERE batch = '$batch' FORMAT TabSeparated" > "$tmp/prefixes.tsv"
rows=$(wc -l < "$tmp/prefixes.tsv")
echo "insert: $rows rows of manrs.prefixes, $(($(stat -c %s "$tmp/prefixes.tsv") / 1024)) KiB of TSV"
for s in 1 2; do
  curl -sf "http://127.0.0.1:$(cat "$tmp/ch/s$s/http_port")/" --data-binary \
    "CREATE TABLE manrs.bench_local AS manrs.prefixes_local" > /dev/null
done
q "CREATE TABLE manrs.bench AS manrs.prefixes_local ENGINE = Distributed(manrs, manrs, bench_local, asn)" > /dev/null
for _ in $(seq "$runs"); do
  "$build/bench/clickhouse_insert_bench" "$http" manrs.bench "$tmp/prefixes.tsv" | awk '{print $3}' >> "$tmp/ours"
  s=$(date +%s.%N)
  clickhouse-client --port "$tcp" --insert_distributed_sync=1 --query "INSERT INTO manrs.bench FORMAT TSV" < "$tmp/prefixes.tsv"
  echo "$(date +%s.%N) - $s" | bc >> "$tmp/client"
done
ow=$(sort -n "$tmp/ours" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
cw=$(sort -n "$tmp/client" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "| insert path | wall (median of $runs) | rows/s |"
echo "|---|---:|---:|"
echo "| manrs HttpPost (TSV over HTTP) | $ow s | $(echo "$rows / $ow" | bc) |"
echo "| clickhouse-client INSERT FORMAT TSV (native) | $cw s | $(echo "$rows / $cw" | bc) |"
echo "| ratio manrs / client | $(echo "scale=2; $ow / $cw" | bc)x | |"

# 3. Latencies over 12 periods (11 copies of the period, shifted by 8 h each).
read -r ps pe <<< "$(q "SELECT period_start, period_end FROM manrs.periods WHERE batch = '$batch'")"
for k in $(seq 1 11); do
  d=$((k * 28800))
  for t in as_facts as_counts contacts prefixes incidents periods; do
    cols=$(q "SELECT arrayStringConcat(groupArray(name), ', ') FROM system.columns WHERE database = 'manrs' AND table = '${t}_local' AND name NOT IN ('period_start', 'period_end')")
    q "INSERT INTO manrs.$t SELECT period_start + $d, period_end + $d, $cols FROM manrs.$t WHERE period_start = $ps AND batch = '$batch'" > /dev/null
  done
done
echo "distinct periods stored: $(q "SELECT count(DISTINCT period_start) FROM manrs.periods")"
time_it() {  # time_it NAME COMMAND...: median wall of RUNS
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N); "${@:2}" > /dev/null || { echo "$1 failed" >&2; exit 1; }; echo "$(date +%s.%N) - $s" | bc
  done | sort -n | awk -v n="$1" '{a[NR]=$1} END {printf "| %s | %.3f s |\n", n, a[int((NR+1)/2)]}'
}
echo "| query | latency (median of $runs) |"
echo "|---|---:|"
for _ in $(seq "$runs"); do  # before (when given) and after, alternating
  for b in ${before:+"$before"} "$manrs"; do
    s=$(date +%s.%N); "$b" report 3333 --format html --store "$url" > /dev/null || exit 1
    echo "$b $(echo "$(date +%s.%N) - $s" | bc)"
  done
done > "$tmp/html"
for b in ${before:+"$before"} "$manrs"; do
  grep "^$b " "$tmp/html" | cut -d' ' -f2 | sort -n | awk -v n="manrs report 3333 --format html (report + 12-period history), $b" \
    '{a[NR]=$1} END {printf "| %s | %.3f s |\n", n, a[int((NR+1)/2)]}'
done
if [ -n "$before" ] && cmp <("$before" report 3333 --format html --store "$url") <("$manrs" report 3333 --format html --store "$url"); then
  echo "report 3333 --format html: before and after byte-identical"
fi
time_it "SQL: AS3333 history, 12 periods (as_counts of each period's newest batch)" q "SELECT period_start, prefixes, rpki_invalid, rpki_valid FROM manrs.as_counts WHERE asn = 3333 AND (period_start, batch) GLOBAL IN (SELECT period_start, argMax(batch, written_at) FROM manrs.periods GROUP BY period_start) ORDER BY period_start"
time_it "SQL: all-AS ranking of one period by RPKI-invalid share (top 100)" q "SELECT asn, rpki_invalid / prefixes AS share FROM manrs.as_counts WHERE period_start = $ps AND batch = '$batch' AND prefixes > 0 ORDER BY share DESC, asn LIMIT 100"
time_it "SQL: all-AS ranking over 12 periods, mean RPKI-invalid share (top 100)" q "SELECT asn, avg(rpki_invalid / prefixes) AS share FROM manrs.as_counts WHERE prefixes > 0 GROUP BY asn ORDER BY share DESC, asn LIMIT 100"

# 4. Bytes per row on disk (both shards, compressed).
echo "| table | rows (12 periods) | compressed bytes | bytes/row |"
echo "|---|---:|---:|---:|"
for t in prefixes as_facts as_counts incidents contacts; do
  tot_rows=0 tot_bytes=0
  for s in 1 2; do
    read -r r b <<< "$(curl -sf "http://127.0.0.1:$(cat "$tmp/ch/s$s/http_port")/" --data-binary "SELECT sum(rows), sum(data_compressed_bytes) FROM system.parts WHERE active AND database = 'manrs' AND table = '${t}_local'")"
    tot_rows=$((tot_rows + r)) tot_bytes=$((tot_bytes + b))
  done
  [ "$tot_rows" -gt 0 ] || continue
  echo "| $t | $tot_rows | $tot_bytes | $(echo "scale=1; $tot_bytes / $tot_rows" | bc) |"
done
