#!/usr/bin/env bash
# The main job on its embedded default: installs what is missing, builds
# alertc, checks the demo rules (and shows a rejected one), then evaluates
# rules against sample events: events written for the demo rules, and real
# GitHub and Twitter data from ../shared/data/real; streams the demo events
# through the windowed engine, then again with durable state (--state: a
# second run resumes), and runs the engine scenarios (alertc test);
# last, alertc run --counts streams 200,000 generated events through 1,000
# generated rules.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/configure.sh build
ninja -C build alertc alert-gen >/dev/null

alertc=build/tools/alertc/alertc
real="${ALERT_SHARED_DIR:-../shared}/data/real"
run() {
  echo "\$ alertc $*"
  "$alertc" "$@"
  echo
}

run check tools/demo/rules.alert tools/demo/github.alert tools/demo/twitter.alert
run explain tools/demo/rules.alert --rule team_admin_added
echo "\$ alertc check tools/demo/rejected.alert"
status=0
"$alertc" check tools/demo/rejected.alert 2>&1 || status=$?
echo "(exit status $status: the rule is rejected)"
echo
[[ $status -eq 1 ]]

run eval tools/demo/rules.alert --events tools/demo/events.ndjson 2>&1
run eval tools/demo/github.alert --array --events "$real/github_events.json"
run eval tools/demo/twitter.alert --events "$real/twitter.json"
run query '$.statuses[?@.retweet_count > 1000].user.screen_name' "$real/twitter.json"

# The windowed engine: alerts on the demo events (team admins added twice in
# an hour fire, and resolve when the next hour closes without any), then the
# engine scenarios as rule authors' unit tests; last, 1,000 generated rules
# over 200,000 generated events through the stateless --counts path.
run run tools/demo/rules.alert --events tools/demo/events.ndjson 2>&1
run test "${ALERT_SHARED_DIR:-../shared}"/spec/scenarios/*.json tests/engine/scenarios/*.json
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Durable state: the same run kept in a RocksDB store; run again over the
# same events, it resumes after its last checkpoint and has nothing new to say.
run run tools/demo/rules.alert --events tools/demo/events.ndjson --state "$work/state" 2>&1
echo "(again, on the same state: every event was applied once already)"
run run tools/demo/rules.alert --events tools/demo/events.ndjson --state "$work/state" 2>&1
build/bench/alert-gen rules --count 1000 --seed 2 >"$work/rules.alert"
echo "\$ alert-gen events --count 200000 | alertc run rules_1000.alert --events - --counts --stats stats.json"
build/bench/alert-gen events --count 200000 --seed 1 |
  "$alertc" run "$work/rules.alert" --events - --counts --stats "$work/stats.json" | cut -c1-160
echo "... (1,000 counts)"
echo "\$ cat stats.json"
cat "$work/stats.json"
