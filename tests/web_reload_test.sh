#!/usr/bin/env bash
# `manrs serve` over a store with an anti-spoofing measurement (a capture with
# known ground truth, tests/sav_pcap_gen.py, audited by `manrs sav audit` and
# loaded with `manrs observe --sav-results`) and a PeeringDB file replaced
# while it runs:
#  - the replaced file is picked up without a restart (a claim verified by
#    the token in the new file's notes; countries from its org objects, so
#    country search finds the network);
#  - a damaged replacement (JSON that breaks off) is refused with a log line
#    and the old data stays served;
#  - Action 2 is shown on the per-AS page and in its JSON twin, and is no
#    longer "not measured" in declared beside measured.
# The PeeringDB records are written here (ASNs 64501/64502 of the capture;
# no real org objects exist in ../shared/data, see testdata/peeringdb).
# Usage: web_reload_test.sh MANRS TESTDATA
source "$(dirname "$0")/rtr_common.sh"

python3 "$here/sav_pcap_gen.py" "$work" 200 > /dev/null
set +e
"$manrs" sav audit --allow "$work/allow.json" --interfaces "$work/map.txt" \
  --bogons "$data/bogons/cymru-fullbogons-ipv4.20250715.txt" --pcap "$work/mix.pcap" \
  --format json -o "$work/audit.json"
check "sav audit finds the spoofed traffic" 1 "$?"
set -e
"$manrs" observe -q --mrt "$data/mrt/mrtparse__bird-mrtdump_rib" \
  --vrps "$data/rpki/rtrtr__vrps.rpki-client.json" --min-peers 1 \
  --sav-results "$work/audit.json" --store "sqlite:$work/o.sqlite" 2> /dev/null

# PeeringDB as first served: the two networks, no org objects (no country).
pdb() {  # pdb NOTES_OF_64501 WITH_ORGS(0/1) > FILE
  python3 - "$1" "$2" <<'PY'
import json, sys
notes, orgs = sys.argv[1], sys.argv[2] == "1"
dump = {"net": {"data": [
    {"id": 1, "asn": 64501, "name": "Example Access", "info_type": "Cable/DSL/ISP", "org_id": 11, "notes": notes},
    {"id": 2, "asn": 64502, "name": "Example Transit", "info_type": "NSP", "org_id": 12, "notes": ""}]}}
if orgs:
    dump["org"] = {"data": [{"id": 11, "name": "Example Access BV", "country": "NL"},
                            {"id": 12, "name": "Example Transit GmbH", "country": "DE"}]}
print(json.dumps(dump, indent=1))
PY
}
pdb "" 0 > "$work/pdb.json"
"$manrs" serve --store "sqlite:$work/o.sqlite" --peeringdb "$work/pdb.json" \
  --accounts "$work/accounts.sqlite" --listen 127.0.0.1:0 > "$work/web.log" 2>&1 &
web_pid=$!
pids+=("$web_pid")
wait_for 20 'grep -q "web observatory on" "$work/web.log"' || { cat "$work/web.log"; exit 1; }
web_port=$(sed -n 's/.*web observatory on .*(port \([0-9]*\)).*/\1/p' "$work/web.log")
url="http://127.0.0.1:$web_port"

