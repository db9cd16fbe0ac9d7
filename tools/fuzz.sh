#!/usr/bin/env bash
# Builds the front end with clang + libFuzzer + ASan/UBSan (LeakSanitizer on)
# and fuzzes rule text for a bounded time. Usage: tools/fuzz.sh [SECONDS]
# A crash, leak or timeout fails the script and leaves the input in
# build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shared="${ALERT_SHARED_DIR:-$(cd .. && pwd)/shared}"

CC=clang-19 CXX=clang++-19 cmake -S . -B build-fuzz -G Ninja -DALERT_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DALERT_SHARED_DIR="$shared" >/dev/null
ninja -C build-fuzz rule_fuzzer

corpus=build-fuzz/corpus
mkdir -p "$corpus" build-fuzz/artifacts
cp -n "$shared"/spec/examples/*.alert "$shared"/spec/errors/*.alert "$corpus"/ 2>/dev/null || true
printf '%s' '$.store.book[?(@.price < 10)].title' > "$corpus/query1"
printf '%s' '$..book[-1:][?match(@.a, "x.*") && count(@.b[*]) > 1]' > "$corpus/query2"

ASAN_OPTIONS=detect_leaks=1 ./build-fuzz/tests/fuzz/rule_fuzzer "$corpus" \
  -dict=tests/fuzz/rules.dict -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix=build-fuzz/artifacts/ -print_final_stats=1 2>&1 | tail -n 25
