#!/bin/bash
# bgpq4 and bgpq3, the real programs, against `manrs irr serve`: loads the
# in-tree RPSL slice, starts the server on a free port, runs every case of
# irr_whois_cases.txt and compares each output with
# testdata/irr/bgpq-expected/<case>.out (produced once against the fake IRRd,
# see testdata/irr/PROVENANCE.md). Exit 77 when bgpq4 is not installed.
# usage: irr_whois_test.sh MANRS_BINARY TESTDATA_DIR
set -u
MANRS=$1
DATA=$2
command -v bgpq4 > /dev/null || { echo "bgpq4 not installed: skipped"; exit 77; }
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=irr_whois_run_cases.sh
. "$HERE/irr_whois_run_cases.sh"
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2> /dev/null
    wait "$SERVER_PID" 2> /dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$MANRS" irr load --db "$WORK/irr.db" "$DATA/irr/bgpq-fixture.rpsl" \
  "$DATA/irr/rpki-irr-bgp-stats__ripe-db-route.txt" "$DATA/irr/rpki-irr-bgp-stats__ripe-db-route6.txt" \
  || { echo "FAIL: irr load"; exit 1; }

# Port 0: the kernel picks a free port; the server prints it. IRR_SERVE_THREADS
# runs the event loop on several threads (make test-tsan sets 4).
"$MANRS" irr serve --db "$WORK/irr.db" --listen 127.0.0.1:0 --threads "${IRR_SERVE_THREADS:-1}" \
  2> "$WORK/serve.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$WORK/serve.log")
  [ -n "$PORT" ] && break
  sleep 0.05
done
[ -n "$PORT" ] || { echo "FAIL: server did not start"; cat "$WORK/serve.log"; exit 1; }

run_irr_whois_cases "$PORT" "$WORK/out"

failed=0
count=0
for expected in "$DATA"/irr/bgpq-expected/*.out; do
  name=$(basename "$expected" .out)
  count=$((count + 1))
  if [ ! -f "$WORK/out/$name.out" ]; then
    continue  # the tool of this case (bgpq3) is not installed
  fi
  if ! cmp -s "$expected" "$WORK/out/$name.out"; then
    echo "FAIL: $name"
    diff -u "$expected" "$WORK/out/$name.out" | head -20
    failed=$((failed + 1))
  fi
  if [ -f "$DATA/irr/bgpq-expected/$name.rc" ] && ! cmp -s "$DATA/irr/bgpq-expected/$name.rc" "$WORK/out/$name.rc"; then
    echo "FAIL: $name exit code $(cat "$WORK/out/$name.rc")"
    failed=$((failed + 1))
  fi
done
[ "$count" -gt 0 ] || { echo "FAIL: no expected outputs"; exit 1; }
# Stop the server and look for sanitizer reports (a ThreadSanitizer build).
kill "$SERVER_PID" 2> /dev/null
wait "$SERVER_PID" 2> /dev/null
SERVER_PID=""
if grep -qE 'ThreadSanitizer|AddressSanitizer|runtime error' "$WORK/serve.log"; then
  echo "FAIL: sanitizer report from the server:"
  head -60 "$WORK/serve.log"
  failed=$((failed + 1))
fi
echo "$count cases, $failed failures"
[ "$failed" -eq 0 ]
