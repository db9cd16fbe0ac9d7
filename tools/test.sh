#!/usr/bin/env bash
# Builds and runs every test: installs what is missing, builds the release
# configuration and the sanitizer one (clang, ASan + UBSan, libFuzzer
# coverage), fuzzes each target for a bounded time (ALERT_FUZZ_SECONDS,
# default 30), runs the ctest suites under the sanitizers, then the release
# ctest suites, whose summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/configure.sh build release
ninja -C build
tools/configure.sh build-asan sanitize
ninja -C build-asan
tools/fuzz.sh "${ALERT_FUZZ_SECONDS:-30}"
echo "== ctest under ASan + UBSan (build-asan)"
(cd build-asan && ctest --output-on-failure -j "$(nproc)")
echo "== ctest (build)"
cd build
ctest --output-on-failure -j "$(nproc)"
