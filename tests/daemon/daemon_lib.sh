# Helpers of alertd's kcat-driven tests (sourced). Expects $alertd and $work;
# sets $bootstrap. Every process started here is killed on exit.

pids=()
cleanup_daemon_test() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  [[ -n ${keep:-} ]] || rm -rf "$work"
}
trap cleanup_daemon_test EXIT
fail() { echo "$(basename "$0"): FAIL: $*" >&2; exit 1; }

# An embedded Kafka with $1 partitions of events (more arguments: embedded-kafka's,
# --group G...); sets bootstrap and kafka (its pid).
start_kafka() {
  : >"$work/kafka.out"  # there before the first read, whenever the child gets to its redirection
  "$alertd" embedded-kafka --partitions "$1" "${@:2}" >"$work/kafka.out" 2>"$work/kafka.err" &
  kafka=$!
  pids+=("$kafka")
  disown  # killed at the end without a word from bash
  for _ in $(seq 400); do
    bootstrap=$(sed -n '1s/^bootstrap.servers=//p' "$work/kafka.out")
    [[ -n $bootstrap ]] && return 0
    sleep 0.05
  done
  fail "no embedded Kafka: $(cat "$work/kafka.err")"
}

# alertd on it with `$@`, logging to $work/alertd.N.err, its store in
# $data_dir (default $work/data); sets run (N) and daemon (its pid, also
# daemons[N]). A short session timeout: the mock holds a new member back
# until the old one's session ends.
run=0
daemons=()
start_alertd() {
  run=$((run + 1))
  "$alertd" -X "bootstrap.servers=$bootstrap" -X session.timeout.ms=3000 -X heartbeat.interval.ms=500 \
    --data-dir "${data_dir:-$work/data}" --http 127.0.0.1:0 "$@" >"$work/alertd.$run.out" 2>"$work/alertd.$run.err" &
  daemon=$!
  daemons[run]=$daemon
  pids+=("$daemon")
}

# The HOST:PORT the daemon of run $1 (default: the current one) listens on
# for HTTP (from its log), once it does.
http_address() {
  local log="$work/alertd.${1:-$run}.err"
  for _ in $(seq 300); do
    local address
    address=$(sed -n 's/.*http: listening on \([0-9.:]*\).*/\1/p' "$log" | head -1)
    if [[ -n $address ]]; then
      echo "$address"
      return
    fi
    kill -0 "${daemons[${1:-$run}]}" 2>/dev/null || fail "alertd exited: $(tail -5 "$log")"
    sleep 0.1
  done
  fail "alertd's HTTP did not start within 30 s"
}

# Stops the daemon of run $1 (default: the current one) with SIGTERM; it
# must exit 0 within 10 s.
stop_alertd() {
  local pid=${daemons[${1:-$run}]} log="$work/alertd.${1:-$run}.err"
  kill -TERM "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && fail "alertd did not stop within 10 s of SIGTERM: $(tail -5 "$log")"
  local status=0
  wait "$pid" || status=$?
  [[ $status -eq 0 ]] || fail "alertd exited $status after SIGTERM: $(tail -5 "$log")"
}

# The messages of topic $1, one per line, with kcat's format $2 (default '%s\n').
read_topic() { kcat -b "$bootstrap" -C -t "$1" -o beginning -e -q -f "${2:-%s\n}"; }

# Waits until topic $1 holds at least $2 messages ($3 seconds at most).
wait_for_messages() {
  local n=0
  for _ in $(seq $((${3:-60} * 4))); do
    n=$(read_topic "$1" 'x\n' | wc -l)
    ((n >= $2)) && return 0
    kill -0 "$daemon" 2>/dev/null || fail "alertd exited: $(tail -5 "$work/alertd.$run.err")"
    sleep 0.25
  done
  fail "$1 holds $n messages, not $2"
}

# Produces lines KEY<TAB>VALUE of file $1 to topic $2 (partition $3 if given).
produce() { kcat -b "$bootstrap" -P -t "$2" ${3:+-p "$3"} -K$'\t' -l "$1"; }

# Events of file $1 as KEY<TAB>EVENT lines, keyed by their string field $2
# (default customerId).
keyed() {
  awk -v f="\"${2:-customerId}\":\"" '{ k = ""; i = index($0, f)
    if (i) { k = substr($0, i + length(f)); k = substr(k, 1, index(k, "\"") - 1) }
    print k "\t" $0 }' "$1"
}
