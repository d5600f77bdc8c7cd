#!/usr/bin/env bash
# Security of `manrs serve` from outside (tests/web_security.py): ownership
# of proven ASNs, CSRF, brute-force rate limits, injection, oversized bodies
# and slow clients, against the real server over the bundled data.
# Usage: web_security_test.sh MANRS TESTDATA
source "$(dirname "$0")/web_common.sh"
build_store
start_web --timeout 2
status=0
python3 "$here/web_security.py" "http://127.0.0.1:$web_port" "$manrs" "$work/irr.db" "$work" \
  "${irr_files[@]}" || status=$?
check "security checks" 0 "$status"
check "server still running" 0 "$(kill -0 "$web_pid" 2>/dev/null; echo $?)"
finish
