#!/usr/bin/env bash
# Crash test of alertd: events preloaded on an embedded Kafka (with some
# repeated and some malformed), the daemon killed with SIGKILL at seeded
# random points while it consumes and restarted on the same data directory
# each time, then run to the end. The distinct notifications on the alerts
# topic (all fields but processing_time) must be those of `alertc run` over
# each partition in order, nothing missing and nothing extra; a notification
# sent twice (after a restart) has the same alert_id both times; every
# malformed event is on dead-letter. With OUTAGE, the last run also goes
# through a broker outage of that many seconds while it consumes (the
# embedded Kafka's broker taken down with SIGUSR1, up again with SIGUSR2).
# With FRESH ("fresh"), every run starts on a new, empty data directory, so
# that each restores its partitions from the changelog topic alone (history
# is not recorded then, to stay within the mock's 5 MiB a partition).
#
# usage: alertd_crash_test.sh ALERTD ALERTC ALERT_GEN [EVENTS [KILLS [PARTITIONS [SEED [OUTAGE [FRESH]]]]]]
#   defaults: 200000 events, 10 kills, 32 partitions (the mock keeps 5 MiB
#   of each: beyond that it drops the oldest), seed 1, no outage
set -euo pipefail
alertd=$1 alertc=$2 gen=$3
events=${4:-200000} kills=${5:-10} partitions=${6:-32} seed=${7:-1} outage=${8:-0} fresh=${9:-}
here=$(cd "$(dirname "$0")" && pwd)
rules="$here/../crash/rules.alert"
work=$(mktemp -d "${TMPDIR:-/tmp}/alertd-crash-XXXXXX")
source "$here/daemon_lib.sh"
settings=(--set 'time_path=$.tsMillis')
# A new data directory for the next run, with FRESH.
next_data_dir() { [[ -n $fresh ]] && data_dir="$work/data.$((run + 1))" || true; }
[[ -n $fresh ]] && settings+=(--set record_history=off)

start_kafka "$partitions"
"$gen" events --count "$events" --seed "$seed" |
  awk '{ print } NR % 997 == 0 { print } NR % 4999 == 0 { print "{\"broken\": " }' >"$work/events"
# Keyed by event id, so that the partitions are even: each is decided on its
# own, by the daemon as by the oracle.
keyed "$work/events" eventId >"$work/keyed"
produce "$work/keyed" events
# One invalid marker at the end of each partition: when all are on
# dead-letter, the daemon has taken every event.
for p in $(seq 0 $((partitions - 1))); do echo "marker"$'\t''{"marker": ' | produce /dev/stdin events "$p"; done
retained=0
for p in $(seq 0 $((partitions - 1))); do
  kcat -b "$bootstrap" -C -t events -p "$p" -o beginning -e -q -f '%o %s\n' >"$work/events.$p"
  [[ $(head -c 2 "$work/events.$p") == "0 " ]] || fail "the mock dropped the start of partition $p: use more partitions"
  retained=$((retained + $(wc -l <"$work/events.$p")))
  sed -i 's/^[0-9]* //' "$work/events.$p"
done
((retained == $(wc -l <"$work/events") + partitions)) || fail "$retained events on the topic, not $(($(wc -l <"$work/events") + partitions))"
malformed=$(($(grep -c '^{"broken' "$work/events") + partitions))

# Distinct dead letters, by partition and offset (a restart may send one again).
dead_letters() { read_topic dead-letter '%h\n' | sed -E 's/.*alertjit.partition=([0-9]+),alertjit.offset=([0-9]+).*/\1 \2/' | sort -u | wc -l; }
started() {  # waits until the daemon of this run holds its partitions
  for _ in $(seq 600); do
    grep -q "assigned partitions" "$work/alertd.$run.err" && return 0
    kill -0 "$daemon" 2>/dev/null || fail "alertd exited: $(tail -5 "$work/alertd.$run.err")"
    sleep 0.05
  done
  fail "no assignment in 30 s"
}

RANDOM=$seed
for k in $(seq "$kills"); do
  next_data_dir
  start_alertd --rules "$rules" "${settings[@]}" --set checkpoint_interval_ms=100
  started
  # Kills spread over the consumption of the whole input (about 1 s per
  # 100,000 events here), skewed early: the first runs checkpoint the most.
  # With FRESH, once this run sent state changes to the changelog (more
  # records there than before it), or caught up: a run killed before it
  # sent any leaves nothing new to restore. (Killed before its batch is
  # written, the next run restores them all the same: it reads the
  # changelog, not the store.)
  if [[ -n $fresh ]]; then
    before=$(read_topic alertd-changelog | wc -l)
    for _ in $(seq 300); do
      (($(read_topic alertd-changelog | wc -l) > before)) && break
      grep -q "caught up" "$work/alertd.$run.err" && break
      kill -0 "$daemon" 2>/dev/null || fail "alertd exited: $(tail -5 "$work/alertd.$run.err")"
      sleep 0.1
    done
  fi
  sleep "$(awk -v r="$RANDOM" -v n="$events" -v k="$kills" 'BEGIN { printf "%.3f", 0.05 + r / 32768 * n / 100000 / k * 3 }')"
  kill -KILL "$daemon"
  wait "$daemon" 2>/dev/null || true
done
next_data_dir
start_alertd --rules "$rules" "${settings[@]}"
started
if ((outage > 0)); then
  # Soon after the assignment: alertd takes 60,000 events in well under a
  # second when the machine is quick (it did in 0.2 s, seen in CI).
  sleep 0.02
  kill -USR1 "$kafka"
  sleep "$outage"
  kill -0 "$daemon" 2>/dev/null || fail "alertd exited during the outage: $(tail -5 "$work/alertd.$run.err")"
  kill -USR2 "$kafka"
  # Mid-stream: the daemon had not caught up when the broker went away.
  grep -q "caught up" "$work/alertd.$run.err" && fail "alertd caught up before the outage: use more events"
  echo "alertd_crash_test: a broker outage of $outage s while consuming"
fi
for _ in $(seq 1200); do
  (($(dead_letters) >= malformed)) && break
  kill -0 "$daemon" 2>/dev/null || fail "alertd exited: $(tail -5 "$work/alertd.$run.err")"
  sleep 0.25
done
stop_alertd
(($(dead_letters) == malformed)) || fail "$(dead_letters) distinct dead letters, not $malformed"

for p in $(seq 0 $((partitions - 1))); do
  "$alertc" run "$rules" --events "$work/events.$p" "${settings[@]}" >"$work/want.$p" 2>/dev/null
done
read_topic alerts >"$work/alerts"

echo "alertd_crash_test: $(wc -l <"$work/events") events over $partitions partitions, $run runs ($((run - 1)) killed)"
python3 "$here/compare_alerts.py" alertd_crash_test "$work" "$partitions" "$work/alerts"
if [[ -n $fresh ]]; then
  # Every run after a checkpoint was written restored from the changelog.
  restored=$(cat "$work"/alertd.*.err | grep "changelog records" || true)
  restores=$(grep -c . <<<"$restored" || true)
  echo "alertd_crash_test: $restores partitions restored from the changelog, e.g. ${restored%%$'\n'*}"
  ((restores > 0)) || fail "no run restored a partition from the changelog"
fi
echo "alertd_crash_test: ok"
