# One entry point per task; CI (.ci/run) calls the same targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast coverage lint format bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Covalis needs Python 3.11 or newer (found " + sys.version.split()[0] + ").")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The bot; with no Slack variable set at all, the sandbox with sample data instead (`covalis start` decides).
run: $(STAMP)
	$(BIN)/covalis start $(ARGS)

# Branch coverage of bot, handlers and storage (migrations excluded) must stay at 90 % or more (`make coverage`).
COVERAGE := --cov --cov-report=term --cov-fail-under=90
# The suite's budget: pytest wall time under 180 s on the 2-core machine. Three workers (pytest-xdist) on two
# cores: a third keeps the CPUs busy while the others wait on subprocesses, the Slack stand-in and PostgreSQL (147 s
# against 163 s with two, 160 s with four). Each has its own SQLite template and its own PostgreSQL database.
# Coverage tracing costs about 40 % more time, so `make test` runs without it and `make coverage` checks the gate.
PYTEST_BUDGET := 180
WORKERS ?= 3

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@start=$$(date +%s); $(BIN)/pytest -n $(WORKERS) --dist worksteal $(PYTEST_ARGS); status=$$?; took=$$(( $$(date +%s) - start )); \
	echo "pytest wall time: $${took} s (budget $(PYTEST_BUDGET) s)"; exit $$status

# The whole suite with branch coverage and its 90 % gate (slower: coverage traces every line).
coverage: $(STAMP)
	$(BIN)/pytest -n $(WORKERS) $(COVERAGE) $(PYTEST_ARGS)

# The quick loop while developing: no subprocess tests (marked slow), no coverage gate.
test-fast: $(STAMP)
	@start=$$(date +%s); $(BIN)/pytest -n $(WORKERS) -m "not slow" $(PYTEST_ARGS); status=$$?; took=$$(( $$(date +%s) - start )); \
	echo "pytest wall time: $${took} s (slow tests skipped)"; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; PYTHONPATH=. $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.*
