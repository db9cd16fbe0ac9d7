#!/usr/bin/env bash
# alertd's rule changes besides upserts on the control topic: the rules file
# at start and again on SIGHUP (a changed rule becomes its next version and
# decides the next events; a file that does not check changes nothing and
# the daemon goes on), pause, resume and delete on the control topic (one
# answer each), and a restart that runs the rules its store holds.
#
# usage: alertd_rules_test.sh ALERTD
set -euo pipefail
alertd=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/alertd-rules-XXXXXX")
source "$here/daemon_lib.sh"

# Waits until log line $1 is in this run's log.
wait_for_log() {
  for _ in $(seq 600); do
    grep -q "$1" "$work/alertd.$run.err" && return 0
    kill -0 "$daemon" 2>/dev/null || fail "alertd exited: $(tail -5 "$work/alertd.$run.err")"
    sleep 0.05
  done
  fail "no '$1' in the log: $(tail -5 "$work/alertd.$run.err")"
}
event() { echo "t"$'\t'"{\"customerId\":\"t\",\"ts\":$1,\"x\":$2}" | produce /dev/stdin events; }
alerts_of() { read_topic alerts | grep -c "\"version\":$1" || true; }
control() { python3 "$here/control.py" "$@" | produce /dev/stdin control; }

start_kafka 2
echo 'rule r { when $.x == 1 }' >"$work/rules.alert"
start_alertd --rules "$work/rules.alert" --set checkpoint_interval_ms=100
wait_for_log "assigned partitions"
event 1000 1
wait_for_messages alerts 1
[[ $(alerts_of 1) -eq 1 ]] || fail "no alert of version 1: $(read_topic alerts)"

# SIGHUP with a changed rule: version 2 decides the next events.
echo 'rule r { when $.x == 2 }' >"$work/rules.alert"
kill -HUP "$daemon"
wait_for_log "0 added, 1 changed, 0 unchanged"
event 2000 1
event 3000 2
wait_for_messages alerts 2
[[ $(alerts_of 2) -eq 1 && $(read_topic alerts | wc -l) -eq 2 ]] || fail "after SIGHUP: $(read_topic alerts)"

# A file that does not check: logged, nothing changes, the daemon goes on.
echo 'rule r { when $.x == }' >"$work/rules.alert"
kill -HUP "$daemon"
wait_for_log "not applied"
event 4000 2
wait_for_messages alerts 3

# Pause, resume, delete: one answer each; a paused rule decides nothing.
control pause r
wait_for_messages control-results 1
event 5000 2
control resume r
wait_for_messages control-results 2
event 6000 2
wait_for_messages alerts 4
control delete r
control delete r
wait_for_messages control-results 4
read_topic control-results >"$work/answers"
statuses=$(sed -E 's/.*"status":"([a-z]+)".*/\1/' "$work/answers" | tr '\n' ' ')
[[ $statuses == "paused active deleted rejected " ]] || fail "answers: $(cat "$work/answers")"
event 7000 2
stop_alertd
[[ $(read_topic alerts | wc -l) -eq 4 ]] || fail "alerts: $(read_topic alerts)"
# The event at 5000 (paused) and 7000 (deleted) decided nothing.
read_topic alerts | grep -q '"event_time":5000' && fail "a paused rule decided"

# A restart without --rules runs what the store holds: nothing, r was deleted.
start_alertd
wait_for_log "rules: 0 from the store"
stop_alertd
echo "alertd_rules_test: ok"
