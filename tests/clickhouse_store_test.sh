#!/usr/bin/env bash
# The ClickHouse store against a real 2-shard ClickHouse cluster that this
# test starts (tools/clickhouse-cluster.sh) and stops: `report --all --format
# jsonl` is byte for byte the SQLite store's after sorting, on the observe
# slice of route-views.jinx (testdata/observe: the 1-in-8 RIB with the
# Route 53 hijack, every AS, incidents, contacts, prefixes); --init is
# idempotent; a killed ingest's rows are never counted; a down shard is an
# error naming the shard that writes nothing. doc/clickhouse.md.
set -uo pipefail
manrs=$1 data=$2
here=$(cd "$(dirname "$0")" && pwd)
cluster_sh=$here/../tools/clickhouse-cluster.sh
command -v /usr/sbin/clickhouse-server > /dev/null || { echo "clickhouse-server not installed"; exit 77; }
fail=0 passed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then passed=$((passed + 1)); else echo "FAIL $1: expected '$2', got '$3'"; fail=$((fail + 1)); fi
}
work=$(mktemp -d)
trap '"$cluster_sh" stop "$work/ch"; rm -rf "$work"' EXIT
url=$("$cluster_sh" start "$work/ch" 2 2> "$work/start.err" | tail -n 1)
check "cluster start" "clickhouse://127.0.0.1:" "${url:0:23}"
[ -n "$url" ] || { cat "$work/start.err"; exit 1; }
http=http://127.0.0.1:$(cat "$work/ch/s1/http_port")/
base=${url%%/manrs\?*}  # clickhouse://127.0.0.1:PORT
vrps=$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2
rib=$data/observe/jinx-rib-1in8-route53.mrt.bz2
updates=$data/observe/jinx-updates-route53.mrt.bz2
# Anti-spoofing results (tests/observe_sav_test.sh): a capture with known
# truth audited by `manrs sav audit`, loaded with --sav-results.
mkdir -p "$work/sav" && python3 "$here/sav_pcap_gen.py" "$work/sav" 400 > /dev/null
"$manrs" sav audit --allow "$work/sav/allow.json" --interfaces "$work/sav/map.txt" \
  --bogons "$data/bogons/cymru-fullbogons-ipv4.20250715.txt" --pcap "$work/sav/mix.pcap" \
  --format json -o "$work/audit.json"
check "sav audit" 1 $?
"$manrs" irr load -q --db "$work/irr.db" --source RIPE "$data/irr/rpki-irr-bgp-stats__ripe-db-route.txt" \
  "$data/irr/rpsl-rs__aut-num_AS3257.txt" "$data/irr/irrd__rpsl_samples_valid.rpsl"
observe() {  # observe STORE [more options]: the route-views.jinx RIB and updates
  local store=$1
  shift
  observe_mrt "$store" --mrt "$rib" "$updates" --min-peers 1 "$@"
}
observe_mrt() {  # observe_mrt STORE --mrt FILES... [more options]
  local store=$1
  shift
  "$manrs" observe -q --lenient --vrps "$vrps" --irr "$work/irr.db" \
    --asrel "$data/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz" \
    --bogons "$data/bogons/cymru-fullbogons-ipv4.20250715.txt" \
    --peeringdb "$data/peeringdb/arouteserver__peeringdb_net_3333_10745.json" \
    --sav-results "$work/audit.json" --store "$store" "$@"
}

# --init alone, twice: the same schema, one schema version row per shard.
"$manrs" observe --store "$url" --init 2> "$work/init.err"
check "init" 0 $?
"$manrs" observe --store "$url" --init 2>> "$work/init.err"
check "init again" 0 $?
check "schema version" "3" "$(curl -s "$http" --data-binary "SELECT value FROM manrs.meta WHERE key = 'schema_version'")"
"$manrs" report --all --store "$base/nothere?cluster=manrs" > /dev/null 2> "$work/noschema.err"
check "no schema exit" 2 $?
check "no schema says --init" 1 "$(grep -c -- '--init' "$work/noschema.err")"

