#!/usr/bin/env bash
# Several alertd in one consumer group: three daemons on separate data
# directories share the partitions of an embedded Kafka while the events are
# produced; one is killed with SIGKILL mid-stream, a fourth starts on an
# empty data directory, another leaves with SIGTERM. Then:
#   - the distinct notifications on the alerts topic equal those of
#     `alertc run` over each events partition read back, nothing missing,
#     nothing extra (compare_alerts.py; a notification sent again has the
#     alert_id it had);
#   - the events each partition's state counts (alertd_partition_events_total
#     on /metrics, kept with the state and moved with it) sum to the valid
#     events produced: each was counted once;
#   - every malformed event is on dead-letter;
#   - the global rules grouped by the agent, or the agent and sensor (by_agent.alert,
#     by_agent_sensor.alert) are decided on the repartition topic: the oracle of
#     each route is `alertc run` over each repartition partition read back
#     (routed_oracle.py: the route's messages, the others' times, repeats
#     skipped);
#   - one rule comes by the control topic only, before any daemon starts:
#     each daemon (the fourth too) reads control to its end before it takes
#     events, so the oracle runs it from the first event; the group answers
#     it once (again only after a kill, alike).
# It prints how long the killed daemon's partitions waited (from the kill to
# their next assignment: the session timeout, the rebalance and the restore)
# and what the restores read.
#
# usage: alertd_group_test.sh ALERTD ALERTC [EVENTS [PARTITIONS [SEED]]]
#   defaults: 300000 events (small ones: the mock keeps 5 MiB of each
#   partition), 6 partitions, seed 1
set -euo pipefail
alertd=$1 alertc=$2
events=${3:-300000} partitions=${4:-6} seed=${5:-1}
here=$(cd "$(dirname "$0")" && pwd)
rules="$here/../group/rules.alert"
by_agent="$here/../group/by_agent.alert" by_agent_sensor="$here/../group/by_agent_sensor.alert"
work=$(mktemp -d "${TMPDIR:-/tmp}/alertd-group-XXXXXX")
source "$here/daemon_lib.sh"
settings=(--set 'time_path=$.ts' --set 'tenant_path=$.c')
chunks=10

start_kafka "$partitions"
"$here/../group/events.sh" "$events" "$seed" >"$work/events"
keyed "$work/events" c >"$work/keyed"
split -n "l/$chunks" -d "$work/keyed" "$work/chunk."
valid=$(grep -vc '^{"broken' "$work/events")
malformed=$(($(grep -c '^{"broken' "$work/events") + partitions))

# Waits until the daemon of run $1 holds partitions.
holding() {
  for _ in $(seq 600); do
    grep -q "assigned partitions [0-9]" "$work/alertd.$1.err" && return 0
    kill -0 "${daemons[$1]}" 2>/dev/null || fail "alertd $1 exited: $(tail -5 "$work/alertd.$1.err")"
    sleep 0.05
  done
  fail "alertd $1 got no partitions in 30 s"
}
start() {
  data_dir="$work/data.$((run + 1))"
  start_alertd --rules "$work/daemon.alert" "${settings[@]}" --set checkpoint_interval_ms=200
}
now() { date +%s.%N; }

# The rule that comes by control, in the oracle's rules with the others.
cat >"$work/control.alert" <<'EOF'
rule view_streaks {
  when      $.k == "view" && $.v >= 50
  group by  $.c, $.s
  window    tumbling 2m
  fire when count() >= 4
}
EOF
cat "$rules" "$work/control.alert" >"$work/all.alert"
cat "$rules" "$by_agent" "$by_agent_sensor" >"$work/daemon.alert"
python3 -c 'import json, sys; print("view_streaks\t" + json.dumps({"op": "upsert", "tenant": None,
  "rule_id": "view_streaks", "version": 1, "source": open(sys.argv[1]).read()}))' "$work/control.alert" |
  produce /dev/stdin control

for _ in 1 2 3; do start; done
for r in 1 2 3; do holding "$r"; done
for c in $(seq 0 $((chunks - 1))); do
  produce "$work/chunk.0$c" events
  case $c in
    3) killed_at=$(now); kill -KILL "${daemons[1]}"; wait "${daemons[1]}" 2>/dev/null || true ;;
    5) start ;;
    7) holding 4; stop_alertd 2 ;;
  esac
  sleep 0.3
done
# One invalid marker at the end of each partition: when all are on
# dead-letter, the daemons have taken every event.
for p in $(seq 0 $((partitions - 1))); do echo "marker"$'\t''{"marker": ' | produce /dev/stdin events "$p"; done

dead_letters() { read_topic dead-letter '%h\n' | sed -E 's/.*alertjit.partition=([0-9]+),alertjit.offset=([0-9]+).*/\1 \2/' | sort -u | wc -l; }
for _ in $(seq 600); do
  (($(dead_letters) >= malformed)) && break
  for r in 3 4; do kill -0 "${daemons[$r]}" 2>/dev/null || fail "alertd $r exited: $(tail -5 "$work/alertd.$r.err")"; done
  sleep 0.25
done
(($(dead_letters) == malformed)) || fail "$(dead_letters) distinct dead letters, not $malformed"

# The partitions' event counts, from the two daemons left, once they hold
# every partition between them.
# Metric $2 of daemon $1, summed over the samples whose labels hold $3.
metric() {
  curl -sf "http://$(http_address "$1")/metrics" |
    awk -v m="$2" -v l="${3:-}" '$1 ~ "^" m "({|$)" && index($1, l) { n += $2 } END { printf "%.0f\n", n }'
}
events_label='topic="events"'
for _ in $(seq 120); do
  assigned=$(($(metric 3 alertd_assigned_partitions) + $(metric 4 alertd_assigned_partitions)))
  counted=$(($(metric 3 alertd_partition_events_total "$events_label") +
    $(metric 4 alertd_partition_events_total "$events_label")))
  ((assigned == partitions && counted == valid)) && break
  sleep 0.25
done
echo "alertd_group_test: the partitions' states count $counted events over $assigned partitions; $valid were produced"
((assigned == partitions)) || fail "the daemons left hold $assigned partitions, not $partitions"
((counted == valid)) || fail "the partitions' states count $counted events, not $valid"
stop_alertd 3
stop_alertd 4

for p in $(seq 0 $((partitions - 1))); do
  kcat -b "$bootstrap" -C -t events -p "$p" -o beginning -e -q -f '%o %s\n' >"$work/events.$p"
  [[ $(head -c 2 "$work/events.$p") == "0 " ]] || fail "the mock dropped the start of partition $p: use more partitions"
  sed -i 's/^[0-9]* //' "$work/events.$p"
  changelog=$(kcat -b "$bootstrap" -C -t alertd-changelog -p "$p" -o beginning -e -q -f '%o %S\n' |
    awk 'NR == 1 { first = $1 } { n++; bytes += $2 } END { print first + 0, n + 0, bytes + 0 }')
  echo "alertd_group_test: changelog partition $p: ${changelog#* } records and bytes"
  [[ ${changelog%% *} == 0 ]] || fail "the mock dropped the start of changelog partition $p"
  "$alertc" run "$work/all.alert" --events "$work/events.$p" "${settings[@]}" >"$work/want.$p" 2>/dev/null
  kcat -b "$bootstrap" -C -t alertd-repartition -p "$p" -o beginning -e -q -f '%o\t%h\t%s\n' >"$work/routed.$p"
  repeats=$(python3 "$here/routed_oracle.py" "$work/routed.$p" "$work/routed.$p" '$.a' '$.a, $.s') ||
    fail "partition $p of alertd-repartition"
  "$alertc" run "$by_agent" --events "$work/routed.$p.0" "${settings[@]}" >"$work/want.r.$p.0" 2>/dev/null
  "$alertc" run "$by_agent_sensor" --events "$work/routed.$p.1" "${settings[@]}" >"$work/want.r.$p.1" 2>/dev/null
  echo "alertd_group_test: repartition partition $p: $(wc -l <"$work/routed.$p") messages ($repeats sent again" \
    "by a restarted source, skipped), $(cat "$work/want.r.$p".* | wc -l) notifications of its routes"
done
read_topic alerts >"$work/alerts"
# One answer from the group (the daemon holding events partition 0 sends it;
# it may come again after that daemon is killed): all alike.
answers=$(read_topic control-results | grep -c '"rule_id":"view_streaks"' || true)
distinct=$(read_topic control-results | grep '"rule_id":"view_streaks"' | sort -u | wc -l)
echo "alertd_group_test: view_streaks has $answers answer(s) on control-results"
((answers >= 1 && distinct == 1)) || fail "$answers answers to view_streaks on control-results, $distinct distinct"
grep -q '"rule_id":"view_streaks".*"status":"active"' <(read_topic control-results) || fail "view_streaks is not active"

# From the kill to the first assignment of each of the killed daemon's
# partitions elsewhere (the log's times).
python3 - "$work" "$killed_at" <<'PY'
import datetime, glob, re, sys
work, killed_at = sys.argv[1], float(sys.argv[2])
line = re.compile(r"^(\S+) \S+ info: assigned partitions (.+) of events$")
def assignments(run):
    for l in open(f"{work}/alertd.{run}.err"):
        m = line.match(l)
        if m:
            at = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
            yield at, {int(p.split("@")[0]) for p in m.group(2).split()}
held = set()
for at, partitions in assignments(1):
    held = partitions
waits = {}
for run in (2, 3, 4):
    for at, partitions in assignments(run):
        for p in partitions & held:
            if at > killed_at and p not in waits:
                waits[p] = at - killed_at
            elif at > killed_at:
                waits[p] = min(waits[p], at - killed_at)
restores = [l for f in sorted(glob.glob(f"{work}/alertd.*.err")) for l in open(f) if "changelog records" in l]
records = sum(int(re.search(r"restored (\d+) changelog records", l).group(1)) for l in restores)
seconds = sum(float(re.search(r" in ([0-9.]+) s", l).group(1)) for l in restores)
print(f"alertd_group_test: the killed daemon held partitions {sorted(held)}; they were assigned again after "
      + ", ".join(f"{p}: {w:.2f} s" for p, w in sorted(waits.items())))
print(f"alertd_group_test: {len(restores)} restores read {records} changelog records in {seconds:.3f} s")
missing = held - waits.keys()
if missing:
    print(f"alertd_group_test: FAIL: partitions {sorted(missing)} of the killed daemon were not assigned again")
    sys.exit(1)
PY
echo "alertd_group_test: $events events over $partitions partitions, 4 daemons (one killed, one stopped)"
python3 "$here/compare_alerts.py" alertd_group_test "$work" "$partitions" "$work/alerts"
echo "alertd_group_test: ok"
