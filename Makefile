# ReConnect: `make run` starts everything on this machine, `make test` runs the whole suite.
# Both need nothing but Python >= 3.11: they make .venv and install the project first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: install run test test-postgres browser assurance protos lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("ReConnect needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/reconnect up

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The browser and accessibility tests drive Debian's chromium. Installed here when missing and
# the machine lets us (root with apt-get); otherwise those tests are skipped with a notice.
browser:
	@test -x $(CHROMIUM) || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  echo "installing Debian's chromium for the browser tests" && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || true
	@test -x $(CHROMIUM) || echo "\n!!! $(CHROMIUM) not found: the browser and accessibility tests will be SKIPPED.\n!!! Install Debian's chromium (apt-get install chromium) to run them.\n"

# The same suite against PostgreSQL (one fresh database per service), as CI runs it.
test-postgres: $(STAMP) browser
	RECONNECT_TEST_DATABASE_URL=$${RECONNECT_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/reconnect_test_$$$$} $(BIN)/python -m pytest

# The assurance suite on its own (make test runs it too): access control, leaks, encryption
# at rest, fuzzing, faults.
assurance: $(STAMP)
	$(BIN)/python -m pytest tests/assurance

protos: $(STAMP)
	$(BIN)/python -m reconnect_stack.protos

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf var .pytest_cache .ruff_cache

# Benchmarks (bench/): the stack as `make run` starts it, load through the gateway's public API,
# a report in bench/results/ (Markdown and JSON). PostgreSQL: RECONNECT_BENCH_DATABASE_URL=postgresql+psycopg://...
.PHONY: bench-quick bench-scale
BENCH_SIZES ?= 10000,100000,1000000

bench: $(STAMP)
	$(BIN)/python -m bench

bench-quick: $(STAMP)
	$(BIN)/python -m bench --quick

# Thread read, reply and thread list on 10k, 100k and 1M posts (BENCH_SIZES=10000 for the smallest only).
bench-scale: $(STAMP)
	$(BIN)/python -m bench scale --sizes $(BENCH_SIZES)
