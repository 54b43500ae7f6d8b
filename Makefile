# Two commands matter: `make run` (demo on SQLite) and `make test` (the whole suite).
# Both build their own virtual environment; nothing is assumed about the machine.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/earnest
DEMO_HOME ?= $(CURDIR)/.earnest-demo
PORT ?= 8000
# The same database and workspace as the README's examples after `export EARNEST_HOME=... EARNEST_WORKSPACE=demo`.
DEMO := EARNEST_HOME=$(DEMO_HOME) EARNEST_WORKSPACE=demo $(BIN)/earnest
# Tests never touch the user's own data folder or signing key.
TEST_ENV := EARNEST_HOME=$(CURDIR)/.test-home EARNEST_SECRET_KEY=test-only-key-not-for-production-0123456789
CHROMIUM := /usr/bin/chromium

.PHONY: install chromium run demo-reset test test-sqlite test-postgres test-browser test-fuzz test-all lint bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's chromium; Playwright never downloads a browser.
chromium:
	@test -x $(CHROMIUM) || (apt-get update && apt-get install -y chromium)

# The demo lives in its own folder so it never touches your real ledger. It is loaded only the
# first time: restarting keeps what you entered since (`make demo-reset` reloads it on purpose).
run: install
	$(DEMO) demo --keep
	$(DEMO) today
	$(DEMO) leads
	$(DEMO) serve --port $(PORT)

demo-reset: install
	$(DEMO) demo --reset

test: install lint test-sqlite test-postgres test-browser test-fuzz

test-sqlite: install
	$(TEST_ENV) $(BIN)/pytest -q

# The storage and CLI tests again, on the real PostgreSQL server; they fail, not skip, without it.
test-postgres: install
	$(TEST_ENV) EARNEST_DATABASE_URL=$(PG_URL) EARNEST_REQUIRE_POSTGRES=1 $(BIN)/pytest -q tests/ledger tests/cli tests/api tests/transfer tests/web

# Schemathesis against the live API served by gunicorn; any server error fails.
test-fuzz: install
	$(TEST_ENV) $(BIN)/pytest -q -m fuzz tests/api/test_fuzz.py

# A real `earnest serve` and chromium: sign in, add a lead, prepare, debrief; screenshots in test-artifacts/.
test-browser: install chromium
	$(TEST_ENV) $(BIN)/pytest -q -m browser tests/browser

test-all: install
	$(TEST_ENV) $(BIN)/pytest -q -m "slow or not slow"

# Formatting, lint rules (with complexity and Django checks), then types over all of src/earnest.
# mypy's Django plugin imports the settings, so it runs with the tests' folder and key too.
lint: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(TEST_ENV) $(BIN)/mypy

bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/domain_bench.py
	$(BIN)/python bench/run.py

eval: install
	$(BIN)/python bench/analyzer_eval.py
	$(BIN)/python bench/meeting_loop_eval.py

# Rebuilds analyzer/model.json from the corpus, training/written and shared/data (training/README.md).
train: install
	$(BIN)/python -m earnest.analyzer.train

clean:
	rm -rf $(VENV) $(DEMO_HOME) .test-home .pytest_cache .hypothesis
