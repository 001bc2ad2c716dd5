#!/usr/bin/env bash
# Runs every test from a bare checkout: npm deps, system packages, Spark, build, the three local Spark
# Connect servers, then `node scripts/run-tests.mjs`. Each step is cached, so a second run only builds,
# starts the servers and tests.
#   bash scripts/test-all.sh [kinds]     kinds as for run-tests.mjs (default: all)
# Env: KEEP_SERVERS=1 leaves the servers running afterwards; SKIP_BUILD=1 reuses out/ and dist/ from an
# earlier build (quick reruns); TEST_FILTER / TEST_CONCURRENCY pass through to run-tests.mjs.
# Exit code: the tests' exit code (or the failing setup step's).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/spark-env.sh

kinds="${1:-all}"
declare -a TIMINGS=()
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Runs one phase, recording its wall time; a failing phase ends the run with its exit code.
phase() { # name command...
  local name="$1"; shift
  local t0; t0="$(now_ms)"
  echo "=== $name"
  local rc=0
  "$@" || rc=$?
  local ms=$(( $(now_ms) - t0 ))
  TIMINGS+=("$(printf '%-16s %4d.%01ds%s' "$name" $(( ms / 1000 )) $(( ms % 1000 / 100 )) "$([ "$rc" = 0 ] || echo "  (exit $rc)")")")
  echo "=== $name: $(( ms / 1000 ))s"
  return "$rc"
}

print_timings() {
  echo "=== timings"
  local t
  for t in "${TIMINGS[@]}"; do echo "  $t"; done
}

SERVERS_STARTED=false
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if $SERVERS_STARTED; then
    # Memory after the whole suite: the figure that decides whether the machine can hold all three.
    bash scripts/spark-server.sh status spark4 spark35 spark4-token || true
    if [ "${KEEP_SERVERS:-}" = 1 ]; then echo "servers left running (KEEP_SERVERS=1)"
    else bash scripts/spark-server.sh stop spark4 spark35 spark4-token || true; fi
  fi
  print_timings
  exit "$rc"
}
trap cleanup EXIT
# A signal becomes a normal exit with the conventional code, so the EXIT trap stops the servers.
trap 'exit 130' INT
trap 'exit 143' TERM

# npm ci when node_modules is missing or older than the lock file (npm rewrites
# node_modules/.package-lock.json on every install, so its mtime says when node_modules last matched).
npm_deps() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  else
    echo "node_modules up to date"
  fi
}

needs_servers() {
  local k
  IFS=',' read -ra ks <<<"$kinds"
  for k in "${ks[@]}"; do case "$k" in unit | webview) ;; *) return 0 ;; esac; done
  return 1
}

phase npm-deps npm_deps
phase system-deps bash scripts/install-system-deps.sh
if needs_servers; then phase spark-install bash scripts/install-spark.sh; fi
if [ "${SKIP_BUILD:-}" = 1 ]; then echo "=== build skipped (SKIP_BUILD=1)"; else
  phase build npm run build
  # The production bundles and the .vsix (about 15 s): the package tests check them, and the tests then
  # run against the bundles that ship.
  phase package npm run package
  # The end-to-end tests install this package instead of packaging again.
  export E2E_VSIX="$PWD/dist/spark-connect-vscode.vsix"
fi
# House rules that the compiler of the node build does not see: the webview tsconfigs (DOM) and eslint.
phase check npm run check
if needs_servers; then
  SERVERS_STARTED=true
  phase spark-servers bash scripts/spark-server.sh start spark4 spark35 spark4-token
  # Re-read: the install step may have just created the paths spark-env.sh derives.
  source scripts/spark-env.sh
  export SPARK_REMOTE="sc://localhost:$SPARK4_PORT"
  export SPARK35_REMOTE="sc://localhost:$SPARK35_PORT"
  export SPARK_TOKEN_REMOTE="sc://localhost:$SPARK4_TOKEN_PORT"
  export SPARK_TOKEN_FILE="$SPARK4_TOKEN_FILE"
  export SPARK4_CONNECT_JAR SPARK35_CONNECT_JAR SPARK4_PYTHON SPARK35_PYTHON
fi

# End-to-end: code-server (cached under .cache) for the .vsix the e2e suite packages and installs.
needs_e2e() {
  local k
  IFS=',' read -ra ks <<<"$kinds"
  for k in "${ks[@]}"; do case "$k" in all | e2e) return 0 ;; esac; done
  return 1
}
if needs_e2e; then
  export CODE_SERVER_DIR="${CODE_SERVER_DIR:-$CACHE_DIR/code-server}"
  phase code-server bash scripts/install-code-server.sh
fi

rc=0
phase tests node scripts/run-tests.mjs "$kinds" || rc=$?
exit "$rc"
