# Versions, cache locations and per-flavour server settings shared by install-spark.sh, spark-server.sh
# and test-all.sh. Sourced, not executed. Every value can be overridden from the environment.
SPARK4_VERSION="${SPARK4_VERSION:-4.3.0}"
SPARK35_VERSION="${SPARK35_VERSION:-3.5.7}"
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${SPARK_CACHE_DIR:-$PROJECT_ROOT/.cache}"
# Server state (logs, pid files, token, warehouse, scratch); under .cache so it is git-ignored.
RUN_DIR="${SPARK_RUN_DIR:-$CACHE_DIR/run}"

SPARK4_VENV="$CACHE_DIR/spark-$SPARK4_VERSION"
SPARK35_VENV="$CACHE_DIR/spark-$SPARK35_VERSION"
# The venvs' pythons are also the PySpark reference clients the tests compare against.
SPARK4_PYTHON="$SPARK4_VENV/bin/python"
SPARK35_PYTHON="$SPARK35_VENV/bin/python"

# The pip package's python directory is a complete SPARK_HOME (bin/spark-submit, jars/). Found by glob
# rather than by asking python, so sourcing this file costs nothing; empty until installed.
_spark_home_of() { # venv
  local d
  for d in "$1"/lib/python3*/site-packages/pyspark; do
    if [ -x "$d/bin/spark-submit" ]; then printf '%s\n' "$d"; return 0; fi
  done
  printf '\n'
}
SPARK4_HOME="$(_spark_home_of "$SPARK4_VENV")"
SPARK35_HOME="$(_spark_home_of "$SPARK35_VENV")"

# Server jars: the 4.x one ships inside pyspark; the 3.5 one comes from Maven Central (pyspark 3.5 lacks it).
SPARK4_CONNECT_JAR="${SPARK4_HOME:+$SPARK4_HOME/jars/spark-connect_2.13-$SPARK4_VERSION.jar}"
SPARK35_CONNECT_JAR="$SPARK35_VENV/spark-connect_2.12-$SPARK35_VERSION.jar"

# Flavours started by spark-server.sh. Ports stay clear of the hand-started dev servers (15002, 15035).
SPARK4_PORT="${SPARK4_PORT:-15102}"
SPARK35_PORT="${SPARK35_PORT:-15135}"
SPARK4_TOKEN_PORT="${SPARK4_TOKEN_PORT:-15112}"
# 6g: a 10-million-row mixed result OOMs a 2g driver (PROVEN-RECIPES.md).
SPARK4_MEMORY="${SPARK4_MEMORY:-6g}"
SPARK35_MEMORY="${SPARK35_MEMORY:-2g}"
SPARK4_TOKEN_MEMORY="${SPARK4_TOKEN_MEMORY:-1g}"
SPARK4_TOKEN_FILE="$RUN_DIR/spark4-token.token"
