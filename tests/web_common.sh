# Sourced by tests/web_*_test.sh: the rtr helpers (temp dir, process
# tracking, check/finish), an observatory store built from the bundled data
# exactly as `make run` builds it, and `manrs serve` on a port it picks.
source "$(dirname "${BASH_SOURCE[0]}")/rtr_common.sh"

# The IRR files `make run` loads (web tests reload them with one more file).
irr_files=("$data/irr/rpki-irr-bgp-stats__ripe-db-route.txt"
  "$data/irr/rpki-irr-bgp-stats__ripe-db-route6.txt" "$data/irr/rpsl-rs__aut-num_AS3257.txt"
  "$data/irr/irrd__rpsl_samples_valid.rpsl" "$data/filter/sets.rpsl")

build_store() {
  "$manrs" irr load -q --db "$work/irr.db" --source RIPE "${irr_files[@]}" 2> /dev/null
  "$manrs" observe -q --lenient \
    --mrt "$data/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2" \
    "$data/mrt/libbgpstream__routeviews.route-views.jinx.updates.1401493500.bz2" \
    --vrps "$data/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2" \
    --irr "$work/irr.db" --asrel "$data/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz" \
    --bogons "$data/bogons/cymru-fullbogons-ipv4.20250715.txt" \
    --peeringdb "$data/peeringdb/arouteserver__peeringdb_net_3333_10745.json" \
    --min-peers 1 --store "sqlite:$work/observatory.sqlite" 2> /dev/null
}

# start_web ARGS...: `manrs serve` on 127.0.0.1:0 over the store; sets
# web_port and web_pid.
start_web() {
  "$manrs" serve --store "sqlite:$work/observatory.sqlite" --irr "$work/irr.db" \
    --peeringdb "$data/peeringdb/arouteserver__peeringdb_net_3333_10745.json" \
    --accounts "$work/accounts.sqlite" --listen 127.0.0.1:0 "$@" > "$work/web.log" 2>&1 &
  web_pid=$!
  pids+=("$web_pid")
  wait_for 20 'grep -q "web observatory on" "$work/web.log"' || { cat "$work/web.log"; return 1; }
  web_port=$(sed -n 's/.*web observatory on .*(port \([0-9]*\)).*/\1/p' "$work/web.log")
}
