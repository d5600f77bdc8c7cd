#!/bin/bash
# The filters we write, loaded into the real routing daemons' own config
# checkers: BIRD 2 (`bird -p`) for the BIRD prefix and AS sets (bgpq4-equal
# and -A), and FRR's `vtysh -C` for the FRR prefix-lists and AS-path lists,
# which bgpq4 does not write. Each checker runs when installed (set VTYSH to
# a vtysh binary elsewhere); with neither the test is skipped (77).
#
# usage: filter_peers_test.sh MANRS TESTDATA   (MANRS is not needed: the
# texts are the golden files of testdata/filter, which filter_test keeps
# equal to the library's output)
set -u
TESTDATA=$2
G=$TESTDATA/filter
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ran=0
fail=0

if command -v bird > /dev/null; then
  ran=1
  # bgpq4's BIRD text is "NAME = [...];", to be used as "define NAME = [...];".
  {
    echo 'router id 192.0.2.1;'
    echo 'protocol device {}'
    n=0
    for f in "$G"/golden/bird-*.out "$G"/bgpq4/bird-*.out; do
      [ -s "$f" ] || continue  # BIRD writes nothing for an empty prefix list
      n=$((n + 1))
      sed "1s/^NAME = /define NAME$n = /" "$f"
    done
  } > "$TMP/bird.conf"
  if bird -p -c "$TMP/bird.conf"; then
    echo "bird -p: $(grep -c '^define' "$TMP/bird.conf") sets accepted"
  else
    echo "FAIL: bird -p rejects our BIRD sets ($TMP/bird.conf)"
    fail=1
  fi
fi

VTYSH=${VTYSH:-$(command -v vtysh || true)}
if [ -n "$VTYSH" ]; then
  ran=1
  for f in "$G"/golden/frr-*.out; do
    # vtysh -C checks a configuration file as the daemons would read it.
    { echo 'hostname filter-test'; cat "$f"; } > "$TMP/frr.conf"
    if ! out=$("$VTYSH" -C -f "$TMP/frr.conf" 2>&1); then
      echo "FAIL: vtysh -C rejects $(basename "$f"): $out"
      fail=1
    fi
  done
  [ $fail -eq 0 ] && echo "vtysh -C: $(ls "$G"/golden/frr-*.out | wc -l) FRR files accepted"
fi

[ $ran -eq 0 ] && exit 77
exit $fail
