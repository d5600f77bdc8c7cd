#!/usr/bin/env bash
# A local N-shard ClickHouse cluster on loopback for tests, benchmarks and
# users trying the ClickHouse store (doc/clickhouse.md).
#
#   tools/clickhouse-cluster.sh start DIR [SHARDS]   # default 2 shards
#   tools/clickhouse-cluster.sh status DIR
#   tools/clickhouse-cluster.sh stop DIR
#
# start: every shard gets DIR/sN/{data,tmp,log}, a config.xml naming free
# loopback ports and the cluster `manrs` (all shards, no ZooKeeper: plain
# MergeTree shards under Distributed tables), and a server process whose pid
# is in DIR/sN/pid. It waits until each shard answers and prints the store
# URL as its last line (also kept in DIR/url). When a shard does not come up
# it prints the server's error log, stops the shards it started and exits 1.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|status DIR [SHARDS]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
cmd=$1
dir=$2
shards=${3:-2}
server=${CLICKHOUSE_SERVER:-/usr/sbin/clickhouse-server}

free_ports() {  # prints N free loopback TCP ports
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

alive() { [ -f "$1/pid" ] && kill -0 "$(cat "$1/pid")" 2>/dev/null; }

stop_all() {
  local s pid
  for s in "$dir"/s*/; do
    s=${s%/}
    [ -f "$s/pid" ] || continue
    pid=$(cat "$s/pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$s/pid"
  done
}

case $cmd in
start)
  [[ $shards =~ ^[1-9][0-9]*$ ]] || usage
  command -v "$server" >/dev/null || { echo "$server not found: run tools/install-deps.sh" >&2; exit 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  for s in "$dir"/s*/; do
    if alive "${s%/}"; then echo "$dir already has a running cluster; stop it first" >&2; exit 1; fi
  done
  trap 'stop_all' ERR  # a failing step stops the shards already started
  read -r -a ports <<<"$(free_ports $((2 * shards)))"
  cat >"$dir/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
EOF
  remote=""
  for i in $(seq 1 "$shards"); do
    remote+="<shard><replica><host>127.0.0.1</host><port>${ports[$((2 * i - 1))]}</port></replica></shard>"
  done
  for i in $(seq 1 "$shards"); do
    s="$dir/s$i"
    mkdir -p "$s/data" "$s/tmp" "$s/log"
    echo "${ports[$((2 * i - 2))]}" >"$s/http_port"
    cat >"$s/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$s/log/server.log</log><errorlog>$s/log/err.log</errorlog></logger>
  <http_port>${ports[$((2 * i - 2))]}</http_port>
  <tcp_port>${ports[$((2 * i - 1))]}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$s/data/</path>
  <tmp_path>$s/tmp/</tmp_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>53687091</mark_cache_size>
  <remote_servers><manrs>$remote</manrs></remote_servers>
  <macros><http_port>${ports[$((2 * i - 2))]}</http_port></macros>
</yandex>
EOF
    : >"$s/log/err.log"
    # No job control here, so setsid execs the server: $! is the server's pid.
    setsid "$server" --config-file="$s/config.xml" >"$s/log/stdout.log" 2>&1 </dev/null &
    echo $! >"$s/pid"
  done
  for i in $(seq 1 "$shards"); do
    s="$dir/s$i"
    up=0
    for _ in $(seq 1 300); do
      if curl -sf "http://127.0.0.1:$(cat "$s/http_port")/?query=SELECT%201" >/dev/null 2>&1; then up=1; break; fi
      alive "$s" || break
      sleep 0.1
    done
    if [ $up -ne 1 ]; then
      echo "shard s$i (http 127.0.0.1:$(cat "$s/http_port")) did not come up:" >&2
      tail -n 20 "$s/log/err.log" "$s/log/stdout.log" >&2 || true
      stop_all
      exit 1
    fi
  done
  curl -sf "http://127.0.0.1:$(cat "$dir/s1/http_port")/" --data-binary "CREATE DATABASE IF NOT EXISTS manrs" >/dev/null
  for i in $(seq 2 "$shards"); do
    curl -sf "http://127.0.0.1:$(cat "$dir/s$i/http_port")/" --data-binary "CREATE DATABASE IF NOT EXISTS manrs" >/dev/null
  done
  echo "clickhouse://127.0.0.1:$(cat "$dir/s1/http_port")/manrs?cluster=manrs" >"$dir/url"
  echo "$shards shards up in $dir" >&2
  cat "$dir/url"
  ;;
stop)
  [ -d "$dir" ] || exit 0
  stop_all
  ;;
status)
  rc=0
  for s in "$dir"/s*/; do
    s=${s%/}
    [ -d "$s" ] || continue
    port=$(cat "$s/http_port" 2>/dev/null || echo "?")
    if alive "$s" && curl -sf "http://127.0.0.1:$port/?query=SELECT%201" >/dev/null 2>&1; then
      echo "$(basename "$s") up http 127.0.0.1:$port pid $(cat "$s/pid")"
    else
      echo "$(basename "$s") down http 127.0.0.1:$port"
      rc=1
    fi
  done
  [ -f "$dir/url" ] && cat "$dir/url"
  exit $rc
  ;;
*) usage ;;
esac
