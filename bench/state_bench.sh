#!/usr/bin/env bash
# End to end, whole processes, in one run (ratios within it): the cost of
# durable state and the start-up of a rule set.
#   memory     alertc run, 1,000 generated rules grouped by tenant in tumbling
#              1m windows, over EVENTS generated events, all in memory
#   state      the same with --state DIR (RocksDB, a checkpoint every 10,000
#              events and at the end, history recorded)
#   start-up   alertc run of the 1,000 rules over one event: without state;
#              with --state in a new directory (cold: every rule compiled in
#              the background, the event decided by the interpreter); again
#              on the same directory with one more event (warm: the code
#              cache links the objects); and `alertc --help` (the process
#              alone: loading libLLVM and the other libraries)
# Prints a Markdown table; the median of REPS runs each.
#
# Usage: bench/state_bench.sh [EVENTS (default 1000000)]
#   ALERT_BENCH_REPS (default 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
events="${1:-1000000}"
reps="${ALERT_BENCH_REPS:-3}"
build="$root/build"
"$root/tools/install_deps.sh"
"$root/tools/configure.sh" build
cmake --build "$build" --target alertc alert-gen >/dev/null
alertc="$build/tools/alertc/alertc"
gen="$build/bench/alert-gen"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$gen" events --count "$events" --seed 1 >"$work/events.ndjson"
"$gen" rules --count 1000 --seed 2 | sed 's/^}$/  group by $.customerId window tumbling 1m fire when count() >= 3\n}/' >"$work/rules.alert"
head -n 1 "$work/events.ndjson" >"$work/one.ndjson"
set_time='time_path=$.tsMillis'

# median SECONDS... of a command run REPS times (each after `prepare`).
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f\n", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
measure() {  # name, then the command (a fresh state directory per run when it names $work/st)
  local name=$1
  shift
  for _ in $(seq "$reps"); do
    rm -rf "$work/st"
    seconds "$@"
  done | median | sed "s/^/$name /"
}
{
  measure memory "$alertc" run "$work/rules.alert" --events "$work/events.ndjson" --set "$set_time"
  measure state "$alertc" run "$work/rules.alert" --events "$work/events.ndjson" --set "$set_time" --state "$work/st"
  measure startup_memory "$alertc" run "$work/rules.alert" --events "$work/one.ndjson" --set "$set_time"
  measure startup_cold "$alertc" run "$work/rules.alert" --events "$work/one.ndjson" --set "$set_time" --state "$work/st"
  for _ in $(seq "$reps"); do
    rm -rf "$work/st"
    head -n 1 "$work/events.ndjson" >"$work/grow.ndjson"
    # The first run compiles every batch (its compile thread finishes before exit when the events take long enough).
    "$alertc" run "$work/rules.alert" --events "$work/grow.ndjson" --set "$set_time" --state "$work/st" --wait-for-compiles >/dev/null
    sed -n 2p "$work/events.ndjson" >>"$work/grow.ndjson"
    seconds "$alertc" run "$work/rules.alert" --events "$work/grow.ndjson" --set "$set_time" --state "$work/st"
  done | median | sed 's/^/startup_warm /'
  measure process "$alertc" --help
} >"$work/results.txt"
cat "$work/results.txt" >&2
awk -v events="$events" '
  { t[$1] = $2 }
  END {
    printf "| run | seconds | events/s | ratio |\n|---|---:|---:|---:|\n"
    printf "| in memory | %.2f | %.0f | 1.00x |\n", t["memory"], events / t["memory"]
    printf "| --state (RocksDB, checkpoint every 10,000) | %.2f | %.0f | %.2fx |\n", t["state"], events / t["state"], t["memory"] / t["state"]
    printf "\n| start-up, 1,000 rules, one event | ms |\n|---|---:|\n"
    printf "| the process alone (alertc --help) | %.0f |\n", t["process"] * 1000
    printf "| in memory (interpreter first) | %.0f |\n", t["startup_memory"] * 1000
    printf "| --state, cold | %.0f |\n", t["startup_cold"] * 1000
    printf "| --state, warm (code cache) | %.0f |\n", t["startup_warm"] * 1000
  }' "$work/results.txt"
