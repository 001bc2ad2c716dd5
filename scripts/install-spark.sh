#!/usr/bin/env bash
# Obtains the real Apache Spark Connect servers the tests run against, cached under .cache/:
#   - Spark 4.x: the pyspark sdist on PyPI ships the whole server (jars + bin/spark-submit).
#   - Spark 3.5: pyspark 3.5 from PyPI plus the shaded spark-connect_2.12 jar from Maven Central.
# The same venvs' python is the PySpark reference client. A second run finds everything in place.
set -euo pipefail
source "$(dirname "$0")/spark-env.sh"
mkdir -p "$CACHE_DIR"

install_venv() { # dir, pip args...
  local dir="$1"; shift
  if [ -f "$dir/.complete" ]; then return 0; fi
  rm -rf "$dir"
  python3 -m venv "$dir"
  "$dir/bin/pip" install --quiet --disable-pip-version-check "$@"
  touch "$dir/.complete"
}

want="${1:-all}"
if [ "$want" = all ] || [ "$want" = 4 ]; then
  echo "spark $SPARK4_VERSION: $CACHE_DIR/spark-$SPARK4_VERSION"
  install_venv "$CACHE_DIR/spark-$SPARK4_VERSION" "pyspark[connect]==$SPARK4_VERSION"
fi
if [ "$want" = all ] || [ "$want" = 3.5 ]; then
  echo "spark $SPARK35_VERSION: $CACHE_DIR/spark-$SPARK35_VERSION"
  install_venv "$CACHE_DIR/spark-$SPARK35_VERSION" "pyspark[connect]==$SPARK35_VERSION" 'numpy<2' 'pyarrow<17'
  jar="$CACHE_DIR/spark-$SPARK35_VERSION/spark-connect_2.12-$SPARK35_VERSION.jar"
  if [ ! -f "$jar" ]; then
    mvn -q dependency:get -Dartifact="org.apache.spark:spark-connect_2.12:$SPARK35_VERSION" -Dtransitive=false
    cp "$HOME/.m2/repository/org/apache/spark/spark-connect_2.12/$SPARK35_VERSION/spark-connect_2.12-$SPARK35_VERSION.jar" "$jar.tmp"
    mv "$jar.tmp" "$jar"
  fi
fi
