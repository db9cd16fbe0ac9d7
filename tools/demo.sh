#!/usr/bin/env bash
# The main job on its embedded default: installs what is missing, builds
# alertc, checks the demo rules (clean), explains one, and shows how a
# rejected rule is diagnosed.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/configure.sh build
ninja -C build alertc >/dev/null

alertc=build/tools/alertc/alertc
echo "\$ alertc check tools/demo/rules.alert"
$alertc check tools/demo/rules.alert
echo
echo "\$ alertc explain tools/demo/rules.alert --rule team_admin_added"
$alertc explain tools/demo/rules.alert --rule team_admin_added
echo
echo "\$ alertc check tools/demo/rejected.alert"
status=0
$alertc check tools/demo/rejected.alert 2>&1 || status=$?
echo "(exit status $status: the rule is rejected)"
[[ $status -eq 1 ]]
