# Deckhand: `make run` starts everything on embedded defaults; `make test` runs the checks and tests.
# Both set up what they need (virtual environment, pinned packages) on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint typecheck pytest bench eval docs clean

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

test: lint typecheck pytest

docs: install
	$(BIN)/python -m scripts.gen_config_docs

bench: install
	$(BIN)/python -m scripts.bench.pdf_bench
	$(BIN)/python -m scripts.bench.providers_bench

eval: install
	$(BIN)/python -m scripts.eval_offline

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
