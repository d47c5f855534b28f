# careerbot — see README.md. Every target installs what it needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

GO            ?= go
BIN           := bin/careerbot
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOBIN         := $(shell $(GO) env GOPATH)/bin
EVAL_MIN      ?= 0.9
SHARED_EVAL   ?= ../shared/eval/questions.tsv
GUIDANCE_EVAL := $(addprefix bot/testdata/eval/guidance/,dev.tsv test.tsv paraphrases-dev.tsv paraphrases-test.tsv round2-dev.tsv round2-test.tsv round3-dev.tsv round3-test.tsv round4-dev.tsv round5-dev.tsv round5-test.tsv round6-test.tsv round7-dev.tsv round7-test.tsv round8-dev.tsv round8-test.tsv round9-dev.tsv round9-test.tsv round10-test.tsv round11-dev.tsv round11-test.tsv round12-dev.tsv round12-test.tsv round13-test.tsv round14-dev.tsv round14-test.tsv)
# The local cluster's port, followed by db.sh, careerbot's default
# DATABASE_URL and the tests: make run PGPORT=55433 (or CAREERBOT_PGPORT=55433).
PGPORT ?= $(or $(CAREERBOT_PGPORT),55432)
export CAREERBOT_PGPORT := $(PGPORT)

.PHONY: help run test build db db-stop lint vet eval clean bench bench-quick bench-check deploy-check fuzz reliability

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: ## build bin/careerbot
	$(GO) build -trimpath -o $(BIN) ./cmd/careerbot

db: ## install PostgreSQL and pgvector if missing, start the local cluster
	@deploy/local/db.sh start

db-stop: ## stop the local cluster
	@deploy/local/db.sh stop

run: db build ## set up everything, load the knowledge base, then serve Slack or open the terminal chat
	@$(BIN) migrate
	@$(BIN) kb import
	@if [ -n "$$SLACK_BOT_TOKEN" ]; then exec $(BIN) serve; else exec $(BIN) chat; fi

vet:
	$(GO) vet ./...

lint: ## staticcheck, installed at a pinned version
	@$(GOBIN)/staticcheck -version 2>/dev/null | grep -q "v0.8.2" || $(GO) install $(STATICCHECK)
	$(GOBIN)/staticcheck ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

test: db vet lint ## database, vet, lint, race tests, short fuzzing, deployment files, the benchmark module, evaluations
	$(GO) test -race -count=1 -timeout=20m ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=3s
	$(MAKE) --no-print-directory deploy-check
	$(MAKE) --no-print-directory bench-check
	$(MAKE) --no-print-directory eval

deploy-check: ## validate the Dockerfile, compose.yaml and the Kubernetes manifests (no Docker or cluster needed)
	cd deploy/validate && $(GO) vet ./... && $(GO) test -count=1 ./...

# Fuzz targets, as package:Target.
FUZZ_TARGETS  := ./knowledge:FuzzParse ./knowledge/figures:FuzzNumbers ./bot:FuzzNormalize ./bot:FuzzDetectLang \
                 ./bot/slackapp:FuzzSlashCommand ./bot/slackapp:FuzzRender ./bot/slackapp:FuzzVerify ./bot/slackapp:FuzzInteractionValues
FUZZTIME      ?= 30s
FUZZLOG       ?= /dev/null

# Go 1.26's fuzzing coordinator can end a run that found nothing with
# "context deadline exceeded" at the end of -fuzztime (golang/go#75804,
# fixed in Go 1.27): a run that fails that way and writes no failing input
# to testdata/fuzz is run once more; any other failure fails at once.
fuzz: ## run every fuzz target for FUZZTIME each (default 30s)
	@set -o pipefail; : > $(FUZZLOG); stamp=$$(mktemp); out=$$(mktemp); for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t##*:}; \
	  for try in 1 2; do \
	    echo "fuzz $$pkg $$name ($(FUZZTIME))" | tee -a $(FUZZLOG); touch $$stamp; \
	    if $(GO) test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) $$pkg > $$out 2>&1; then ok=1; else ok=0; fi; \
	    sed "s|^|$$name: |" $$out | tee -a $(FUZZLOG) | grep -v 'fuzz: elapsed'; \
	    [ $$ok = 1 ] && break; \
	    if [ $$try = 1 ] && grep -q 'context deadline exceeded' $$out && ! find $$pkg/testdata/fuzz/$$name -type f -newer $$stamp 2>/dev/null | grep -q .; then \
	      echo "$$name: the fuzzing engine's end-of-run race (golang/go#75804), no failing input: run again" | tee -a $(FUZZLOG); continue; fi; \
	    rm -f $$stamp $$out; exit 1; \
	  done; \
	done; rm -f $$stamp $$out

