#!/bin/bash
# Times bgpq4 and our filter library on the same 100 k-prefix expansion.
# The fake IRRd of ../shared/peers serves a generated AS-BIG (20,000 ASNs x 5
# IPv4 routes); bgpq4 fetches it with !a4 and writes a Cisco prefix-list,
# plain and with -A; our filter_bench builds and renders the list the server
# gave (saved to a file), plain and -A. bgpq4's wall time includes the Python
# server; its user time is the client's own work.
# usage: bench/filter_vs_bgpq4.sh [BUILD_DIR] [PORT]
set -euo pipefail
BUILD=${1:-build}
PORT=${2:-43118}
PEERS=${PEERS:-/work/shared/peers}
TMP=$(mktemp -d)
python3 "$PEERS/gen_irr_db.py" 20000 5 2 "$TMP/db.json" > /dev/null
python3 "$PEERS/fake_irrd.py" --port "$PORT" --db "$TMP/db.json" --log /dev/null 2>/dev/null &
SERVER=$!
trap 'kill $SERVER; rm -rf "$TMP"' EXIT
sleep 2
python3 - "$PORT" "$TMP/list.txt" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"!a4AS-BIG\n")
data = b""
while True:
    d = s.recv(1 << 20)
    if not d:
        break
    data += d
body = data.decode().split("\n", 1)[1].rsplit("\nC\n", 1)[0]
open(sys.argv[2], "w").write("\n".join(body.split()) + "\n")
PY
echo "list: $(wc -l < "$TMP/list.txt") prefixes"
for flags in "" "-A"; do
  /usr/bin/time -f "bgpq4 $flags: %e s wall, %U s user, $(printf '%s' "$flags") " \
    bgpq4 -h "127.0.0.1:$PORT" $flags -l N AS-BIG > "$TMP/bgpq4.out"
  echo "  bgpq4 $flags lines: $(($(wc -l < "$TMP/bgpq4.out") - 1))"
done
MANRS_FILTER_LIST="$TMP/list.txt" "$BUILD/bench/filter_bench" --benchmark_filter=BM_FileList --benchmark_min_time=0.5
