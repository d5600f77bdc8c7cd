#!/bin/sh
# Builds the seed corpora of the fuzz targets from the real MRT files in
# testdata/mrt: OUT_DIR/<target>/ for mrt_record_fuzz, bgp_update_fuzz,
# path_attributes_fuzz and input_fuzz (see make_corpus.py for what each holds), and
# from the text files in testdata for the text decoders, and hand-built RTR PDUs.
#
# usage: fuzz/make_corpus.sh OUT_DIR
set -eu
if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
out=$1
# Start from nothing so that a changed script never leaves stale seeds behind.
rm -rf "$out"
mkdir -p "$out"
python3 "$here/make_corpus.py" "$here/../testdata/mrt" "$out"
# Text inputs: the small real files as they are, large ones cut to 8 KiB.
seed_files() {  # seed_files TARGET FILE...
  target=$1
  shift
  mkdir -p "$out/$target"
  for f in "$@"; do
    case $f in
      *.gz) gzip -dc "$f" | head -c 8192 >"$out/$target/$(basename "$f" .gz)" ;;
      *.bz2) bzip2 -dc "$f" | head -c 8192 >"$out/$target/$(basename "$f" .bz2)" ;;
      *) head -c 8192 "$f" >"$out/$target/$(basename "$f")" ;;
    esac
  done
}
data=$here/../testdata
seed_files rpki_json_fuzz "$data"/rpki/*.json "$data"/rpki/*.csv "$data"/rpki/*.jsonext
seed_files validate_text_fuzz "$data"/asrel/*.gz "$data"/bogons/*.txt "$data"/bogons/*.txt.gz
seed_files peeringdb_json_fuzz "$data"/peeringdb/*.json
# A dump with org objects (a net's country comes from its org).
printf '%s\n' '{"net": {"data": [{"id": 1, "asn": 64500, "name": "A", "info_type": "NSP", "org_id": 7}]},' \
  ' "org": {"data": [{"id": 7, "name": "A BV", "country": "NL"}]}}' > "$out/peeringdb_json_fuzz/dump-org.json"

# rpsl_fuzz: the RPSL files of testdata/irr. whois_query_fuzz: the test
# fixture, "\n\n\n", then the query sequences bgpq4 and bgpq3 send.
irr=$here/../testdata/irr
mkdir -p "$out/rpsl_fuzz" "$out/whois_query_fuzz"
cp "$irr"/*.rpsl "$irr"/rpki-irr-bgp-stats__ripe-db-route.txt "$out/rpsl_fuzz/"
{
  cat "$irr/bgpq-fixture.rpsl"
  printf '\n\n\n!!\n!nbgpq4 1.9\n!a\n!s-lc\n!a4AS-FOO\n!sRIPE,RADB,ARIN\n!iAS-FOO,1\n!gas64496\n'
  printf '!6as64496\n!iRS-FOO,1\n!iRIPE::AS-FOO\n!mmntner,TEST-MNT\n!r192.0.2.0/24,M\n!j-*\n'
  printf -- '-K -i origin AS64496\n-s RADB -T route 10.10.0.0/16\n!q\n'
} > "$out/whois_query_fuzz/bgpq4-session"

# rtr_pdu_fuzz: what a cache sends (RFC 8210 and 8210bis layouts: a full
# sync in v1 with both prefix families and an End of Data, a v2 one with an
# ASPA and a Router Key, Serial Notify, Cache Reset, an Error Report).
# rtr_session_fuzz: byte 0 picks the cache and read size, then what a router
# sends (Reset Query and Serial Query in each version, one after the other).
mkdir -p "$out/rtr_pdu_fuzz" "$out/rtr_session_fuzz"
python3 - "$out" <<'PY'
import struct, sys
out = sys.argv[1]
def pdu(version, type_, field, body=b""):
    return struct.pack("!BBHI", version, type_, field, 8 + len(body)) + body
def v4(version, asn):
    return pdu(version, 4, 0, struct.pack("!BBBB4sI", 1, 24, 24, 0, bytes([192, 0, 2, 0]), asn))
def v6(version, asn):
    return pdu(version, 6, 0, struct.pack("!BBBB16sI", 1, 48, 64, 0,
                                          bytes.fromhex("20010db8000100000000000000000000"), asn))
def eod(version, session, serial):
    body = struct.pack("!I", serial) + (struct.pack("!III", 3600, 600, 7200) if version else b"")
    return pdu(version, 7, session, body)
def aspa(customer, providers):
    return pdu(2, 11, 0x0100, struct.pack("!I", customer) + b"".join(struct.pack("!I", p) for p in providers))
router_key = pdu(2, 9, 0x0100, bytes(20) + struct.pack("!I", 65000) + b"0Y0\x13\x06\x07*")
error = pdu(1, 10, 2, struct.pack("!I", 8) + pdu(1, 2, 0) + struct.pack("!I", 5) + b"oops!")
seeds = {
    "v1-full-sync": pdu(1, 3, 7) + v4(1, 64496) + v6(1, 64497) + eod(1, 7, 1),
    "v2-full-sync": pdu(2, 3, 7) + v4(2, 64496) + aspa(64496, [64497, 64498]) + router_key + eod(2, 7, 2),
    "v0-full-sync": pdu(0, 3, 7) + v4(0, 64496) + eod(0, 7, 3),
    "notify-reset-error": pdu(1, 0, 7, struct.pack("!I", 9)) + pdu(1, 8, 0) + error,
}
for name, data in seeds.items():
    open(f"{out}/rtr_pdu_fuzz/{name}", "wb").write(data)
queries = {
    "reset-v0-v1-v2": pdu(0, 2, 0) + pdu(1, 2, 0) + pdu(2, 2, 0),
    "serial-v1": pdu(1, 1, 7, struct.pack("!I", 1)) + pdu(1, 2, 0),
    "serial-v2-old": pdu(2, 1, 7, struct.pack("!I", 4000000000)),
    "error-from-router": error,
}
for name, data in queries.items():
    for config in (b"\x01", b"\x11", b"\x00"):  # has data / small reads / empty cache
        open(f"{out}/rtr_session_fuzz/{name}-{config[0]:02x}", "wb").write(config + data)
PY

# web_router_fuzz: "METHOD PATH" of every kind of route; web_json_body_fuzz:
# the bodies the API takes.
mkdir -p "$out/web_router_fuzz" "$out/web_json_body_fuzz"
i=0
for r in "GET /" "GET /as/AS3333" "GET /api/v1/as/3333/history" "POST /api/v1/claims/64500/verify" \
  "PUT /api/v1/participants/64500" "DELETE /api/v1/session" "GET /assets/app.js" \
  "POST /account/claims/4294967295/verify" "GET /search"; do
  printf '%s' "$r" > "$out/web_router_fuzz/route-$i"
  i=$((i + 1))
done
printf '%s' '{"email":"noc@example.net","password":"correct horse battery"}' > "$out/web_json_body_fuzz/login"
printf '%s' '{"asn":64500}' > "$out/web_json_body_fuzz/claim"
printf '%s' '{"actions":["filtering","coordination"],"notes":{"filtering":"prefix lists"}}' \
  > "$out/web_json_body_fuzz/declare"

# irr_snapshot_fuzz: a real snapshot of the IRR test fixture, when the caller
# names a manrs binary (run_fuzzers.sh does: MANRS=BUILD/manrs).
if [ -n "${MANRS:-}" ] && [ -x "$MANRS" ]; then
  mkdir -p "$out/irr_snapshot_fuzz"
  "$MANRS" irr load -q --db "$out/irr_snapshot_fuzz/fixture.db" "$irr/bgpq-fixture.rpsl" 2>/dev/null ||
    rm -f "$out/irr_snapshot_fuzz/fixture.db"
fi

# sav_pcap_fuzz: the audit test's generated captures (pcap and pcapng, 40
# frames); sav_flow_fuzz: the collector test's crafted NetFlow/IPFIX datagrams.
mkdir -p "$out/sav_pcap_fuzz" "$out/sav_flow_fuzz" "$out/sav_frame_fuzz"
python3 "$here/../tests/sav_pcap_gen.py" "$out/sav_pcap_fuzz" 40 >/dev/null
rm -f "$out/sav_pcap_fuzz"/*.json "$out/sav_pcap_fuzz"/*.txt
python3 "$here/../tests/sav_flow_send.py" seed "$out/sav_flow_fuzz/crafted" >/dev/null
# sav_results_fuzz: a small report in the shape `manrs sav audit --format json` writes.
mkdir -p "$out/sav_results_fuzz"
cat >"$out/sav_results_fuzz/audit.json" <<'JSON'
{"report": "manrs-sav-audit", "version": 1, "source": "pcap", "inputs": ["mix.pcap"],
 "packets": 14, "bytes": 2000, "spoofed_packets": 5, "spoofed_bytes": 300,
 "by_reason": {"martian": 3, "bogon": 0, "not_allowed": 2}, "by_reason_bytes": {"martian": 180, "bogon": 0, "not_allowed": 120},
 "skipped": {"not_ip": 1, "truncated": 0, "bad_ip": 0, "unmapped": 0, "unsupported_link": 0},
 "by_interface": {
  "sav_AS64501_192_0_2_1": {"peer_asn": 64501, "peer_ip": "192.0.2.1", "allow_prefixes": 1, "packets": 10, "bytes": 1000, "spoofed_packets": 3, "spoofed_bytes": 180, "by_reason": {"martian": 1, "bogon": 0, "not_allowed": 2}},
  "default": {"peer_asn": null, "peer_ip": null, "allow_prefixes": 1, "packets": 4, "bytes": 1000, "spoofed_packets": 2, "spoofed_bytes": 120, "by_reason": {"martian": 2, "bogon": 0, "not_allowed": 0}}},
 "top_sources": [
  {"source": "10.1.2.3", "interface": "sav_AS64501_192_0_2_1", "peer_asn": 64501, "reason": "martian", "packets": 1, "bytes": 60, "routed_prefix": null, "origin_asn": null}],
 "distinct_spoofed_sources": 3, "other_sources_packets": 0}
JSON

# prefix_blob_fuzz: byte 0 the prefix count, then a prefix set as the SQLite
# store writes it (prefix_blob.h): 192.0.2.0/24 invalid/covered/bogon seen by
# 127 peers, 2001:db8::/32 not-found/unmeasured by 129 (a 2-byte count).
mkdir -p "$out/prefix_blob_fuzz"
printf '\002\054\030\300\000\002\177\033\040\040\001\015\270\201\001' > "$out/prefix_blob_fuzz/two"
