#!/usr/bin/env bash
# Fuzzes every libFuzzer target of the sanitizer build (clang, ASan + UBSan,
# LeakSanitizer on; tools/configure.sh sanitize), each for a bounded time:
# rule text (front end, optimizer, JIT, interpreter), NDJSON events (the
# windowed engine and its checkpoints), JSONPath queries over documents,
# scenario files, run settings, and blocks of NDJSON lines (the block
# parser against each line parsed alone). Each starts from the seed corpus in
# tests/fuzz/corpus/TARGET (and, for rules, the shared spec's rule files).
# Usage: tools/fuzz.sh [SECONDS per target] [TARGET...]
# A crash, leak or timeout fails the script and leaves the input in
# build-asan/fuzz-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(rule event query scenario settings block); fi
export ALERT_SHARED_DIR="${ALERT_SHARED_DIR:-$(cd .. && pwd)/shared}"

tools/configure.sh build-asan sanitize
ninja -C build-asan "${targets[@]/%/_fuzzer}"

work=build-asan/fuzz-work
artifacts=build-asan/fuzz-artifacts
mkdir -p "$artifacts"
for target in "${targets[@]}"; do
  corpus="$work/$target"
  mkdir -p "$corpus"
  cp -n tests/fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  extra=()
  case "$target" in
    rule)
      cp -n "$ALERT_SHARED_DIR"/spec/examples/*.alert "$ALERT_SHARED_DIR"/spec/errors/*.alert "$corpus"/ 2>/dev/null || true
      extra=(-dict=tests/fuzz/rules.dict) ;;
  esac
  echo "== fuzzing $target for ${seconds}s"
  ASAN_OPTIONS=detect_leaks=1 ./build-asan/tests/fuzz/"$target"_fuzzer "$corpus" "${extra[@]}" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/$target-" -print_final_stats=1 2>&1 | tail -n 12
done
