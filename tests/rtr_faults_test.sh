#!/usr/bin/env bash
# The RTR cache under bad input and faults: each malformed PDU gets the right
# Error Report and only that session closes; silent and stuck routers are
# dropped by the timeouts; a router vanishing mid-transfer harms no one;
# 1,000 routers all get an incremental update after a change.
# Usage: rtr_faults_test.sh MANRS TESTDATA
source "$(dirname "$0")/rtr_common.sh"
raw() { python3 "$here/rtr_raw_client.py" "$@"; }

cp "$data/rpki/stayrtr__test.rpki.json" "$work/vrps.json"
start_server s --vrps "$work/vrps.json" --max-age 0 --poll 1 --first-query-timeout 2 \
  --write-timeout 3
p=$s_port

# One line per case: hex bytes sent, expected reply.
check "reset query v1" "type=3 version=1" "$(raw $p 0102000000000008 --wait 1 | head -1)"
check "version 3" "type=10 version=2 code=4 closed" \
  "$(raw $p 0302000000000008 | tr '\n' ' ' | sed 's/ $//')"
check "type 5 unknown" "type=10 version=1 code=5 closed" \
  "$(raw $p 0105000000000008 | tr '\n' ' ' | sed 's/ $//')"
check "aspa type in v1" "type=10 version=1 code=5 closed" \
  "$(raw $p 010b00000000000c00000001 | tr '\n' ' ' | sed 's/ $//')"
check "reset query with length 12" "type=10 version=1 code=0 closed" \
  "$(raw $p 010200000000000c00000000 | tr '\n' ' ' | sed 's/ $//')"
check "length below header" "type=10 version=1 code=0 closed" \
  "$(raw $p 0102000000000004 | tr '\n' ' ' | sed 's/ $//')"
check "length 2 GB" "type=10 version=1 code=0 closed" \
  "$(raw $p 0102000080000000 | tr '\n' ' ' | sed 's/ $//')"
check "prefix pdu from a router" "type=10 version=1 code=3 closed" \
  "$(raw $p 01040000000000140118180000c0000200000001 | tr '\n' ' ' | sed 's/ $//')"
check "version changed mid-session" "type=10 version=2 code=8 closed" \
  "$(raw $p 0202000000000008 0102000000000008 --wait 2 | grep -E 'code|closed' | tr '\n' ' ' | sed 's/ $//')"
check "error report from router" "closed" \
  "$(raw $p 010a000600000010000000000000000000 | tr '\n' ' ' | sed 's/ $//')"
check "garbage" "type=10 version=2 code=4 closed" \
  "$(raw $p 474554202f20485454502f312e310d0a0d0a | tr '\n' ' ' | sed 's/ $//')"
check "silent router closed by the first-query timeout" "closed" "$(raw $p --wait 5)"
check "a serial query for an unknown serial gets cache reset" "type=8 version=1" \
  "$(raw $p 010100000000000c000000ff --wait 1 | head -1)"

# A router that asks for everything and never reads (stuck), one that
# vanishes mid-transfer: the others are still served.
big=$work/big.json
python3 - "$big" <<'PY'
import json, sys
roas = [{"prefix": f"10.{i >> 8 & 255}.{i & 255}.0/24", "maxLength": 24, "asn": 64496 + i % 7}
        for i in range(65536)]
roas += [{"prefix": f"2001:db8:{i:x}::/48", "maxLength": 48, "asn": 64500} for i in range(60000)]
json.dump({"metadata": {}, "roas": roas}, open(sys.argv[1], "w"))
PY
start_server b --vrps "$big" --max-age 0 --poll 1 --write-timeout 3
python3 - "$b_port" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
for _ in range(50):
    s.sendall(bytes.fromhex("0102000000000008"))
time.sleep(8)  # never reads
PY
pids+=($!)
python3 - "$b_port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(bytes.fromhex("0102000000000008"))
s.recv(1000)
s.close()  # vanishes mid-transfer
PY
sleep 0.5
check "others served beside a stuck router" 125536 "$("$manrs" rtr dump 127.0.0.1:$b_port --version 1 | wc -l)"
wait_for 10 'test "$(metric "$b_http" manrs_rtr_clients_timed_out_total)" -ge 1' || true
check "stuck router dropped by the write timeout" 1 "$(metric "$b_http" manrs_rtr_clients_timed_out_total)"
check "server alive" 0 "$(kill -0 "$b_pid"; echo $?)"

# Serial Notifies are rate-limited (RFC 8210 8.2; --notify-interval 6 here):
# two changes a second apart give one notify at once, one 6 s later (without
# the limit the second would follow within about 2.5 s).
cp "$data/rpki/stayrtr__test.rpki.json" "$work/rate.json"
start_server r --vrps "$work/rate.json" --max-age 0 --poll 1 --notify-interval 6
raw $r_port --notifies 12 > "$work/notifies.txt" &
pids+=($!)
sleep 1
add_vrp() {  # add_vrp FILE ASN
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["roas"].append({"prefix": "203.0.113.0/24", "maxLength": 24, "asn": int(sys.argv[2]), "ta": "x"})
json.dump(d, open(sys.argv[1] + ".new", "w"))
PY
  mv "$1.new" "$1"
}
add_vrp "$work/rate.json" 64501
wait_for 10 'test "$(metric "$r_http" manrs_rtr_serial)" = 1'
add_vrp "$work/rate.json" 64502
wait_for 10 'test "$(metric "$r_http" manrs_rtr_serial)" = 2'
wait_for 10 'test "$(grep -c notify "$work/notifies.txt")" -ge 2' || true
check "notify rounds for two changes" 2 "$(grep -c notify "$work/notifies.txt")"
check "second notify announces serial 2, >= 4.5 s after the first" 1 \
  "$(awk '{t[NR]=$2; s[NR]=$3} END {print (NR == 2 && s[2] == 2 && t[2] - t[1] >= 4.5) ? 1 : 0}' "$work/notifies.txt")"

# --max-clients: the connection beyond it is closed at once.
start_server m --vrps "$work/vrps.json" --max-age 0 --max-clients 2
python3 - "$m_port" <<'PY' &
import socket, sys, time
held = [socket.create_connection(("127.0.0.1", int(sys.argv[1]))) for _ in range(2)]
time.sleep(6)
PY
pids+=($!)
sleep 1
check "beyond --max-clients: closed" "closed" "$(raw $m_port 0102000000000008 --wait 2)"
check "refused counted" 1 "$(metric "$m_http" manrs_rtr_clients_refused_total)"

# 1,000 routers: all synced, then a change reaches every one as an update.
raw $p --many 1000 --timeout 60 > "$work/many.out" &
many_pid=$!
pids+=($many_pid)
wait_for 60 'grep -q synced "$work/many.out"'
check "1000 routers connected" 1000 "$(metric "$s_http" manrs_rtr_clients)"
python3 - "$work/vrps.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["roas"].append({"prefix": "203.0.113.0/24", "maxLength": 24, "asn": "AS64511", "ta": "x"})
json.dump(d, open(sys.argv[1] + ".new", "w"))
PY
mv "$work/vrps.json.new" "$work/vrps.json"
wait "$many_pid" && rc=0 || rc=$?
check "1000 routers updated" 0 "$rc"
cat "$work/many.out"
check "error report counter" 1 "$(metric "$s_http" 'manrs_rtr_error_reports_sent_total{code="5"}' | awk '{print ($1 >= 2)}')"
finish
