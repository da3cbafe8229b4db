#!/usr/bin/env bash
# Usage: scripts/ensure-postgres.sh
#
# Makes sure PostgreSQL *server* binaries (initdb and postgres) are on this
# machine, for the embedded cluster that `switchboard dev` and the tests start
# (db/pgembed). It looks where pgembed looks: `pg_config --bindir`, then
# /usr/lib/postgresql/*/bin, then initdb on $PATH. When none has them it
# installs Debian's `postgresql` through scripts/ensure-apt.sh.
#
# It never starts, stops or configures a server: pgembed runs its own cluster
# in its own data directory, beside any system cluster.
# On success it prints the bin directory it found on stdout.
set -euo pipefail

prog=scripts/ensure-postgres.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

has_server() { [[ -n "$1" && -x "$1/initdb" && -x "$1/postgres" ]]; }

find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    if has_server "$dir"; then echo "$dir"; return 0; fi
  fi
  # Highest major version first, as pgembed does.
  local dirs=(/usr/lib/postgresql/*/bin)
  while IFS= read -r dir; do
    if has_server "$dir"; then echo "$dir"; return 0; fi
  done < <(printf '%s\n' "${dirs[@]}" | sort -t/ -k5,5 -rn)
  if command -v initdb >/dev/null 2>&1; then
    dir=$(dirname "$(readlink -f "$(command -v initdb)")")
    if has_server "$dir"; then echo "$dir"; return 0; fi
  fi
  return 1
}

if bindir=$(find_bindir); then
  echo "$bindir"
  exit 0
fi

echo "$prog: no PostgreSQL server binaries (initdb, postgres) found; installing Debian's postgresql" >&2
"$here/ensure-apt.sh" postgresql

if bindir=$(find_bindir); then
  echo "$bindir"
  exit 0
fi
echo "$prog: postgresql is installed but still no initdb and postgres were found (looked at \`pg_config --bindir\`, /usr/lib/postgresql/*/bin and initdb on \$PATH)" >&2
exit 1
