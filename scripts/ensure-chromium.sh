#!/usr/bin/env bash
# Usage: scripts/ensure-chromium.sh
#
# Makes sure Debian's Chromium is at /usr/bin/chromium for the end-to-end tests
# (playwright-core drives it through executablePath; no browser is downloaded),
# plus fonts-liberation so that text in screenshots is legible.
set -euo pipefail

prog=scripts/ensure-chromium.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

"$here/ensure-apt.sh" chromium fonts-liberation

if [[ ! -x /usr/bin/chromium ]]; then
  echo "$prog: the chromium package is installed but /usr/bin/chromium is missing or not executable" >&2
  exit 1
fi
