# Sourced by the tests/rtr_*_test.sh scripts: a temp dir, process tracking
# (every process started is stopped by PID at exit), a manrs server on a port
# it picks itself, and the check/finish helpers.
set -euo pipefail
manrs=$1 data=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d /tmp/manrs-rtr-test.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail=0 passed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then passed=$((passed + 1)); else echo "FAIL $1: expected '$2', got '$3'"; fail=$((fail + 1)); fi
}
finish() {
  # Stop everything, then look for sanitizer reports in the servers' logs
  # (a sanitizer build reports leaks and errors at exit).
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
  local reports
  reports=$(grep -lE 'AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error' "$work"/*.log 2>/dev/null || true)
  if [ -n "$reports" ]; then
    for f in $reports; do echo "sanitizer report in $f:"; head -40 "$f"; done
    fail=$((fail + 1))
  fi
  echo "$passed checks passed, $fail failed"
  [ "$fail" -eq 0 ]
}
# True for a sanitizer build: tests then use a slice of the big snapshot.
is_sanitized() { grep -qaE '__asan_init|__tsan_init' "$manrs"; }
snapshot=$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2

# start_server NAME ARGS...: runs `manrs rtr serve ARGS` with a port file;
# sets ${NAME}_port (RTR), ${NAME}_http and ${NAME}_pid.
start_server() {
  local name=$1
  shift
  "$manrs" rtr serve --listen 127.0.0.1:0 --http-listen 127.0.0.1:0 \
    --port-file "$work/$name.ports" "$@" > "$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 600); do
    [ -s "$work/$name.ports" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log"; return 1; }
    sleep 0.1
  done
  printf -v "${name}_port" '%s' "$(awk '$1=="rtr"{print $2}' "$work/$name.ports")"
  printf -v "${name}_http" '%s' "$(awk '$1=="http"{print $2}' "$work/$name.ports")"
  printf -v "${name}_pid" '%s' "$pid"
}

# wait_for SECONDS 'SHELL CONDITION': polls until the condition (evaluated
# anew each time) holds.
wait_for() {
  local limit=$1
  shift
  for _ in $(seq 1 $((limit * 5))); do
    if eval "$*" > /dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  return 1
}

# http_get URL: prints the body (any status); http_status URL: the status.
# (Python rather than curl: python3 is a dependency already.)
http_get() {
  python3 -c '
import sys, urllib.request, urllib.error
try:
    body = urllib.request.urlopen(sys.argv[1], timeout=10).read()
except urllib.error.HTTPError as e:
    body = e.read()
except OSError:
    sys.exit(1)
sys.stdout.write(body.decode())' "$1"
}
http_status() {
  python3 -c '
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=10).status)
except urllib.error.HTTPError as e:
    print(e.code)
except OSError:
    print(0)' "$1"
}

metric() {  # metric HTTP_PORT NAME_WITH_LABELS
  http_get "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1==m {print $2}'
}

# A TCP port free on 127.0.0.1 right now (for peers that need one given).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