# replace FILE CONTENT_FILE: a new inode, as a download tool's rename gives.
replace() { cp "$2" "$1.new" && mv "$1.new" "$1"; }
loads() { http_get "$url/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["peeringdb_loads"])'; }

python3 - "$url" "$work" <<'PY' > "$work/client.txt"
import http.client, json, sys, urllib.parse
url, work = sys.argv[1:3]
u = urllib.parse.urlsplit(url)
cookie, csrf = "", ""
def call(method, path, body=None):
    global cookie
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    h = {"Cookie": cookie, "X-CSRF-Token": csrf}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    elif method != "GET":
        data = b""
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    text = r.read().decode()
    c = r.getheader("Set-Cookie")
    if c and c.startswith("manrs_session="):
        cookie = c.split(";")[0]
    return r.status, text
call("POST", "/api/v1/accounts", {"email": "op@example.net", "password": "correct horse battery"})
s, text = call("POST", "/api/v1/session", {"email": "op@example.net", "password": "correct horse battery"})
csrf = json.loads(text)["csrf"]
s, text = call("POST", "/api/v1/claims", {"asn": 64501})
print("token", json.loads(text)["token"])
s, text = call("POST", "/api/v1/claims/64501/verify")
print("verified_before", json.loads(text)["verified"])
s, text = call("GET", "/api/v1/search?country=NL")
print("nl_before", len(json.loads(text)["results"]), json.loads(text)["kind"])
print("cookie", cookie)
print("csrf", csrf)
PY
token=$(awk '$1=="token"{print $2}' "$work/client.txt")
check "not verified before the token is in PeeringDB" "verified_before False" "$(grep verified_before "$work/client.txt")"
check "no country before org objects" "nl_before 0 country" "$(grep nl_before "$work/client.txt")"
check "one PeeringDB load" 1 "$(loads)"

# The operator puts the token in the network's notes; the next dump has orgs.
pdb "MANRS: $token" 1 > "$work/pdb2.json"
replace "$work/pdb.json" "$work/pdb2.json"
wait_for 10 '[ "$(loads)" = 2 ]' || true
check "replaced PeeringDB file picked up" 2 "$(loads)"
check "reload logged" 1 "$(grep -c 'PeeringDB file .* reloaded' "$work/web.log")"

python3 - "$url" "$work" <<'PY' > "$work/after.txt"
import http.client, json, sys, urllib.parse
url, work = sys.argv[1:3]
u = urllib.parse.urlsplit(url)
state = dict(l.split(" ", 1) for l in open(f"{work}/client.txt").read().splitlines())
def call(method, path, body=None):
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    h = {"Cookie": state["cookie"], "X-CSRF-Token": state["csrf"]}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    elif method != "GET":
        data = b""
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    return r.status, r.read().decode()
s, text = call("POST", "/api/v1/claims/64501/verify")
v = json.loads(text)
print("verify", v["verified"], v["method"])
for c in ("nl", "DE", "US"):
    s, text = call("GET", f"/api/v1/search?country={c}")
    j = json.loads(text)
    print("country", c, j["kind"], " ".join(f'{r["asn"]}:{r["country"]}:{r["measured"]}' for r in j["results"]))
s, html = call("GET", "/search?country=NL")
print("country_page", s, 'href="/as/64501"' in html, 'href="/as/64502"' in html)
# Action 2 in the report JSON, the page and declared beside measured.
s, text = call("GET", "/api/v1/as/64501")
report = json.loads(text)
a, act = report["anti_spoofing"], report["actions"]["anti_spoofing"]
print("api_sav", s, a is not None and a["packets"] > 0, act["label"] != "unmeasured")
s, text = call("PUT", "/api/v1/participants/64501", {"actions": ["filtering", "anti_spoofing"]})
print("declare", s)
s, text = call("GET", "/api/v1/participants/64501")
p = json.loads(text)
m = p["measured"]["anti_spoofing"]
print("participant_sav", m["label"] == act["label"], abs(m["score"] - act["score"]) < 0.01,
      not any("not measurable" in g["gap"] for g in p["gaps"] if g["action"] == "anti_spoofing"))
s, html = call("GET", "/as/64501")
row = html[html.find('data-action="anti_spoofing"'):]
row = row[:row.find("</tr>")]
print("page_sav", s, "Anti-spoofing: packets / spoofed" in html,
      f'l-{act["label"]}' in row and "l-unmeasured" not in row)
print("page_country", 'data-country="NL"' in html)
PY
check "verified from the new file's notes" "verify True peeringdb" "$(grep '^verify' "$work/after.txt")"
check "country NL" "country nl country 64501:NL:True" "$(grep '^country nl' "$work/after.txt")"
check "country DE" "country DE country 64502:DE:True" "$(grep '^country DE' "$work/after.txt")"
check "country US: none" "country US country " "$(grep '^country US' "$work/after.txt")"
check "country search page" "country_page 200 True False" "$(grep country_page "$work/after.txt")"
check "Action 2 in the JSON twin" "api_sav 200 True True" "$(grep api_sav "$work/after.txt")"
check "declared" "declare 200" "$(grep declare "$work/after.txt")"
check "Action 2 measured beside declared" "participant_sav True True True" "$(grep participant_sav "$work/after.txt")"
check "Action 2 on the page" "page_sav 200 True True" "$(grep page_sav "$work/after.txt")"
check "country on the page" "page_country True" "$(grep page_country "$work/after.txt")"

# Many clients at once while the file is replaced twice more (the reload,
# the period digest, sessions and the rate limiter shared between threads;
# make test-tsan runs this test).
pdb "MANRS: $token" 1 > "$work/pdb4.json"
python3 - "$url" "$work" <<'PY' > "$work/burst.txt" &
import http.client, sys, threading, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
state = dict(l.split(" ", 1) for l in open(f"{sys.argv[2]}/client.txt").read().splitlines())
paths = ["/api/v1/search?country=NL", "/as/64501", "/api/v1/overview", "/health",
         "/api/v1/participants/64501", "/search?q=Example", "/api/v1/as/64502/history", "/account"]
bad = []
def run(i):
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    for j in range(25):
        path = paths[(i + j) % len(paths)]
        conn.request("GET", path, headers={"Cookie": state["cookie"]} if i % 2 else {})
        r = conn.getresponse()
        r.read()
        if r.status != (303 if path == "/account" and i % 2 == 0 else 200):
            bad.append((path, r.status))
threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print("burst", len(bad), bad[:3])
PY
burst=$!
for f in pdb4 pdb2; do
  sleep 0.5
  replace "$work/pdb.json" "$work/$f.json"
  touch -d "@$(( $(date +%s) + 1 ))" "$work/pdb.json"  # same size: a new mtime and inode tell it
done
wait "$burst"
check "concurrent clients during reloads" "burst 0 []" "$(cat "$work/burst.txt")"
wait_for 10 '[ "$(loads)" -ge 3 ]' || true
check "reloaded again" 1 "$([ "$(loads)" -ge 3 ] && echo 1)"

# A damaged replacement (cut in the middle): refused, logged, old data kept.
pdb "MANRS: $token" 1 | sed 's/"NL"/"BE"/' > "$work/pdb3.json"
head -c $(($(wc -c < "$work/pdb3.json") - 40)) "$work/pdb3.json" > "$work/cut.json"
replace "$work/pdb.json" "$work/cut.json"
wait_for 10 'http_get "$url/health" | grep -q peeringdb_error' || true
check "damaged file named in /health" 1 "$(http_get "$url/health" | grep -c 'peeringdb_error":"[^"]*pdb.json: ')"
check "damaged file logged" 1 "$(grep -c 'PeeringDB file .*pdb.json refused, the previous one stays in service' "$work/web.log")"
loaded=$(loads)
sleep 1.2
check "still the old data" "$loaded" "$(loads)"
check "old countries still served" 1 "$(http_get "$url/api/v1/search?country=NL" | grep -c '"asn":64501')"
finish
