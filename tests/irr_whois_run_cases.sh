#!/bin/bash
# Runs every case of tests/irr_whois_cases.txt against a whois server on
# 127.0.0.1:PORT, writing OUTDIR/<case>.out (stdout) and <case>.rc.
# Sourced by irr_whois_test.sh and tools/irr_whois_expected.sh.
# usage: run_irr_whois_cases PORT OUTDIR
run_irr_whois_cases() {
  local port=$1 outdir=$2 cases
  cases="$(dirname "${BASH_SOURCE[0]}")/irr_whois_cases.txt"
  mkdir -p "$outdir"
  while read -r name tool args; do
    case "$name" in ''|'#'*) continue ;; esac
    command -v "$tool" > /dev/null || continue
    # shellcheck disable=SC2086  # args are split on purpose
    timeout 20 "$tool" -h "127.0.0.1:$port" $args > "$outdir/$name.out" 2> "$outdir/$name.err"
    echo $? > "$outdir/$name.rc"
  done < "$cases"
}
