#!/usr/bin/env bash
# Bad input and failing output, tried as a new user would: every case is a
# usage error or a clear message with the right exit code, never an abort.
# usage: badinput_test.sh MANRS TESTDATA
set -uo pipefail
manrs=$1 data=$2
fail=0 passed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then passed=$((passed + 1)); else echo "FAIL $1: expected '$2', got '$3'"; fail=$((fail + 1)); fi
}
contains() {  # contains NAME NEEDLE HAYSTACK
  if grep -qF -- "$2" <<<"$3"; then passed=$((passed + 1)); else echo "FAIL $1: no '$2' in: $(head -c 600 <<<"$3")"; fail=$((fail + 1)); fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
upd=$data/mrt/bgpdump__updates.20160811.1600.gz
vrps=$data/rpki/rtrtr__vrps.rpki-client.json
run() {  # run ARGS...: sets rc, out (stdout) and err (stderr)
  "$manrs" "$@" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  out=$(cat "$tmp/out") err=$(cat "$tmp/err")
}

# Times: Unix seconds or ISO 8601; nothing else, never an abort.
for bad in yesterday abc 99999999999999999999999 -5 1.5 12abc 2016-08-11T16:00:10.5Z 2016-02-30; do
  run mrt dump -m --start "$bad" "$upd"
  check "--start $bad rc" 2 "$rc"
  contains "--start $bad message" "manrs: --start: bad time" "$err"
done
run mrt dump -m --end abc "$upd"
check "--end abc" 2 "$rc"
run mrt dump -m --start 2000 --end 1000 "$upd"
check "end before start rc" 2 "$rc"
contains "end before start message" "must come after --start" "$err"
run mrt dump -m --start 1470931210 --end 1470931220 "$upd"
unix_lines=$(wc -l <<<"$out")
run mrt dump -m --start 2016-08-11T16:00:10Z --end 2016-08-11T18:00:20+02:00 "$upd"
check "iso times select the same" "$unix_lines" "$(wc -l <<<"$out")"
check "iso times rc" 0 "$rc"

# Resource limits and unknown words are usage errors.
run mrt summary --threads 100000 "$upd"
check "threads 100000" 2 "$rc"
run bogus
check "unknown command rc" 2 "$rc"
check "unknown command message" "manrs: unknown command 'bogus' (commands: mrt, rov, rtr, irr, filter)" "$err"
run mrt bogus
contains "unknown mrt command" "unknown command 'bogus' (mrt commands: dump, summary)" "$err"
run irr expand --max-depth -1 AS-FOO
check "max-depth -1" 2 "$rc"
run rtr dump 127.0.0.1:1 --timeout 5
check "rtr dump refused" 2 "$rc"

# A missing file: its name once, in plain words.
run mrt dump nonexist
check "missing file" "manrs: nonexist: no such file" "$err"
check "missing file rc" 2 "$rc"
run rov check 192.0.2.0/24 64496 --vrps nonexist
check "missing --vrps" 1 "$(grep -o nonexist <<<"$err" | wc -l)"
check "missing --vrps rc" 2 "$rc"
run mrt summary "$tmp"
check "directory" "manrs: $tmp: is a directory" "$err"

# filter: --diff on a directory is a usage error, not an abort.
"$manrs" irr load -q --db "$tmp/irr.db" "$data/irr/bgpq-fixture.rpsl" "$data/filter/ripe-routes.rpsl" > /dev/null 2>&1
run filter -q --db "$tmp/irr.db" -l X --diff "$tmp" AS-RIPE-ROUTES
check "filter --diff dir rc" 2 "$rc"
contains "filter --diff dir message" "is a directory" "$err"

# filter -o writes through a symlink to the real file and refuses what is not
# a regular file (the device or FIFO stays as it was).
mkdir "$tmp/conf"
echo old > "$tmp/conf/real.conf"
ln -s conf/real.conf "$tmp/link.conf"
run filter -q --db "$tmp/irr.db" -l X -o "$tmp/link.conf" AS-RIPE-ROUTES
check "-o symlink rc" 0 "$rc"
check "-o symlink stays a link" "conf/real.conf" "$(readlink "$tmp/link.conf")"
contains "-o symlink target written" "ip prefix-list X permit" "$(cat "$tmp/conf/real.conf")"
check "-o leaves no temporary file" "real.conf" "$(ls -A "$tmp/conf")"
mkfifo "$tmp/fifo"
for target in /dev/full "$tmp/fifo" "$tmp/conf"; do
  run filter -q --db "$tmp/irr.db" -l X -o "$target" AS-RIPE-ROUTES
  check "-o $target rc" 1 "$rc"
  contains "-o $target message" "not a regular file" "$err"
done
[ -c /dev/full ] && [ -p "$tmp/fifo" ] && [ -d "$tmp/conf" ]
check "-o non-regular targets untouched" 0 "$?"

# One flipped byte in one MRT header (its length now runs past the end of
# the file) loses that record, not the rest of the file.
gzip -dc "$upd" > "$tmp/upd.mrt"
python3 - "$tmp/upd.mrt" "$tmp/flip.mrt" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
off = 0
for _ in range(100):
    off += 12 + int.from_bytes(d[off + 8:off + 12], 'big')
d[off + 9] ^= 0x72
open(sys.argv[2], 'wb').write(d)
PY
run mrt dump -m "$tmp/flip.mrt"
check "flipped byte rc" 1 "$rc"
check "flipped byte: the rest is read" 41223 "$(wc -l <<<"$out")"
contains "flipped byte message" "flip.mrt: offset 13774: bad mrt header: a record of 7471234 bytes would run past the end of the data; skipped 142 bytes" "$err"

# Output that cannot be written is a failure (exit 2), for every command.
for args in "mrt dump -m $upd" "mrt dump --json $upd" "mrt summary $upd" \
  "rov scan --mrt $upd --vrps $vrps" "rov check 192.0.2.0/24 64496 --vrps $vrps" \
  "filter -q --db $tmp/irr.db -l X AS-RIPE-ROUTES" "irr expand -q --db $tmp/irr.db AS-RIPE-ROUTES"; do
  # shellcheck disable=SC2086
  "$manrs" $args > /dev/full 2> "$tmp/err"
  check "/dev/full: $args" 2 "$?"
  contains "/dev/full message: $args" "cannot write the output" "$(cat "$tmp/err")"
done

echo "$passed passed, $fail failed"
[ "$fail" -eq 0 ]
