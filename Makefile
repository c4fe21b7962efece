# Portal Regsosek. `make run` and `make test` do all the set-up on a fresh Debian machine.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
GO ?= go
BIN := bin/portal
GOTEST_FLAGS ?= -count=1 -timeout 12m

.PHONY: run build test bench generate check-generated db db-stop lint vet

build:
	$(GO) build -o $(BIN) ./cmd/portal

## The binary defaults to production (APP_ENV unset fails closed); run and bench ask for development, test
## for test.
## run: start the private PostgreSQL (unless DATABASE_URL is set), migrate, seed demo data (and the synthetic
## Dasbor release when none is published), serve on :8080.
run: build
	@export APP_ENV="$${APP_ENV:-development}"; \
	if [ -z "$${DATABASE_URL:-}" ]; then url="$$(scripts/devdb.sh url)"; export DATABASE_URL="$$url"; fi; \
	$(BIN) migrate; \
	$(BIN) seed --demo --synthetic; \
	exec $(BIN) serve

## test: the same database bootstrap, then vet, staticcheck, the generated-code check and every test (unit,
## integration against PostgreSQL, browser tests in headless Chromium).
test:
	@export APP_ENV=test; \
	if [ -z "$${TEST_DATABASE_URL:-}" ]; then url="$$(scripts/devdb.sh test-url)"; export TEST_DATABASE_URL="$$url"; fi; \
	scripts/ensure-test-tools.sh; \
	echo "go vet ./..."; $(GO) vet ./...; \
	echo "staticcheck ./..."; $(GO) tool staticcheck ./...; \
	scripts/check-generated.sh; \
	echo "go test ./..."; $(GO) test $(GOTEST_FLAGS) ./...

## bench: a database of its own (portal_bench) loaded at national volume (portal seed --nasional: every
## province and kab/kota with an akun, 100,000 permohonan, 1,000,000 audit rows), then each page under 64
## concurrent connections for 15 s on a free loopback port beside a reference handler (cmd/bench): requests
## per second, p50/p95/p99 latency, and the XLSX export of every permohonan with the portal's memory growth.
## BENCH_FLAGS adds options.
bench: build
	@export APP_ENV="$${APP_ENV:-development}"; \
	if [ -z "$${DATABASE_URL:-}" ]; then url="$$(scripts/devdb.sh bench-url)"; export DATABASE_URL="$$url"; fi; \
	$(GO) build -o bin/bench ./cmd/bench; \
	$(BIN) migrate; \
	$(BIN) seed --demo --synthetic --nasional | grep -v '^  '; \
	bin/bench -portal $(BIN) -login var/bench-login.json -c 64 -d 15s $${BENCH_FLAGS:-}

generate:
	$(GO) tool templ generate

check-generated:
	scripts/check-generated.sh

db:
	@scripts/devdb.sh start && echo "DATABASE_URL=$$(scripts/devdb.sh url)"

db-stop:
	@scripts/devdb.sh stop

vet:
	$(GO) vet ./...

lint: vet
	$(GO) tool staticcheck ./...
