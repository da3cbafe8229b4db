#!/usr/bin/env bash
# Usage: scripts/ensure-golangci-lint.sh DESTDIR
#
# Makes sure DESTDIR/golangci-lint is the pinned version (below), building it
# from source with `go install` through the Go module proxy when it is missing
# or another version. .golangci.yaml is written for this version.
set -euo pipefail

version=v2.15.0
prog=scripts/ensure-golangci-lint.sh

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $prog DESTDIR" >&2
  exit 2
fi

mkdir -p "$1"
destdir=$(cd "$1" && pwd) # GOBIN must be absolute
bin="$destdir/golangci-lint"

# "golangci-lint has version 2.15.0 built with go1.26.8 from ..." (a release
# build says "version 2.15.0", a `go install` build may say "v2.15.0").
has_version() {
  local out
  out=$("$bin" --version 2>/dev/null) || return 1
  [[ "$out" =~ version\ v?${version#v}([^0-9.]|$) ]]
}

if [[ -x "$bin" ]] && has_version; then
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "$prog: go is not on \$PATH (expected Go at /usr/local/go/bin); cannot build golangci-lint $version" >&2
  exit 1
fi

if [[ -e "$bin" ]]; then
  echo "$prog: replacing $bin ($("$bin" --version 2>&1 | head -1 || true)) with $version" >&2
  rm -f "$bin" # go install refuses to overwrite a file that is not a Go binary
else
  echo "$prog: building golangci-lint $version into $destdir (takes a minute or two)" >&2
fi
GOBIN="$destdir" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$version"

if ! has_version; then
  echo "$prog: built $bin but \`$bin --version\` does not report $version:" >&2
  "$bin" --version >&2 || true
  exit 1
fi
echo "$prog: $("$bin" --version)" >&2