# SQLite and the cluster: the same reports.
observe "sqlite:$work/a.sqlite" 2> "$work/sqlite.err"
check "observe sqlite" 0 $?
observe "$url" 2> "$work/ch.err"
check "observe cluster" 0 $?
"$manrs" report --all --store "sqlite:$work/a.sqlite" | sort > "$work/a.jsonl"
"$manrs" report --all --store "$url" | sort > "$work/b.jsonl"
check "report cluster exit" 0 "${PIPESTATUS[0]}"
check "ASes reported" 1 "$([ "$(wc -l < "$work/a.jsonl")" -gt 1000 ] && echo 1)"
check "jsonl identical" "$(sha256sum < "$work/a.jsonl")" "$(sha256sum < "$work/b.jsonl")"
# Paging by ASN range (ForEachReport): pages of 997 ASes visit every AS once,
# in ASN order: the same bytes as SQLite's unsorted walk.
"$manrs" report --all --store "sqlite:$work/a.sqlite" > "$work/a.order.jsonl"
"$manrs" report --all --store "$url&page_ases=997" > "$work/paged.jsonl"
check "paged report exit" 0 $?
check "more than 10 pages" 1 "$([ "$(wc -l < "$work/paged.jsonl")" -gt 9970 ] && echo 1)"
check "paged jsonl identical, in order" "$(sha256sum < "$work/a.order.jsonl")" "$(sha256sum < "$work/paged.jsonl")"
check "one page jsonl identical, in order" "$(sha256sum < "$work/a.order.jsonl")" \
  "$("$manrs" report --all --store "$url" | sha256sum)"
check "paged table identical" "$("$manrs" report --all --format table --store "sqlite:$work/a.sqlite")" \
  "$("$manrs" report --all --format table --store "$url&page_ases=997")"
"$manrs" report --all --store "$url&page_ases=0" > /dev/null 2> "$work/page0.err"
check "page_ases=0 refused" "2 1" "$? $(grep -c 'page_ases=N: N from 1' "$work/page0.err")"
check "one AS identical" "$("$manrs" report 10297 --store "sqlite:$work/a.sqlite")" "$("$manrs" report 10297 --store "$url")"
check "anti-spoofing carried" 2 "$(grep -c '"anti_spoofing":{"packets"' "$work/b.jsonl")"
check "table identical" "$("$manrs" report --all --format table --store "sqlite:$work/a.sqlite")" \
  "$("$manrs" report --all --format table --store "$url")"
# Both shards hold rows (sharded by ASN), and the counts were computed there.
for s in 1 2; do
  n=$(curl -s "http://127.0.0.1:$(cat "$work/ch/s$s/http_port")/" --data-binary "SELECT count() FROM manrs.as_counts_local")
  check "shard $s holds as_counts" 1 "$([ "${n:-0}" -gt 100 ] && echo 1)"
done
# The route-level rows (schema 3): each route's last AS path (by its identity
# in `paths`, with the text) and first and last announcement, against
# bgpdump's reading of the same files; the collector is the first file's name.
q() { curl -s "$http" --data-binary "$1"; }
ingest=$(q "SELECT batch FROM manrs.staged WHERE config NOT IN ('', 'merged') ORDER BY written_at DESC LIMIT 1")
q "SELECT peer_ip, peer_asn, prefix, asn, first_seen, last_seen, path FROM manrs.routes WHERE batch = '$ingest'" > "$work/routes.tsv"
q "SELECT path, text FROM manrs.paths WHERE batch = '$ingest'" > "$work/paths.tsv"
check "route rows" 1 "$([ "$(wc -l < "$work/routes.tsv")" -gt 60000 ] && echo 1)"
check "collector" "$(basename "$rib")" "$(q "SELECT DISTINCT collector FROM manrs.routes WHERE batch = '$ingest'")"
check "peers carry the collector" "$(basename "$rib")" "$(q "SELECT DISTINCT collector FROM manrs.peers WHERE batch = '$ingest'")"
if command -v bgpdump > /dev/null; then
  { bgpdump -m "$rib"; bgpdump -m "$updates"; } 2> /dev/null > "$work/bgpdump.txt"
  python3 "$here/route_facts_check.py" "$work/bgpdump.txt" "$work/routes.tsv" "$work/paths.tsv" > "$work/routes.out"
  check "routes = bgpdump (path, first and last seen)" "0 $(wc -l < "$work/routes.tsv")" "$? $(tail -n 1 "$work/routes.out")"
  [ "$(tail -n 1 "$work/routes.out")" = "$(wc -l < "$work/routes.tsv")" ] || head -12 "$work/routes.out"
else
  echo "bgpdump not installed: route rows not compared"
fi
# The incidents came from the cluster: seq 0, on both shards.
check "incidents by the cluster" 0 "$(q "SELECT max(seq) FROM manrs.incidents WHERE batch GLOBAL IN (SELECT batch FROM manrs.periods)")"
period=$(sed -n 's/^stored period \([^ ]*\) in .*/\1/p' "$work/ch.err")

