#!/usr/bin/env bash
# `manrs irr serve` as a daemon, from outside: every port bound before the
# server says it is listening (a taken metrics port is exit 2 and no
# announcement), SIGHUP reloads, a failed reload keeps the data and turns
# /health to 503 "degraded" with the reason until a good reload, SIGTERM
# stops it cleanly.
# Usage: irr_serve_test.sh MANRS TESTDATA
# The process tracking, check/finish and HTTP helpers of the RTR daemon tests.
source "$(dirname "$0")/rtr_common.sh"

"$manrs" irr load --db "$work/irr.db" "$data/irr/bgpq-fixture.rpsl" 2> /dev/null
cp "$work/irr.db" "$work/good.db"

"$manrs" irr serve --db "$work/irr.db" --listen 127.0.0.1:0 --metrics 127.0.0.1:0 \
  2> "$work/serve.log" &
server=$!
pids+=("$server")
wait_for 20 'grep -q "metrics on" "$work/serve.log"' || { cat "$work/serve.log"; exit 1; }
mport=$(sed -n 's/.*metrics on .*(port \([0-9]*\)).*/\1/p' "$work/serve.log")
check "health ready" 200 "$(http_status "http://127.0.0.1:$mport/health")"
check "health body" 1 "$(http_get "http://127.0.0.1:$mport/health" | grep -c '"status":"ready"')"

# A damaged database file: the reload fails, the old data stays served and
# /health says so.
head -c 100 "$work/good.db" > "$work/irr.db"
kill -HUP "$server"
wait_for 10 'grep -q "reload failed" "$work/serve.log"'
check "failed reload logged" 1 "$(grep -c 'warning: reload failed, still serving the previous data' "$work/serve.log")"
health=$(http_get "http://127.0.0.1:$mport/health")
check "health after failed reload" 503 "$(http_status "http://127.0.0.1:$mport/health")"
check "health degraded with reason" 1 "$(grep -c '"status":"degraded".*"last_reload":"failed","last_reload_reason":"..*"' <<< "$health")"
check "metric says failed" 0 "$(metric "$mport" manrs_irr_last_reload_success)"
port=$(sed -n 's/.*whois server on .*(port \([0-9]*\)).*/\1/p' "$work/serve.log")
exec 3<> "/dev/tcp/127.0.0.1/$port"
printf '!gAS64496\n' >&3
check "old data still served" "A39|10.10.0.0/16 192.0.2.0/24 192.0.2.0/25|C" "$(timeout 5 cat <&3 | paste -sd'|')"
exec 3<&-

# A good file again: ready.
cp "$work/good.db" "$work/irr.db"
kill -HUP "$server"
wait_for 10 'test "$(http_status "http://127.0.0.1:$mport/health")" = 200'
check "health ready after good reload" 1 "$(http_get "http://127.0.0.1:$mport/health" | grep -c '"last_reload":"ok"')"

# The metrics port is taken (by the running server): exit 2, nothing announced.
"$manrs" irr serve --db "$work/irr.db" --listen 127.0.0.1:0 --metrics "127.0.0.1:$mport" \
  2> "$work/taken.log" && rc=0 || rc=$?
check "taken metrics port: exit 2" 2 "$rc"
check "taken metrics port: not announced" 0 "$(grep -c 'whois server on' "$work/taken.log" || true)"
check "taken metrics port: says which" 1 "$(grep -c "listen on 127.0.0.1:$mport" "$work/taken.log")"

# SIGTERM: a clean stop.
kill -TERM "$server"
wait "$server" && rc=0 || rc=$?
check "stops on SIGTERM" 0 "$rc"
check "stop logged" 1 "$(grep -c 'stopped after' "$work/serve.log")"
finish
