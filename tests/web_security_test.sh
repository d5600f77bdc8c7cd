#!/usr/bin/env bash
# Security of `manrs serve` from outside (tests/web_security.py): ownership
# of proven ASNs, CSRF, brute-force rate limits, injection, oversized bodies
# and slow clients, against the real server over the bundled data; and a new
# period written while it runs is served without a restart.
# Usage: web_security_test.sh MANRS TESTDATA
source "$(dirname "$0")/web_common.sh"
build_store
start_web --timeout 2 --request-timeout 3
status=0
python3 "$here/web_security.py" "http://127.0.0.1:$web_port" "$manrs" "$work/irr.db" "$work" \
  "${irr_files[@]}" || status=$?
check "security checks" 0 "$status"
check "server still running" 0 "$(kill -0 "$web_pid" 2>/dev/null; echo $?)"

# A new period written while the server runs is served without a restart.
check "one period" 1 "$(http_get "http://127.0.0.1:$web_port/health" | grep -c '"periods":1')"
"$manrs" observe -q --lenient --period 2014-05-30T22:00:00Z/2014-05-30T23:00:00Z \
  --mrt "$data/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2" \
  --vrps "$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2" \
  --min-peers 1 --store "sqlite:$work/observatory.sqlite" 2> /dev/null
wait_for 30 'http_get "http://127.0.0.1:$web_port/health" | grep -q "\"periods\":2"' || true
check "new period picked up" 1 "$(http_get "http://127.0.0.1:$web_port/health" | grep -c '"periods":2')"
# The new period's digest takes seconds on a loaded machine (more under
# ASan): asked until one answer comes within http_get's 10 s.
wait_for 120 'http_get "http://127.0.0.1:$web_port/api/v1/overview" | grep -q "\"trend\""' || true
check "overview trend has both" 2 "$(http_get "http://127.0.0.1:$web_port/api/v1/overview" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["trend"]))')"

# HTTPS: --tls-cert/--tls-key serve TLS and mark the session cookie Secure;
# a key that does not load is exit 2 naming the files.
kill "$web_pid"
wait "$web_pid" 2>/dev/null || true
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null
start_web --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
https=$(python3 - "$web_port" <<'PY'
import http.client, json, ssl, sys
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
conn = http.client.HTTPSConnection("127.0.0.1", int(sys.argv[1]), context=ctx, timeout=10)
conn.request("POST", "/api/v1/session", body=json.dumps({"email": "a@example.net",
             "password": "correct horse battery staple"}), headers={"Content-Type": "application/json"})
r = conn.getresponse()
print(r.status, "secure" if "; Secure" in (r.getheader("Set-Cookie") or "") else "not-secure")
PY
)
check "HTTPS log-in with a Secure cookie" "200 secure" "$https"
set +e
"$manrs" serve --store "sqlite:$work/observatory.sqlite" --accounts "$work/accounts.sqlite" \
  --listen 127.0.0.1:0 --tls-cert "$work/cert.pem" --tls-key "$work/cert.pem" 2> "$work/badtls.txt"
status=$?
set -e
check "bad TLS key is exit 2" 2 "$status"
check "bad TLS key names the files" 1 "$(grep -c 'cannot load the TLS certificate' "$work/badtls.txt")"
finish
