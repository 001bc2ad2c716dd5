# Versions and cache locations shared by the scripts that obtain and start Spark Connect servers.
# Sourced, not executed.
SPARK4_VERSION="${SPARK4_VERSION:-4.3.0}"
SPARK35_VERSION="${SPARK35_VERSION:-3.5.7}"
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${SPARK_CACHE_DIR:-$PROJECT_ROOT/.cache}"
