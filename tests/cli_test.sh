#!/usr/bin/env bash
# End-to-end checks of the manrs CLI on the bundled real MRT files: summary
# counts, filters, JSON output, exit codes on damaged input.
set -euo pipefail
manrs=$1 data=$2
fail=0 passed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then passed=$((passed + 1)); else echo "FAIL $1: expected '$2', got '$3'"; fail=$((fail + 1)); fi
}
rib=$data/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2
upd=$data/mrt/bgpdump__updates.20160811.1600.gz

summary=$("$manrs" mrt summary "$rib")
check "rib elements" 503590 "$(awk '$1=="elements"{print $2}' <<<"$summary")"
check "rib peers" 14 "$(awk '$1=="peers"{print $2}' <<<"$summary")"
check "rib problems" 0 "$(awk '$1=="decode"{print $3}' <<<"$summary")"
check "rib prefixes" "$(bgpdump -q -m "$rib" 2>/dev/null | cut -d'|' -f6 | sort -u | wc -l)" \
  "$(awk '$1=="ipv4" || $1=="ipv6" {n+=$3} END{print n}' <<<"$summary")"

# Filters agree with the same selection made on bgpdump's lines.
check "origin filter" "$(bgpdump -q -m "$upd" 2>/dev/null | awk -F'|' '$3=="A" {n=split($7,p," "); if (p[n]=="6939") c++} END{print c+0}')" \
  "$("$manrs" mrt dump -m --origin AS6939 "$upd" | wc -l)"
check "prefix exact" "$(bgpdump -q -m "$upd" 2>/dev/null | awk -F'|' '$6=="2a03:6180::/32"' | wc -l)" \
  "$("$manrs" mrt dump -m --prefix 2a03:6180::/32 "$upd" | wc -l)"
check "more specific" "$(bgpdump -q -m "$upd" 2>/dev/null | awk -F'|' '$6 ~ /^185\./' | wc -l)" \
  "$("$manrs" mrt dump -m --prefix 185.0.0.0/8 --more-specific "$upd" | wc -l)"
check "type withdraw" "$(bgpdump -q -m "$upd" 2>/dev/null | awk -F'|' '$3=="W"' | wc -l)" \
  "$("$manrs" mrt dump -m --type withdraw "$upd" | wc -l)"
check "peer filter" "$(bgpdump -q -m "$upd" 2>/dev/null | awk -F'|' '$4=="37.49.236.123"' | wc -l)" \
  "$("$manrs" mrt dump -m --peer 37.49.236.123 "$upd" | wc -l)"
check "time range" "$(bgpdump -q -m "$upd" 2>/dev/null | awk -F'|' '$2>=1470931210 && $2<1470931220' | wc -l)" \
  "$("$manrs" mrt dump -m --start 1470931210 --end 1470931220 "$upd" | wc -l)"

# JSON: one valid object per element with the fields later tools rely on.
check "json valid" 41234 "$("$manrs" mrt dump --json "$upd" | python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    o = json.loads(line)
    assert "type" in o and "peer_asn" in o and "timestamp" in o
    if o["type"] == "announce":
        assert "prefix" in o and "as_path" in o and "next_hop" in o
    n += 1
print(n)')"

# Session messages on request: the OPEN of the ET file's one peer (AS 3856).
et=$data/mrt/bgpdump__updates.et-header.2015.gz
check "open message" 1 "$("$manrs" mrt dump --json --session-messages "$et" | grep -c '"message":"open","version":4,"my_as":3856')"
check "no messages by default" 0 "$("$manrs" mrt dump --json "$et" | grep -c '"message"' || true)"

# Damaged input: problems name the file and offset, the rest is read, exit 1
# (0 with --lenient); a missing file is a usage error.
trunc=$data/mrt/pyasn__rib.20080501.0644_firstMB.bz2
set +e
out=$("$manrs" mrt dump -m "$trunc" 2>/tmp/manrs_cli_err.$$); rc=$?
set -e
check "truncated rc" 1 "$rc"
check "truncated lines" 139291 "$(wc -l <<<"$out")"
check "truncated message" 1 "$(grep -c "pyasn__rib.20080501.0644_firstMB.bz2" /tmp/manrs_cli_err.$$)"
rm -f /tmp/manrs_cli_err.$$
set +e
"$manrs" mrt dump -m --lenient -q "$trunc" >/dev/null; rc=$?
check "lenient rc" 0 "$rc"
"$manrs" mrt dump -m -q "$data/mrt/pyasn__bview.20140112.1600_3samples.bz2" >/dev/null; rc=$?
check "no peer index rc" 1 "$rc"
"$manrs" mrt dump -m /nonexistent/file 2>/dev/null; rc=$?
check "missing file rc" 2 "$rc"
set -e

# Early RIS batched TABLE_DUMP (2000): lengths 4 octets short, many entries
# per record. Every byte is accounted for: one note, no other problem.
early=$data/mrt/bgpkit__ripe_rrc00_2000.01_bview.20000111.0032.gz
set +e
summary=$("$manrs" mrt summary "$early" 2>/dev/null)
set -e
check "early ris entries" 452018 "$(awk '$1=="rib"{print $3}' <<<"$summary")"
check "early ris problems" 1 "$(awk '$1=="decode"{print $3}' <<<"$summary")"
check "early ris peers" 7 "$(awk '$1=="peers"{print $2}' <<<"$summary")"

# BIRD's ADD-PATH NLRI under plain BGP4MP subtypes: real prefixes, not the
# path identifiers misread as /0 routes.
bird=$("$manrs" mrt dump -m -q --lenient "$data/mrt/mrtparse__bird_bgp" | awk -F'|' '$3=="A"{print $6}')
check "bird add-path no /0" 0 "$(grep -c '/0$' <<<"$bird" || true)"
check "bird add-path routes" 12 "$(grep -c '^172\.' <<<"$bird" || true)"

echo "$passed passed, $fail failed"
[ "$fail" -eq 0 ]
