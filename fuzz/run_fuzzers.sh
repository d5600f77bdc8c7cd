#!/bin/sh
# Runs every fuzz target of a MANRS_FUZZ=ON build for SECONDS each, starting
# from the seed corpora (built by make_corpus.sh when missing) and from what
# earlier runs in this build folder found. Exits non-zero if any target
# crashes, hangs (-timeout), runs out of memory or trips a sanitizer; the
# reproducer is left in BUILD_DIR/fuzz-artifacts/.
#
# usage: fuzz/run_fuzzers.sh BUILD_DIR SECONDS
#   e.g. CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DMANRS_FUZZ=ON \
#          -DMANRS_TESTS=OFF -DMANRS_BENCH=OFF
#        fuzz/run_fuzzers.sh build-fuzz 60
set -eu
if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
seconds=$2
# Every fuzz/<name>_fuzz.cc is a target.
targets=$(cd "$here" && ls ./*_fuzz.cc | sed 's|^\./||; s|\.cc$||' | tr '\n' ' ')

# Brings the targets up to date (a no-op when they are).
# shellcheck disable=SC2086
cmake --build "$build" --target $targets

seeds=$build/fuzz-seeds
if [ ! -d "$seeds" ] || [ "$here/make_corpus.py" -nt "$seeds" ] || [ "$here/make_corpus.sh" -nt "$seeds" ]; then
  MANRS=$build/manrs "$here/make_corpus.sh" "$seeds"
fi

failed=""
for target in $targets; do
  binary=$build/fuzz/$target
  corpus=$build/fuzz-corpus/$target
  artifacts=$build/fuzz-artifacts/$target
  mkdir -p "$corpus" "$artifacts" "$seeds/$target"
  echo "=== $target: ${seconds}s"
  # New inputs go to the first folder; the seeds stay as they were built.
  if "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" \
      "$corpus" "$seeds/$target" >"$build/fuzz-artifacts/$target.log" 2>&1; then
    tail -n 12 "$build/fuzz-artifacts/$target.log"
  else
    tail -n 60 "$build/fuzz-artifacts/$target.log"
    echo "=== $target FAILED; reproducer in $artifacts/" >&2
    failed="$failed $target"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz targets that failed:$failed" >&2
  exit 1
fi
echo "all fuzz targets ran ${seconds}s without a finding"
