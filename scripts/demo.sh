#!/usr/bin/env bash
# npm run demo: the whole flow locally, on a machine where only Node.js and npm exist.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/@kubernetes/client-node ]; then
  echo "Installing npm dependencies..."
  npm ci --no-audit --no-fund >/dev/null
fi

uses_own_mysql=false
for arg in "$@"; do [ "$arg" = "--mysql-url" ] && uses_own_mysql=true; done
if ! $uses_own_mysql && ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's mariadb-server (the demo starts a throwaway MariaDB from it)..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
  else
    echo "The demo needs a MariaDB server binary (mariadbd) to start a throwaway database." >&2
    echo "Install it (Debian/Ubuntu: sudo apt-get install -y mariadb-server; macOS: brew install mariadb)," >&2
    echo "or point the demo at an existing MySQL: npm run demo -- --mysql-url mysql://user:pass@host:3306/nodes_db" >&2
    exit 1
  fi
fi

# The CLI runs from its JavaScript build (dist/): build it when missing or older than a source.
if [ ! -f dist/.tsbuildinfo ] || [ -n "$(find cli lambdas local lib tsconfig.json tsconfig.build.json -newer dist/.tsbuildinfo -print -quit)" ]; then
  echo "Building the CLI (npm run build:cli)..."
  npm run --silent build:cli
fi

exec node bin/lynq-sfn.js demo "$@"
