#!/bin/bash
# Regenerates testdata/filter/: the expanded lists our tests feed to the filter
# library (input/) and the output of the real bgpq4 for every case of
# bgpq4-cases.txt (bgpq4/). Runs the fake IRRd of ../shared/peers on loopback over
# ripe-routes.rpsl + sets.rpsl and stops it (by PID) when done.
# usage: tools/filter_goldens.sh [PORT]
set -euo pipefail
PORT=${1:-43117}
DIR=$(cd "$(dirname "$0")/../testdata/filter" && pwd)
FAKE=${FAKE_IRRD:-/work/shared/peers/fake_irrd.py}
python3 "$FAKE" --port "$PORT" --rpsl "$DIR/ripe-routes.rpsl" --rpsl "$DIR/sets.rpsl" \
  --log /dev/null 2>/dev/null &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1

# One whois query; prints the data of an A reply one item a line, nothing for D.
query() {
  python3 - "$PORT" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall((sys.argv[2] + "\n").encode())
data = b""
while True:
    d = s.recv(65536)
    if not d:
        break
    data += d
text = data.decode()
if text.startswith("A"):
    body = text.split("\n", 1)[1].rsplit("\nC\n", 1)[0]
    print("\n".join(body.split()))
PY
}

mkdir -p "$DIR/input" "$DIR/bgpq4"
for set in AS-MANRS-ALL AS-MANRS-A AS-MANRS-B AS-MANRS-EMPTY; do
  query "!a4$set" > "$DIR/input/$set.v4.txt"
  query "!a6$set" > "$DIR/input/$set.v6.txt"
  query "!i$set,1" > "$DIR/input/$set.asns.txt"
done
query '!iRS-MANRS,1' > "$DIR/input/RS-MANRS.txt"

rm -f "$DIR"/bgpq4/*.out
grep -v '^#' "$DIR/bgpq4-cases.txt" | while read -r name object flags; do
  [ -n "$name" ] || continue
  # shellcheck disable=SC2086  # flags are split on purpose (the -F format has no spaces but \n)
  if [[ "$flags" == *"-F "* ]]; then
    fmt=${flags#*-F }; pre=${flags%%-F *}
    bgpq4 -h "127.0.0.1:$PORT" -l NAME $pre -F "$fmt" "$object" > "$DIR/bgpq4/$name.out" 2>/dev/null || true
  else
    bgpq4 -h "127.0.0.1:$PORT" -l NAME $flags "$object" > "$DIR/bgpq4/$name.out" 2>/dev/null || true
  fi
done
echo "wrote $(ls "$DIR/bgpq4" | wc -l) outputs to $DIR/bgpq4"
