#!/usr/bin/env bash
# `rtr serve` keeps its last good set when the input goes bad: a VRP file cut
# short (it no longer parses to its end) and a file that lost its ASPAs or
# router keys are refused, and routers keep getting what they had.
# Usage: rtr_reload_test.sh MANRS TESTDATA
source "$(dirname "$0")/rtr_common.sh"

sample=$data/rpki/rpkilog__roa_test.rpkiclient2023.json
cp "$sample" "$work/vrps.json"
start_server s --vrps "$work/vrps.json" --max-age 0 --poll 1
dump() { "$manrs" rtr dump "127.0.0.1:$s_port" --version 2 | sort; }
dump > "$work/before.txt"
check "served: ASPAs and router keys" "2 3" \
  "$(grep -c '^aspa ' "$work/before.txt") $(grep -c '^router-key ' "$work/before.txt")"

# Replaces the input (atomically, as a relying party does) and waits for the
# server to log its verdict on it.
replace() {  # replace FILE EXPECTED_LOG_TEXT
  local lines
  lines=$(wc -l < "$work/s.log")
  cp "$1" "$work/next.json" && mv "$work/next.json" "$work/vrps.json"
  wait_for 20 "tail -n +$((lines + 1)) '$work/s.log' | grep -qF -- '$2'" || true
  tail -n +$((lines + 1)) "$work/s.log" | grep -cF -- "$2" | sed 's/^[1-9][0-9]*$/1/'
}

head -c $(($(wc -c < "$sample") * 97 / 100)) "$sample" > "$work/cut.json"
check "cut file refused" 1 "$(replace "$work/cut.json" "does not parse to its end")"
check "cut file: the last good set stays" "" "$(cmp <(dump) "$work/before.txt" 2>&1)"

python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["aspas"]=[]; json.dump(d,open(sys.argv[2],"w"))' \
  "$sample" "$work/no-aspas.json"
check "losing every ASPA refused" 1 "$(replace "$work/no-aspas.json" "0 ASPAs instead of 2")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["bgpsec_keys"]=[]; json.dump(d,open(sys.argv[2],"w"))' \
  "$sample" "$work/no-keys.json"
check "losing every router key refused" 1 "$(replace "$work/no-keys.json" "0 router keys instead of 3")"
check "still the last good set" "" "$(cmp <(dump) "$work/before.txt" 2>&1)"

# rtr dump checks its output like every command: exit 2 when it is lost.
"$manrs" rtr dump "127.0.0.1:$s_port" > /dev/full 2> "$work/full.err" && rc=0 || rc=$?
check "rtr dump to a full disk" 2 "$rc"
finish
