#!/usr/bin/env bash
# Configures a build directory (default: build) with Ninja, once; later runs
# reuse it, and ccache keeps rebuilds of unchanged files fast.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build}"
if [[ ! -f "$dir/build.ninja" ]]; then
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
