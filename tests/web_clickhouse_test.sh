#!/usr/bin/env bash
# `manrs serve --store clickhouse://...`: the web observatory over a real
# 2-shard ClickHouse cluster (tools/clickhouse-cluster.sh, started and stopped
# here) serves the same /api/v1 per-AS JSON, history, overview and search
# results as over the SQLite store holding the same observation (the observe
# slice of route-views.jinx), and the same pages' status codes.
# doc/clickhouse.md, doc/web.md.
source "$(dirname "$0")/web_common.sh"
command -v /usr/sbin/clickhouse-server > /dev/null || { echo "clickhouse-server not installed"; exit 77; }
cluster_sh=$here/../tools/clickhouse-cluster.sh
trap '"$cluster_sh" stop "$work/ch" > /dev/null 2>&1; cleanup' EXIT
url=$("$cluster_sh" start "$work/ch" 2 2> "$work/start.err" | tail -n 1)
[ -n "$url" ] || { cat "$work/start.err"; exit 1; }
"$manrs" irr load -q --db "$work/irr.db" --source RIPE "${irr_files[@]}" 2> /dev/null
observe() {
  "$manrs" observe -q --lenient --mrt "$data/observe/jinx-rib-1in8-route53.mrt.bz2" \
    "$data/observe/jinx-updates-route53.mrt.bz2" \
    --vrps "$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2" \
    --irr "$work/irr.db" --asrel "$data/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz" \
    --bogons "$data/bogons/cymru-fullbogons-ipv4.20250715.txt" \
    --peeringdb "$data/peeringdb/arouteserver__peeringdb_net_3333_10745.json" \
    --min-peers 1 --store "$1" 2> /dev/null
}
observe "sqlite:$work/observatory.sqlite"
check "observe sqlite" 0 $?
observe "$url"
check "observe cluster" 0 $?
serve() {  # serve NAME STORE: sets NAME_port
  "$manrs" serve --store "$2" --irr "$work/irr.db" \
    --peeringdb "$data/peeringdb/arouteserver__peeringdb_net_3333_10745.json" \
    --accounts "$work/$1.accounts.sqlite" --listen 127.0.0.1:0 > "$work/$1.log" 2>&1 &
  pids+=($!)
  wait_for 30 "grep -q 'web observatory on' '$work/$1.log'" || { cat "$work/$1.log"; return 1; }
  eval "$1_port=$(sed -n 's/.*web observatory on .*(port \([0-9]*\)).*/\1/p' "$work/$1.log")"
}
serve sqlite "sqlite:$work/observatory.sqlite"
# Pages of 500 ASes: the overview and the search walk the period
# (ForEachReport) page by page.
serve cluster "$url&page_ases=500"
# The Route 53 hijacker, AWS (the victim), ASes with contacts, prefixes,
# incidents and none, and one that was not measured; the overview, and
# searches by prefix (every AS's prefixes) and by number.
for path in /api/v1/as/10297 /api/v1/as/16509 /api/v1/as/3333 /api/v1/as/10745 /api/v1/as/3257 \
  /api/v1/as/13335 /api/v1/as/10297/history /api/v1/as/3333/history /api/v1/as/64999 \
  /api/v1/overview "/api/v1/search?q=54.239.0.0%2F16" "/api/v1/search?q=AS10297" \
  "/api/v1/search?q=1"; do
  a=$(http_get "http://127.0.0.1:$sqlite_port$path")
  b=$(http_get "http://127.0.0.1:$cluster_port$path")
  check "$path same JSON" "$a" "$b"
  check "$path same status" "$(http_status "http://127.0.0.1:$sqlite_port$path")" \
    "$(http_status "http://127.0.0.1:$cluster_port$path")"
done
check "a report served" 1 "$(http_get "http://127.0.0.1:$cluster_port/api/v1/as/10297" | grep -c '"asn":10297')"
check "overview served" 1 "$(http_get "http://127.0.0.1:$cluster_port/api/v1/overview" | grep -c '^{"period".*"ases":[1-9][0-9]\{3,\},')"
check "prefix search served" 1 "$(http_get "http://127.0.0.1:$cluster_port/api/v1/search?q=54.239.0.0%2F16" | grep -c '"kind":"prefix","results":\[{"prefix"')"
check "history served" 1 "$(http_get "http://127.0.0.1:$cluster_port/api/v1/as/10297/history" | grep -c '"period"')"
for path in / /as/10297 /as/16509; do
  check "$path page" 200 "$(http_status "http://127.0.0.1:$cluster_port$path")"
done
finish
