#!/bin/sh
# Checks that bgpdump reads what mrtgen writes: small RIB and UPDATE files
# (plus variants with >255-byte attributes, LOCAL_PREF, a single peer) must
# decode without a bgpdump error or warning into exactly as many `bgpdump -m`
# lines as mrtgen reports. Then checks the decoded content (unique prefixes,
# first AS = peer AS, timestamps), every length field with check_framing.py,
# and that a seed gives the same bytes twice.
#
# Usage: check_with_bgpdump.sh [MRTGEN]   (default: build/bench/mrtgen)
set -eu
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
mrtgen=${1:-$here/../../build/bench/mrtgen}
[ -x "$mrtgen" ] || { echo "check_with_bgpdump: no mrtgen at $mrtgen" >&2; exit 2; }
command -v bgpdump >/dev/null || { echo "check_with_bgpdump: bgpdump not installed" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
  echo "check_with_bgpdump: FAIL: $*" >&2
  exit 1
}

# check NAME MRTGEN-ARGS...: generate, decode, compare. bgpdump -v logs to
# stderr (by default it logs to syslog, where errors would go unseen).
check() {
  name=$1
  shift
  out=$tmp/$name
  "$mrtgen" "$@" -o "$out.mrt" 2>"$out.gen" || { cat "$out.gen" >&2; fail "$name: mrtgen failed"; }
  expected=$(sed -n 's/^mrtgen: bgpdump -m lines: //p' "$out.gen")
  [ -n "$expected" ] || fail "$name: mrtgen did not report its line count"
  bgpdump -v -m "$out.mrt" >"$out.txt" 2>"$out.err" || fail "$name: bgpdump exited with $?"
  if grep -Eqi 'error|warn' "$out.err"; then
    sed 's/^/  /' "$out.err" | head -20 >&2
    fail "$name: bgpdump complained"
  fi
  got=$(wc -l <"$out.txt")
  [ "$got" -eq "$expected" ] || fail "$name: bgpdump printed $got lines, mrtgen reported $expected"

  # Decoded content: record types, first AS of each path = the peer's AS,
  # RIB prefixes unique, BGP4MP timestamps never decreasing.
  awk -F'|' -v name="$name" '
    $1 != "TABLE_DUMP2" && $1 != "BGP4MP" { print name ": unexpected record " $1; bad = 1; exit }
    $3 == "B" || $3 == "A" { split($7, path, " "); if (path[1] != $5) { print name ": path " $7 " from AS" $5; bad = 1; exit } }
    $1 == "BGP4MP" { if ($2 < last) { print name ": time went back at line " NR; bad = 1; exit } last = $2 }
    END { exit bad }' "$out.txt" >&2 || fail "$name: decoded content"
  if grep -q '^TABLE_DUMP2' "$out.txt"; then
    prefixes=$(sed -n 's/^mrtgen: rib: \([0-9]*\) prefixes.*/\1/p' "$out.gen")
    unique=$(cut -d'|' -f6 "$out.txt" | sort -u | wc -l)
    [ "$unique" -eq "$prefixes" ] || fail "$name: $unique unique prefixes decoded, $prefixes written"
  fi
  framing=""
  if command -v python3 >/dev/null; then
    framing=$(python3 "$here/check_framing.py" "$out.mrt") || fail "$name: framing"
    framed=$(echo "$framing" | sed 's/.*lines=//')
    [ "$framed" -eq "$expected" ] || fail "$name: framing counted $framed lines, mrtgen $expected"
  fi
  echo "ok $name: $got bgpdump -m lines, $(wc -c <"$out.mrt") bytes; $framing"
}

check rib rib --seed 1 --prefixes 20000 --peers 5
check updates updates --seed 1 --messages 20000 --peers 5
check rib-long-attrs rib --seed 2 --prefixes 5000 --peers 8 --v6-share 0.5 \
  --long-attr-share 0.05 --local-pref-share 0.3
check updates-long-attrs updates --seed 2 --messages 5000 --peers 8 --v6-share 0.5 \
  --long-attr-share 0.05 --local-pref-share 0.3
check rib-one-peer rib --seed 3 --prefixes 2000 --peers 1
check updates-one-peer updates --seed 3 --messages 2000 --peers 1

"$mrtgen" rib --seed 1 --prefixes 20000 --peers 5 -o "$tmp/again.mrt" 2>/dev/null
cmp -s "$tmp/rib.mrt" "$tmp/again.mrt" || fail "same seed, different bytes"
echo "ok deterministic: same seed, same bytes"
echo "check_with_bgpdump: all checks passed"
