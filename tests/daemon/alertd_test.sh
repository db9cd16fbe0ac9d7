#!/usr/bin/env bash
# alertd end to end, driven from outside by kcat as DAEMON.md's users do:
# an embedded Kafka, a daemon on it, rules upserted on the control topic
# (each answered on control-results), keyed events produced in two halves
# with malformed ones among them, a rule with `backfill` upserted between the
# halves, SIGTERM. The oracle: each events partition read back with kcat and
# run through `alertc run` in order (the mid-stream rule over the second half
# with the first as --history) gives the same notifications as the alerts
# topic (all fields but processing_time and alert_id, source.offset being
# the Kafka offset), and every malformed event is on dead-letter with its
# bytes and the headers naming its reason, topic, partition and offset.
#
# usage: alertd_test.sh ALERTD ALERTC ALERT_GEN
set -euo pipefail
alertd=$1 alertc=$2 gen=$3
here=$(cd "$(dirname "$0")" && pwd)
rules="$here/../crash/rules.alert"
late_rule=forwarded_mail
work=$(mktemp -d "${TMPDIR:-/tmp}/alertd-test-XXXXXX")
source "$here/daemon_lib.sh"
partitions=4
settings=(--set 'time_path=$.tsMillis' --set max_event_bytes=8192 --set max_depth=32)

start_kafka $partitions
start_alertd "${settings[@]}" --set checkpoint_interval_ms=200

# The rules, by the control topic: one answer each, all active.
python3 "$here/control.py" upsert "$rules" --except $late_rule >"$work/control.1"
produce "$work/control.1" control
wait_for_messages control-results "$(wc -l <"$work/control.1")"
read_topic control-results >"$work/answers.1"
[[ $(grep -c '"status":"active"' "$work/answers.1") -eq $(wc -l <"$work/control.1") ]] ||
  fail "not every rule is active: $(grep -v '"status":"active"' "$work/answers.1" | head -3)"

# Events: generated, with malformed ones (invalid JSON, oversized, too deep)
# on the same keys; after each half one invalid "marker" event per
# partition: once every marker is on dead-letter, the daemon has taken
# every event before it.
"$gen" events --count 24000 --seed 3 >"$work/generated"
deep=$(printf '[%.0s' $(seq 40))$(printf ']%.0s' $(seq 40))
big="{\"customerId\":\"tenant-001\",\"pad\":\"$(head -c 9000 /dev/zero | tr '\0' x)\"}"
keyed "$work/generated" | awk -v deep="$deep" -v big="$big" '
  { print }
  NR % 1999 == 0 { print "tenant-00" (NR % 7) "\t{\"broken\": " }
  NR % 5003 == 0 { print "tenant-00" (NR % 5) "\t" deep }
  NR == 17000 { print "tenant-001\t" big }' >"$work/keyed"
head -n 12000 "$work/keyed" >"$work/half.1"
tail -n +12001 "$work/keyed" >"$work/half.2"
bad_in() { grep -c -v $'\t{"eventId"' "$1" || true; }
markers() { for p in $(seq 0 $((partitions - 1))); do echo "marker"$'\t''{"marker": '"$1" | produce /dev/stdin events "$p"; done; }

produce "$work/half.1" events
markers 1
dead=$(($(bad_in "$work/half.1") + partitions))
wait_for_messages dead-letter $dead

# A rule with `backfill` between the halves: it replays the first half's history.
python3 "$here/control.py" upsert "$rules" --only $late_rule >"$work/control.2"
produce "$work/control.2" control
wait_for_messages control-results $(($(wc -l <"$work/control.1") + 1))
read_topic control-results | tail -1 | grep -q '"status":"active"' || fail "$late_rule: $(read_topic control-results | tail -1)"

produce "$work/half.2" events
markers 2
dead=$((dead + $(bad_in "$work/half.2") + partitions))
wait_for_messages dead-letter $dead
stop_alertd

