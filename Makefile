# The two commands of the README:
#   make demo   the main job on the embedded default (SQLite in decisions/)
#   make test   the whole test suite (lint, types, tests on SQLite and PostgreSQL)
# Both install what they need first (scripts/bootstrap.sh).

VENV    ?= .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PYTEST_ARGS ?= -n 2 --durations=15

.PHONY: demo test lint typecheck pytest bench lock clean setup

$(STAMP): requirements.lock pyproject.toml scripts/bootstrap.sh
	@scripts/bootstrap.sh

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/ujikon demo

test: $(STAMP)
	@scripts/ensure-postgres.sh
	@scripts/ensure-chromium.sh
	$(BIN)/ruff check ujikon tests bench
	$(BIN)/mypy ujikon
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check ujikon tests bench
	$(BIN)/ruff format --check ujikon tests bench

typecheck: $(STAMP)
	$(BIN)/mypy ujikon

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

lock: $(STAMP)
	@{ echo "# Pinned versions of every package in ujikon's virtual environment (runtime and the"; \
	   echo "# test tools). Regenerate with: make lock"; \
	   echo "# build backend for the editable install of ujikon itself (installed --no-build-isolation)"; \
	   $(BIN)/python -m pip freeze --all | grep '^setuptools=='; \
	   $(BIN)/python -m pip freeze --exclude-editable | grep -v '^ujikon'; } > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
