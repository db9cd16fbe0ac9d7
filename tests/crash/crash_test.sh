#!/usr/bin/env bash
# Crash test of `alertc run --state`: kills it with SIGKILL at random points
# (seeded) and restarts it each time until it completes, then checks against
# one uninterrupted run that
#   - the set of distinct alert_ids printed by all runs together is the same,
#   - no notification of the uninterrupted run is missing (lines compared
#     without processing_time, the wall clock),
#   - the final stats (events, matched, alerts fired and resolved, keys,
#     open windows, duplicates, malformed) are equal.
# The events come from alert-gen, with some lines repeated (the same event
# twice: `dedupe by`) and some broken (counted as malformed); the first
# tenth is the history file (for `backfill`).
#
# usage: crash_test.sh ALERTC ALERT_GEN [EVENTS [KILLS [SEED [WORKDIR]]]]
#   defaults: 1000000 events, 20 kills, seed 1, a temporary directory
set -euo pipefail

alertc=$1
gen=$2
events=${3:-1000000}
kills=${4:-20}
seed=${5:-1}
keep=${6:+yes}
work=${6:-$(mktemp -d "${TMPDIR:-/tmp}/alertjit-crash-XXXXXX")}
here=$(cd "$(dirname "$0")" && pwd)
rules="$here/rules.alert"
mkdir -p "$work"
rm -rf "$work/state" "$work/state-once" "$work"/run.*
cleanup() { [[ -n "$keep" ]] || rm -rf "$work"; }
trap cleanup EXIT

# The input: generated events, every 997th repeated, every 4999th broken.
"$gen" events --count "$events" --seed "$seed" |
  awk '{ print } NR % 997 == 0 { print } NR % 4999 == 0 { print "{\"broken\": " }' >"$work/all.ndjson"
total=$(wc -l <"$work/all.ndjson")
head -n $((total / 10)) "$work/all.ndjson" >"$work/history.ndjson"
tail -n +$((total / 10 + 1)) "$work/all.ndjson" >"$work/events.ndjson"
run=("$alertc" run "$rules" --history "$work/history.ndjson" --events "$work/events.ndjson" --set 'time_path=$.tsMillis')

# One uninterrupted run all in memory, and one with --state (the same
# notifications; its time spaces the kills).
"${run[@]}" --stats "$work/want.json" >"$work/want.ndjson" 2>"$work/want.err"
start=$(date +%s.%N)
"${run[@]}" --state "$work/state-once" --stats "$work/once.json" >"$work/once.ndjson" 2>"$work/once.err"
seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
strip() { sed -E 's/"processing_time":[0-9]+,//' "$1"; }
if ! cmp -s <(strip "$work/want.ndjson") <(strip "$work/once.ndjson"); then
  echo "crash_test: FAIL: with --state, one uninterrupted run differs from the run in memory" >&2
  exit 1
fi
echo "crash_test: uninterrupted: $(wc -l <"$work/want.ndjson") notifications; with --state in ${seconds}s"

# Runs killed at seeded random points, each resuming from the store.
RANDOM=$seed
state="$work/state"
runs=0 killed=0
while :; do
  runs=$((runs + 1))
  "${run[@]}" --state "$state" --stats "$work/got.json" >"$work/run.$runs.ndjson" 2>"$work/run.$runs.err" &
  pid=$!
  if ((killed < kills)); then
    # On average 1/KILLS of an uninterrupted run's time after the start, so
    # that the kills spread over the whole input.
    delay=$(awk -v t="$seconds" -v k="$kills" -v r="$RANDOM" 'BEGIN { printf "%.3f", 2 * t / k * r / 32768 + 0.02 }')
    sleep "$delay"
    if kill -KILL "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      killed=$((killed + 1))
      continue
    fi
  fi
  if ! wait "$pid"; then
    echo "crash_test: run $runs failed:" >&2
    cat "$work/run.$runs.err" >&2
    exit 1
  fi
  break
done
echo "crash_test: $killed kills, $runs runs"

python3 - "$work" "$runs" <<'PY'
import json, re, sys
work, runs = sys.argv[1], int(sys.argv[2])
strip = lambda line: re.sub(r'"processing_time":\d+,', '', line)
want = [strip(l) for l in open(f"{work}/want.ndjson").read().splitlines()]
got = []
for r in range(1, runs + 1):
    text = open(f"{work}/run.{r}.ndjson").read()
    lines = text.split("\n")[:-1]  # a killed run's last line may be cut short: it is printed again later
    got += [strip(l) for l in lines]
ids = lambda lines: {json.loads(l)["alert_id"] for l in lines}
problems = []
if ids(want) != ids(got):
    problems.append(f"alert_ids: {len(ids(want) - ids(got))} missing, {len(ids(got) - ids(want))} extra")
missing = set(want) - set(got)
if missing:
    problems.append(f"{len(missing)} notifications missing, e.g. {sorted(missing)[0][:300]}")
a, b = json.load(open(f"{work}/want.json")), json.load(open(f"{work}/got.json"))
for k in ["events", "matched", "alerts_fired", "alerts_resolved", "keys", "open_windows", "duplicates",
          "late_events", "malformed_events", "untimed_events"]:
    if a[k] != b[k]:
        problems.append(f"stats {k}: uninterrupted {a[k]}, killed and resumed {b[k]}")
repeated = len(got) - len(set(got))
print(f"crash_test: {len(want)} notifications, {len(ids(want))} alert_ids; the killed runs printed {len(got)} "
      f"lines ({repeated} repeated after a restart); events {b['events']}, matched {b['matched']}, fired "
      f"{b['alerts_fired']}, resolved {b['alerts_resolved']}, keys {b['keys']}, open windows {b['open_windows']}, "
      f"duplicates {b['duplicates']}, malformed {b['malformed_events']}")
for p in problems:
    print("crash_test: FAIL:", p)
sys.exit(1 if problems else 0)
PY