# The oracle, partition by partition.
python3 "$here/control.py" text "$rules" --except $late_rule >"$work/rules.alert"
python3 "$here/control.py" text "$rules" --only $late_rule >"$work/late.alert"
for p in $(seq 0 $((partitions - 1))); do
  kcat -b "$bootstrap" -C -t events -p "$p" -o beginning -e -q -f '%s\n' >"$work/events.$p"
  split=$(grep -n -m1 '^{"marker": 1' "$work/events.$p" | cut -d: -f1)
  head -n "$split" "$work/events.$p" >"$work/first.$p"
  tail -n +$((split + 1)) "$work/events.$p" >"$work/second.$p"
  "$alertc" run "$work/rules.alert" --events "$work/events.$p" "${settings[@]}" >"$work/want.$p" 2>/dev/null
  "$alertc" run "$work/late.alert" --history "$work/first.$p" --events "$work/second.$p" "${settings[@]}" \
    >"$work/want_late.$p" 2>/dev/null
  echo "$split" >"$work/split.$p"
done
read_topic alerts >"$work/alerts"
read_topic dead-letter '%h\t%s\n' >"$work/dead"

python3 - "$work" "$partitions" "$late_rule" <<'PY'
import json, sys
work, partitions, late_rule = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def norm(n, partition=None, shift=0):
    n = dict(n)
    del n["alert_id"], n["processing_time"]
    source = dict(n["source"])
    if partition is not None:
        source = {"partition": partition, "offset": source["offset"] + (0 if n.get("backfill") else shift)}
    else:
        assert source.pop("topic") == "events", n
    n["source"] = source
    return json.dumps(n, sort_keys=True)
want = []
for p in range(partitions):
    split = int(open(f"{work}/split.{p}").read())
    want += [norm(json.loads(l), p) for l in open(f"{work}/want.{p}")]
    want += [norm(json.loads(l), p, split) for l in open(f"{work}/want_late.{p}")]
got = [norm(json.loads(l)) for l in open(f"{work}/alerts")]
problems = []
if sorted(want) != sorted(got):
    w, g = set(want), set(got)
    problems.append(f"alerts: {len(want)} expected, {len(got)} sent; {len(w - g)} missing, e.g. "
                    f"{sorted(w - g)[:1]}; {len(g - w)} unexpected, e.g. {sorted(g - w)[:1]}")
late = sum(1 for l in got if f"\"rule\": \"{late_rule}\"" in l)
backfilled = sum(1 for l in got if '"backfill": true' in l)
if late == 0 or backfilled == 0:
    problems.append(f"the mid-stream rule decided {late} notifications, {backfilled} of them backfilled")
# Dead letters: each one's bytes are the event at its partition and offset.
events = {p: open(f"{work}/events.{p}").read().split("\n") for p in range(partitions)}
dead = 0
for line in open(f"{work}/dead"):
    headers, value = line.rstrip("\n").split("\t", 1)
    h = dict(kv.split("=", 1) for kv in headers.split(",alertjit.") if kv)
    h = {k.removeprefix("alertjit."): v for k, v in h.items()}
    p, o = int(h["partition"]), int(h["offset"])
    if h["topic"] != "events" or events[p][o] != value or not h["reason"]:
        problems.append(f"dead letter {h} does not name its event")
    dead += 1
bad = sum(1 for p in range(partitions) for e in events[p] if e and not e.startswith('{"eventId"'))
if dead != bad:
    problems.append(f"{dead} dead letters for {bad} malformed events")
print(f"alertd_test: {len(got)} notifications ({late} of the mid-stream rule, {backfilled} backfilled), "
      f"{dead} dead letters, over {sum(len(e) - 1 for e in events.values())} events")
for p in problems:
    print("alertd_test: FAIL:", p)
sys.exit(1 if problems else 0)
PY
echo "alertd_test: ok"
