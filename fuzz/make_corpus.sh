#!/bin/sh
# Builds the seed corpora of the fuzz targets from the real MRT files in
# testdata/mrt: OUT_DIR/<target>/ for mrt_record_fuzz, bgp_update_fuzz,
# path_attributes_fuzz and input_fuzz (see make_corpus.py for what each holds), and
# from the text files in testdata for the text decoders.
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
