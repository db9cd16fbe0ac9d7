#!/usr/bin/env bash
# alertd end to end on an embedded Kafka, all in one run (ratios are taken
# within it): the events topic is preloaded with generated events (keyed by
# event id: even partitions; as many as the mock keeps, 5 MiB a partition)
# and a last invalid event per partition, then, each REPS times:
#   floor      kcat -C reading the whole topic to /dev/null (the consume floor)
#   floor, 4 MiB fetches   the same with alertd's fetch.max.bytes (README,
#              "Settings"), so that the consume alertd does is also compared
#              with a plain consumer of the same fetches
#   alertc     alertc run RULES --events FILE (the same events from a file, one engine)
#   alertd/1   alertd --set threads=1 from a fresh data directory and consumer
#              group until it logs that every partition is at its end
#   alertd/2   the same with threads=2
#   alertd/2, history off   threads=2 and record_history=off (what the
#              history of every event costs)
#   alertd/2, HTTP load     threads=2 while bench/http_load.py scrapes
#              /metrics every 100 ms and posts /try back to back (from
#              assignment to caught up): two client processes sharing the
#              machine, at normal priority (ALERT_LOAD_TRY_NICE: the /try
#              client's nice value, to see what its own loop takes)
# alertd's rate is events over the time from its assignment to caught up;
# its wall time counts the whole process (start-up, compile, group join).
# Each alertd run also records where the CPU went: alertd's threads by name
# (bench/thread_cpu.py, the whole process), the embedded Kafka's over the
# same run, and the load generator's own.
# Writes bench/alertd_results.json, from which bench/RESULTS.md's table is
# written.
#
# Usage: bench/alertd_bench.sh [EVENTS (default 200000) [PARTITIONS (default 40) [RULES (default 1000)]]]
#   ALERT_BENCH_REPS (default 3): runs per measurement, the median is kept
#   ALERT_BENCH_VARIANTS (default "1 2 2-nohistory 2-http"): the alertd runs
#   (THREADS, -nohistory, -http), for a quicker look at some of them: the
#   figures are printed, bench/alertd_results.json is left as it was
#   ALERTD: the alertd binary to measure (default: this build's), to set
#   another commit's beside this one
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
events="${1:-200000}" partitions="${2:-40}" rules_count="${3:-1000}"
reps="${ALERT_BENCH_REPS:-3}"
build="$root/build"

"$root/tools/install_deps.sh"
"$root/tools/configure.sh" build
cmake --build "$build" --target alertc alertd alert-gen >/dev/null
alertc="$build/tools/alertc/alertc" alertd="${ALERTD:-$build/tools/alertd/alertd}" gen="$build/bench/alert-gen"
work="$(mktemp -d)"
source "$root/tests/daemon/daemon_lib.sh"  # start_kafka, keyed, produce, read_topic, fail

echo "generating $events events and $rules_count rules in $work" >&2
"$gen" events --count "$events" --seed 1 >"$work/events.ndjson"
"$gen" rules --count "$rules_count" --seed 2 >"$work/rules.alert"
# Every run is a group of its own, with a changelog of its own.
read -ra variants <<<"${ALERT_BENCH_VARIANTS:-1 2 2-nohistory 2-http}"
groups=()
for rep in $(seq "$reps"); do for variant in "${variants[@]}"; do groups+=(--group "bench-$rep-$variant"); done; done
start_kafka "$partitions" "${groups[@]}"
keyed "$work/events.ndjson" eventId >"$work/keyed"
produce "$work/keyed" events
for p in $(seq 0 $((partitions - 1))); do echo "end"$'\t''{"end": ' | produce /dev/stdin events "$p"; done
total=$(kcat -b "$bootstrap" -C -t events -o beginning -e -q -f 'x\n' | wc -l)
((total == events + partitions)) || fail "the topic holds $total messages, not $((events + partitions)): use more partitions"
bytes=$(stat -c %s "$work/events.ndjson")

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# The epoch seconds of log line $2 of file $1 (its ISO timestamp).
logged_at() { date -d "$(grep -m1 "$2" "$1" | cut -d' ' -f1)" +%s.%N; }
results="$work/results.ndjson"
: >"$results"

