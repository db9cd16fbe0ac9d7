#!/usr/bin/env bash
# Builds with clang + libFuzzer + ASan/UBSan (LeakSanitizer on) and fuzzes,
# each for a bounded time: rule text (the front end, optimizer, JIT and
# interpreter), then NDJSON events (the windowed engine and its
# checkpoints). Usage: tools/fuzz.sh [SECONDS per target]
# A crash, leak or timeout fails the script and leaves the input in
# build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shared="${ALERT_SHARED_DIR:-$(cd .. && pwd)/shared}"

CC=clang-19 CXX=clang++-19 cmake -S . -B build-fuzz -G Ninja -DALERT_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DALERT_SHARED_DIR="$shared" >/dev/null
ninja -C build-fuzz rule_fuzzer event_fuzzer

corpus=build-fuzz/corpus
mkdir -p "$corpus" build-fuzz/artifacts
cp -n "$shared"/spec/examples/*.alert "$shared"/spec/errors/*.alert "$corpus"/ 2>/dev/null || true
printf '%s' '$.store.book[?(@.price < 10)].title' > "$corpus/query1"
printf '%s' '$..book[-1:][?match(@.a, "x.*") && count(@.b[*]) > 1]' > "$corpus/query2"

ASAN_OPTIONS=detect_leaks=1 ./build-fuzz/tests/fuzz/rule_fuzzer "$corpus" \
  -dict=tests/fuzz/rules.dict -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix=build-fuzz/artifacts/ -print_final_stats=1 2>&1 | tail -n 25

events=build-fuzz/event-corpus
mkdir -p "$events"
printf '%s\n' '{"ts":0,"k":"a","user":"u","v":2,"kind":"a","id":1,"t":"t1","at":5}' \
  '{"ts":7000,"k":"a","user":"w","v":3,"bad":true,"agent":"x"}' '{"ts":3000,"k":"a","v":1,"id":1}' \
  '{"ts":"2026-11-23T09:00:00Z","k":"b","v":-1}' '{"ts":40000,"k":"a","user":"u","v":9}' >"$events/seed1"
ASAN_OPTIONS=detect_leaks=1 ./build-fuzz/tests/fuzz/event_fuzzer "$events" \
  -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build-fuzz/artifacts/ -print_final_stats=1 2>&1 | tail -n 25
