#!/usr/bin/env bash
# `alertd embedded-kafka` as tests and operators use it, driven by kcat from
# outside: its first line names the cluster; the daemon's topics exist with
# the partitions asked for; keyed messages produced by kcat are read back
# by kcat, each key in one partition; SIGTERM stops it with exit 0, and so
# does SIGINT; a bad partition count is refused with exit 2.
#
# usage: embedded_kafka_test.sh ALERTD
set -euo pipefail
alertd=$1
work=$(mktemp -d)
pid=""
trap '[[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "embedded_kafka_test: $*" >&2; exit 1; }

# Starts alertd embedded-kafka with `$@`; sets pid and bootstrap.
start() {
  : >"$work/out"  # there before the first read, whenever the child gets to its redirection
  "$alertd" embedded-kafka "$@" >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 400); do  # 20 s: a sanitizer build starts slowly
    bootstrap=$(sed -n '1s/^bootstrap.servers=//p' "$work/out")
    [[ -n $bootstrap ]] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  fail "no bootstrap.servers line: $(cat "$work/out" "$work/err")"
}

# Stops it with signal $1 and checks exit status 0.
stop() {
  kill "-$1" "$pid"
  local status=0
  wait "$pid" || status=$?
  pid=""
  [[ $status -eq 0 ]] || fail "exit status $status after SIG$1"
}

start --partitions 3
kcat -b "$bootstrap" -L >"$work/metadata"
for topic in events alerts dead-letter; do
  grep -q "topic \"$topic\" with 3 partitions" "$work/metadata" || fail "no $topic with 3 partitions: $(cat "$work/metadata")"
done
for topic in control control-results; do
  grep -q "topic \"$topic\" with 1 partitions" "$work/metadata" || fail "no $topic with 1 partition"
done

for i in $(seq 0 29); do echo "tenant-$((i % 5)):{\"n\":$i}"; done | kcat -b "$bootstrap" -P -t events -K:
kcat -b "$bootstrap" -C -t events -o beginning -e -q -f '%p %k %s\n' >"$work/consumed"
[[ $(wc -l <"$work/consumed") -eq 30 ]] || fail "read back $(wc -l <"$work/consumed") of 30 messages"
# Each key in one partition, in the order produced.
for k in 0 1 2 3 4; do
  [[ $(awk -v k="tenant-$k" '$2 == k { print $1 }' "$work/consumed" | sort -u | wc -l) -eq 1 ]] ||
    fail "tenant-$k in several partitions"
  expected=$(for i in $(seq "$k" 5 29); do echo "{\"n\":$i}"; done)
  [[ $(awk -v k="tenant-$k" '$2 == k { print $3 }' "$work/consumed") == "$expected" ]] || fail "tenant-$k out of order"
done
stop TERM

start
kcat -b "$bootstrap" -L | grep -q 'topic "events" with 4 partitions' || fail "events does not default to 4 partitions"
stop INT

status=0
"$alertd" embedded-kafka --partitions 0 >/dev/null 2>&1 || status=$?
[[ $status -eq 2 ]] || fail "--partitions 0 gave exit status $status"
echo "embedded_kafka_test: ok"
