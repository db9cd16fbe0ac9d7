#!/usr/bin/env bash
# alertd's latency: events produced at a steady RATE (events/s) for SECONDS
# to an embedded Kafka, through a daemon with one rule that alerts on every
# match; for each alert, the time from its event's produce timestamp to the
# alert's (both set by the producing client: kcat, then alertd). Prints the
# percentiles as JSON and writes them into bench/alertd_latency.json.
#
# Usage: bench/alertd_latency.sh [RATE (default 20000) [SECONDS (default 10) [THREADS (default 0: one per core)]]]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rate="${1:-20000}" seconds="${2:-10}" threads="${3:-0}"
build="$root/build"
"$root/tools/install_deps.sh"
"$root/tools/configure.sh" build
cmake --build "$build" --target alertd alert-gen >/dev/null
alertd="$build/tools/alertd/alertd" gen="$build/bench/alert-gen"
work="$(mktemp -d "${TMPDIR:-/tmp}/alertd-latency-XXXXXX")"
source "$root/tests/daemon/daemon_lib.sh"

events=$((rate * seconds))
"$gen" events --count "$events" --seed 5 >"$work/events.ndjson"
keyed "$work/events.ndjson" eventId >"$work/keyed"  # even partitions
cat >"$work/rules.alert" <<'RULES'
rule every_zoom {
  when $.application == "Zoom"
}
RULES
start_kafka $((events / 4000 + 4))  # about 3 MiB per partition: the mock keeps 5
start_alertd --rules "$work/rules.alert" --set 'time_path=$.tsMillis' --set threads="$threads" ${ALERTD_SET:+--set "$ALERTD_SET"}
until grep -q "assigned partitions" "$work/alertd.$run.err"; do sleep 0.05; done
sleep 1
# A steady rate: a slice of lines every 10 ms.
python3 - "$work/keyed" "$rate" <<'PY' | kcat -b "$bootstrap" -P -t events -K$'\t'
import sys, time
lines, rate = open(sys.argv[1]).readlines(), int(sys.argv[2])
per_tick, start = max(1, rate // 100), time.monotonic()
for i in range(0, len(lines), per_tick):
    sys.stdout.writelines(lines[i:i + per_tick])
    sys.stdout.flush()
    delay = start + (i + per_tick) / rate - time.monotonic()
    if delay > 0:
        time.sleep(delay)
PY
sleep 3
stop_alertd
kcat -b "$bootstrap" -C -t events -o beginning -e -q -f '%p %o %T\n' >"$work/event_times"
kcat -b "$bootstrap" -C -t alerts -o beginning -e -q -f '%T %s\n' >"$work/alert_times"
python3 - "$work" "$rate" "$seconds" "$threads" "$root/bench/alertd_latency.json" <<'PY'
import json, sys
work, rate, seconds, threads, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
produced = {}
for line in open(f"{work}/event_times"):
    p, o, t = line.split()
    produced[(int(p), int(o))] = int(t)
latencies = []
for line in open(f"{work}/alert_times"):
    t, alert = line.split(" ", 1)
    source = json.loads(alert)["source"]
    latencies.append(int(t) - produced[(source["partition"], source["offset"])])
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
result = {"rate": rate, "seconds": seconds, "threads": threads, "events": len(produced), "alerts": len(latencies),
          "p50_ms": pick(0.5), "p90_ms": pick(0.9), "p99_ms": pick(0.99), "max_ms": latencies[-1]}
json.dump(result, open(out, "w"), indent=2)
print(json.dumps(result, indent=2))
PY
