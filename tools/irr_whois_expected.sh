#!/bin/bash
# Regenerates testdata/irr/bgpq-expected/ by running the cases of
# tests/irr_whois_cases.txt with bgpq4/bgpq3 against the fake IRRd of
# ../shared/peers/fake_irrd.py loaded with the same RPSL slice as
# tests/irr_whois_test.sh. Run once by hand; review the diff; commit.
# usage: tools/irr_whois_expected.sh [FAKE_IRRD]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FAKE=${1:-$ROOT/../shared/peers/fake_irrd.py}
OUT=$ROOT/testdata/irr/bgpq-expected
PORT=43099
. "$ROOT/tests/irr_whois_run_cases.sh"
WORK=$(mktemp -d)
echo '{"sources": [], "routes": [], "as_sets": {}, "route_sets": {}}' > "$WORK/empty.json"
python3 "$FAKE" --port $PORT --db "$WORK/empty.json" \
  --rpsl "$ROOT/testdata/irr/bgpq-fixture.rpsl" \
  --rpsl "$ROOT/testdata/irr/rpki-irr-bgp-stats__ripe-db-route.txt" \
  --rpsl "$ROOT/testdata/irr/rpki-irr-bgp-stats__ripe-db-route6.txt" 2> "$WORK/fake.log" &
FAKE_PID=$!
trap 'kill $FAKE_PID 2>/dev/null; wait $FAKE_PID 2>/dev/null; rm -rf "$WORK"' EXIT
sleep 1
rm -rf "$OUT"
run_irr_whois_cases $PORT "$OUT"
rm -f "$OUT"/*.err
echo "wrote $(ls "$OUT"/*.out | wc -l) expected outputs to $OUT"
