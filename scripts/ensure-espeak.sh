#!/usr/bin/env bash
# Usage: scripts/ensure-espeak.sh
#
# Makes sure espeak-ng is on this machine: the media node speaks prompts with
# it and the simulated carrier's handsets say their sentences with it
# (`espeak-ng --stdout` writes a WAV that integrations/voice/audio.Speaker
# resamples to 8 kHz for both). It is a real TTS engine from Debian's
# packages, so tests hear real speech rather than a placeholder. Installs
# Debian's espeak-ng through scripts/ensure-apt.sh when missing.
set -euo pipefail

prog=scripts/ensure-espeak.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if command -v espeak-ng >/dev/null 2>&1; then
  exit 0
fi
echo "$prog: espeak-ng not found; installing Debian's espeak-ng" >&2
"$here/ensure-apt.sh" espeak-ng
if ! command -v espeak-ng >/dev/null 2>&1; then
  echo "$prog: espeak-ng is installed but still not on \$PATH" >&2
  exit 1
fi
