#!/usr/bin/env bash
# Configures a build directory with Ninja, once; later runs reuse it, and
# ccache keeps rebuilds of unchanged files fast.
# Usage: tools/configure.sh [DIR] [release|sanitize]
#   release (default): RelWithDebInfo with the system compiler (DIR: build).
#   sanitize: clang with AddressSanitizer and UndefinedBehaviorSanitizer,
#   no recovery, and libFuzzer coverage: the ctest suites and the fuzz
#   targets in one build, without the benchmark programs (DIR: build-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build}"
kind="${2:-release}"
if [[ -f "$dir/build.ninja" ]]; then exit 0; fi
case "$kind" in
  release)
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null ;;
  sanitize)
    # -O1 and line tables only: half the compile time of -O2 -g, and
    # sanitizer reports still name file and line.
    CC=clang-19 CXX=clang++-19 cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
      -DALERT_SANITIZE=ON -DALERT_FUZZ=ON -DALERT_BUILD_BENCHMARKS=OFF \
      -DALERT_SHARED_DIR="${ALERT_SHARED_DIR:-$(cd .. && pwd)/shared}" >/dev/null ;;
  *)
    echo "configure.sh: unknown build kind '$kind' (release, sanitize)" >&2
    exit 2 ;;
esac
