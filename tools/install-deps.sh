#!/usr/bin/env bash
# Installs the Debian 12 packages manrs needs to build, test and benchmark,
# skipping those already installed. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  libfmt-dev libcli11-dev zlib1g-dev libbz2-dev libzstd-dev liblzma-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsimdjson-dev librtr-dev libasio-dev libssl-dev libsqlite3-dev sqlite3
  libcpp-httplib-dev libcurl4-openssl-dev clickhouse-server clickhouse-client libsodium-dev
  chromium wrk
  bgpdump rtr-tools stayrtr bird2 bgpq4 bgpq3 frr openssl python3 bzip2 gzip zstd xz-utils
  libpcap-dev nftables iptables softflowd nfdump tcpdump
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The web front end is built with npm (Debian's nodejs and npm, unless a
# newer Node with its own npm is installed already).
command -v npm > /dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
