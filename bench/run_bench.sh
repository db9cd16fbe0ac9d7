#!/usr/bin/env bash
# The end-to-end benchmark of the event runtime, all on one generated file and
# in one run (the machines are shared and noisy: ratios are taken within it):
#   floor      alert-floor: simdjson on-demand, every key and value read
#   dom        alert-floor --dom: simdjson's DOM parser alone
#   baseline   alert-baseline: DOM + one JSON Pointer lookup per condition,
#              rules grouped by tenant
#   jit        alertc run --counts (rule index + compiled predicates)
#   interp     alertc run --counts --engine interp (every rule in scope, the
#              reference interpreter)
# at 1, 10, 100 and 1,000 generated rules; checks that the three evaluators
# count alike; then memory over 10,000,000 events streamed from alert-gen.
# Writes the tables into bench/RESULTS.md.
#
# Usage: bench/run_bench.sh [EVENTS (default 1000000)]
#   ALERT_BENCH_REPS (default 3): runs per measurement, the median is kept
#   ALERT_BENCH_MEMORY_EVENTS (default 10000000; 0 skips the memory run)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
events="${1:-1000000}"
reps="${ALERT_BENCH_REPS:-3}"
memory_events="${ALERT_BENCH_MEMORY_EVENTS:-10000000}"
build="$root/build"

"$root/tools/install_deps.sh"
command -v python3 >/dev/null || sudo apt-get install -y -qq python3
"$root/tools/configure.sh" build
cmake --build "$build" --target alertc alert-gen alert-floor alert-baseline >/dev/null
alertc="$build/tools/alertc/alertc"
gen="$build/bench/alert-gen"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "generating $events events and rule sets in $work" >&2
"$gen" events --count "$events" --seed 1 >"$work/events.ndjson"
for n in 1 10 100 1000; do "$gen" rules --count "$n" --seed 2 >"$work/rules_$n.alert"; done

results="$work/results.ndjson"
: >"$results"
# record NAME RULES RUN_JSON_FILE: appends one measurement.
record() { python3 -c 'import json,sys; d=json.load(open(sys.argv[3])); d.update(name=sys.argv[1], rules=int(sys.argv[2])); print(json.dumps(d))' "$@" >>"$results"; }

measure() {  # measure NAME RULES REPS COMMAND...: runs it REPS times, records each
  local name="$1" rules="$2" n="$3"
  shift 3
  for ((i = 0; i < n; i++)); do
    echo "  $name, $rules rules, run $((i + 1))/$n" >&2
    "$@"
    record "$name" "$rules" "$work/last.json"
  done
}

floor() { "$build/bench/alert-floor" "$work/events.ndjson" "$@" >"$work/last.json"; }
baseline() { "$build/bench/alert-baseline" "$work/rules_$1.alert" "$work/events.ndjson" >"$work/counts_baseline_$1.json" 2>"$work/last.json"; }
run() {
  local n="$1"
  shift
  "$alertc" run "$work/rules_$n.alert" --events "$work/events.ndjson" --counts --stats "$work/last.json" "$@" \
    >"$work/counts_$n$*.json"
}

measure floor 0 "$reps" floor
measure dom 0 "$reps" floor --dom
for n in 1 10 100 1000; do
  measure baseline "$n" "$reps" baseline "$n"
  measure jit "$n" "$reps" run "$n"
  measure interp "$n" 1 run "$n" --engine interp
  for other in "$work/counts_baseline_$n.json" "$work/counts_$n--engine interp.json"; do
    if ! cmp -s "$work/counts_$n.json" "$other"; then
      echo "run_bench: counts differ at $n rules: $work/counts_$n.json vs $other" >&2
      trap - EXIT
      exit 1
    fi
  done
done
measure jit-2-threads 1000 "$reps" run 1000 --threads 2

if ((memory_events > 0)); then
  for count in $((memory_events / 10)) "$memory_events"; do
    echo "  memory: $count events streamed through alertc run, 1000 rules" >&2
    "$gen" events --count "$count" --seed 3 |
      "$alertc" run "$work/rules_1000.alert" --events - --counts --stats "$work/last.json" >/dev/null
    record memory 1000 "$work/last.json"
  done
fi

bytes="$(stat -c %s "$work/events.ndjson")"
python3 "$root/bench/write_results.py" "$results" "$bytes" "$events" "$root/bench/RESULTS.md" \
  "bench/run_bench.sh $* (ALERT_BENCH_REPS=$reps)"
echo "bench/RESULTS.md updated" >&2
