#!/usr/bin/env bash
# Fails when committed generated code (gqlgen's executor, models and resolver
# stubs; the frontend's GraphQL types) differs from what its sources produce
# now. It regenerates in place, so after a failure the tree holds the right
# output: review it and commit it.
set -euo pipefail
cd "$(dirname "$0")/.."

files=(graph/generated/generated.go graph/model/models_gen.go graph/*.resolvers.go)
before=$(sha256sum "${files[@]}")
go tool gqlgen generate
after=$(sha256sum graph/generated/generated.go graph/model/models_gen.go graph/*.resolvers.go)
if [[ "$before" != "$after" ]]; then
  echo "check-generated: gqlgen output drifted from graph/schema/*.graphqls or gqlgen.yml:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  echo "run 'make generate' and commit the result" >&2
  exit 1
fi
(cd frontend && npm run --silent check-codegen)
echo "check-generated: generated code is current"
