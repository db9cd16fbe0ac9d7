#!/usr/bin/env bash
# The end-to-end benchmark of the windowed engine, in one run (ratios are
# taken within it; the machines are shared and noisy). On generated events
# and the generated rule set of RULES rules:
#   counts     alertc run --counts: `when` matches only, no engine state
#   plain      alertc run: the engine, the rules as generated (no windows: an
#              alert per matching event)
#   tumbling   alertc run: the same rules grouped by tenant, tumbling 1m,
#              fire when count() >= 3
#   sliding    the same, sliding 5m every 1m, fire when count() >= 3 &&
#              count_distinct($.actor.ip) >= 2
# then memory per (rule, key, open window): 1,000 generated rules grouped by
# $.eventId (a new key per matching event) in a 7-day tumbling window that
# stays open; the peak RSS above that of the same rules without windows,
# divided by the windows left open, and the engine's own estimate; and the
# same for the RULES rules grouped by tenant in 2-hour windows sliding every
# minute (about 120 open windows per key).
# Writes the table into bench/RESULTS.md.
#
# Usage: bench/window_bench.sh [EVENTS (default 1000000)] [RULES (default 100)]
#   ALERT_BENCH_REPS (default 3): runs per measurement, the median is kept
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
events="${1:-1000000}"
rules="${2:-100}"
reps="${ALERT_BENCH_REPS:-3}"
build="$root/build"

"$root/tools/install_deps.sh"
command -v python3 >/dev/null || sudo apt-get install -y -qq python3
"$root/tools/configure.sh" build
cmake --build "$build" --target alertc alert-gen >/dev/null
alertc="$build/tools/alertc/alertc"
gen="$build/bench/alert-gen"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "generating $events events and $rules rules in $work" >&2
"$gen" events --count "$events" --seed 1 >"$work/events.ndjson"
"$gen" rules --count "$rules" --seed 2 >"$work/plain.alert"
"$gen" rules --count 1000 --seed 2 >"$work/plain_1000.alert"
# with_clauses_of RULES NAME CLAUSES: the rules with CLAUSES before each closing brace.
with_clauses_of() { sed "s/^}\$/  $3\n}/" "$work/$1.alert" >"$work/$2.alert"; }
with_clauses() { with_clauses_of plain "$@"; }
with_clauses tumbling 'group by $.customerId window tumbling 1m fire when count() >= 3'
with_clauses sliding 'group by $.customerId window sliding 5m every 1m fire when count() >= 3 \&\& count_distinct($.actor.ip) >= 2'
with_clauses_of plain_1000 memory 'group by $.eventId window tumbling 7d fire when count() >= 2'
with_clauses memory_sliding 'group by $.customerId window sliding 2h every 1m fire when count() >= 1000000'

results="$work/results.ndjson"
: >"$results"
run() {  # run NAME REPS ARGS...: alertc run on the events, REPS times, each recorded
  local name="$1" n="$2"
  shift 2
  for ((i = 0; i < n; i++)); do
    echo "  $name, run $((i + 1))/$n" >&2
    "$alertc" run "$@" --events "$work/events.ndjson" --set time_path=\$.tsMillis --stats "$work/last.json" >/dev/null
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["name"]=sys.argv[2]; print(json.dumps(d))' \
      "$work/last.json" "$name" >>"$results"
  done
}
run counts "$reps" "$work/plain.alert" --counts
run plain "$reps" "$work/plain.alert"
run tumbling "$reps" "$work/tumbling.alert"
run sliding "$reps" "$work/sliding.alert"
run plain_1000 1 "$work/plain_1000.alert"
run memory 1 "$work/memory.alert"
run memory_sliding 1 "$work/memory_sliding.alert"

python3 "$root/bench/write_window_results.py" "$results" "$events" "$rules" "$root/bench/RESULTS.md" \
  "bench/window_bench.sh $* (ALERT_BENCH_REPS=$reps)"
echo "bench/RESULTS.md updated" >&2
