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
run irr serve --threads 100000 --listen 127.0.0.1:0
check "irr serve threads 100000" 2 "$rc"
run bogus
check "unknown command rc" 2 "$rc"
# The list names every command; new ones join it, so check its start and one line.
contains "unknown command message" "manrs: unknown command 'bogus' (commands: mrt, rov, rtr, irr, filter" "$err"
check "unknown command message is one line" 1 "$(printf '%s\n' "$err" | wc -l)"
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

timeout 20 "$manrs" rtr serve --vrps nonexist --listen 127.0.0.1:0 > /dev/null 2> "$tmp/err"
rc=$? err=$(cat "$tmp/err")
check "rtr serve missing file rc" 2 "$rc"
check "rtr serve missing file: named once" 1 "$(grep 'not served' <<<"$err" | grep -o nonexist | wc -l)"

# filter: --diff on a directory is a usage error, not an abort.
"$manrs" irr load -q --db "$tmp/irr.db" "$data/irr/bgpq-fixture.rpsl" "$data/filter/ripe-routes.rpsl" > /dev/null 2>&1
run filter -q --db "$tmp/irr.db" -l X --diff "$tmp" AS-RIPE-ROUTES
check "filter --diff dir rc" 2 "$rc"
contains "filter --diff dir message" "is a directory" "$err"

# filter: every dialect its --help names is one --format takes.
names=$("$manrs" filter --help | sed -n 's/.*any dialect by name (\([^.]*\), \.\.\.;.*/\1/p' | tr -d ',')
check "filter --help names dialects" "frr vyos srlinux mikrotik7 csv" "$names"
for name in $names; do
  "$manrs" filter --format list | grep -q "^$name " || { echo "FAIL --format list lacks $name"; fail=$((fail + 1)); }
done

# filter --diff: an old filter with an unreadable entry is refused, not read
# as that entry removed.
"$manrs" filter -q --db "$tmp/irr.db" -l X AS-RIPE-ROUTES > "$tmp/old.conf"
sed -i '2s|/[0-9]*$|/33|' "$tmp/old.conf"
run filter -q --db "$tmp/irr.db" -l X --diff "$tmp/old.conf" AS-RIPE-ROUTES
check "filter --diff unreadable old rc" 1 "$rc"
contains "filter --diff unreadable old message" "1 unreadable prefix, the first" "$err"
check "filter --diff unreadable: no diff printed" "" "$out"

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

# Messages: quoted input cut, one cap on printed problems for every reader,
# byte offsets and lines, cut files read in part alike.
asrel=$data/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz
{ echo "1|2|-1"; for i in $(seq 1 300); do echo "x|$i|0"; done; } > "$tmp/bad-asrel.txt"
run rov scan -q --mrt "$upd" --vrps "$vrps" --asrel "$tmp/bad-asrel.txt"
run rov scan --mrt "$upd" --vrps "$vrps" --asrel "$tmp/bad-asrel.txt"
check "as-rel problems capped" 200 "$(grep -c 'bad-asrel.txt: line' <<<"$err")"
contains "as-rel cap tail" "manrs: 100 more problems not shown" "$err"
contains "as-rel line and byte offset" "bad-asrel.txt: line 2 (offset 7): bad AS number: bad as number 'x'" "$err"
check "as-rel bad lines rc" 1 "$rc"
{ echo "192.0.2.0/24"; head -c 50000000 /dev/zero | tr '\0' '9'; echo; } > "$tmp/bogons.txt"
run rov scan --mrt "$upd" --vrps "$vrps" --bogons "$tmp/bogons.txt"
check "50 MB bogon line quoted cut" 1 "$(grep -c "bogons.txt: line 2 (offset 13): not a prefix: .*'\.\.\." <<<"$err")"
[ "$(wc -c <<<"$err")" -lt 100000 ]
check "50 MB bogon line not echoed" 0 "$?"
head -c 300000 "$asrel" > "$tmp/cut-asrel.gz"
{ gzip -dc "$tmp/cut-asrel.gz" 2>/dev/null; printf '174|33'; } > "$tmp/cut-asrel.txt"
run rov scan --mrt "$upd" --vrps "$vrps" --asrel "$tmp/cut-asrel.gz"
check "cut gzip as-rel rc" 1 "$rc"
contains "cut gzip as-rel reported" "cut-asrel.gz: line" "$err"
check "cut gzip as-rel: path once" 0 "$(grep -c 'cut-asrel.gz.*cut-asrel.gz' <<<"$err")"
gz_links=$(grep -o 'valley-free ([0-9]* AS links' <<<"$err")
run rov scan --mrt "$upd" --vrps "$vrps" --asrel "$tmp/cut-asrel.txt"
check "cut plain as-rel rc" 1 "$rc"
contains "cut plain as-rel reported" "the file ends inside a line (cut short?)" "$err"
check "cut plain and gzip as-rel read alike" "$gz_links" "$(grep -o 'valley-free ([0-9]* AS links' <<<"$err")"

# A VRP document with a 20 MB AS number: quoted cut, and refused whole as
# it does not parse as a whole.
python3 -c 'import sys; sys.stdout.write("{\"roas\": [{\"asn\": \"AS" + "7" * 20000000 + "\", \"prefix\": \"10.0.0.0/8\", \"maxLength\": 8}, {\"asn\": 1, \"prefix\": \"10.1.0.0/16\", \"maxLength\": 16}]}")' > "$tmp/big-asn.json"
run rov check 10.1.0.0/16 1 --vrps "$tmp/big-asn.json"
contains "20 MB asn quoted cut" "roas[0]: bad as number 'AS7777777777" "$err"
[ "$(wc -c <<<"$err")" -lt 10000 ]
check "20 MB asn not echoed" 0 "$?"
head -c 20000 "$data/rpki/rpkilog__roa_test.rpkiclient2023.json" > "$tmp/cut-vrps.json"
run rov check 10.1.0.0/16 1 --vrps "$tmp/cut-vrps.json"
check "cut VRP file refused" 2 "$rc"
contains "cut VRP file message" "does not parse to its end" "$err"

# RPSL dumps cut short, plain or compressed: the cut object is dropped and
# the cut reported.
route=$data/irr/rpki-irr-bgp-stats__ripe-db-route.txt
head -c 30000 "$route" > "$tmp/cut.rpsl"
run irr load --db "$tmp/cut.db" "$tmp/cut.rpsl"
check "cut rpsl rc" 1 "$rc"
contains "cut rpsl message" "cut.rpsl: line 728 (offset 29543): the dump ends inside a line (cut short?); the object cut there is dropped" "$err"
gzip -c "$route" | head -c 3000 > "$tmp/cut.rpsl.gz"
run irr load --db "$tmp/cut.db" "$tmp/cut.rpsl.gz"
check "cut rpsl.gz rc" 1 "$rc"
contains "cut rpsl.gz message" "gzip: truncated at compressed byte 3000; the object cut there is dropped" "$err"

# An empty MRT file is said to be empty; summary columns stay apart.
: > "$tmp/empty.mrt"
run mrt dump -m "$tmp/empty.mrt"
check "empty mrt rc" 1 "$rc"
check "empty mrt message" "manrs: $tmp/empty.mrt: offset 0: the file is empty: no mrt record" "$err"
run mrt summary "$data/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2"
contains "summary columns" "TABLE_DUMP_V2/RIB_IPV4_UNICAST 497323" "$out"

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
