# Deckhand: `make run` starts everything on embedded defaults; `make test` runs the checks and tests.
# Both set up what they need (virtual environment, pinned packages) on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Python caches compiled modules (__pycache__) for every process started from here. Some images
# set PYTHONDONTWRITEBYTECODE: then each of the test suite's hundreds of processes (workers,
# gunicorn, the CLI, each pytest worker's assertion rewriting) compiled the whole app again,
# about 0.35 s of CPU per process start.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install run test lint typecheck pytest bench eval docs audit audit-web clean smoke \
	web-deps web-build web-typecheck web-test e2e chromium web-budget test-stress chaos chaos-workers chaos-redis chaos-providers chaos-postgres

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The web app (web/): npm packages come from web/package-lock.json through `npm ci`, nothing else.
WEB_DEPS := web/node_modules/.ci-stamp
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts \
	web/tsconfig.json web/scripts/api-base-url.mjs

$(WEB_DEPS): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $(WEB_DEPS)

web-deps: $(WEB_DEPS)

# Built into web/dist, which the API serves at / (same origin: no CORS set-up locally).
web/dist/index.html: $(WEB_DEPS) $(WEB_SOURCES)
	cd web && npm run build

web-build: web/dist/index.html

web-typecheck: $(WEB_DEPS)
	cd web && npx tsc --noEmit -p .

web-test: $(WEB_DEPS)
	cd web && npx vitest run

# Debian's chromium drives the end-to-end run and Lighthouse (Playwright's own download does not work here).
chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

# The browser flows against the real local stack (gunicorn, a worker, embedded Redis, offline generator).
e2e: install web-build chromium
	cd web && node e2e/run.mjs

# Not in `make test`: first-screen JavaScript and Lighthouse (mobile) on the built app.
web-budget: install web-build chromium
	cd web && node scripts/budget.mjs

run: install web-build
	$(BIN)/deckhand run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

# pytest-xdist's workers: most slow tests wait on the processes they start, so more workers than
# cores pays; each test file runs whole on one worker, in order, its module fixtures set up once
# (docs/testing.md). PYTEST_WORKERS=0 runs every test in one process.
PYTEST_WORKERS ?= 4

pytest: install
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

# pytest beside the static checks, Vitest and the browser run (-O prints each one's output whole
# when it ends; make names the target that failed): none of them bets on timing (docs/testing.md).
test:
	$(MAKE) --no-print-directory -j 3 -O pytest typecheck lint audit-web web-typecheck web-test e2e

STRESS_CPUS ?= 2

# The whole suite three times in a row while stress-ng keeps both cores busy (docs/testing.md):
# a test that passes only on an idle machine depends on timing luck. Not part of `make test`.
test-stress:
	command -v stress-ng >/dev/null || (apt-get update && apt-get install -y stress-ng)
	stress-ng --cpu $(STRESS_CPUS) --quiet & stress=$$!; \
	status=0; for run in 1 2 3; do \
		echo "== make test under stress-ng, run $$run of 3"; \
		$(MAKE) --no-print-directory test || { status=$$?; break; }; \
	done; kill $$stress; wait $$stress 2>/dev/null; exit $$status

docs: install
	$(BIN)/python -m scripts.gen_config_docs
	$(BIN)/python -m scripts.gen_error_docs

# The web app's npm packages: a known vulnerability fails `make test`; an audit service that does
# not answer is reported as NOT CHECKED (web/scripts/audit.mjs).
audit-web:
	cd web && node scripts/audit.mjs

# Not part of `make test`: it needs a reachable vulnerability service (exit 2 says it checked nothing).
audit: install
	$(BIN)/python -m scripts.audit

bench: install
	$(BIN)/python -m scripts.bench.pdf_bench
	$(BIN)/python -m scripts.bench.providers_bench
	$(BIN)/python -m scripts.bench.ops_bench
	$(BIN)/python -m scripts.bench.chunks --processes 1 2
	$(BIN)/python -m scripts.bench.hops
	$(BIN)/python -m scripts.bench.worker_memory --jobs 50
	$(BIN)/python -m scripts.bench.streams
	$(BIN)/python -m scripts.bench.job_read
	$(BIN)/python -m scripts.bench.signup
	$(BIN)/python -m scripts.bench.upload_memory
	$(BIN)/python -m scripts.bench.log_format
	$(BIN)/python -m scripts.bench.security_headers
	$(BIN)/python -m scripts.bench.openapi_libraries

# The worker memory soak's long form: RSS over 500 jobs must show no growth (docs/performance.md).
.PHONY: bench-worker-memory
bench-worker-memory: install
	$(BIN)/python -m scripts.bench.worker_memory --jobs 500

eval: install
	$(BIN)/python -m scripts.eval_offline

# The load suite's long form: 200 users from distinct IPs, then 200 from one, on SQLite and then on
# a PostgreSQL cluster of its own (docs/performance.md, "Load").
.PHONY: load
load: install
	$(BIN)/python -m scripts.load.run --users 200 --ips distinct one --database sqlite postgres

# Long forms of the chaos suites (short forms run in `make test`): docs/reliability.md.
chaos: chaos-workers chaos-redis chaos-providers chaos-postgres

chaos-workers: install
	$(BIN)/python -m scripts.chaos workers --jobs 50 --kills 8

chaos-redis: install
	$(BIN)/python -m scripts.chaos redis --stall 30

chaos-providers: install
	$(BIN)/python -m scripts.chaos providers --jobs 20

chaos-postgres: install
	$(BIN)/python -m scripts.chaos postgres --restarts 3 --down 5

smoke: install
	@test -n "$(URL)" || { echo "usage: make smoke URL=https://your-api.example.com"; exit 2; }
	$(BIN)/python scripts/smoke $(URL)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache web/node_modules web/dist
