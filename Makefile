# Switchboard: the two commands a newcomer needs are `make dev` and `make test`.
# Both install what is missing on a Debian machine (as root) and say exactly
# what to install otherwise.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

BIN        := bin
TOOLS      := $(BIN)/tools
SWITCHBOARD := $(BIN)/switchboard
GOLANGCI   := $(TOOLS)/golangci-lint
GO_TEST_FLAGS ?= -race -count=1 -timeout 20m

.PHONY: help dev test setup setup-dev setup-test build frontend lint generate check-generated \
        test-go test-frontend test-e2e bench clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

dev: setup-dev build ## build everything and run `switchboard dev` on an embedded PostgreSQL
	$(SWITCHBOARD) dev $(ARGS)

test: setup-test lint check-generated test-go test-frontend build test-e2e ## everything CI runs: lint, generated-code drift, Go tests with -race, frontend tests, end-to-end tests
	@echo "make test: all green"

setup-dev: ## install what `make dev` needs (PostgreSQL server binaries, espeak-ng for TTS, node modules)
	scripts/ensure-postgres.sh
	scripts/ensure-espeak.sh
	scripts/ensure-node-deps.sh frontend

setup-test: setup-dev ## install what `make test` needs besides (Chromium, golangci-lint, e2e node modules)
	scripts/ensure-chromium.sh
	scripts/ensure-golangci-lint.sh $(TOOLS)
	scripts/ensure-node-deps.sh e2e

frontend: ## build the console and playground into frontend/dist (embedded in the binary)
	cd frontend && npm run build

build: frontend ## build bin/switchboard with the console embedded
	go build -o $(SWITCHBOARD) ./cmd/switchboard

lint: ## golangci-lint, including the dependency-direction rules (depguard)
	$(GOLANGCI) run ./...

generate: ## regenerate gqlgen output and the frontend's GraphQL types
	go tool gqlgen generate
	cd frontend && npm run codegen

check-generated: ## fail when committed generated code differs from what its sources produce
	scripts/check-generated.sh

test-go: ## Go tests with the race detector, against a real PostgreSQL
	go test $(GO_TEST_FLAGS) ./...

test-frontend: ## typecheck and unit-test the console
	cd frontend && npm run typecheck && npm test

test-e2e: ## drive the built binary and the console in headless Chromium
	cd e2e && SWITCHBOARD_BIN=$(CURDIR)/$(SWITCHBOARD) npm test

# BENCH_CALLS sizes BenchmarkBridgedCalls (media/): concurrent bridged calls,
# two legs each, measured for BENCH_SECONDS; it runs once (-benchtime 1x).
BENCH_CALLS   ?= 500
BENCH_SECONDS ?= 10

bench: ## benchmarks; each prints its figures as ratios against a baseline from the same run
	go test -run '^$$' -bench . -skip '^BenchmarkBridgedCalls$$' -benchtime 3s -count 1 ./...
	SWITCHBOARD_BENCH_CALLS=$(BENCH_CALLS) SWITCHBOARD_BENCH_SECONDS=$(BENCH_SECONDS) \
		go test -run '^$$' -bench '^BenchmarkBridgedCalls$$' -benchtime 1x -count 1 -timeout 30m ./media/

clean: ## remove build output (not the dev database in .switchboard/)
	rm -rf $(BIN) frontend/dist/assets frontend/dist/*.html
