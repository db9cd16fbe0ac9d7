#!/usr/bin/env bash
# The end-to-end benchmark of the event path, as users run it: each figure is
# the wall time of a whole process (start-up, rule compilation and reading
# included), on generated files, all in one run (the machines are shared and
# noisy: ratios are taken within it). On two workloads (alert-gen --mix
# generated and --mix wide, bench/common/workload.h), at 1, 10, 100 and
# 1,000 rules:
#   ondemand   alert-floor: simdjson's on-demand walk of every key and value
#   dom        alert-floor --dom: simdjson's DOM parser alone (parse_many)
#   baseline   alert-baseline: DOM (parse_many) + one JSON Pointer lookup per
#              condition, rules grouped by tenant
#   jit        alertc run --counts (rule index + compiled predicates)
#   windowed   alertc run: the windowed engine, notifications to /dev/null
#   interp     alertc run --counts --engine interp (the reference, once: its
#              counts must equal the others')
# then jit with --threads 2 at 1,000 rules, and memory over 10,000,000 events
# streamed from alert-gen. Writes the tables into bench/RESULTS.md.
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
alertc="$build/tools/alertc/alertc" gen="$build/bench/alert-gen"
floor="$build/bench/alert-floor" baseline="$build/bench/alert-baseline"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$work/results.ndjson"
: >"$results"

# measure WORKLOAD NAME RULES OUT COMMAND...: one whole-process run, its
# stdout to OUT; records the wall time.
measure() {
  local workload="$1" name="$2" rules="$3" out="$4"
  shift 4
  local start end
  start=$(date +%s%N)
  "$@" >"$out"
  end=$(date +%s%N)
  echo "{\"workload\": \"$workload\", \"name\": \"$name\", \"rules\": $rules, \"seconds\": $(((end - start) / 1000))e-6}" >>"$results"
}

same_counts() {  # same_counts A B: the two count files are equal
  cmp -s "$1" "$2" || {
    echo "run_bench: counts differ: $1 vs $2" >&2
    trap - EXIT
    exit 1
  }
}

declare -A bytes
for mix in generated wide; do
  dir="$work/$mix"
  mkdir -p "$dir"
  echo "$mix: generating $events events and rule sets in $dir" >&2
  "$gen" events --count "$events" --seed 1 --mix "$mix" >"$dir/events.ndjson"
  bytes[$mix]=$(stat -c %s "$dir/events.ndjson")
  for n in 1 10 100 1000; do "$gen" rules --count "$n" --seed 2 --mix "$mix" >"$dir/rules_$n.alert"; done
  for rep in $(seq "$reps"); do
    echo "  $mix, run $rep/$reps" >&2
    measure "$mix" ondemand 0 /dev/null "$floor" "$dir/events.ndjson"
    measure "$mix" dom 0 /dev/null "$floor" "$dir/events.ndjson" --dom
    for n in 1 10 100 1000; do
      measure "$mix" baseline "$n" "$dir/counts_baseline_$n.json" "$baseline" "$dir/rules_$n.alert" "$dir/events.ndjson"
      measure "$mix" jit "$n" "$dir/counts_jit_$n.json" "$alertc" run "$dir/rules_$n.alert" --events "$dir/events.ndjson" --counts
      measure "$mix" windowed "$n" /dev/null "$alertc" run "$dir/rules_$n.alert" --events "$dir/events.ndjson" \
        --set 'time_path=$.tsMillis'
    done
    measure "$mix" jit-2-threads 1000 /dev/null "$alertc" run "$dir/rules_1000.alert" --events "$dir/events.ndjson" \
      --counts --threads 2
  done
  for n in 1 10 100 1000; do
    echo "  $mix, $n rules: the interpreter's counts" >&2
    measure "$mix" interp "$n" "$dir/counts_interp_$n.json" "$alertc" run "$dir/rules_$n.alert" \
      --events "$dir/events.ndjson" --counts --engine interp
    same_counts "$dir/counts_jit_$n.json" "$dir/counts_interp_$n.json"
    same_counts "$dir/counts_jit_$n.json" "$dir/counts_baseline_$n.json"
  done
done

if ((memory_events > 0)); then
  for count in $((memory_events / 10)) "$memory_events"; do
    echo "  memory: $count events streamed through alertc run, 1000 rules" >&2
    "$gen" events --count "$count" --seed 3 |
      "$alertc" run "$work/generated/rules_1000.alert" --events - --counts --stats "$work/memory.json" >/dev/null
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["name"]="memory"; print(json.dumps(d))' \
      "$work/memory.json" >>"$results"
  done
fi

python3 "$root/bench/write_results.py" "$results" "$events" "${bytes[generated]}" "${bytes[wide]}" \
  "$root/bench/RESULTS.md" "bench/run_bench.sh $* (ALERT_BENCH_REPS=$reps)"
echo "bench/RESULTS.md updated" >&2
