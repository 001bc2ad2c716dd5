#!/usr/bin/env bash
# Starts, stops and reports the local Spark Connect servers the integration tests run against.
#   spark-server.sh start|stop|restart|status <flavour>...    (flavour: spark4 | spark35 | spark4-token | all)
# Flavours (ports and memory overridable, see spark-env.sh):
#   spark4        Spark 4.x   port 15102, 6g driver
#   spark35       Spark 3.5   port 15135, 2g driver, server jar from Maven Central
#   spark4-token  Spark 4.x   port 15112, 1g driver, SPARK_CONNECT_AUTHENTICATE_TOKEN from a token file
# Per flavour, under .cache/run/: <flavour>.log, <flavour>.pid, and <flavour>/ holding the server's
# working directory (Connect's artifacts/), spark.local.dir, warehouse, derby home and java.io.tmpdir,
# wiped at each fresh start so runs don't see each other's tables and nothing lands in the repo or /tmp.
# `start` is idempotent: a running server is left alone. The hand-started dev servers (15002, 15035)
# have no pid file here, so this script never touches them.
set -euo pipefail
source "$(dirname "$0")/spark-env.sh"

READY_LINE='Spark Connect server started at'
START_TIMEOUT="${SPARK_SERVER_START_TIMEOUT:-180}"
STOP_TIMEOUT="${SPARK_SERVER_STOP_TIMEOUT:-30}"
FLAVOURS=(spark4 spark35 spark4-token)

die() { echo "spark-server: $*" >&2; exit 1; }

# Sets F_* for one flavour.
configure() {
  F_NAME="$1"; F_LAUNCHED=false; F_JARS=""; F_TOKEN=false; F_VERSION="$SPARK4_VERSION"
  case "$1" in
    spark4) F_HOME="$SPARK4_HOME"; F_PY="$SPARK4_PYTHON"; F_PORT="$SPARK4_PORT"; F_MEM="$SPARK4_MEMORY" ;;
    spark35)
      F_HOME="$SPARK35_HOME"; F_PY="$SPARK35_PYTHON"; F_PORT="$SPARK35_PORT"; F_MEM="$SPARK35_MEMORY"
      F_JARS="$SPARK35_CONNECT_JAR"; F_VERSION="$SPARK35_VERSION" ;;
    spark4-token)
      F_HOME="$SPARK4_HOME"; F_PY="$SPARK4_PYTHON"; F_PORT="$SPARK4_TOKEN_PORT"; F_MEM="$SPARK4_TOKEN_MEMORY"
      F_TOKEN=true ;;
    *) die "unknown flavour '$1' (known: ${FLAVOURS[*]} all)" ;;
  esac
  F_DIR="$RUN_DIR/$F_NAME"
  F_LOG="$RUN_DIR/$F_NAME.log"
  F_PID="$RUN_DIR/$F_NAME.pid"
}

# The pid from the pid file, only if that process is still our server: a pid can be reused after a
# crash, and killing an unrelated process on `stop` would be far worse than a stale file.
server_pid() {
  [ -f "$F_PID" ] || return 1
  local pid; pid="$(cat "$F_PID")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "spark.connect.grpc.binding.port=$F_PORT " || return 1
  printf '%s\n' "$pid"
}

# A dead child of this shell stays a zombie until reaped, and kill -0 succeeds on zombies.
alive() {
  local st
  st="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [ -n "$st" ] && [ "$st" != Z ]
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

is_ready() { grep -q "$READY_LINE" "$F_LOG" 2>/dev/null; }

rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo '?'; }

# Waits for the ready line; on failure prints the log tail, stops the server and fails.
wait_ready() { # pid started_at
  local pid="$1" t0="$2"
  while ! is_ready; do
    if ! alive "$pid"; then
      echo "spark-server: $F_NAME exited before becoming ready; last log lines:" >&2
      tail -n 40 "$F_LOG" >&2 || true
      rm -f "$F_PID"; exit 1
    fi
    if [ $(( $(date +%s) - t0 )) -ge "$START_TIMEOUT" ]; then
      echo "spark-server: $F_NAME not ready after ${START_TIMEOUT}s; last log lines:" >&2
      tail -n 40 "$F_LOG" >&2 || true
      stop_one; exit 1
    fi
    sleep 0.25
  done
}

