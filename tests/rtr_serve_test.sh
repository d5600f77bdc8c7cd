#!/usr/bin/env bash
# `manrs rtr serve` as a daemon, from outside: every port is bound before
# anything is announced (a taken HTTP or RTR port is exit 2 with no
# "listening" line), a refused first load says nothing is loaded yet (not
# "keeping serial 0"), HTTP keep-alive and a silent HTTP client dropped,
# several RTR and HTTP listeners, SIGTERM and SIGINT stop it with exit 0.
# Usage: rtr_serve_test.sh MANRS TESTDATA
source "$(dirname "$0")/rtr_common.sh"
table() { python3 "$here/rtr_table.py" "$@"; }

table slice "$snapshot" "$work/vrps.json" 100
start_server a --vrps "$work/vrps.json" --max-age 0
check "health ready" 200 "$(http_status "http://127.0.0.1:$a_http/health")"

# The HTTP port is taken: exit 2, and no "listening for RTR" before it.
"$manrs" rtr serve --vrps "$work/vrps.json" --max-age 0 --listen 127.0.0.1:0 \
  --http-listen "127.0.0.1:$a_http" > "$work/taken-http.out" 2>&1 && rc=0 || rc=$?
check "taken http port: exit 2" 2 "$rc"
check "taken http port: nothing announced" 0 "$(grep -c 'listening' "$work/taken-http.out" || true)"
check "taken http port: named" 1 "$(grep -c "listen on 127.0.0.1:$a_http" "$work/taken-http.out")"
# The same for a taken RTR port, given after a free one.
"$manrs" rtr serve --vrps "$work/vrps.json" --max-age 0 --listen 127.0.0.1:0 \
  --listen "127.0.0.1:$a_port" > "$work/taken-rtr.out" 2>&1 && rc=0 || rc=$?
check "taken rtr port: exit 2" 2 "$rc"
check "taken rtr port: nothing announced" 0 "$(grep -c 'listening' "$work/taken-rtr.out" || true)"

# A first load that fails: routers get No Data, and the log says nothing
# is loaded yet rather than "keeping serial 0".
start_server nd --vrps "http://127.0.0.1:$a_http/no-such.json" --poll 60
check "no data: health 503" 503 "$(http_status "http://127.0.0.1:$nd_http/health")"
check "no data: said so" 1 "$(grep -c 'reload refused (load_failed), nothing loaded yet' "$work/nd.log")"
check "no data: no serial claimed" 0 "$(grep -c 'keeping serial' "$work/nd.log" || true)"

# Two requests on one HTTP connection; a client that says nothing is cut off.
check "keep-alive" "200 200" "$(python3 - "$a_http" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
out = []
for path in ("/metrics", "/health"):
    c.request("GET", path)
    r = c.getresponse()
    r.read()
    out.append(str(r.status))
print(" ".join(out))
PY
)"
check "silent http client dropped" closed "$(python3 - "$a_http" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(30)
print("closed" if s.recv(100) == b"" else "answered")
PY
)"

# Several RTR and HTTP listeners: each one in the port file, each one served.
"$manrs" rtr serve --vrps "$work/vrps.json" --max-age 0 --listen 127.0.0.1:0 --listen 127.0.0.1:0 \
  --http-listen 127.0.0.1:0 --http-listen 127.0.0.1:0 --port-file "$work/multi.ports" \
  > "$work/multi.log" 2>&1 &
pids+=($!)
wait_for 30 'test -s "$work/multi.ports"'
check "several listeners: port lines" "rtr rtr http http" "$(awk '{print $1}' "$work/multi.ports" | paste -sd' ')"
served=0
for p in $(awk '$1=="rtr"{print $2}' "$work/multi.ports"); do
  [ "$("$manrs" rtr dump "127.0.0.1:$p" | wc -l)" -gt 0 ] && served=$((served + 1))
done
for p in $(awk '$1=="http"{print $2}' "$work/multi.ports"); do
  [ "$(http_status "http://127.0.0.1:$p/health")" = 200 ] && served=$((served + 1))
done
check "several listeners: all served" 4 "$served"

# Signals: the app stops the server, exit 0.
for sig in TERM INT; do
  start_server s$sig --vrps "$work/vrps.json" --max-age 0
  pid_var=s${sig}_pid
  kill -$sig "${!pid_var}"
  wait "${!pid_var}" && rc=0 || rc=$?
  check "SIG$sig: exit 0" 0 "$rc"
done
finish
