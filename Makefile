# Deckhand: `make run` starts everything on embedded defaults; `make test` runs the checks and tests.
# Both set up what they need (virtual environment, pinned packages) on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint typecheck pytest bench eval docs audit audit-web clean smoke chaos chaos-workers chaos-redis chaos-providers

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/deckhand run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

pytest: install
	$(BIN)/pytest -q

test: lint typecheck audit-web pytest

docs: install
	$(BIN)/python -m scripts.gen_config_docs
	$(BIN)/python -m scripts.gen_error_docs

# The web app's npm packages (none at runtime today): a known vulnerability fails `make test`.
audit-web:
	cd web && npm audit --audit-level=low

# Not part of `make test`: it needs a reachable vulnerability service (exit 2 says it checked nothing).
audit: install
	$(BIN)/python -m scripts.audit

bench: install
	$(BIN)/python -m scripts.bench.pdf_bench
	$(BIN)/python -m scripts.bench.providers_bench
	$(BIN)/python -m scripts.bench.ops_bench

eval: install
	$(BIN)/python -m scripts.eval_offline

# Long forms of the chaos suites (short forms run in `make test`): docs/reliability.md.
chaos: chaos-workers chaos-redis chaos-providers

chaos-workers: install
	$(BIN)/python -m scripts.chaos workers --jobs 50 --kills 8

chaos-redis: install
	$(BIN)/python -m scripts.chaos redis --stall 30

chaos-providers: install
	$(BIN)/python -m scripts.chaos providers --jobs 20

smoke: install
	@test -n "$(URL)" || { echo "usage: make smoke URL=https://your-api.example.com"; exit 2; }
	$(BIN)/python scripts/smoke $(URL)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
