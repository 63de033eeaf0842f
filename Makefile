# Thin entry points; the logic lives in Python (specgen) and pytest.
# Quickstart: `make setup` (install + regenerate), then `make test` (all tests, Prism included).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
APIS := $(notdir $(wildcard specs/*/openapi.yaml specs/*/openapi.json))
PACKAGES := $(patsubst specs/%/,generated/%,$(sort $(dir $(wildcard specs/*/openapi.*))))

.PHONY: setup install generate check test test-generator test-packages test-deps lint bench clean

setup: install generate  ## install everything and regenerate every package

install:  ## create .venv and install the generator with its dev tools (pinned output tools)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"

generate:
	$(BIN)/specgen generate

check:  ## drift check: generated/ must equal what the specs produce
	$(BIN)/specgen check

lint:
	$(BIN)/specgen lint

test-deps:  ## the Prism mock server (npm, pinned by package-lock.json) and each generated package
	npm ci --no-audit --no-fund --loglevel=error
	# Editable: tests import the package's current source, also right after a regeneration.
	for pkg in $(PACKAGES); do \
		$(BIN)/python -m pip install --quiet --no-build-isolation --no-deps -e "./$$pkg" || exit 1; \
	done

test: test-deps test-generator test-packages  ## every test: the generator's and each package's own

test-generator:
	$(BIN)/python -m pytest tests -q

test-packages:
	for pkg in $(PACKAGES); do \
		echo "== $$pkg"; \
		(cd $$pkg && ../../$(BIN)/python -m pytest -q -p no:cacheprovider) || exit 1; \
	done

bench:
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache
