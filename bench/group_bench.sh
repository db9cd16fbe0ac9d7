#!/usr/bin/env bash
# Several alertd in one group, end to end on an embedded Kafka (ratios are
# taken within the run). The events topic is preloaded with the compact
# events of tests/group/events.sh and a last invalid event per partition;
# a run is done when every partition's last one is on dead-letter. Each REPS
# times, in a consumer group (and changelog) of its own:
#   1 daemon    one alertd from a fresh data directory: wall time from its
#               start (start-up, compile, group join) to done
#   restore     that daemon stopped, another started on an empty data
#               directory in the same group: it restores every partition
#               from the changelog (records and seconds from its log)
#   3 daemons   three alertd started together, each on a fresh data
#               directory: wall time from their start to done
#   loss        then one of the three killed with SIGKILL: time from the kill
#               until each of its partitions is assigned again elsewhere (the
#               session timeout, the rebalance and the restore, which comes
#               before the assignment is logged)
# The rules are tests/group/rules.alert and one with a key per tenant,
# sensor and value (about 240,000 keys), so that a restore has state to read.
# With ALERT_BENCH_ROUTED=1 also the global rules not grouped by tenant of
# tests/group/by_agent.alert and by_agent_sensor.alert, decided on the
# repartition topic: a run is then done once the daemons have also taken
# every message of their group's repartition topic (alertd_partition_events_total
# of that topic against its end offsets).
# Writes bench/group_results.json (bench/group_results_routed.json with
# ALERT_BENCH_ROUTED=1).
#
# Usage: bench/group_bench.sh [EVENTS (default 300000) [PARTITIONS (default 6)]]
#   ALERT_BENCH_REPS (default 3): runs per measurement, the median is kept
#   ALERT_SESSION_TIMEOUT_MS (default 3000): the daemons' session.timeout.ms
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
events="${1:-300000}" partitions="${2:-6}"
reps="${ALERT_BENCH_REPS:-3}" session_ms="${ALERT_SESSION_TIMEOUT_MS:-3000}" routed="${ALERT_BENCH_ROUTED:-0}"
build="$root/build"

"$root/tools/install_deps.sh"
"$root/tools/configure.sh" build
cmake --build "$build" --target alertd >/dev/null
alertd="$build/tools/alertd/alertd"
work="$(mktemp -d)"
source "$root/tests/daemon/daemon_lib.sh"  # start_kafka, keyed, produce, read_topic, fail

groups=()
for rep in $(seq "$reps"); do groups+=(--group "one-$rep" --group "three-$rep"); done
start_kafka "$partitions" "${groups[@]}"
"$root/tests/group/events.sh" "$events" 1 >"$work/events"
keyed "$work/events" c >"$work/keyed"
produce "$work/keyed" events
for p in $(seq 0 $((partitions - 1))); do echo "end"$'\t''{"end": ' | produce /dev/stdin events "$p"; done
total=$(read_topic events 'x\n' | wc -l)
((total == $(wc -l <"$work/events") + partitions)) || fail "the topic holds $total messages: use more partitions"
cat "$root/tests/group/rules.alert" - >"$work/rules.alert" <<'EOF'

rule per_value {
  when      $.v >= 0
  group by  $.c, $.s, $.v
  window    tumbling 1h
  fire when count() > 1000
}
EOF
if ((routed)); then cat "$root/tests/group/by_agent.alert" "$root/tests/group/by_agent_sensor.alert" >>"$work/rules.alert"; fi

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
daemon_in() {  # group $1, data directory $2
  data_dir="$2" start_alertd --rules "$work/rules.alert" --set group_id="$1" --set 'time_path=$.ts' \
    --set 'tenant_path=$.c' -X "session.timeout.ms=$session_ms"
}
# The messages of group $1's repartition topic (its partitions' end offsets).
routed_messages() {
  local topics=()
  for p in $(seq 0 $((partitions - 1))); do topics+=(-t "$1-repartition:$p:-1"); done
  kcat -b "$bootstrap" -Q "${topics[@]}" | awk '{ n += $NF } END { print n + 0 }'
}
# The messages of group $1's repartition topic the daemons of runs $2... took.
routed_taken() {
  local n=0 r
  for r in "${@:2}"; do
    n=$((n + $(curl -sf "http://$(http_address "$r")/metrics" |
      awk -v t="topic=\"$1-repartition\"" '$1 ~ /^alertd_partition_events_total[{]/ && index($1, t) { n += $2 }
        END { printf "%.0f\n", n }')))
  done
  echo "$n"
}
# Waits until dead-letter holds $1 messages (the last event of each
# partition, every run) and, with routed rules, until the daemons of runs
# $3... took every message of group $2's repartition topic.
done_at() {
  until (($(read_topic dead-letter 'x\n' | wc -l) >= $1)); do
    for r in "${@:3}"; do kill -0 "${daemons[$r]}" 2>/dev/null || fail "alertd $r exited: $(tail -3 "$work/alertd.$r.err")"; done
    sleep 0.05
  done
  if ((routed)); then
    local total
    total=$(routed_messages "$2")
    local waited=0
    until (($(routed_taken "$2" "${@:3}") >= total)); do
      ((++waited < 1200)) || fail "the daemons took $(routed_taken "$2" "${@:3}") of $total repartition messages in 60 s"
      sleep 0.05
    done
  fi
  now
}
malformed=$(($(grep -c '^{"broken' "$work/events") + partitions))
results="$work/results.ndjson"
: >"$results"
letters=0
for rep in $(seq "$reps"); do
  echo "  run $rep/$reps: 1 daemon" >&2
  letters=$((letters + malformed))
  start=$(now)
  daemon_in "one-$rep" "$work/one-$rep"
  one=$run
  end=$(done_at "$letters" "one-$rep" "$one")
  echo "{\"name\": \"1 daemon\", \"seconds\": $(seconds "$start" "$end")}" >>"$results"
  stop_alertd "$one"

  echo "  run $rep/$reps: restore" >&2
  daemon_in "one-$rep" "$work/restore-$rep"
  until grep -q "assigned partitions [0-9]" "$work/alertd.$run.err"; do
    kill -0 "$daemon" 2>/dev/null || fail "alertd exited: $(tail -3 "$work/alertd.$run.err")"
    sleep 0.05
  done
  grep "changelog records" "$work/alertd.$run.err" | sed -E 's/.*restored ([0-9]+) changelog records.* in ([0-9.]+) s.*/\1 \2/' |
    awk '{ r += $1; s += $2 } END { printf "{\"name\": \"restore\", \"records\": %d, \"seconds\": %.3f}\n", r, s }' >>"$results"
  stop_alertd "$run"

  echo "  run $rep/$reps: 3 daemons" >&2
  letters=$((letters + malformed))
  start=$(now)
  for i in 1 2 3; do daemon_in "three-$rep" "$work/three-$rep-$i"; done
  end=$(done_at "$letters" "three-$rep" $((run - 2)) $((run - 1)) "$run")
  echo "{\"name\": \"3 daemons\", \"seconds\": $(seconds "$start" "$end")}" >>"$results"

  echo "  run $rep/$reps: loss" >&2
  victim=$((run - 2))
  killed_at=$(now)
  kill -KILL "${daemons[$victim]}"
  wait "${daemons[$victim]}" 2>/dev/null || true
  python3 - "$work" "$killed_at" "$victim" $((run - 1)) "$run" >>"$results" <<'PY'
import datetime, json, re, sys, time
work, killed_at, victim, others = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]
line = re.compile(r"^(\S+) \S+ info: assigned partitions (.+) of events$")
def assignments(run):
    for l in open(f"{work}/alertd.{run}.err"):
        m = line.match(l)
        if m:
            at = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
            yield at, {int(p.split("@")[0]) for p in m.group(2).split()}
held = set()
for at, partitions in assignments(victim):
    held = partitions
deadline = time.time() + 120
while True:
    waits = {}
    for run in others:
        for at, partitions in assignments(run):
            for p in partitions & held:
                if at > killed_at:
                    waits[p] = min(waits.get(p, 1e9), at - killed_at)
    if waits.keys() >= held or time.time() > deadline:
        break
    time.sleep(0.1)
if not held or waits.keys() < held:
    sys.exit(f"the killed daemon's partitions {sorted(held)} were not all assigned again: {waits}")
print(json.dumps({"name": "loss", "seconds": round(max(waits.values()), 3), "partitions": len(held)}))
PY
  stop_alertd $((run - 1))
  stop_alertd "$run"
done
# A restore read each changelog from its start: the mock kept all of it.
for rep in $(seq "$reps"); do
  for p in $(seq 0 $((partitions - 1))); do
    first=$(kcat -b "$bootstrap" -C -t "one-$rep-changelog" -p "$p" -o beginning -c 1 -e -q -f '%o')
    [[ -z $first || $first == 0 ]] || fail "the mock dropped the start of one-$rep-changelog partition $p: use more partitions"
  done
done
out="$root/bench/group_results.json"
((routed)) && out="$root/bench/group_results_routed.json"
if ((routed)); then
  echo "{\"name\": \"repartition messages\", \"count\": $(routed_messages one-1)}" >>"$results"
fi
python3 - "$results" "$events" "$partitions" "$session_ms" "$out" <<'PY'
import json, statistics, sys
results, events, partitions, session_ms, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
runs = [json.loads(l) for l in open(results)]
def of(name):
    return [r for r in runs if r["name"] == name]
table = {}
for name in ["1 daemon", "3 daemons"]:
    s = statistics.median(r["seconds"] for r in of(name))
    table[name] = {"seconds": s, "events_per_second": round(events / s), "runs": [r["seconds"] for r in of(name)]}
table["3 daemons"]["of_1_daemon"] = round(table["3 daemons"]["events_per_second"] / table["1 daemon"]["events_per_second"], 3)
rates = [r["records"] / r["seconds"] for r in of("restore") if r["seconds"] > 0]
table["restore"] = {"records_per_second": round(statistics.median(rates)),
                    "runs": [{"records": r["records"], "seconds": r["seconds"]} for r in of("restore")]}
table["loss"] = {"seconds": statistics.median(r["seconds"] for r in of("loss")),
                 "runs": [r["seconds"] for r in of("loss")], "session_timeout_ms": session_ms}
summary = {"events": events, "partitions": partitions, "results": table}
if of("repartition messages"):
    summary["repartition_messages"] = of("repartition messages")[0]["count"]
json.dump(summary, open(out, "w"), indent=2)
print(json.dumps(summary, indent=2))
PY
