#!/bin/sh
# Builds the seed corpora of the fuzz targets from the real MRT files in
# testdata/mrt: OUT_DIR/<target>/ for mrt_record_fuzz, bgp_update_fuzz,
# path_attributes_fuzz and input_fuzz. See make_corpus.py for what each holds.
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