# Spawns the server unless it already runs; returns without waiting (see await_one).
launch_one() {
  if server_pid >/dev/null; then return 0; fi
  rm -f "$F_PID"
  [ -n "$F_HOME" ] && [ -x "$F_HOME/bin/spark-submit" ] || die "$F_NAME: Spark not installed; run scripts/install-spark.sh"
  [ -z "$F_JARS" ] || [ -f "$F_JARS" ] || die "$F_NAME: missing $F_JARS; run scripts/install-spark.sh"
  port_busy "$F_PORT" && die "$F_NAME: port $F_PORT is taken by another process (override with the port variable in scripts/spark-env.sh)"

  rm -rf "$F_DIR"
  mkdir -p "$F_DIR"/{local,warehouse,derby,tmp}
  # PYSPARK_PYTHON: Python UDFs run in the matching venv (same pyspark and cloudpickle as the client).
  # SPARK_LOCAL_IP: stops Spark from probing for a non-loopback interface at startup.
  local -a server_env=(PYSPARK_PYTHON="$F_PY" SPARK_HOME="$F_HOME" SPARK_LOCAL_IP=127.0.0.1)
  if $F_TOKEN; then
    # umask in a subshell: the token file must never exist with wider permissions, even briefly.
    (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$SPARK4_TOKEN_FILE.tmp")
    mv "$SPARK4_TOKEN_FILE.tmp" "$SPARK4_TOKEN_FILE"
    # Passed by environment, not on the command line, so it does not show in `ps`.
    server_env+=(SPARK_CONNECT_AUTHENTICATE_TOKEN="$(cat "$SPARK4_TOKEN_FILE")")
  fi
  local -a args=(
    --master 'local[2]' --driver-memory "$F_MEM" --name "spark-connect-test-$F_NAME"
    --conf "spark.connect.grpc.binding.port=$F_PORT"
    --conf spark.ui.enabled=false
    --conf "spark.local.dir=$F_DIR/local"
    --conf "spark.sql.warehouse.dir=$F_DIR/warehouse"
    # Block manager and driver RPC on loopback: CI containers often have a hostname that doesn't resolve.
    --conf spark.driver.bindAddress=127.0.0.1 --conf spark.driver.host=127.0.0.1
    --driver-java-options "-Dderby.system.home=$F_DIR/derby -Djava.io.tmpdir=$F_DIR/tmp"
    --class org.apache.spark.sql.connect.service.SparkConnectServer
  )
  [ -z "$F_JARS" ] || args+=(--jars "$F_JARS")
  args+=(spark-internal)

  # setsid: the server leads its own process group, so `stop` can signal the whole tree (JVM, Python
  # workers) and Ctrl-C in the caller's terminal does not reach it. spark-submit execs down to the JVM,
  # so $! stays the server's pid. SPARK_REMOTE and friends are removed: spark-submit would otherwise
  # treat the test suite's client settings as its own.
  (
    cd "$F_DIR"
    exec env -u SPARK_REMOTE -u SPARK_CONNECT_MODE_ENABLED -u SPARK_API_MODE -u SPARK_CONNECT_AUTHENTICATE_TOKEN \
      "${server_env[@]}" setsid "$F_HOME/bin/spark-submit" "${args[@]}" >"$F_LOG" 2>&1 </dev/null
  ) &
  echo "$!" >"$F_PID"
  F_LAUNCHED=true
}

await_one() { # started_at
  local pid
  # Just after the spawn the child may not have exec'd into spark-submit yet, so server_pid's command
  # line check would miss it: trust our own pid file then.
  if [ "${LAUNCHED[$F_NAME]:-}" = true ]; then pid="$(cat "$F_PID")"
  else pid="$(server_pid)" || die "$F_NAME: stopped while another caller was starting it"; fi
  wait_ready "$pid" "$1"
  if [ "${LAUNCHED[$F_NAME]:-}" = true ]; then
    # Servers start together, so this is the time since the whole start command began.
    echo "$F_NAME: ready on sc://localhost:$F_PORT, $(( $(date +%s) - $1 ))s after start (pid $pid, Spark $F_VERSION, driver $F_MEM)"
  else
    echo "$F_NAME: already running (pid $pid) on sc://localhost:$F_PORT"
  fi
}

# All descendants of a pid, deepest last; catches children that left the process group.
descendants() {
  local kids k
  kids="$(ps -o pid= --ppid "$1" 2>/dev/null || true)"
  for k in $kids; do echo "$k"; descendants "$k"; done
}

stop_one() {
  local pid
  if ! pid="$(server_pid)"; then
    rm -f "$F_PID"
    echo "$F_NAME: not running"
    return 0
  fi
  local -a tree
  mapfile -t tree < <(descendants "$pid")
  kill -TERM -- "-$pid" 2>/dev/null || true
  kill -TERM "$pid" "${tree[@]}" 2>/dev/null || true
  local waited=0
  while alive "$pid" && [ "$waited" -lt $(( STOP_TIMEOUT * 4 )) ]; do
    sleep 0.25; waited=$(( waited + 1 ))
  done
  # Anything left (a JVM stuck in a shutdown hook, an orphaned Python worker) is killed outright.
  kill -KILL -- "-$pid" 2>/dev/null || true
  kill -KILL "$pid" "${tree[@]}" 2>/dev/null || true
  # Reap the child when it is ours (same shell); elsewhere it is reparented and reaped by init.
  wait "$pid" 2>/dev/null || true
  rm -f "$F_PID"
  echo "$F_NAME: stopped"
}

status_one() {
  local pid
  if pid="$(server_pid)"; then
    local state=starting
    is_ready && state=ready
    echo "$F_NAME: $state (pid $pid, port $F_PORT, rss $(rss_mb "$pid") MB, driver $F_MEM)"
    return 0
  fi
  echo "$F_NAME: stopped"
  return 3
}

[ $# -ge 2 ] || die "usage: $0 start|stop|restart|status <flavour|all>..."
action="$1"; shift
targets=()
for f in "$@"; do
  if [ "$f" = all ]; then targets+=("${FLAVOURS[@]}"); else targets+=("$f"); fi
done
mkdir -p "$RUN_DIR"
rc=0
declare -A LAUNCHED=()
t0="$(date +%s)"
case "$action" in
  start | restart)
    # All servers are spawned first and awaited afterwards, so their JVM start-ups overlap.
    for f in "${targets[@]}"; do
      configure "$f"
      [ "$action" = start ] || stop_one
      launch_one
      LAUNCHED[$f]="$F_LAUNCHED"
    done
    for f in "${targets[@]}"; do configure "$f"; await_one "$t0"; done ;;
  stop) for f in "${targets[@]}"; do configure "$f"; stop_one; done ;;
  status) for f in "${targets[@]}"; do configure "$f"; status_one || rc=3; done ;;
  *) die "unknown action '$action' (start|stop|restart|status)" ;;
esac
exit "$rc"
