#!/usr/bin/env bash
# Usage: scripts/ensure-apt.sh PKG...
#
# Makes sure the named Debian packages are installed. Packages already
# installed cost one dpkg-query each and nothing else; when some are missing it
# runs `apt-get update` once and installs just those, without recommends.
# When it cannot install (not root, no apt-get), it prints exactly which
# packages are needed and exits 1.
set -euo pipefail

prog=scripts/ensure-apt.sh

if [[ $# -eq 0 ]]; then
  echo "usage: $prog PKG..." >&2
  exit 2
fi

installed() {
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
  # A multi-arch package prints one status per architecture.
  [[ "$status" == *"install ok installed"* ]]
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "$@"; do
    installed "$pkg" || missing+=("$pkg")
  done
else
  missing=("$@")
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  {
    echo "$prog: missing Debian packages: ${missing[*]}"
    echo "$prog: this machine has no apt-get/dpkg (not Debian or Ubuntu): install the equivalents with its own package manager"
  } >&2
  exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
  {
    echo "$prog: missing Debian packages: ${missing[*]}"
    echo "$prog: not running as root (uid $(id -u)); install them as root with:"
    echo "    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  } >&2
  exit 1
fi

echo "$prog: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg run (e.g. a parallel make target) instead of failing.
lock=(-o DPkg::Lock::Timeout=300)
if ! apt-get "${lock[@]}" update -qq; then
  echo "$prog: apt-get update failed (see above); cannot install ${missing[*]}" >&2
  exit 1
fi
if ! apt-get "${lock[@]}" install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "$prog: apt-get install failed (see above) for: ${missing[*]}" >&2
  exit 1
fi

still=()
for pkg in "${missing[@]}"; do
  installed "$pkg" || still+=("$pkg")
done
if [[ ${#still[@]} -gt 0 ]]; then
  echo "$prog: apt-get finished but these packages are still not installed: ${still[*]}" >&2
  exit 1
fi
echo "$prog: installed ${missing[*]}" >&2
