#!/usr/bin/env bash
# Security of `manrs serve` from outside (tests/web_security.py): ownership
# of proven ASNs, CSRF, brute-force rate limits, injection, oversized bodies
# and slow clients, against the real server over the bundled data; and a new
# period written while it runs is served without a restart.
# Usage: web_security_test.sh MANRS TESTDATA
source "$(dirname "$0")/web_common.sh"
build_store
start_web --timeout 2
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
wait_for 5 'http_get "http://127.0.0.1:$web_port/health" | grep -q "\"periods\":2"'
check "new period picked up" 1 "$(http_get "http://127.0.0.1:$web_port/health" | grep -c '"periods":2')"
check "overview trend has both" 2 "$(http_get "http://127.0.0.1:$web_port/api/v1/overview" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["trend"]))')"
finish