# A schema-1 store (before the anti-spoofing columns): readers refuse it and
# say to run --init, which adds the columns on every shard; the old period
# reads back with anti-spoofing unmeasured.
ourl="$base/old?cluster=manrs"
observe "$ourl" --init 2> /dev/null
for s in 1 2; do
  sh="http://127.0.0.1:$(cat "$work/ch/s$s/http_port")/"
  for c in sav_packets sav_spoofed_packets sav_martian sav_bogon sav_not_allowed sav_files; do
    curl -sf "$sh" --data-binary "ALTER TABLE old.as_facts_local DROP COLUMN $c" > /dev/null
    curl -sf "$sh" --data-binary "ALTER TABLE old.as_facts DROP COLUMN $c" > /dev/null
  done
  curl -sf "$sh" --data-binary "DROP TABLE old.meta" > /dev/null
  curl -sf "$sh" --data-binary "CREATE TABLE old.meta (key String, value String) ENGINE = MergeTree ORDER BY key" > /dev/null
  curl -sf "$sh" --data-binary "INSERT INTO old.meta VALUES ('application', 'manrs-observatory'), ('schema_version', '1')" > /dev/null
done
"$manrs" report --all --store "$ourl" > /dev/null 2> "$work/old.err"
check "schema 1 refused" 2 $?
check "schema 1 says --init" 1 "$(grep -c 'schema version 1 .*--init' "$work/old.err")"
"$manrs" observe --store "$ourl" --init 2> /dev/null
check "migrate" 0 $?
"$manrs" observe --store "$ourl" --init 2> /dev/null
check "migrate again" 0 $?
check "migrated version" "3" "$(curl -s "$http" --data-binary "SELECT value FROM old.meta WHERE key = 'schema_version'")"
"$manrs" report --all --store "$ourl" > "$work/old.jsonl"
check "old period readable" "$(wc -l < "$work/a.jsonl")" "$(wc -l < "$work/old.jsonl")"
check "old period unmeasured" 0 "$(grep -c '"anti_spoofing":{"packets"' "$work/old.jsonl")"

# Killed ingests are never counted: an ingest killed early, and the rows a
# writer killed half way leaves (a batch with no `staged` row), then the
# rerun and the finish step; a finish step run twice (its counts written
# twice) counts once.
kurl="$base/killed?cluster=manrs"
"$manrs" observe --store "$kurl" --init 2> /dev/null
timeout -s KILL 0.5 "$BASH" -c "$(declare -f observe observe_mrt); manrs=$manrs rib=$rib updates=$updates vrps=$vrps data=$data work=$work; observe '$kurl' --no-finish" 2> /dev/null
curl -sf "$http" --data-binary "INSERT INTO killed.as_counts SELECT period_start, period_end, 'dead', asn, prefixes * 2, rpki_valid, rpki_invalid, rpki_not_found, irr_registered, irr_not_registered FROM manrs.as_counts" > /dev/null
curl -sf "$http" --data-binary "INSERT INTO killed.prefixes SELECT period_start, period_end, 'dead', asn, seq, prefix, rpki, irr, peers, bogon FROM manrs.prefixes" > /dev/null
check "dead rows written" 1 "$([ "$(curl -s "$http" --data-binary "SELECT count() FROM killed.prefixes WHERE batch = 'dead'")" -gt 100 ] && echo 1)"
"$manrs" observe --store "$kurl" --finish "$period" 2> "$work/nothing.err"
check "finish with nothing staged" 2 $?
observe "$kurl" --no-finish 2> "$work/stage.err"
check "stage" 0 $?
check "staged, not visible" 2 "$("$manrs" report --all --store "$kurl" > /dev/null 2>&1; echo $?)"
"$manrs" observe --store "$kurl" --finish "$period" 2> /dev/null
check "finish" 0 $?
"$manrs" observe --store "$kurl" --finish "$period" 2> /dev/null
check "finish twice is refused" 2 $?
curl -sf "$http" --data-binary "INSERT INTO killed.as_counts SELECT * FROM killed.as_counts WHERE batch != 'dead'" > /dev/null
"$manrs" report --all --store "$kurl" | sort > "$work/k.jsonl"
check "killed and rerun identical" "$(sha256sum < "$work/a.jsonl")" "$(sha256sum < "$work/k.jsonl")"
# History over several periods (each table read once over every period's
# newest batch): a second period in SQLite and in the store with the killed
# ingest, the dead batch and the counts written twice; the HTML report (its
# history table and chart: prefixes, RPKI and IRR shares, incidents,
# readiness scores and labels) is SQLite's, for ASes with incidents (the
# slice has no contacts), with anti-spoofing results and none.
H=2014-05-29T00:00:00Z/2014-05-31T23:59:59Z
observe "sqlite:$work/a.sqlite" --period $H 2> /dev/null
check "second period sqlite" 0 $?
observe "$kurl" --period $H 2> /dev/null
check "second period cluster" 0 $?
check "two periods" 2 "$(q "SELECT count(DISTINCT period_start, period_end) FROM killed.periods")"
first_asns() {  # first_asns N PATTERN: the first N ASes of a.jsonl whose report has PATTERN
  grep -m"$1" "$2" "$work/a.jsonl" | sed 's/^{"asn":\([0-9]*\),.*/\1/'
}
asns="10297 16509 6939 3356 3257 $(first_asns 2 '"anti_spoofing":{"packets"')"
check "ASes with anti-spoofing" 7 "$(echo $asns | wc -w)"
for asn in $asns; do
  "$manrs" report "$asn" --format html --store "$kurl" > "$work/h.html"
  check "AS$asn history (html)" "$("$manrs" report "$asn" --format html --store "sqlite:$work/a.sqlite" | sha256sum)" \
    "$(sha256sum < "$work/h.html")"
  check "AS$asn history of two periods" 1 "$(grep -c '<h2>History (2 stored periods)' "$work/h.html")"
