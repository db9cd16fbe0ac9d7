#!/usr/bin/env bash
# alertd's latency: events produced at a steady RATE (events/s) for SECONDS
# to an embedded Kafka, through a daemon with one rule that alerts on every
# match; for each alert, the time from its event's produce timestamp to the
# alert's (both set by the producing client: kcat, then alertd).
# The floor, measured first in the same run on an embedded Kafka of its own:
# the same events at the same rate read by a plain `kcat -C` (alertd's fetch
# wait), each event's produce timestamp to the moment kcat printed it: the
# broker, the fetch and the machine, without alertd's work. Both are also
# given for the first and the second half of the events, because the
# embedded Kafka's cost grows with what it holds (a fetch looks its offset
# up from a partition's oldest message set on).
# Prints the percentiles as JSON and writes them into bench/alertd_latency.json.
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
partitions=$((events / 4000 + 4))  # about 3 MiB per partition: the mock keeps 5
"$gen" events --count "$events" --seed 5 >"$work/events.ndjson"
keyed "$work/events.ndjson" eventId >"$work/keyed"  # even partitions
cat >"$work/rules.alert" <<'RULES'
rule every_zoom {
  when $.application == "Zoom"
}
RULES

# A steady rate: a slice of lines every 10 ms.
produce_steadily() {
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
}

# The floor: every event as a kcat consumer sees it, stamped on arrival
# ("offset latency" lines). kcat is stopped at the end; the stamper then ends.
start_kafka "$partitions"
(kcat -b "$bootstrap" -C -t events -o beginning -u -q -X fetch.wait.max.ms=10 -f '%o %T\n' | python3 -c '
import sys, time
out = open(sys.argv[1], "w")
for line in sys.stdin:
    offset, t = line.split()
    out.write(f"{offset} {time.time() * 1000 - int(t):.0f}\n")' "$work/floor") &
floor=$!
sleep 1
produce_steadily
sleep 3
pkill -TERM -P "$floor" -x kcat 2>/dev/null || true
wait "$floor" 2>/dev/null || true
kill -TERM "$kafka"

start_kafka "$partitions"
start_alertd --rules "$work/rules.alert" --set 'time_path=$.tsMillis' --set threads="$threads" ${ALERTD_SET:+--set "$ALERTD_SET"}
until grep -q "assigned partitions" "$work/alertd.$run.err"; do sleep 0.05; done
sleep 1
produce_steadily
sleep 3
stop_alertd
kcat -b "$bootstrap" -C -t events -o beginning -e -q -f '%p %o %T\n' >"$work/event_times"
kcat -b "$bootstrap" -C -t alerts -o beginning -e -q -f '%T %s\n' >"$work/alert_times"
python3 - "$work" "$rate" "$seconds" "$threads" "$partitions" "$root/bench/alertd_latency.json" <<'PY'
import json, sys
work, rate, seconds, threads, partitions, out = sys.argv[1], *map(int, sys.argv[2:6]), sys.argv[6]
half = rate * seconds // 2 // partitions  # an offset in the middle of each partition
produced = {}
for line in open(f"{work}/event_times"):
    p, o, t = line.split()
    produced[(int(p), int(o))] = int(t)
alerts = []  # (offset, latency)
for line in open(f"{work}/alert_times"):
    t, alert = line.split(" ", 1)
    source = json.loads(alert)["source"]
    alerts.append((source["offset"], int(t) - produced[(source["partition"], source["offset"])]))
floor = [tuple(map(int, line.split())) for line in open(f"{work}/floor")]
def percentiles(pairs):
    values = sorted(latency for _, latency in pairs)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    return {"p50_ms": pick(0.5), "p90_ms": pick(0.9), "p99_ms": pick(0.99), "max_ms": values[-1]}
def measured(pairs):
    return {**percentiles(pairs), "first_half": percentiles([x for x in pairs if x[0] < half]),
            "second_half": percentiles([x for x in pairs if x[0] >= half])}
result = {"rate": rate, "seconds": seconds, "threads": threads, "events": len(produced), "partitions": partitions,
          "alerts": len(alerts), **measured(alerts), "floor": {"events": len(floor), **measured(floor)}}
json.dump(result, open(out, "w"), indent=2)
print(json.dumps(result, indent=2))
PY
