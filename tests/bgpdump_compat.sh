#!/usr/bin/env bash
# Usage: bgpdump_compat.sh MANRS FILE [EXPECTED]
# `manrs mrt dump -m FILE` must equal `bgpdump -m FILE` byte for byte (likewise -M) (Debian's
# bgpdump, run here in the same test), and the expected output bgpdump's own
# repository ships for the file, when there is one.
set -euo pipefail
manrs=$1 file=$2 expected=${3:-}
command -v bgpdump >/dev/null || { echo "bgpdump is not installed (make deps)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bgpdump -q -m "$file" > "$tmp/bgpdump.txt" 2>/dev/null
"$manrs" mrt dump -m --lenient -q "$file" > "$tmp/manrs.txt"
if ! cmp -s "$tmp/bgpdump.txt" "$tmp/manrs.txt"; then
  echo "differs from bgpdump -m: $file"
  diff "$tmp/bgpdump.txt" "$tmp/manrs.txt" | head -20
  exit 1
fi
if [ -n "$expected" ]; then
  if ! cmp -s <(zcat "$expected") "$tmp/manrs.txt"; then
    echo "differs from bgpdump's expected output: $expected"
    diff <(zcat "$expected") "$tmp/manrs.txt" | head -20
    exit 1
  fi
fi
# -M: the same routes with human-readable times and fewer fields.
bgpdump -q -M "$file" > "$tmp/bgpdump-M.txt" 2>/dev/null
"$manrs" mrt dump -M --lenient -q "$file" > "$tmp/manrs-M.txt"
if ! cmp -s "$tmp/bgpdump-M.txt" "$tmp/manrs-M.txt"; then
  echo "differs from bgpdump -M: $file"
  diff "$tmp/bgpdump-M.txt" "$tmp/manrs-M.txt" | head -20
  exit 1
fi
echo "identical: $(wc -l < "$tmp/manrs.txt") lines"