for rep in $(seq "$reps"); do
  echo "  run $rep/$reps: floor" >&2
  start=$(now)
  kcat -b "$bootstrap" -C -t events -o beginning -e -q >/dev/null
  echo "{\"name\": \"floor\", \"seconds\": $(seconds "$start" "$(now)")}" >>"$results"
  start=$(now)
  kcat -b "$bootstrap" -X fetch.max.bytes=4194304 -C -t events -o beginning -e -q >/dev/null
  echo "{\"name\": \"floor, 4 MiB fetches\", \"seconds\": $(seconds "$start" "$(now)")}" >>"$results"

  echo "  run $rep/$reps: alertc" >&2
  start=$(now)
  "$alertc" run "$work/rules.alert" --events "$work/events.ndjson" --set 'time_path=$.tsMillis' >/dev/null
  echo "{\"name\": \"alertc\", \"seconds\": $(seconds "$start" "$(now)")}" >>"$results"

  for variant in "${variants[@]}"; do
    threads=${variant%%-*}
    history=on name="alertd/$threads"
    [[ $variant == *nohistory ]] && history=off name="alertd/$threads, history off"
    [[ $variant == *http ]] && name="alertd/$threads, HTTP load"
    echo "  run $rep/$reps: $name" >&2
    log="$work/alertd.$rep.$variant.err"
    rm -rf "$work/data"
    python3 "$root/bench/thread_cpu.py" "$kafka" >"$work/kafka_cpu.json"
    start=$(now)
    "$alertd" -X "bootstrap.servers=$bootstrap" --data-dir "$work/data" --rules "$work/rules.alert" --http 127.0.0.1:0 \
      --set group_id="bench-$rep-$variant" --set threads="$threads" --set record_history=$history \
      --set 'time_path=$.tsMillis' 2>"$log" &
    daemon=$!
    pids+=("$daemon")
    load=""
    if [[ $variant == *http ]]; then
      until grep -q "assigned partitions" "$log"; do
        kill -0 "$daemon" 2>/dev/null || fail "alertd exited: $(tail -3 "$log")"
        sleep 0.02
      done
      address=$(sed -n 's/.*http: listening on \([0-9.:]*\).*/\1/p' "$log" | head -1)
      python3 "$root/bench/http_load.py" "$address" scrape >"$work/scrape.json" &
      scraper=$!
      nice -n "${ALERT_LOAD_TRY_NICE:-0}" python3 "$root/bench/http_load.py" "$address" try >"$work/try.json" &
      load=$!
    fi
    until grep -q "caught up" "$log"; do
      kill -0 "$daemon" 2>/dev/null || fail "alertd exited: $(tail -3 "$log")"
      sleep 0.02
    done
    wall=$(seconds "$start" "$(now)")
    if [[ -n $load ]]; then
      kill -TERM "$scraper" "$load"
      wait "$scraper" "$load" || true  # a load killed before it set its handler prints nothing
      [[ -s $work/scrape.json ]] || echo '{"scrapes": 0, "errors": 0, "cpu_seconds": 0}' >"$work/scrape.json"
      [[ -s $work/try.json ]] || echo '{"tries": 0, "errors": 0, "cpu_seconds": 0}' >"$work/try.json"
      python3 -c 'import json, sys; s, t = (json.load(open(f)) for f in sys.argv[1:]); print(json.dumps({
          "scrapes": s["scrapes"], "tries": t["tries"], "errors": s["errors"] + t["errors"],
          "scrape_cpu_seconds": s["cpu_seconds"], "try_cpu_seconds": t["cpu_seconds"]}))' \
        "$work/scrape.json" "$work/try.json" >"$work/load.json"
      echo "    HTTP load: $(cat "$work/load.json")" >&2
    fi
    cpu=$(python3 "$root/bench/thread_cpu.py" "$daemon")
    kafka_cpu=$(python3 "$root/bench/thread_cpu.py" "$kafka" --since "$work/kafka_cpu.json")
    kill -TERM "$daemon"
    wait "$daemon"
    rate_seconds=$(seconds "$(logged_at "$log" "assigned partitions")" "$(logged_at "$log" "caught up")")
    echo "{\"name\": \"$name\", \"seconds\": $rate_seconds, \"wall\": $wall, \"cpu\": $cpu, \"kafka_cpu\": $kafka_cpu${load:+, \"load\": $(cat "$work/load.json")}}" >>"$results"
  done
done
python3 - "$results" "$events" "$bytes" "$partitions" "$rules_count" "$root/bench/alertd_results.json" <<'PY'
import json, statistics, sys
results, events, bytes_, partitions, rules, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
runs = [json.loads(l) for l in open(results)]
table = {}
all_daemons = ["alertd/1", "alertd/2", "alertd/2, history off", "alertd/2, HTTP load"]
daemons = [name for name in all_daemons if any(r["name"] == name for r in runs)]
for name in ["floor", "floor, 4 MiB fetches", "alertc"] + daemons:
    mine = [r for r in runs if r["name"] == name]
    s = statistics.median(r["seconds"] for r in mine)
    row = {"seconds": s, "events_per_second": round(events / s), "runs": [r["seconds"] for r in mine]}
    if "wall" in mine[0]:
        row["wall_seconds"] = statistics.median(r["wall"] for r in mine)
        # CPU seconds by thread, medians over the runs (alertd's whole
        # process; the embedded Kafka's during the run)
        for field in ["cpu", "kafka_cpu"]:
            names = sorted({k for r in mine for k in r[field]})
            row[field] = {k: round(statistics.median(r[field].get(k, 0.0) for r in mine), 2) for k in names}
    table[name] = row
if "alertd/2, HTTP load" in table and "alertd/2" in table:
    table["alertd/2, HTTP load"]["of_no_load"] = round(table["alertd/2, HTTP load"]["events_per_second"] /
                                                      table["alertd/2"]["events_per_second"], 3)
    table["alertd/2, HTTP load"]["load"] = [r["load"] for r in runs if r["name"] == "alertd/2, HTTP load"]
for name in ["alertc"] + daemons:
    table[name]["of_floor"] = round(table[name]["events_per_second"] / table["floor"]["events_per_second"], 3)
    table[name]["of_floor_4mib"] = round(table[name]["events_per_second"] /
                                         table["floor, 4 MiB fetches"]["events_per_second"], 3)
summary = {"events": events, "bytes": bytes_, "partitions": partitions, "rules": rules, "results": table}
if daemons == all_daemons:
    json.dump(summary, open(out, "w"), indent=2)
print(json.dumps(summary, indent=2))
PY
