#!/usr/bin/env bash
# Installs the Debian packages alertjit builds with. Idempotent: a package
# already present is skipped, and apt is not touched when nothing is missing.
set -euo pipefail

packages=(
  cmake ninja-build ccache g++ pkg-config python3
  llvm-19-dev clang-19 libclang-rt-19-dev
  antlr4 libantlr4-runtime-dev uuid-dev
  libsimdjson-dev librocksdb-dev librdkafka-dev kcat libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libfmt-dev libabsl-dev libjemalloc-dev libtomlplusplus-dev libspdlog-dev jq curl
  libcpp-httplib-dev python3-prometheus-client chromium chromium-driver python3-selenium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install_deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
