#!/usr/bin/env bash
# manrs observe --sav-results: a capture with known ground truth
# (tests/sav_pcap_gen.py) audited by `manrs sav audit --format json`, loaded as
# the anti-spoofing measurement of the interfaces' peer ASes. Their
# anti_spoofing numbers, score and label in `manrs report` must match the
# truth; an AS no result covers stays unmeasured; a damaged result is a clear
# error (file and offset) that leaves the store as it was.
set -u
MANRS=$1
TESTDATA=$2
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
python3 "$HERE/sav_pcap_gen.py" "$T" 400 || { echo "FAIL: generator"; exit 1; }
"$MANRS" sav audit --allow "$T/allow.json" --interfaces "$T/map.txt" \
  --bogons "$TESTDATA/bogons/cymru-fullbogons-ipv4.20250715.txt" --pcap "$T/mix.pcap" \
  --format json -o "$T/audit.json"
[ $? = 1 ] || { echo "FAIL: sav audit did not find the spoofed traffic"; fail=1; }
observe() {
  "$MANRS" observe --mrt "$TESTDATA/mrt/mrtparse__bird-mrtdump_rib" \
    --vrps "$TESTDATA/rpki/rtrtr__vrps.rpki-client.json" --min-peers 1 \
    --store "sqlite:$T/o.sqlite" "$@"
}
observe --sav-results "$T/audit.json" 2> "$T/observe.err" \
  || { echo "FAIL: observe: $(cat "$T/observe.err")"; fail=1; }
for asn in 64501 64502; do
  "$MANRS" report "$asn" --store "sqlite:$T/o.sqlite" --format json -o "$T/$asn.json" \
    || { echo "FAIL: report $asn"; fail=1; }
  python3 - "$T/$asn.json" "$T/truth.json" "$asn" "$T/audit.json" <<'PY' || fail=1
import json, sys
r, t, asn = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
want = t["by_interface"][f"sav_AS{asn}_192_0_2_{asn - 64500}"]
a, act = r["anti_spoofing"], r["actions"]["anti_spoofing"]
score = 100 * (1 - want["spoofed_packets"] / want["packets"])
label = "ready" if score >= 90 else "aspiring" if score >= 50 else "lagging"
bad = []
if a is None:
    bad.append("no anti_spoofing numbers")
else:
    if a["packets"] != want["packets"]: bad.append(f"packets {a['packets']} != {want['packets']}")
    if a["spoofed_packets"] != want["spoofed_packets"]: bad.append("spoofed_packets")
    for k in ("martian", "bogon", "not_allowed"):
        if a["by_reason"][k] != want["by_reason"][k]: bad.append("by_reason." + k)
    if a["files"] != [sys.argv[4]]: bad.append(f"files {a['files']}")
if act["label"] == "unmeasured": bad.append("still unmeasured")
if act["score"] is None or abs(act["score"] - score) > 1e-6: bad.append(f"score {act['score']} != {score}")
if act["label"] != label: bad.append(f"label {act['label']} != {label}")
print(f"AS{asn}: " + ("ok" if not bad else "FAIL " + ", ".join(bad)))
sys.exit(1 if bad else 0)
PY
done
# An AS of the RIB that no result covers stays unmeasured.
"$MANRS" report --all --store "sqlite:$T/o.sqlite" --format jsonl > "$T/all.jsonl"
python3 - "$T/all.jsonl" <<'PY' || { echo "FAIL: uncovered ASes"; fail=1; }
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
other = [r for r in rows if r["asn"] not in (64501, 64502)]
sys.exit(0 if other and all(r["actions"]["anti_spoofing"]["label"] == "unmeasured"
                            and r["anti_spoofing"] is None for r in other) else 1)
PY
# The HTML report shows the numbers behind the score.
"$MANRS" report 64501 --store "sqlite:$T/o.sqlite" --format html -o "$T/64501.html"
grep -q "Anti-spoofing: packets / spoofed" "$T/64501.html" || { echo "FAIL: html"; fail=1; }

# A damaged result: exit 2, the error names file and offset, the store is unchanged.
before=$(sqlite3 "$T/o.sqlite" .dump | md5sum)
head -c 300 "$T/audit.json" > "$T/cut.json"
observe --sav-results "$T/cut.json" 2> "$T/cut.err"
rc=$?
[ $rc = 2 ] || { echo "FAIL: cut result: exit $rc"; fail=1; }
grep -q "cut.json: offset 300: " "$T/cut.err" || { echo "FAIL: cut result message: $(cat "$T/cut.err")"; fail=1; }
sed 's/"spoofed_packets": \([0-9]*\), "spoofed_bytes": \([0-9]*\), "by_reason"/"spoofed_packets": 999999, "spoofed_bytes": \2, "by_reason"/' \
  "$T/audit.json" > "$T/sum.json"
observe --sav-results "$T/sum.json" 2> "$T/sum.err"
[ $? = 2 ] || { echo "FAIL: inconsistent result accepted"; fail=1; }
grep -q "sum.json: offset [0-9]*: more spoofed packets than packets" "$T/sum.err" \
  || { echo "FAIL: inconsistent result message: $(cat "$T/sum.err")"; fail=1; }
[ "$(sqlite3 "$T/o.sqlite" .dump | md5sum)" = "$before" ] || { echo "FAIL: store changed"; fail=1; }
[ $fail = 0 ] && echo "observe --sav-results: ok"
exit $fail
