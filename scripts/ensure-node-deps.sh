#!/usr/bin/env bash
# Usage: scripts/ensure-node-deps.sh DIR
#
# Makes sure DIR/node_modules matches DIR/package-lock.json: runs
# `npm ci --no-audit --no-fund` in DIR when node_modules is missing or was
# installed from another lock file. The check is a stamp file,
# node_modules/.switchboard-stamp, holding the sha256 of the lock file that the
# last successful `npm ci` installed (written only after it succeeded).
set -euo pipefail

prog=scripts/ensure-node-deps.sh
stamp_name=.switchboard-stamp

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $prog DIR" >&2
  exit 2
fi
if [[ ! -d "$1" ]]; then
  echo "$prog: $1 is not a directory" >&2
  exit 1
fi
dir=$(cd "$1" && pwd)
lock="$dir/package-lock.json"
stamp="$dir/node_modules/$stamp_name"

if [[ ! -f "$lock" ]]; then
  echo "$prog: $lock is missing; npm ci needs it (create it with \`npm install\` in $dir and commit it)" >&2
  exit 1
fi

want=$(sha256sum "$lock" | cut -d' ' -f1)
if [[ -d "$dir/node_modules" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "$prog: npm is not on \$PATH; install Node.js 20 or newer with npm (the machine image has it), then rerun" >&2
  exit 1
fi

if [[ -d "$dir/node_modules" ]]; then
  echo "$prog: $dir/node_modules is not from the current package-lock.json; running npm ci" >&2
else
  echo "$prog: $dir/node_modules is missing; running npm ci" >&2
fi
(cd "$dir" && npm ci --no-audit --no-fund)
echo "$want" >"$stamp"
