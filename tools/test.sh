#!/usr/bin/env bash
# Builds and runs every test: installs what is missing, builds everything,
# fuzzes rule text and events for a bounded time each (ALERT_FUZZ_SECONDS, default 60),
# then runs the ctest suites, whose summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/configure.sh build
ninja -C build
tools/fuzz.sh "${ALERT_FUZZ_SECONDS:-60}"
cd build
ctest --output-on-failure -j "$(nproc)"
