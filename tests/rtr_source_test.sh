#!/usr/bin/env bash
# Where the cache's data comes from and when it refuses it: an http URL polled
# with conditional requests (python3 -m http.server on loopback), reloads that
# are accepted, and reloads refused by the guards (VRPs dropped, broken file,
# stale data) while the last good set stays served; No Data Available before
# the first good load; RTR over TLS.
# Usage: rtr_source_test.sh MANRS TESTDATA
source "$(dirname "$0")/rtr_common.sh"
table() { python3 "$here/rtr_table.py" "$@"; }
vrp_count() { "$manrs" rtr dump "127.0.0.1:$1" --version 1 | grep -c '^[0-9a-f:.]*\/'; }

mkdir "$work/www"
table slice "$snapshot" "$work/www/vrps.json" 2000
http_port=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$work/www" "$http_port" > "$work/http.log" 2>&1 &
pids+=($!)
wait_for 20 'test "$(http_status "http://127.0.0.1:$http_port/vrps.json")" = 200'
url=http://127.0.0.1:$http_port/vrps.json
start_server u --vrps "$url" --max-age 0 --poll 1
n1=$(table expected "$work/www/vrps.json" | wc -l)
check "url: served" "$n1" "$(vrp_count "$u_port")"
sleep 2.5
check "url: unchanged file costs a 304" 1 "$(grep -c '" 304 ' "$work/http.log" | awk '{print ($1 >= 1)}')"

replace() {  # replace SCRIPT-ARGS...: writes the new file next to it, then renames
  sleep 1.1  # If-Modified-Since has whole seconds
  "$@"
  mv "$work/www/new.json" "$work/www/vrps.json"
}
replace table change "$work/www/vrps.json" "$work/www/new.json" 0 5
wait_for 20 'test "$(metric "$u_http" manrs_rtr_serial)" = 1'
check "url: change accepted" "1 $((n1 + 5))" "$(metric "$u_http" manrs_rtr_serial) $(vrp_count "$u_port")"

# 50 % of the VRPs gone: refused, the last good set stays.
replace table change "$work/www/vrps.json" "$work/www/new.json" 1000 0
wait_for 20 'test "$(metric "$u_http" "manrs_rtr_reloads_total{result=\"too_many_dropped\"}")" = 1'
check "guard: drop refused" "0" "$(metric "$u_http" 'manrs_rtr_last_reload_success{result="too_many_dropped"}')"
check "guard: last good set served" "1 $((n1 + 5))" "$(metric "$u_http" manrs_rtr_serial) $(vrp_count "$u_port")"
check "guard: reason logged" 1 "$(grep -c 'too_many_dropped' "$work/u.log")"
check "health says why" 1 "$(http_get "http://127.0.0.1:$u_http/health" | grep -c 'too_many_dropped')"

# A broken file: refused too.
replace sh -c "echo '{\"roas\": [' > '$work/www/new.json'"
wait_for 20 'test "$(metric "$u_http" "manrs_rtr_reloads_total{result=\"load_failed\"}")" = 1'
check "guard: broken file refused" "1 $((n1 + 5))" "$(metric "$u_http" manrs_rtr_serial) $(vrp_count "$u_port")"

# Stale data refused at start-up unless --max-age 0 ...
table slice "$snapshot" "$work/stale.json" 100
"$manrs" rtr serve --vrps "$work/stale.json" --listen 127.0.0.1:0 --quiet && rc=0 || rc=$?
check "stale file refused at start" 2 "$rc"
# ... and on reload.
start_server st --vrps "$work/stale.json" --max-age 0 --poll 1
check "stale accepted with --max-age 0" 100 "$(vrp_count "$st_port")"

# Before any good load, routers get No Data Available (code 2).
start_server nd --vrps "http://127.0.0.1:$http_port/missing.json" --poll 60
check "no data available" 1 "$("$manrs" rtr dump "127.0.0.1:$nd_port" 2>&1 | grep -c 'error report 2 (no data available)')"
check "health 503 without data" 503 "$(http_status "http://127.0.0.1:$nd_http/health")"

# What `rtr dump --format json` writes, `rtr serve` reads back: same payloads.
"$manrs" rtr dump "127.0.0.1:$u_port" --format json > "$work/dumped.json"
start_server rt --vrps "$work/dumped.json" --max-age 0
check "dump json round trip" "" "$(cmp <("$manrs" rtr dump "127.0.0.1:$u_port") <("$manrs" rtr dump "127.0.0.1:$rt_port") 2>&1)"

# RTR over TLS with a self-signed certificate.
if command -v openssl > /dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -days 2 2> /dev/null
  start_server t --vrps "$work/stale.json" --max-age 0 --tls-listen 127.0.0.1:0 \
    --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
  tls_port=$(awk '$1=="tls"{print $2}' "$work/t.ports")
  check "tls: served" 100 "$("$manrs" rtr dump "127.0.0.1:$tls_port" --tls --tls-ca "$work/cert.pem" | grep -c '^[0-9a-f:.]*\/')"
  "$manrs" rtr dump "127.0.0.1:$tls_port" --tls --timeout 5 > /dev/null 2>&1 && rc=0 || rc=$?
  check "tls: unknown CA rejected" 2 "$rc"  # could not run: 2 (README)
fi
finish
