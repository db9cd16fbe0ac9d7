#!/usr/bin/env bash
# The main job on its embedded default: installs what is missing, builds
# alertc, checks the demo rules (and shows a rejected one), then evaluates
# rules against sample events: events written for the demo rules, and real
# GitHub and Twitter data from ../shared/data/real; streams the demo events
# through the windowed engine, then again with durable state (--state: a
# second run resumes), and runs the engine scenarios (alertc test);
# alertc run --counts streams 200,000 generated events through 1,000
# generated rules; last, the daemon: alertd --embedded-kafka, a rule upserted
# on its control topic, the demo events produced with kcat, the alerts read
# back from the alerts topic.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/configure.sh build
ninja -C build alertc alertd alert-gen >/dev/null

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

# The daemon over Kafka: alertd and an embedded Kafka in one process; the
# demo rules upserted on the control topic (one answer each on
# control-results), the demo events produced keyed by customer, the alerts
# and the dead letter read back; SIGTERM checkpoints and stops it.
alertd=build/tools/alertd/alertd
# HTTP on any free port (the default, 127.0.0.1:9464, may be taken here).
echo "\$ alertd --embedded-kafka --data-dir alertd-data --http 127.0.0.1:0 &"
: >"$work/alertd.out"  # there before the first read, whenever the child gets to its redirection
"$alertd" --embedded-kafka --data-dir "$work/alertd-data" --http 127.0.0.1:0 >"$work/alertd.out" 2>"$work/alertd.err" &
daemon=$!
trap 'kill -KILL $daemon 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 200); do
  bootstrap=$(sed -n 's/^bootstrap.servers=//p' "$work/alertd.out")
  [[ -n $bootstrap ]] && break
  sleep 0.05
done
[[ -n $bootstrap ]] || { cat "$work/alertd.err"; exit 1; }
echo "bootstrap.servers=$bootstrap"
kcat_() { echo "\$ kcat -b \$B $*" | sed "s|$work/||g; s/\t/\\\\t/g"; kcat -b "$bootstrap" "$@"; }
# Waits until topic $1 holds $2 messages.
wait_for() {
  for _ in $(seq 300); do
    (($(kcat -b "$bootstrap" -C -t "$1" -o beginning -e -q -f 'x\n' | wc -l) >= $2)) && return 0
    sleep 0.1
  done
  echo "demo: $1 has fewer than $2 messages" >&2
  tail -5 "$work/alertd.err" >&2
  exit 1
}
python3 tests/daemon/control.py upsert tools/demo/rules.alert >"$work/control"
echo "(control messages: $(cut -f2 "$work/control" | head -1 | cut -c1-110)...)"
kcat_ -P -t control -K$'\t' -l "$work/control"
wait_for control-results 3
kcat_ -C -t control-results -o beginning -e -q
awk '{ i = index($0, "\"customerId\":\""); k = i ? substr($0, i + 14) : ""; print substr(k, 1, index(k, "\"") - 1) "\t" $0 }' \
  tools/demo/events.ndjson >"$work/keyed"
kcat_ -P -t events -K$'\t' -l "$work/keyed"
wait_for alerts 3
wait_for dead-letter 1
kcat_ -C -t alerts -o beginning -e -q
kcat_ -C -t dead-letter -o beginning -e -q -f '%h\n%s\n'
# What the daemon shows over HTTP: its rules and metrics.
http=$(sed -n 's/.*http: listening on \([0-9.:]*\).*/\1/p' "$work/alertd.err" | head -1)
for _ in $(seq 50); do  # the figures of a snapshot taken after the events
  curl -s "$http/metrics" | grep -q '^alertd_dead_letters_total 1' && break
  sleep 0.1
done
echo "\$ curl -s \$HTTP/rules | jq -c '.rules[] | [.tenant, .rule_id, .version, .status, .counters.alerts_fired]'"
curl -s "$http/rules" | jq -c '.rules[] | [.tenant, .rule_id, .version, .status, .counters.alerts_fired]'
echo "\$ curl -s \$HTTP/metrics | grep -E '^alertd_(events|dead_letters|alerts_fired|checkpoints)_total'"
curl -s "$http/metrics" | grep -E '^alertd_(events|dead_letters|alerts_fired|checkpoints)_total'
echo "\$ kill -TERM %1"
kill -TERM $daemon
wait $daemon
grep -E "alertd (info|warning|error)" "$work/alertd.err" | cut -d' ' -f2- | sed "s/$bootstrap/\$B/; s/$http/\$HTTP/"