done

# Several ingesters into one period, merged by one --finish: the same input
# split across 2 processes running at once gives the same reports as one
# process (and SQLite), over the visibility rule (--min-peers 3: routes seen
# by peers of both ingests count), the per-AS counts and the incidents.
# Split 1: the RIB in one, the updates (and a second collector's) in the
# other: an incident the RIB left open ends or continues at the updates.
# Split 2: two collectors, route-views.jinx and RIS rrc06, one process each.
rrc=$data/mrt/libbgpstream__ris.rrc06.updates.1401488100.gz
P=2014-05-30T00:00:00Z/2014-05-31T23:59:59Z
split() {  # split DB MRT-FILES-1 -- MRT-FILES-2: observes both at once, then finishes
  local name=$1 u="$base/$1?cluster=manrs" one=() two=()
  shift
  while [ "$1" != "--" ]; do one+=("$1"); shift; done
  shift
  two=("$@")
  observe_mrt "$u" --period $P --min-peers 3 --mrt "${one[@]}" --no-finish 2> /dev/null &
  observe_mrt "$u" --period $P --min-peers 3 --mrt "${two[@]}" --no-finish 2> /dev/null
  local rc=$?
  wait $! || rc=1
  "$manrs" observe --store "$u" --finish $P 2> /dev/null || rc=1
  "$manrs" report --all --store "$u" | sort > "$work/$name.jsonl"
  return $rc
}
observe_mrt "sqlite:$work/three.sqlite" --period $P --min-peers 3 --mrt "$rib" "$updates" "$rrc" 2> /dev/null
"$manrs" report --all --store "sqlite:$work/three.sqlite" | sort > "$work/three.jsonl"
check "3 files observed" 1 "$([ "$(wc -l < "$work/three.jsonl")" -gt 1000 ] && echo 1)"
split ribsplit "$rib" -- "$updates" "$rrc"
check "rib|updates ingests" 0 $?
check "rib|updates = 1 process (SQLite)" "$(sha256sum < "$work/three.jsonl")" "$(sha256sum < "$work/ribsplit.jsonl")"
check "rib|updates joined by the finish" 1 "$([ "$(q "SELECT count() FROM ribsplit.occurrence_ends")" -gt 0 ] && echo 1)"
check "rib|updates table (summary) = SQLite's" \
  "$("$manrs" report --all --format table --store "sqlite:$work/three.sqlite")" \
  "$("$manrs" report --all --format table --store "$base/ribsplit?cluster=manrs")"