RELIABILITY_OUT ?= internal/reliability/results
# The previous results are removed first and every fuzz target runs even when
# one fails, so that the report, written whatever failed, names what did not
# hold or did not run, and the target then fails.
reliability: db ## faults, load, bad input, injection, secrets and fuzzing at full size, then docs/reliability.md (under 15 minutes)
	@mkdir -p $(RELIABILITY_OUT)
	@rm -f $(RELIABILITY_OUT)/results.json $(RELIABILITY_OUT)/fuzz.log $(RELIABILITY_OUT)/fuzz-target.log $(RELIABILITY_OUT)/test.log
	@set -o pipefail; status=0; \
	  for t in $(FUZZ_TARGETS); do \
	    $(MAKE) --no-print-directory fuzz FUZZ_TARGETS=$$t FUZZTIME=20s FUZZLOG=$(RELIABILITY_OUT)/fuzz-target.log || status=1; \
	    cat $(RELIABILITY_OUT)/fuzz-target.log >> $(RELIABILITY_OUT)/fuzz.log; \
	  done; \
	  rm -f $(RELIABILITY_OUT)/fuzz-target.log; \
	  CAREERBOT_RELIABILITY=full CAREERBOT_RELIABILITY_OUT=$(abspath $(RELIABILITY_OUT))/results.json \
	    $(GO) test -count=1 -timeout 14m -v -run . ./internal/reliability/ 2>&1 | tee $(RELIABILITY_OUT)/test.log | grep -E '^\s*(--- |PASS|FAIL|ok|panic:|[a-z_]+_test.go:[0-9]+: )' || status=1; \
	  $(GO) run ./internal/reliability/report -results $(RELIABILITY_OUT)/results.json -fuzz $(RELIABILITY_OUT)/fuzz.log \
	    -fuzz-targets "$(FUZZ_TARGETS)" -out docs/reliability.md || status=1; \
	  exit $$status

eval: build ## run the evaluation sets against the built-in knowledge base
	@$(BIN) kb import >/dev/null
	$(BIN) eval --min $(EVAL_MIN) bot/testdata/eval/questions.tsv
	@if [ -f $(SHARED_EVAL) ]; then echo "$(BIN) eval --min 0.95 $(SHARED_EVAL)"; $(BIN) eval --min 0.95 $(SHARED_EVAL); fi
	@# The guidance set: its development half is what answers are tuned on, its
	@# test half is run to report only (see bot/testdata/eval/guidance/README.md).
	@# Both fail on any number their citations lack; the pass rates are printed.
	@set -o pipefail; for f in $(GUIDANCE_EVAL); do echo "$(BIN) eval $$f"; $(BIN) eval $$f | sed -n '/^by class/,$$p' || exit 1; done

BENCH_FLAGS   ?=

# The benchmark is a module of its own (internal/bench/go.mod), so that
# langchaingo, the store it measures careerbot against, is no dependency of
# careerbot's module.
bin/careerbot-bench: FORCE
	cd internal/bench && $(GO) build -o $(CURDIR)/bin/careerbot-bench ./cmd/careerbot-bench

bench: db build bin/careerbot-bench ## full benchmark, 1k to 100k chunks, careerbot and langchaingo: internal/bench/results/latest.json, docs/benchmarks.md
	bin/careerbot-bench -binary $(BIN) -out internal/bench/results/latest.json $(BENCH_FLAGS)

bench-quick: db build bin/careerbot-bench ## quick benchmark, 10k chunks, both systems, under 2 minutes: internal/bench/results/quick.json
	bin/careerbot-bench -quick -binary $(BIN) -out internal/bench/results/quick.json $(BENCH_FLAGS)

bench-check: ## vet and test the benchmark's module (a 200-chunk run against the local cluster)
	cd internal/bench && $(GO) vet ./... && $(GO) test -count=1 ./...

FORCE:

clean: ## remove build outputs (the database stays; see db-stop)
	rm -rf bin
