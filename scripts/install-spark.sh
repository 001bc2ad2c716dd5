#!/usr/bin/env bash
# Obtains the real Apache Spark Connect servers the tests run against, cached under .cache/:
#   - Spark 4.x: the pyspark sdist on PyPI ships the whole server (jars + bin/spark-submit).
#   - Spark 3.5: pyspark 3.5 from PyPI plus the shaded spark-connect_2.12 jar from Maven Central.
# The same venvs' python is the PySpark reference client.
# Usage: install-spark.sh [all|4|3.5]. A second run finds everything in place and takes well under a second.
set -euo pipefail
source "$(dirname "$0")/spark-env.sh"
mkdir -p "$CACHE_DIR"

# Requirement sets. pandas<3: PySpark 4.3 warns "does not yet fully support pandas >= 3.0.0" and 3.5
# predates pandas 3 entirely. numpy<2 / pyarrow<17: without them the 3.5 client fails to import pyarrow.
SPARK4_REQS=("pyspark[connect]==$SPARK4_VERSION" 'pandas<3')
SPARK35_REQS=("pyspark[connect]==$SPARK35_VERSION" 'numpy<2' 'pyarrow<17' 'pandas<3')

# Two concurrent runs (say CI plus a developer) must not both build the same venv.
exec 9>"$CACHE_DIR/.install-spark.lock"
flock 9

# Installs the requirements into a venv. The marker file holds the requirement list it was built with:
# same list = done; different list on a healthy venv = pip adjusts it in place (seconds, instead of
# downloading the 455 MB pyspark sdist again); broken or absent venv = rebuilt from scratch.
install_venv() { # dir, requirements...
  local dir="$1"; shift
  local want marker="$dir/.complete"
  want="$(printf '%s\n' "$@")"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
    echo "  cached: $dir"
    return 0
  fi
  if [ -x "$dir/bin/python" ] && "$dir/bin/python" -c 'import pyspark' >/dev/null 2>&1; then
    echo "  updating requirements in $dir"
  else
    echo "  creating $dir"
    rm -rf "$dir"
    python3 -m venv "$dir"
  fi
  "$dir/bin/pip" install --quiet --disable-pip-version-check "$@"
  printf '%s\n' "$want" >"$marker.tmp"
  mv "$marker.tmp" "$marker"
}

# The 3.5 server jar. mvn is Maven Central's own client; its local repository doubles as a cache.
install_spark35_jar() {
  local jar="$SPARK35_CONNECT_JAR"
  local m2="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
  local cached="$m2/org/apache/spark/spark-connect_2.12/$SPARK35_VERSION/spark-connect_2.12-$SPARK35_VERSION.jar"
  if [ -f "$jar" ]; then echo "  cached: $jar"; return 0; fi
  if [ ! -f "$cached" ]; then
    echo "  downloading spark-connect_2.12-$SPARK35_VERSION.jar with mvn"
    mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$m2" dependency:get \
      -Dartifact="org.apache.spark:spark-connect_2.12:$SPARK35_VERSION" -Dtransitive=false </dev/null
  fi
  # The jar is the server and the source of Spark's .proto files; a truncated copy must not be cached.
  unzip -l "$cached" spark/connect/base.proto >/dev/null
  cp "$cached" "$jar.tmp"
  mv "$jar.tmp" "$jar"
}

command -v java >/dev/null || { echo "java (17+) is required to run Spark" >&2; exit 1; }

want="${1:-all}"
case "$want" in all | 4 | 3.5) ;; *) echo "usage: $0 [all|4|3.5]" >&2; exit 2 ;; esac
if [ "$want" = all ] || [ "$want" = 4 ]; then
  echo "spark $SPARK4_VERSION:"
  install_venv "$SPARK4_VENV" "${SPARK4_REQS[@]}"
fi
if [ "$want" = all ] || [ "$want" = 3.5 ]; then
  echo "spark $SPARK35_VERSION:"
  install_venv "$SPARK35_VENV" "${SPARK35_REQS[@]}"
  install_spark35_jar
fi