# Under a sanitizer the RIB|updates split (the join) is enough.
if grep -qaE '__asan_init|__tsan_init' "$manrs"; then sanitized=1; else sanitized=0; fi
[ $sanitized = 1 ] || {
split collsplit "$rib" "$updates" -- "$rrc"
check "collector|collector ingests" 0 $?
check "collector|collector = 1 process (SQLite)" "$(sha256sum < "$work/three.jsonl")" "$(sha256sum < "$work/collsplit.jsonl")"
check "incidents merged" 1 "$([ "$(grep -c '"kind":"hijack"' "$work/ribsplit.jsonl")" -gt 0 ] && echo 1)"
# One ingester killed mid-file and rerun: the same reports.
ku="$base/killsplit?cluster=manrs"
observe_mrt "$ku" --period $P --min-peers 3 --mrt "$rrc" --no-finish --collector rrc06 2> /dev/null
check "--collector" rrc06 "$(q "SELECT DISTINCT collector FROM killsplit.routes WHERE prefix GLOBAL IN (SELECT prefix FROM killsplit.routes WHERE collector = 'rrc06') AND collector = 'rrc06'")"
timeout -s KILL 0.5 "$BASH" -c "$(declare -f observe_mrt); manrs=$manrs vrps=$vrps data=$data work=$work; observe_mrt '$ku' --period $P --min-peers 3 --mrt '$rib' '$updates' --no-finish" 2> /dev/null
observe_mrt "$ku" --period $P --min-peers 3 --mrt "$rib" "$updates" --no-finish 2> /dev/null
check "rerun ingest" 0 $?
# A completed ingest run again replaces its first run (same inputs and settings).
observe_mrt "$ku" --period $P --min-peers 3 --mrt "$rrc" --no-finish 2> /dev/null
check "completed ingest rerun" 0 $?
"$manrs" observe --store "$ku" --finish $P 2> /dev/null
check "finish after rerun" 0 $?
"$manrs" report --all --store "$ku" | sort > "$work/killsplit.jsonl"
check "killed and completed reruns = 1 process (SQLite)" "$(sha256sum < "$work/three.jsonl")" "$(sha256sum < "$work/killsplit.jsonl")"
check "killed and completed reruns: table (summary) = SQLite's" \
  "$("$manrs" report --all --format table --store "sqlite:$work/three.sqlite")" \
  "$("$manrs" report --all --format table --store "$ku")"
}
# Ingests observed with different settings are not merged.
du="$base/differ?cluster=manrs"
observe_mrt "$du" --period $P --min-peers 3 --mrt "$rrc" --no-finish 2> /dev/null
observe_mrt "$du" --period $P --min-peers 2 --mrt "$rrc" --no-finish 2> /dev/null
"$manrs" observe --store "$du" --finish $P 2> "$work/differ.err"
check "different settings refused" 2 $?
check "different settings named" 1 "$(grep -c 'different settings or inputs' "$work/differ.err")"

# A shard that is down: a clear error naming it, and nothing is written.
before=$(curl -s "$http" --data-binary "SELECT count() FROM manrs.prefixes_local")
kill "$(cat "$work/ch/s2/pid")"
for _ in $(seq 1 50); do kill -0 "$(cat "$work/ch/s2/pid")" 2> /dev/null || break; sleep 0.1; done
observe "$url" 2> "$work/down.err"
check "down shard exit" 2 $?
check "down shard named" 1 "$(grep -c 'shard 2 (127.0.0.1:[0-9]*) of cluster manrs is down' "$work/down.err")"
"$manrs" observe --store "$url" --finish "$period" 2> "$work/down2.err"
check "down shard finish exit" 2 $?
check "down shard finish named" 1 "$(grep -c 'shard 2 ' "$work/down2.err")"
check "no rows written on shard 1" "$before" "$(curl -s "$http" --data-binary "SELECT count() FROM manrs.prefixes_local")"
"$cluster_sh" status "$work/ch" > "$work/status.out"
check "status sees the down shard" 1 "$(grep -c '^s2 down' "$work/status.out")"

# A shard that cannot start (its data directory is damaged): start exits 1
# with the server's own error, and the shard that did start is stopped.
mkdir -p "$work/bad/s2/data" && touch "$work/bad/s2/data/metadata"
"$cluster_sh" start "$work/bad" 2 > "$work/bad.out" 2> "$work/bad.err"
check "bad shard start exit" 1 $?
check "bad shard error shown" 1 "$(grep -c 'not a directory: .*s2/data/metadata' "$work/bad.err")"
check "no URL printed" "" "$(cat "$work/bad.out")"
check "shard 1 stopped again" "" "$(cat "$work/bad/s1/pid" 2> /dev/null)"

echo "clickhouse store: $passed passed, $fail failed"
[ $fail -eq 0 ]
